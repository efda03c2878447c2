import DutyCore

/// Instants and roster slots written in the duty room's wall-clock time (Asia/Shanghai), so that a
/// test reads like the roster it is about; a date or `HH:MM` that does not parse traps, as a typo in
/// a test should.
public enum Wall {
    public static let calendar = LocalCalendar.shanghai

    public static func date(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

    public static func at(_ date: LocalDate, _ time: String) -> Instant {
        calendar.instant(date, LocalTime(parsing: time)!)
    }

    public static func at(_ date: LocalDate, _ hour: Int, _ minute: Int) -> Instant {
        calendar.instant(date, LocalTime(hour: hour, minute: minute)!)
    }

    /// `Wall.at("2026-06-05", "21:37")`.
    public static func at(_ date: String, _ time: String) -> Instant { at(Self.date(date), time) }

    /// A roster slot with its times written as on the sheet (`"17:30"`, `"08:30"`: overnight).
    public static func slot(_ id: String, _ date: LocalDate, _ start: String, _ end: String, _ role: DutyRole,
                            _ person: String, _ phone: String) -> DutySlot {
        DutySlot(id: id, date: date, start: LocalTime(parsing: start)!, end: LocalTime(parsing: end)!,
                 role: role, person: person, phone: phone)
    }
}
