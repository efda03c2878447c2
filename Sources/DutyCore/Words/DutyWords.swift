/// The duty room's words in both languages: weekdays, levels, statuses, roles, shifts, ages. The
/// console, the command line and the duty log all say them from here; each adds in an extension
/// of its own only the sentences no other surface says. Where surfaces write a word differently
/// (room on a screen column, a sentence on the command line), both forms are here, named for
/// the difference.
public struct DutyWords: Sendable {
    public let lang: Language

    public init(lang: Language) { self.lang = lang }

    public func weekday(_ d: LocalDate) -> String {
        lang == .zh ? ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][d.weekday] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.weekday]
    }

    public func level(_ l: AlertLevel) -> String { lang == .zh ? l.chinese : l.english }
    public func status(_ s: AlertStatus) -> String { lang == .zh ? s.chinese : s.english }
    public func event(_ k: AlertEvent.Kind) -> String { lang == .zh ? k.chinese : k.english }
    public func phase(_ p: CheckPhase) -> String { lang == .zh ? p.chinese : p.english }
    public func responsible(_ r: ResponsibleRole) -> String { lang == .zh ? r.chinese : r.english }
    public func outcome(_ o: CallOutcome) -> String { lang == .zh ? o.chinese : o.english }

    /// A message that is not a real alert: 演练, 测试 …; `Exercise`, `Test` as written.
    public func reality(_ r: AlertReality) -> String { lang == .zh ? r.chinese : r.english }
    /// The same as a mark beside a title, where it must stand out: `EXERCISE`, `TEST`.
    public func realityMark(_ r: AlertReality) -> String { lang == .zh ? r.chinese : r.english.uppercased() }

    /// Where an alert is, in a street column: its street, or 区外 when its area lies wholly
    /// outside the district.
    public func place(_ c: AlertContent) -> String { c.isOutside ? outside : c.street }
    public var outside: String { lang == .zh ? "区外" : "outside" }

    public func role(_ r: DutyRole) -> String { lang == .zh ? r.name : r.englishName }
    /// Fits a nine-cell role column: 带班领导, or `Leader` / `Officer` / `Tech`.
    public func shortRole(_ r: DutyRole) -> String {
        guard lang == .en else { return r.name }
        switch r {
        case .leader: return "Leader"
        case .officer: return "Officer"
        case .technical: return "Tech"
        default: return r.name
        }
    }

    /// Beside a roster slot someone changed after the roster was imported.
    public var changedMark: String { lang.pick("（已调整）", "(changed)") }

    /// What the incoming lead did with a handover: 签收 / 退回.
    public func reply(accepted: Bool) -> String { accepted ? lang.pick("签收", "signed") : lang.pick("退回", "returned") }

    /// A warning signal in force, with its level written: `暴雨黄色`, `Rainstorm yellow`.
    public func signal(kind: String, level: AlertLevel) -> String {
        lang == .zh ? "\(kind)\(level.chinese)色" : "\(WarningSignal.english(kind)) \(level.rawValue)"
    }

    // MARK: Shifts

    /// `17:30–次日08:30`; `17:30–08:30+1`, short enough for a screen column.
    public func shift(_ s: DutySlot) -> String {
        lang == .zh ? "\(s.start)–\(s.endsNextDay ? "次日" : "")\(s.end)" : "\(s.start)–\(s.end)\(s.endsNextDay ? "+1" : "")"
    }

    /// `17:30–次日08:30`; `17:30–08:30 (+1 day)`, as a line of text reads it.
    public func shiftSpelledOut(_ s: DutySlot) -> String {
        lang == .zh || !s.endsNextDay ? shift(s) : "\(s.start)–\(s.end) (+1 day)"
    }

    /// `08:30–17:30`, `4日17:30–08:30`, `17:30–次日08:30` as seen from `day`. A start on another
    /// day names that day (前日 reads as the day before yesterday in Guangzhou).
    public func shift(_ s: DutySlot, seenFrom day: LocalDate) -> String {
        let start = s.date == day ? s.start.description : startDay(s.date) + s.start.description
        let end = s.endDate == day ? s.end.description : lang.pick("次日", "+1 ") + s.end.description
        return "\(start)–\(end)"
    }

    /// `4日` / `6/4 `: the day a shift began, when it is not the day shown.
    public func startDay(_ date: LocalDate) -> String {
        lang.pick("\(date.day)日", "\(date.month)/\(date.day) ")
    }

    // MARK: Ages

    /// `7分`, `4时25分`, `3天`; `7m`, `4h25m`, `3d`: past two days, whole days.
    public func age(seconds: Int64) -> String {
        let m = max(0, seconds) / 60
        guard m >= 60 * 48 else { return hoursAndMinutes(seconds: seconds) }
        return lang.pick("\(m / 1440)天", "\(m / 1440)d")
    }

    /// `7分`, `4时25分`, `52时0分`; `7m`, `4h25m`: never in days.
    public func hoursAndMinutes(seconds: Int64) -> String {
        let m = Int(max(0, seconds) / 60)
        if m < 60 { return lang.pick("\(m)分", "\(m)m") }
        return lang.pick("\(m / 60)时\(m % 60)分", "\(m / 60)h\(zeroPadded(m % 60, 2))m")
    }
}
