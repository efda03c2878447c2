import Foundation
import Testing
@testable import DutyCore

struct LocalDateTests {
    @Test(arguments: ["2026-06-05", "2026-6-5", "2026/6/5", "2026/06/05", "2026.6.5", "2026年6月5日", "  2026-06-05 "])
    func parsesTheFormsASheetUses(_ text: String) {
        #expect(LocalDate(parsing: text) == LocalDate(year: 2026, month: 6, day: 5))
    }

    @Test(arguments: [
        "2026-13-01", "2026-02-30", "26-6-5", "2026-00-10", "2026-06-00", "2026-06-31", "2025-02-29",
        "1900-02-29", "2026-006-05", "2026-06-005", "2026-06", "2026-06-05-01", "", "abcd-ef-gh",
        "２０２６-06-05", "2026-06-05T08:30",
    ])
    func rejects(_ text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    /// `Int(_:)` takes a leading sign and a plain `split` drops empty fields: both once let malformed
    /// cells through as dates (`+026-06-05` became the year 26).
    @Test(arguments: ["+026-06-05", "2026-+6-05", "2026-06--5", "-2026-06-05", "2026--06-05", "2026-06-05-"])
    func rejectsSignsAndEmptyFields(_ text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test func leapDaysFollowTheGregorianRule() {
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2026, month: 12, day: 31) != nil)
    }

    @Test func knownDayNumbers() {
        // Reference values from Python's datetime.date(...) - date(1970, 1, 1).
        #expect(Fx.date(1970, 1, 1).dayNumber == 0)
        #expect(Fx.date(1969, 12, 31).dayNumber == -1)
        #expect(Fx.date(2026, 6, 5).dayNumber == 20609)
        #expect(Fx.date(2000, 3, 1).dayNumber == 11017)
        #expect(Fx.date(2024, 2, 29).dayNumber == 19782)
        #expect(Fx.date(1900, 3, 1).dayNumber == -25508)
        #expect(LocalDate(dayNumber: 20609) == Fx.june5)
        #expect(LocalDate(dayNumber: -25508) == Fx.date(1900, 3, 1))
    }

    /// Every day from 1896 to 2104 (leap 2000, non-leap 1900 and 2100): the day number round-trips,
    /// agrees with Foundation's Gregorian calendar, and consecutive numbers are consecutive days.
    @Test func dayNumberRoundTripsAndAgreesWithFoundation() {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        let first = Fx.date(1896, 1, 1).dayNumber
        let last = Fx.date(2104, 12, 31).dayNumber
        var leapDays = 0
        var mismatches: [String] = []
        for n in first...last {
            let d = LocalDate(dayNumber: n)
            let c = gregorian.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(n) * 86_400))
            if d.dayNumber != n || d.year != c.year || d.month != c.month || d.day != c.day
                || d.weekday != c.weekday! - 1 || LocalDate(year: d.year, month: d.month, day: d.day) != d
                || LocalDate(parsing: d.description) != d
            {
                mismatches.append("\(n): \(d) weekday \(d.weekday) vs \(c)")
            }
            if d.month == 2 && d.day == 29 { leapDays += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(last - first + 1 == 209 * 365 + 51)
        #expect(leapDays == 51)
    }

    @Test func weekday() {
        #expect(Fx.date(2026, 6, 5).weekday == 5)  // Friday
        #expect(Fx.date(2026, 11, 29).weekday == 0)  // Sunday
        #expect(Fx.date(2026, 11, 28).weekday == 6)  // Saturday
        #expect(Fx.date(1970, 1, 1).weekday == 4)  // Thursday
        #expect(Fx.date(1969, 12, 31).weekday == 3)
        #expect(Fx.date(1969, 12, 27).weekday == 6)
        #expect(Fx.date(2000, 1, 1).weekday == 6)
    }

    @Test func addingDaysCrossesMonthAndYearEnds() {
        let cases: [(LocalDate, Int, LocalDate)] = [
            (Fx.date(2026, 1, 31), 1, Fx.date(2026, 2, 1)),
            (Fx.date(2026, 2, 28), 1, Fx.date(2026, 3, 1)),
            (Fx.date(2024, 2, 28), 1, Fx.date(2024, 2, 29)),
            (Fx.date(2024, 3, 1), -1, Fx.date(2024, 2, 29)),
            (Fx.date(2026, 6, 30), 1, Fx.date(2026, 7, 1)),
            (Fx.date(2026, 12, 31), 1, Fx.date(2027, 1, 1)),
            (Fx.date(2027, 1, 1), -1, Fx.date(2026, 12, 31)),
            (Fx.date(2026, 6, 5), 365, Fx.date(2027, 6, 5)),
            (Fx.date(2024, 1, 1), 366, Fx.date(2025, 1, 1)),
            (Fx.date(2026, 6, 5), 0, Fx.date(2026, 6, 5)),
            (Fx.date(2026, 6, 5), -20609, Fx.date(1970, 1, 1)),
            (Fx.date(1970, 1, 1), -1, Fx.date(1969, 12, 31)),
        ]
        for (from, n, to) in cases {
            #expect(from.adding(days: n) == to, "\(from) + \(n)")
        }
    }

    @Test func ordersAndPrints() {
        #expect(Fx.date(2025, 12, 31) < Fx.date(2026, 1, 1))
        #expect(Fx.june5 < Fx.june6)
        #expect(!(Fx.june6 < Fx.june5))
        #expect(Fx.date(2026, 6, 5).description == "2026-06-05")
        #expect(Fx.date(987, 1, 2).description == "0987-01-02")
    }
}

struct LocalTimeTests {
    @Test(arguments: ["8:30", "08:30", "08:30:00", " 08:30 "])
    func parses(_ text: String) {
        #expect(LocalTime(parsing: text) == LocalTime(hour: 8, minute: 30))
        #expect(LocalTime(parsing: text)?.minutes == 510)
    }

    @Test func twentyFourHundredIsMidnight() {
        #expect(LocalTime(parsing: "24:00") == LocalTime(hour: 0, minute: 0))
        #expect(LocalTime(parsing: "24:00:00") == LocalTime(hour: 0, minute: 0))
        #expect(LocalTime(parsing: "00:00")?.minutes == 0)
        #expect(LocalTime(parsing: "23:59")?.minutes == 1439)
    }

    @Test(arguments: [
        "25:00", "12:60", "1230", "８:３０", "08：30", "24:30", "24:01", "08:30:15", "", "8:", ":30", "08:30:",
        "123:00", "08-30", "08:30:00:00", "-1:30", "aa:bb",
    ])
    func rejects(_ text: String) {
        #expect(LocalTime(parsing: text) == nil)
    }

    /// `Int(_:)` takes a leading sign: `-0:30` was once read as 00:30 and `8:+3` as 08:03.
    @Test(arguments: ["-0:30", "+8:30", "8:+3", "08:-0"])
    func rejectsSignedFields(_ text: String) {
        #expect(LocalTime(parsing: text) == nil)
    }

    @Test func componentsAndDescription() {
        let t = Fx.time(8, 5)
        #expect(t.hour == 8)
        #expect(t.minute == 5)
        #expect(t.description == "08:05")
        #expect(Fx.time(17, 30) > Fx.time(8, 30))
        #expect(LocalTime(hour: 24, minute: 0) == nil)
        #expect(LocalTime(hour: -1, minute: 0) == nil)
        #expect(LocalTime(hour: 12, minute: 60) == nil)
    }
}

struct LocalCalendarTests {
    let cal = LocalCalendar.shanghai

    @Test func shanghaiIsUTCPlusEight() {
        #expect(cal.instant(Fx.june5, Fx.time(8, 30)) == Fx.june5Handover)
        #expect(cal.offsetSeconds(at: Fx.june5Handover) == 8 * 3600)
        // Local midnight is 16:00 UTC the day before.
        #expect(cal.instant(Fx.june6, Fx.time(0, 0)) == ISO8601.parse("2026-06-05T16:00:00Z"))
        #expect(cal.iso8601(Fx.june5Handover) == "2026-06-05T08:30:00+08:00")
    }

    @Test func localDateAndTimeAcrossLocalMidnight() {
        let beforeMidnight = ISO8601.parse("2026-06-05T15:59:59Z")!
        let midnight = ISO8601.parse("2026-06-05T16:00:00Z")!
        #expect(cal.localDate(beforeMidnight) == Fx.june5)
        #expect(cal.localTime(beforeMidnight) == Fx.time(23, 59))
        #expect(cal.secondOfDay(beforeMidnight) == 86_399)
        #expect(cal.localDate(midnight) == Fx.june6)
        #expect(cal.localTime(midnight) == Fx.time(0, 0))
        #expect(cal.secondOfDay(midnight) == 0)
        // UTC midnight is 08:00 local.
        let utcMidnight = ISO8601.parse("2026-06-06T00:00:00Z")!
        #expect(cal.localDate(utcMidnight) == Fx.june6)
        #expect(cal.localTime(utcMidnight) == Fx.time(8, 0))
    }

    @Test func wallClockRoundTripsOverAYear() {
        let times = [Fx.time(0, 0), Fx.time(7, 59), Fx.time(8, 0), Fx.time(8, 30), Fx.time(15, 59), Fx.time(16, 0), Fx.time(23, 59)]
        var failures: [String] = []
        var d = Fx.date(2025, 12, 30)
        while d <= Fx.date(2027, 1, 2) {
            for t in times {
                let i = cal.instant(d, t)
                if cal.localDate(i) != d || cal.localTime(i) != t || cal.secondOfDay(i) != t.minutes * 60
                    || i.ms != (Int64(d.dayNumber) * 86_400 + Int64(t.minutes) * 60 - 28_800) * 1000
                {
                    failures.append("\(d) \(t) -> \(i)")
                }
            }
            d = d.adding(days: 1)
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test func instantsRoundTripEveryQuarterHour() {
        var failures: [String] = []
        var i = ISO8601.parse("2026-12-30T00:00:00Z")!
        let end = ISO8601.parse("2027-01-02T00:00:00Z")!
        while i < end {
            if cal.instant(cal.localDate(i), cal.localTime(i)) != i { failures.append("\(i)") }
            i = i.adding(minutes: 15)
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }
}

struct ISO8601Tests {
    static let expected = Fx.june5Handover  // 2026-06-05T00:30:00Z

    @Test(arguments: [
        "2026-06-05T00:30:00Z", "2026-06-05T00:30:00z", "2026-06-05T08:30:00+08:00", "2026-06-05T08:30:00+0800",
        "2026-06-05T08:30+08:00", "2026-06-05 08:30:00+08:00", "2026-06-04T19:30:00-05:00",
        "2026-06-05T06:00:00+05:30", " 2026-06-05T00:30:00Z ",
    ])
    func parsesOffsets(_ text: String) {
        #expect(ISO8601.parse(text) == Self.expected)
    }

    @Test func parsesFractionalSeconds() {
        #expect(ISO8601.parse("2026-06-05T08:30:00.250+08:00") == Instant(ms: Self.expected.ms + 250))
        #expect(ISO8601.parse("2026-06-05T00:30:00.5Z") == Instant(ms: Self.expected.ms + 500))
        #expect(ISO8601.parse("2026-06-05T00:30:00.123456Z") == Instant(ms: Self.expected.ms + 123))
        #expect(ISO8601.parse("2026-06-05T00:30:59.999Z") == Instant(ms: Self.expected.ms + 59_999))
    }

    @Test func withoutOffsetTheDefaultApplies() {
        #expect(ISO8601.parse("2026-06-05T08:30:00", defaultOffsetSeconds: 8 * 3600) == Self.expected)
        #expect(ISO8601.parse("2026-06-05T00:30", defaultOffsetSeconds: 0) == Self.expected)
        #expect(ISO8601.parse("2026-06-05T08:30:00") == nil)
        // An explicit offset wins over the default.
        #expect(ISO8601.parse("2026-06-05T00:30:00Z", defaultOffsetSeconds: 8 * 3600) == Self.expected)
    }

    @Test(arguments: [
        "", "garbage", "2026-06-05", "2026-06-05T", "2026-06-05T25:00:00Z", "2026-06-05T24:00:00Z",
        "2026-06-05T08:60:00Z", "2026-13-05T08:30:00Z", "2026-02-30T08:30:00Z", "2026-06-05X08:30:00Z",
        "2026-06-05T8:30:00Z", "2026-06-05T08:30:00+0", "2026-06-05T08:30:00+08", "2026-06-05T08:30:00Zjunk",
        "2026-06-05T08:30:00+08:00x", "2026-06-05T08:30:00.Z", "2026-06-05T08:30:00 +08:00",
        "2026-06-05T08:30:00+24:00", "２０２６-06-05T08:30:00Z", "2026-06-05T０8:30:00Z",
    ])
    func rejectsGarbage(_ text: String) {
        #expect(ISO8601.parse(text, defaultOffsetSeconds: 0) == nil)
    }

    /// Every numeric field must be digits only: with `Int(_:)` alone, `+-8:00` was once read as an
    /// offset of −8 h (16:30Z) and `:-1` seconds as one second before the minute.
    @Test(arguments: [
        "2026-06-05T08:30:00+-8:00", "2026-06-05T+8:30:00Z", "2026-06-05T08:+3:00Z", "2026-06-05T08:30:-1Z",
        "2026-06-05T08:30:00+08:-0",
    ])
    func rejectsSignedFields(_ text: String) {
        #expect(ISO8601.parse(text, defaultOffsetSeconds: 0) == nil)
    }

    @Test func formats() {
        let i = Self.expected
        #expect(ISO8601.format(i, offsetSeconds: 0) == "2026-06-05T00:30:00Z")
        #expect(ISO8601.format(i, offsetSeconds: 8 * 3600) == "2026-06-05T08:30:00+08:00")
        #expect(ISO8601.format(i, offsetSeconds: -5 * 3600) == "2026-06-04T19:30:00-05:00")
        #expect(ISO8601.format(i, offsetSeconds: 5 * 3600 + 1800) == "2026-06-05T06:00:00+05:30")
        #expect(ISO8601.format(Instant(ms: i.ms + 999), offsetSeconds: 0) == "2026-06-05T00:30:00Z")
        #expect(ISO8601.format(i.adding(seconds: 7), offsetSeconds: 0) == "2026-06-05T00:30:07Z")
        #expect(Instant(ms: 0).description == "1970-01-01T00:00:00Z")
        #expect(i.description == "2026-06-05T00:30:00Z")
        #expect(ISO8601.format(i, offsetSeconds: -(3 * 3600 + 1800)) == "2026-06-04T21:00:00-03:30")
        #expect(Instant(ms: -1000).description == "1969-12-31T23:59:59Z")
        // Outside four-digit years the long way writes what it always wrote.
        let dayMs: Int64 = 86_400_000
        #expect(Instant(ms: -719_528 * dayMs).description == "0000-01-01T00:00:00Z")
        #expect(Instant(ms: -719_529 * dayMs).description == "-0001-12-31T00:00:00Z")
        #expect(Instant(ms: 2_932_897 * dayMs).description == "10000-01-01T00:00:00Z")
    }

    @Test func formatThenParseRoundTrips() {
        var failures: [String] = []
        var i = Instant(seconds: 1_767_225_600)  // 2026-01-01T00:00:00Z
        for _ in 0..<2000 {
            for off in [0, 8 * 3600, -5 * 3600, 5 * 3600 + 1800] where ISO8601.parse(ISO8601.format(i, offsetSeconds: off)) != i {
                failures.append("\(i.ms) \(off)")
            }
            i = i.adding(seconds: 15_787)  // an odd step, so seconds and minutes vary
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test func instantArithmetic() {
        let i = Self.expected
        #expect(i.adding(minutes: 90).ms == i.ms + 5_400_000)
        #expect(i.adding(seconds: -30).ms == i.ms - 30_000)
        #expect(i.adding(minutes: 2).seconds(since: i) == 120)
        #expect(Instant(i.date) == i)
        #expect(Instant(seconds: 10) == Instant(ms: 10_000))
    }
}
