/// The four kinds of TOML string. Each reader starts at the opening quote and leaves the scanner just past
/// the closing one. Unterminated strings are reported at their opening quote, because that is the line a
/// person has to fix, not the end of the file where the scanner noticed.
extension Scanner {
    var atTripleQuote: Bool { current == "\"" && peek(1) == "\"" && peek(2) == "\"" }
    var atTripleApostrophe: Bool { current == "'" && peek(1) == "'" && peek(2) == "'" }

    mutating func readBasicString() throws(TOMLError) -> String {
        let start = pos
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else {
                throw error("unterminated string: add the closing \"", at: start)
            }
            switch c {
            case "\"":
                pos += 1
                return String(out)
            case "\\":
                try readEscape(into: &out)
            case _ where c == "\n" || (c == "\r" && peek(1) == "\n"):
                throw error("unterminated string: a \"...\" string must end on its line (use \"\"\" for text on several lines)",
                            at: start)
            default:
                if CharClass.isForbiddenControl(c) {
                    throw error("control character \(Display.escaped(c)) must be written as an escape in a string")
                }
                out.append(c)
                pos += 1
            }
        }
    }

    mutating func readLiteralString() throws(TOMLError) -> String {
        let start = pos
        pos += 1
        let first = pos
        while true {
            guard let c = current else {
                throw error("unterminated string: add the closing '", at: start)
            }
            if c == "'" {
                let text = String(String.UnicodeScalarView(scalars[first..<pos]))
                pos += 1
                return text
            }
            if c == "\n" || (c == "\r" && peek(1) == "\n") {
                throw error("unterminated string: a '...' string must end on its line (use ''' for text on several lines)",
                            at: start)
            }
            if CharClass.isForbiddenControl(c) {
                throw error("control character \(Display.escaped(c)) is not allowed in a string")
            }
            pos += 1
        }
    }

    mutating func readMultilineBasicString() throws(TOMLError) -> String { try readMultiline(quote: "\"") }

    mutating func readMultilineLiteralString() throws(TOMLError) -> String { try readMultiline(quote: "'") }

    /// `"""…"""` (escapes read) or `'''…'''` (taken as written); newlines are normalised to LF
    /// so a file's value does not depend on the editor that saved it.
    private mutating func readMultiline(quote: Unicode.Scalar) throws(TOMLError) -> String {
        let basic = quote == "\""
        let start = pos
        pos += 3
        try skipFirstNewline()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else {
                throw error("unterminated string: add the closing \(String(repeating: String(Character(quote)), count: 3))", at: start)
            }
            if c == quote {
                if try closeMultiline(quote: quote, into: &out) { return String(out) }
            } else if c == "\\", basic {
                if try !skipLineEndingBackslash() { try readEscape(into: &out) }
            } else if c == "\n" || c == "\r" {
                _ = try consumeNewline()
                out.append("\n")
            } else {
                if CharClass.isForbiddenControl(c) {
                    throw error("control character \(Display.escaped(c)) " + (basic ? "must be written as an escape in a string" : "is not allowed in a string"))
                }
                out.append(c)
                pos += 1
            }
        }
    }

    /// A newline right after the opening delimiter is not part of the value.
    private mutating func skipFirstNewline() throws(TOMLError) {
        _ = try consumeNewline()
    }

    /// At a run of quotes inside a multi-line string: fewer than three are content; three to five close the
    /// string with the extras as content (the spec allows up to two quotes next to the closing delimiter).
    /// Returns true when the string was closed.
    private mutating func closeMultiline(quote: Unicode.Scalar, into out: inout String.UnicodeScalarView) throws(TOMLError) -> Bool {
        var run = 0
        while run < 6, peek(run) == quote {
            run += 1
        }
        if run >= 6 {
            throw error("too many quotes in a row: three end a multi-line string and at most two more may come right before them")
        }
        for _ in 0..<(run < 3 ? run : run - 3) {
            out.append(quote)
        }
        pos += run
        return run >= 3
    }

    /// A backslash that is the last thing on its line joins the next non-blank text to this one; returns
    /// false (consuming nothing) when the backslash starts an ordinary escape instead.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var i = pos + 1
        while let c = scalar(at: i), c == " " || c == "\t" {
            i += 1
        }
        let atNewline = scalar(at: i) == "\n" || (scalar(at: i) == "\r" && scalar(at: i + 1) == "\n")
        guard atNewline else { return false }
        pos = i
        while let c = current {
            if c == " " || c == "\t" {
                pos += 1
            } else if try !consumeNewline() {
                break
            }
        }
        return true
    }

    /// At a backslash in a basic string: appends the character it stands for.
    private mutating func readEscape(into out: inout String.UnicodeScalarView) throws(TOMLError) {
        let start = pos
        pos += 1
        guard let c = current else { throw error("unterminated string: the file ends after a backslash", at: start) }
        pos += 1
        switch c {
        case "b": out.append("\u{08}")
        case "t": out.append("\t")
        case "n": out.append("\n")
        case "f": out.append("\u{0C}")
        case "r": out.append("\r")
        case "\"": out.append("\"")
        case "\\": out.append("\\")
        case "u": out.append(try readUnicodeEscape(digits: 4, start: start))
        case "U": out.append(try readUnicodeEscape(digits: 8, start: start))
        case "\n", "\r":
            throw error("a backslash at the end of a line only joins lines inside \"\"\" strings", at: start)
        default:
            let shown = Display.needsEscape(c) || c == " " ? Display.scalar(c) : "\\" + String(Character(c))
            throw error("\(shown) is not a valid escape (valid: \\n \\t \\\" \\\\ \\uXXXX ...; write \\\\ for a backslash)",
                        at: start)
        }
    }

    private mutating func readUnicodeEscape(digits: Int, start: Int) throws(TOMLError) -> Unicode.Scalar {
        let letter = digits == 4 ? "u" : "U"
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let c = current, let d = Self.hexValue(c) else {
                throw error("\\\(letter) needs exactly \(digits) hex digits, e.g. \\\(letter)\(digits == 4 ? "00E9" : "0001F600")",
                            at: start)
            }
            // At most 8 digits of 4 bits each, so this never exceeds UInt32; the masking forms make sure.
            value = (value &<< 4) | d
            pos += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            let hex = Display.text(scalars[(start + 2)..<pos])
            throw error("\\\(letter)\(hex) is not a Unicode character (surrogates and values above 10FFFF are not allowed)",
                        at: start)
        }
        return scalar
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: c.value - 0x30
        case 0x41...0x46: c.value - 0x41 + 10
        case 0x61...0x66: c.value - 0x61 + 10
        default: nil
        }
    }
}
