import DutyCore

/// Instants written as the duty room's wall clock (Asia/Shanghai), so that a test reads like the
/// roster it is about; a time that is not a valid date or `HH:MM` traps, as a typo in a test should.
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
}
