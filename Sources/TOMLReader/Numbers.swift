/// What went wrong with an unquoted value; the parser adds the position.
struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Shared pieces of the unquoted-value readers. They work on the value's ASCII bytes (the parser only hands
/// over tokens made of ASCII letters, digits and + - . : _), so indexing is cheap and simple.
enum ASCII {
    static let zero = UInt8(ascii: "0")
    static let underscore = UInt8(ascii: "_")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Shown text of a token, shortened, for messages.
    static func shown(_ t: [UInt8]) -> String { Display.text(t.map { Unicode.Scalar($0) }) }
}

enum NumberReader {
    /// The longest float spelling accepted; no real file needs more, and converting megabytes of digits
    /// exactly would be slow.
    static let maxFloatLength = 800

    static func read(_ t: [UInt8]) -> Result<TOMLValue, Problem> {
        // Computed on use: only failures need it, and this runs for every number in a document.
        var shown: String { ASCII.shown(t) }
        var i = 0
        var negative = false
        var signed = false
        if let c = t.first, c == ASCII.plus || c == ASCII.minus {
            signed = true
            negative = c == ASCII.minus
            i = 1
        }
        let rest = t[i...]
        if rest.elementsEqual("inf".utf8) { return .success(.float(negative ? -.infinity : .infinity)) }
        if rest.elementsEqual("nan".utf8) { return .success(.float(negative ? -.nan : .nan)) }
        if rest.count >= 2, rest.first == ASCII.zero, let radix = radix(of: t[i + 1]) {
            if signed {
                return .failure(Problem("\(shown) is not a valid number: hex, octal and binary numbers cannot have a sign"))
            }
            return readPrefixed(t, radix: radix)
        }

        let intStart = i
        if hasMisplacedUnderscore(t) {
            return .failure(Problem("\(shown) is not a valid number: an underscore must sit between two digits"))
        }
        if rest.first == ASCII.dot {
            return .failure(Problem("\(shown) is not a valid number: put a digit before the decimal point, e.g. 0.5"))
        }
        guard scanDigits(t, &i, radix: 10) else { return .failure(Problem("\(shown) is not a valid number")) }
        if t[intStart] == ASCII.zero && i - intStart > 1 {
            return .failure(Problem("\(shown) is not a valid number: leading zeros are not allowed"))
        }
        if i == t.count { return readDecimal(t, from: intStart, negative: negative) }

        if t[i] == ASCII.dot {
            i += 1
            guard scanDigits(t, &i, radix: 10) else {
                return .failure(Problem("\(shown) is not a valid number: put digits on both sides of the decimal point, e.g. 1.0"))
            }
        }
        if i < t.count, t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E") {
            i += 1
            if i < t.count, t[i] == ASCII.plus || t[i] == ASCII.minus { i += 1 }
            guard scanDigits(t, &i, radix: 10) else {
                return .failure(Problem("\(shown) is not a valid number: the exponent needs digits, e.g. 1e6"))
            }
        }
        guard i == t.count else { return .failure(Problem("\(shown) is not a valid number")) }
        return readFloat(t)
    }

    private static func tooLarge(_ t: [UInt8], negative: Bool) -> Problem {
        negative
            ? Problem("integer \(ASCII.shown(t)) is too small (the smallest is -9223372036854775808)")
            : Problem("integer \(ASCII.shown(t)) is too large (the largest is 9223372036854775807)")
    }

    /// Checked up front so that `1_` or `1_.5` get a message about the underscore rather than about
    /// whatever the scan happened to stop at.
    private static func hasMisplacedUnderscore(_ t: [UInt8]) -> Bool {
        for (j, b) in t.enumerated() where b == ASCII.underscore {
            guard j > 0, j + 1 < t.count, ASCII.isDigit(t[j - 1]), ASCII.isDigit(t[j + 1]) else { return true }
        }
        return false
    }

    private static func radix(of b: UInt8) -> Int64? {
        switch b {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    static func digitValue(_ b: UInt8, radix: Int64) -> Int64? {
        let v: Int64
        switch b {
        case 0x30...0x39: v = Int64(b - 0x30)
        case 0x41...0x46: v = Int64(b - 0x41 + 10)
        case 0x61...0x66: v = Int64(b - 0x61 + 10)
        default: return nil
        }
        return v < radix ? v : nil
    }

    /// Digits with single underscores only between two digits, as TOML requires; true when at least one
    /// digit was read and the underscores were well placed.
    private static func scanDigits(_ t: [UInt8], _ i: inout Int, radix: Int64) -> Bool {
        guard i < t.count, digitValue(t[i], radix: radix) != nil else { return false }
        i += 1
        while i < t.count {
            if digitValue(t[i], radix: radix) != nil {
                i += 1
            } else if t[i] == ASCII.underscore {
                guard i + 1 < t.count, digitValue(t[i + 1], radix: radix) != nil else { return false }
                i += 2
            } else {
                break
            }
        }
        return true
    }

    private static func readPrefixed(_ t: [UInt8], radix: Int64) -> Result<TOMLValue, Problem> {
        var i = 2
        guard scanDigits(t, &i, radix: radix), i == t.count else {
            let name = radix == 16 ? "hex" : radix == 8 ? "octal" : "binary"
            return .failure(Problem("\(ASCII.shown(t)) is not a valid \(name) number"))
        }
        var value: Int64 = 0
        for b in t.dropFirst(2) where b != ASCII.underscore {
            guard let d = digitValue(b, radix: radix) else { continue }
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(d)
            if o1 || o2 { return .failure(tooLarge(t, negative: false)) }
            value = sum
        }
        return .success(.integer(value))
    }

    /// Accumulates negative numbers downwards so that Int64.min, whose magnitude has no positive
    /// counterpart, is still accepted.
    private static func readDecimal(_ t: [UInt8], from start: Int, negative: Bool) -> Result<TOMLValue, Problem> {
        var value: Int64 = 0
        for b in t[start...] where b != ASCII.underscore {
            let d = Int64(b &- ASCII.zero)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(d) : shifted.addingReportingOverflow(d)
            if o1 || o2 { return .failure(tooLarge(t, negative: negative)) }
            value = next
        }
        return .success(.integer(value))
    }

    private static func readFloat(_ t: [UInt8]) -> Result<TOMLValue, Problem> {
        var shown: String { ASCII.shown(t) }
        guard t.count <= maxFloatLength else {
            return .failure(Problem("\(shown) has too many digits (at most \(maxFloatLength) characters)"))
        }
        var text = ""
        text.reserveCapacity(t.count)
        for b in t where b != ASCII.underscore {
            text.unicodeScalars.append(Unicode.Scalar(b))
        }
        // The syntax was checked above, so a failed or infinite conversion can only mean out of range.
        guard let value = Double(text), value.isFinite else {
            return .failure(Problem("float \(shown) is too large for a 64-bit number"))
        }
        return .success(.float(value))
    }
}
