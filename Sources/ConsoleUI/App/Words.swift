import DutyCore

/// The console's two languages. Chinese first: the duty room reads Chinese.
public enum Language: String, CaseIterable, Hashable, Sendable {
    case zh, en

    func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}

/// Every word the screens use, in both languages, in one place.
struct Words {
    let lang: Language

    var title: String { lang.pick("海珠区应急值守台", "Haizhu Duty Watch") }
    func weekday(_ d: LocalDate) -> String {
        lang == .zh ? ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][d.weekday] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.weekday]
    }

    func pane(_ p: Pane) -> String {
        switch p {
        case .overview: lang.pick("总览", "Overview")
        case .alerts: lang.pick("警情", "Alerts")
        case .roster: lang.pick("值班", "Roster")
        case .checks: lang.pick("三查", "Checks")
        case .contacts: lang.pick("三防", "Contacts")
        case .handover: lang.pick("交接", "Handover")
        }
    }

    func level(_ l: AlertLevel) -> String { lang == .zh ? l.chinese : l.english }

    /// One line of an alert's timeline: what happened, then the words given with it.
    func event(_ e: AlertEvent) -> String {
        let verb = lang == .zh ? e.kind.chinese : e.kind.english
        return e.text.isEmpty ? verb : verb + lang.pick("：", ": ") + InertText.block(e.text)
    }
    func status(_ s: AlertStatus) -> String { lang == .zh ? s.chinese : s.english }
    /// How far one change has gone, as its timeline line ends: the same words as the header's.
    func stage(_ s: ShareProgress.Stage) -> String {
        switch s {
        case .saved: lang.pick("已保存", "saved")
        case .shared: lang.pick("已共享", "shared")
        case .seen(let by, let of): by >= of ? lang.pick("对方已收", "seen") : lang.pick("\(by)/\(of)已收", "seen \(by)/\(of)")
        case .from(let node): lang.pick("来自", "from ") + DisplayWidth.truncate(InertText.line(node), to: 10)
        }
    }
    /// A message that is not a real alert, as it is marked: 演练, 测试, 草稿, 系统.
    func reality(_ r: AlertReality) -> String { lang == .zh ? r.chinese : r.english.uppercased() }
    func role(_ r: DutyRole) -> String { lang == .zh ? r.name : r.englishName }

    /// Fits the nine-cell role column: 带班领导, or `Leader` / `Officer` / `Tech`.
    func shortRole(_ r: DutyRole) -> String {
        guard lang == .en else { return r.name }
        switch r {
        case .leader: return "Leader"
        case .officer: return "Officer"
        case .technical: return "Tech"
        default: return r.name
        }
    }
    func phase(_ p: CheckPhase) -> String { lang == .zh ? p.chinese : p.english }

    /// `7分`, `4时25分`; `7m`, `4h25m`.
    func age(seconds: Int64) -> String {
        let m = Int(max(0, seconds) / 60)
        if m < 60 { return lang.pick("\(m)分", "\(m)m") }
        if m < 60 * 48 { return lang.pick("\(m / 60)时\(m % 60)分", "\(m / 60)h\(zeroPadded(m % 60, 2))m") }
        return lang.pick("\(m / 1440)天", "\(m / 1440)d")
    }

    /// `11:22:28` for a countdown.
    func countdown(seconds: Int64) -> String {
        let s = max(0, seconds)
        return zeroPadded(Int(s / 3600), 2) + ":" + zeroPadded(Int(s / 60 % 60), 2) + ":" + zeroPadded(Int(s % 60), 2)
    }

    func shift(_ s: DutySlot) -> String {
        lang == .zh ? "\(s.start)–\(s.endsNextDay ? "次日" : "")\(s.end)" : "\(s.start)–\(s.end)\(s.endsNextDay ? "+1" : "")"
    }

    /// A warning signal in force, with its level written: `暴雨黄色`, `Rainstorm yellow`.
    func signal(kind: String, level: AlertLevel) -> String {
        lang == .zh ? "\(kind)\(level.chinese)色" : "\(WarningSignal.english(kind)) \(level.rawValue)"
    }
}
