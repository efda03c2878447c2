import ArgumentParser
import DutyCore
import DutyStore

/// `--lang zh|en`; help and completions list both.
extension Language: ExpressibleByArgument {}

/// A level on the command line: its English name or its Chinese one (`红`, `红色`); help and
/// completions list the English names.
extension AlertLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// The sentences only the command line's text output writes; the duty room's own words are `DutyWords`.
extension DutyWords {
    /// `  调整 11-29 18:02 陈卫东：潘俊豪 → 谭雪莹（家中急事）`
    func rosterChange(_ c: RosterChange, _ cal: LocalCalendar) -> String {
        let d = cal.localDate(c.by.at)
        let when = d.monthDay + " " + cal.localTime(c.by.at).description
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
            end = endDay.monthDay + " " + endTime.description
        }
        let span = "\(d.monthDay) \(cal.localTime(g.start))–\(end)"
        let missing = g.missing.map(role).joined(separator: lang.pick("、", ", "))
        return lang.pick("  ！缺口 \(span) 无\(missing)", "  ! gap \(span): no \(missing)")
    }

    func slotLine(_ s: DutySlot) -> String {
        "  \(pad(role(s.role), lang == .zh ? 10 : 18)) \(pad(InertText.line(s.person), 10)) \(InertText.line(s.phone))"
    }
}
