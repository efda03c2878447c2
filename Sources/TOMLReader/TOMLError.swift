/// Why a document could not be read, and where. Messages are meant to be shown to the person who wrote the
/// file, so they name the problem in plain words and never echo raw control characters from the input.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column, counted in Unicode scalars so that it matches what an editor shows for non-ASCII text.
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Turns pieces of the input into text that is safe to put in a message: a terminal or log must not be
/// steered by escape sequences or bidi controls smuggled into a file, and huge inputs must not flood it.
enum Display {
    /// Longest stretch of input echoed back; enough to recognise it, short enough for one line.
    static let limit = 40

    /// Whether a scalar would be invisible, confusing or harmful if printed as is.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x20 || c.value == 0x7F { return true }
        if c.value < 0x80 { return false }
        switch c.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    static func escaped(_ c: Unicode.Scalar) -> String {
        "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
    }

    /// One scalar, readable: `"x"` or `\u{1B}`; used for "found ..." parts of messages.
    static func scalar(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "the end of the file" }
        switch c {
        case "\n": return "the end of the line"
        case "\r": return "a carriage return (\\r)"
        case "\t": return "a tab"
        case "\"": return "'\"'"
        default:
            // Full-width and no-break spaces look like spaces but are not TOML whitespace; say so.
            if c.value >= 0x80 && c.properties.isWhitespace { return "a special space (\(escaped(c)))" }
            return needsEscape(c) ? escaped(c) : "\"" + String(Character(c)) + "\""
        }
    }

    /// Text without surrounding quotes, escaped and shortened.
    static func text<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String { shortened(scalars, quoting: false) }

    static func text(_ s: String) -> String { text(s.unicodeScalars) }

    /// Text in double quotes, with quotes and backslashes escaped the way TOML would write them.
    static func quoted<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String { "\"" + shortened(scalars, quoting: true) + "\"" }

    private static func shortened<S: Sequence<Unicode.Scalar>>(_ scalars: S, quoting: Bool) -> String {
        var out = ""
        var count = 0
        for c in scalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            if quoting, c == "\"" || c == "\\" {
                out += "\\" + String(Character(c))
            } else if needsEscape(c) {
                out += escaped(c)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func quoted(_ s: String) -> String { quoted(s.unicodeScalars) }

    /// A key part as it would be written in TOML: bare when it can be, quoted otherwise.
    static func keyPart(_ s: String) -> String {
        if !s.isEmpty && s.unicodeScalars.allSatisfy(CharClass.isBare) { return text(s) }
        return quoted(s)
    }

    /// A dotted key for messages. All-bare keys are wrapped in quotes so they stand out from the sentence;
    /// keys with quoted parts already carry quotes.
    static func key(_ parts: [String]) -> String {
        let bare = parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(CharClass.isBare) }
        let joined = shorten(parts.map(keyPart).joined(separator: "."))
        return bare ? "\"" + joined + "\"" : joined
    }

    /// A table header for messages, e.g. `[a.b]` or `[[a.b]]`.
    static func header(_ parts: [String], array: Bool = false) -> String {
        let inner = shorten(parts.map(keyPart).joined(separator: "."))
        return array ? "[[" + inner + "]]" : "[" + inner + "]"
    }

    /// Keeps long dotted paths readable; parts are already escaped, so cutting them cannot expose anything.
    private static func shorten(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for (i, c) in s.unicodeScalars.enumerated() {
            if i == limit * 2 {
                out.append("…")
                break
            }
            out.append(c)
        }
        return String(out)
    }
}
