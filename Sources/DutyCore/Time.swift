import Foundation
import Synchronization

/// A point in time, milliseconds since the Unix epoch. Milliseconds (not `Date`'s floating
/// seconds) so that a value survives the journal and the snapshot unchanged and compares exactly.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ms: Int64

    public init(ms: Int64) { self.ms = ms }
    public init(_ date: Date) { self.ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    public init(seconds: Int64) { self.ms = seconds * 1000 }

    public var date: Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
    public static func < (a: Instant, b: Instant) -> Bool { a.ms < b.ms }
    public func adding(minutes: Int) -> Instant { Instant(ms: ms + Int64(minutes) * 60_000) }
    public func adding(seconds: Int64) -> Instant { Instant(ms: ms + seconds * 1000) }
    public func seconds(since other: Instant) -> Int64 { (ms - other.ms) / 1000 }
    public var description: String { ISO8601.format(self, offsetSeconds: 0) }
}

/// A calendar date as the duty room writes it (YYYY-MM-DD), without a time zone.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Accepts `2026-06-05` and the forms Excel produces for a Chinese locale: `2026/6/5`, `2026.6.5`,
    /// `2026年6月5日`.
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("日") { s.removeLast() }
        let parts = s.split(omittingEmptySubsequences: false, whereSeparator: { "-/.年月".contains($0) }).map(String.init)
        // Int("+6") parses; a date written with a sign is a typo, not a date.
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[1].count <= 2, parts[2].count <= 2
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's civil-days algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }
    /// `20260605`: the date part of ids.
    public var compact: String { zeroPadded(year, 4) + zeroPadded(month, 2) + zeroPadded(day, 2) }
    /// `06-05`: a date within the year, as the screen writes it beside a time.
    public var monthDay: String { zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }
    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { ((dayNumber % 7) + 11) % 7 }
    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }
    public var description: String { zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }
}

/// A wall-clock time of day (HH:MM).
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutes: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    /// `8:30`, `08:30`, `08:30:00`; `24:00` is accepted as the end of a day and read as 00:00.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
              let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        if parts.count == 3 { guard parts[2] == "00" || parts[2] == "0" else { return nil } }
        if h == 24 && m == 0 {
            self.init(hour: 0, minute: 0)
        } else {
            self.init(hour: h, minute: m)
        }
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutes < b.minutes }
    public var description: String { zeroPadded(hour, 2) + ":" + zeroPadded(minute, 2) }
}

/// Converts between instants and the duty room's local calendar. Its time zone is given (the
/// store's, from config.toml), so DutyCore never consults the system's time zone by itself.
public struct LocalCalendar: Hashable, Sendable {
    private let zone: Zone

    public var timeZone: TimeZone { zone.timeZone }

    public init(timeZone: TimeZone) { zone = Zone(identifier: timeZone.identifier, loaded: timeZone) }

    /// A calendar whose time zone is loaded when a local time is first asked for. Loading one
    /// sets up ICU's time-zone data, a sixth of opening a year's store from its snapshot, and most
    /// commands never need it. `identifier` must be one the system knows (config.toml is checked
    /// when parsed); should that change later, China Standard Time stands in.
    public init(identifier: String) { zone = Zone(identifier: identifier, loaded: nil) }

    public static let shanghai = LocalCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    public static func == (a: LocalCalendar, b: LocalCalendar) -> Bool { a.zone.identifier == b.zone.identifier }
    public func hash(into h: inout Hasher) { h.combine(zone.identifier) }

    private final class Zone: Sendable {
        let identifier: String
        private let loaded: Mutex<TimeZone?>

        init(identifier: String, loaded: TimeZone?) {
            self.identifier = identifier
            self.loaded = Mutex(loaded)
        }

        var timeZone: TimeZone {
            loaded.withLock { z in
                if let z { return z }
                let made = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 8 * 3600)!
                z = made
                return made
            }
        }
    }

    public func offsetSeconds(at instant: Instant) -> Int {
        timeZone.secondsFromGMT(for: instant.date)
    }

    public func instant(_ date: LocalDate, _ time: LocalTime) -> Instant {
        let naive = (Int64(date.dayNumber) * 86_400 + Int64(time.minutes) * 60)
        // Two passes settle the offset across a DST change; Asia/Shanghai has none since 1991.
        var off = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive))))
        off = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive - off))))
        return Instant(seconds: naive - off)
    }

    public func localDate(_ instant: Instant) -> LocalDate {
        let secs = instant.ms / 1000 + Int64(offsetSeconds(at: instant))
        return LocalDate(dayNumber: Int(floorDiv(secs, 86_400)))
    }

    public func localTime(_ instant: Instant) -> LocalTime {
        let secs = instant.ms / 1000 + Int64(offsetSeconds(at: instant))
        let m = Int(floorMod(secs, 86_400) / 60)
        return LocalTime(hour: m / 60, minute: m % 60)!
    }

    /// Seconds of the local day, for clocks that show seconds.
    public func secondOfDay(_ instant: Instant) -> Int {
        Int(floorMod(instant.ms / 1000 + Int64(offsetSeconds(at: instant)), 86_400))
    }

    public func iso8601(_ instant: Instant) -> String {
        ISO8601.format(instant, offsetSeconds: offsetSeconds(at: instant))
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
@inline(__always) func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

/// ISO 8601 with an explicit offset, e.g. `2026-12-02T03:00:00+08:00`.
public enum ISO8601 {
    public static func format(_ instant: Instant, offsetSeconds off: Int) -> String {
        let local = instant.ms / 1000 + Int64(off)
        let date = LocalDate(dayNumber: Int(floorDiv(local, 86_400)))
        let sod = Int(floorMod(local, 86_400))
        let offMinutes = abs(off) / 60
        // Written byte by byte: `String(format:)` was half of `alert list --json`'s time with
        // 20,000 alerts (four times each). The long way stays for years a four-digit field cannot hold.
        guard (0...9999).contains(date.year), offMinutes < 100 * 60 else { return formatted(date, sod, off) }
        return String(unsafeUninitializedCapacity: 25) { buffer in
            var n = 0
            func digits(_ value: Int, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    buffer[n + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                n += width
            }
            func put(_ c: Unicode.Scalar) {
                buffer[n] = UInt8(ascii: c)
                n += 1
            }
            digits(date.year, 4); put("-"); digits(date.month, 2); put("-"); digits(date.day, 2)
            put("T"); digits(sod / 3600, 2); put(":"); digits(sod / 60 % 60, 2); put(":"); digits(sod % 60, 2)
            if off == 0 {
                put("Z")
            } else {
                put(off < 0 ? "-" : "+"); digits(offMinutes / 60, 2); put(":"); digits(offMinutes % 60, 2)
            }
            return n
        }
    }

    private static func formatted(_ date: LocalDate, _ sod: Int, _ off: Int) -> String {
        let zone: String
        if off == 0 {
            zone = "Z"
        } else {
            let a = abs(off) / 60
            zone = String(format: "%@%02d:%02d", off < 0 ? "-" : "+", a / 60, a % 60)
        }
        return String(format: "%@T%02d:%02d:%02d%@", date.description, sod / 3600, sod / 60 % 60, sod % 60, zone)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`. Without an offset the given default applies.
    public static func parse(_ text: String, defaultOffsetSeconds: Int? = nil) -> Instant? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard s.count >= 16 else { return nil }
        let chars = Array(s)
        guard let date = LocalDate(parsing: String(chars[0..<10])), chars[10] == "T" || chars[10] == " " else { return nil }
        var i = 11
        func num(_ n: Int) -> Int? {
            guard i + n <= chars.count else { return nil }
            let str = String(chars[i..<(i + n)])
            guard str.allSatisfy(\.isASCIIDigit), let v = Int(str) else { return nil }
            i += n
            return v
        }
        guard let hh = num(2), i < chars.count, chars[i] == ":" else { return nil }
        i += 1
        guard let mm = num(2) else { return nil }
        var ss = 0
        if i < chars.count, chars[i] == ":" {
            i += 1
            guard let v = num(2) else { return nil }
            ss = v
        }
        var ms = 0
        if i < chars.count, chars[i] == "." {
            i += 1
            var digits = ""
            while i < chars.count, chars[i].isASCIIDigit { digits.append(chars[i]); i += 1 }
            guard !digits.isEmpty else { return nil }
            ms = Int((digits + "000").prefix(3))!
        }
        guard hh < 24, mm < 60, ss < 61 else { return nil }
        var offset: Int
        if i == chars.count {
            guard let d = defaultOffsetSeconds else { return nil }
            offset = d
        } else if chars[i] == "Z" || chars[i] == "z" {
            guard i + 1 == chars.count else { return nil }
            offset = 0
        } else if chars[i] == "+" || chars[i] == "-" {
            let sign = chars[i] == "-" ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            if i < chars.count, chars[i] == ":" { i += 1 }
            guard let om = num(2), i == chars.count, oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        let secs = Int64(date.dayNumber) * 86_400 + Int64(hh * 3600 + mm * 60 + min(ss, 59)) - Int64(offset)
        return Instant(ms: secs * 1000 + Int64(ms))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// `n` in decimal with leading zeros to `width` digits. The screen writes dates and times on
/// every frame, and Foundation's `String(format:)` costs tens of microseconds a call.
public func zeroPadded(_ n: Int, _ width: Int) -> String {
    let digits = String(n.magnitude)
    let pad = String(repeating: "0", count: max(0, width - digits.count))
    return (n < 0 ? "-" : "") + pad + digits
}
