/// Text from outside (CAP files, scripts, sheets) may carry control characters and terminal escape
/// sequences. Before any of it reaches a screen or an export it passes through here: controls are
/// made visible in caret form (ESC → `^[`), so a hostile title shows what it tried to do and does
/// nothing.
public enum InertText {
    /// One line: newlines and tabs become spaces.
    public static func line(_ s: String) -> String { make(s, keepNewlines: false) }

    /// Several lines: newlines kept (CR LF and CR become LF), other controls made visible.
    public static func block(_ s: String) -> String { make(s, keepNewlines: true) }

    /// Outside text quoted inside a message (an error, a reason file, a log line): one line, inert,
    /// and cut after `limit` characters, so a hostile 3 MB field cannot fill a screen or a log.
    public static func excerpt(_ s: String, limit: Int = 80) -> String {
        let cut = !s.unicodeScalars.dropFirst(limit).isEmpty
        let head = cut ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(limit))) : s
        return line(head) + (cut ? "…" : "")
    }

    public static func isClean(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { !isControl($0) }
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) // bidi overrides can disguise text
    }

    private static func make(_ s: String, keepNewlines: Bool) -> String {
        guard !isClean(s) else { return s }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u.value {
            case 0x0A:
                if previousCR { continue }
                out.append(keepNewlines ? "\n" : " ")
            case 0x0D:
                out.append(keepNewlines ? "\n" : " ")
            case 0x09:
                out.append(" ")
            case 0..<0x20:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(u.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "<U+\(String(u.value, radix: 16, uppercase: true))>".unicodeScalars)
            default:
                out.append(u)
            }
        }
        return String(out)
    }
}
