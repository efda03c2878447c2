import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// The language of text output: Chinese unless the store's config or `--lang` says English.
enum Lang: String, ExpressibleByArgument, CaseIterable {
    case zh, en

    static func resolve(_ option: Lang?, _ config: StoreConfig) -> Lang {
        option ?? Lang(rawValue: config.language) ?? .zh
    }

    func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}

/// A level on the command line: its English name or its Chinese one (`红`, `红色`); help and
/// completions list the English names.
extension AlertLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// Shared wording of the command line's text output.
struct Text {
    let lang: Lang

    static let weekdaysZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]
    static let weekdaysEn = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    func weekday(_ d: LocalDate) -> String { (lang == .zh ? Self.weekdaysZh : Self.weekdaysEn)[d.weekday] }

    func shift(_ s: DutySlot) -> String {
        lang == .zh ? "\(s.start)–\(s.endsNextDay ? "次日" : "")\(s.end)" : "\(s.start)–\(s.end)\(s.endsNextDay ? " (+1 day)" : "")"
    }

    /// `7分`, `4时25分` as the duty room writes ages; `7m`, `4h25m` in English.
    func duration(seconds: Int64) -> String {
        let m = Int(max(0, seconds) / 60)
        if m < 60 { return lang.pick("\(m)分", "\(m)m") }
        return lang.pick("\(m / 60)时\(m % 60)分", "\(m / 60)h\(String(format: "%02d", m % 60))m")
    }

    func role(_ r: DutyRole) -> String { lang == .zh ? r.name : r.englishName }
    func level(_ l: AlertLevel) -> String { lang == .zh ? l.chinese : l.english }
    func status(_ s: AlertStatus) -> String { lang == .zh ? s.chinese : s.english }

    /// `  调整 11-29 18:02 陈卫东：潘俊豪 → 谭雪莹（家中急事）`
    func rosterChange(_ c: RosterChange, _ cal: LocalCalendar) -> String {
        let d = cal.localDate(c.by.at)
        let when = String(format: "%02d-%02d ", d.month, d.day) + cal.localTime(c.by.at).description
        let why = c.reason.isEmpty ? "" : lang.pick("（\(InertText.line(c.reason))）", " (\(InertText.line(c.reason)))")
        return lang.pick("  调整 \(when) \(InertText.line(c.by.actor))：\(InertText.line(c.what))\(why)",
                         "  changed \(when) by \(InertText.line(c.by.actor)): \(InertText.line(c.what))\(why)")
    }

    /// `  ！缺口 11-30 17:30–次日08:30 无带班领导`
    func gapLine(_ g: CoverGap, _ cal: LocalCalendar) -> String {
        let d = cal.localDate(g.start), endDay = cal.localDate(g.end)
        let endTime = cal.localTime(g.end)
        let end: String
        if endDay == d {
            end = endTime.description
        } else if endDay == d.adding(days: 1) {
            end = endTime.minutes == 0 ? "24:00" : lang.pick("次日", "+1 ") + endTime.description
        } else {
            end = String(format: "%02d-%02d ", endDay.month, endDay.day) + endTime.description
        }
        let span = String(format: "%02d-%02d ", d.month, d.day) + "\(cal.localTime(g.start))–\(end)"
        let missing = g.missing.map(role).joined(separator: lang.pick("、", ", "))
        return lang.pick("  ！缺口 \(span) 无\(missing)", "  ! gap \(span): no \(missing)")
    }

    func slotLine(_ s: DutySlot) -> String {
        "  \(pad(role(s.role), lang == .zh ? 10 : 18)) \(pad(InertText.line(s.person), 10)) \(InertText.line(s.phone))"
    }
}
