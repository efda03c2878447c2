/// Checks dates and times (RFC 3339 as profiled by TOML 1.0) and keeps their text. Ranges are checked here
/// so that callers converting the text later can rely on it naming a real calendar date and clock time.
enum DateTimeReader {
    /// Whether a token should be read as a date or time rather than a number: it starts like `1979-` or `07:`.
    static func looksLikeDateTime(_ t: [UInt8]) -> Bool {
        if t.count >= 5, t[0..<4].allSatisfy(ASCII.isDigit), t[4] == ASCII.minus { return true }
        if t.count >= 3, t[0..<2].allSatisfy(ASCII.isDigit), t[2] == ASCII.colon { return true }
        return false
    }

    /// Whether a token is exactly a full date, after which a space may separate the time.
    static func isFullDate(_ t: [UInt8]) -> Bool {
        t.count == 10 && looksLikeDateTime(t) && t[7] == ASCII.minus
    }

    static func read(_ t: [UInt8], text: String) -> Result<TOMLValue, Problem> {
        // Computed on use: only failures need these.
        var shown: String { ASCII.shown(t) }
        var shape: Problem {
            Problem("\(shown) is not a valid date or time (examples: 1979-05-27, 07:32:00, 1979-05-27T07:32:00, 1979-05-27T07:32:00Z)")
        }
        var reader = Reader(bytes: t)
        if t.count >= 3 && t[2] == ASCII.colon {
            if let problem = reader.time(t) { return .failure(problem) }
            guard reader.atEnd else { return .failure(shape) }
            return .success(.dateTime(TOMLDateTime(text: text)))
        }
        guard let year = reader.number(4), reader.skip(ASCII.minus),
              let month = reader.number(2), reader.skip(ASCII.minus),
              let day = reader.number(2)
        else { return .failure(shape) }
        guard (1...12).contains(month) else {
            return .failure(Problem("\(shown) is not a valid date: month \(month) does not exist (01 to 12)"))
        }
        guard day >= 1 && day <= daysIn(month: month, year: year) else {
            return .failure(Problem("\(shown) is not a valid date: month \(month) of \(year) has no day \(day)"))
        }
        if reader.atEnd { return .success(.dateTime(TOMLDateTime(text: text))) }
        guard reader.skip(UInt8(ascii: "T")) || reader.skip(UInt8(ascii: "t")) || reader.skip(UInt8(ascii: " ")) else {
            return .failure(shape)
        }
        if let problem = reader.time(t) { return .failure(problem) }
        if reader.atEnd { return .success(.dateTime(TOMLDateTime(text: text))) }
        if reader.skip(UInt8(ascii: "Z")) || reader.skip(UInt8(ascii: "z")) {
            return reader.atEnd ? .success(.dateTime(TOMLDateTime(text: text))) : .failure(shape)
        }
        guard reader.skip(ASCII.plus) || reader.skip(ASCII.minus),
              let hour = reader.number(2), reader.skip(ASCII.colon), let minute = reader.number(2), reader.atEnd
        else { return .failure(shape) }
        guard hour < 24 && minute < 60 else {
            return .failure(Problem("\(shown) has an invalid time offset (hours 00 to 23, minutes 00 to 59)"))
        }
        return .success(.dateTime(TOMLDateTime(text: text)))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i >= bytes.count }

        mutating func skip(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        /// Exactly `count` digits; at most four, so the value cannot overflow.
        mutating func number(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i..<(i + count)] {
                guard ASCII.isDigit(b) else { return nil }
                value = value * 10 + Int(b - ASCII.zero)
            }
            i += count
            return value
        }

        /// `HH:MM:SS` with optional fraction; returns a problem, or nil when a valid time was read.
        mutating func time(_ t: [UInt8]) -> Problem? {
            var shown: String { ASCII.shown(t) }
            guard let hour = number(2), skip(ASCII.colon), let minute = number(2) else {
                return Problem("\(shown) is not a valid time (write it as HH:MM:SS, e.g. 07:32:00)")
            }
            guard skip(ASCII.colon), let second = number(2) else {
                return Problem("\(shown) is not a valid time: seconds are required, e.g. 07:32:00")
            }
            if skip(ASCII.dot) {
                let start = i
                while i < bytes.count, ASCII.isDigit(bytes[i]) {
                    i += 1
                }
                if i == start { return Problem("\(shown) is not a valid time: put digits after the decimal point") }
            }
            if hour > 23 { return Problem("\(shown) is not a valid time: hour \(hour) does not exist (00 to 23)") }
            if minute > 59 { return Problem("\(shown) is not a valid time: minute \(minute) does not exist (00 to 59)") }
            // 60 is allowed for leap seconds.
            if second > 60 { return Problem("\(shown) is not a valid time: second \(second) does not exist (00 to 60)") }
            return nil
        }
    }
}
