/// Terminal cell widths, computed here rather than by `wcwidth` (which depends on the locale):
/// East Asian wide and fullwidth characters take two cells, combining marks and zero-width
/// characters none, everything else one. East Asian "ambiguous" characters count as one; the
/// console never lets alignment depend on them (see `Glyphs`).
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        if isSimple(s) { return s.unicodeScalars.reduce(0) { $0 + of($1) } }
        return s.reduce(0) { $0 + of($1) }
    }

    /// Whether every scalar of `s` is a character of its own: printable Latin, general
    /// punctuation and symbols, box drawing, CJK and Hangul syllables, with nothing that joins
    /// scalars into one character (combining marks, joiners, variation selectors, jamo, emoji,
    /// CR LF). Such text, which is nearly all the console draws, is measured and drawn scalar by
    /// scalar, skipping Swift's far slower search for character boundaries.
    @inline(__always)
    static func isSimple(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            let v = u.value
            return (0x20...0x7E).contains(v) || (0xA0...0x2FF).contains(v) || (0x2010...0x205E).contains(v)
                || (0x2100...0x27BF).contains(v) || (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF01...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
        }
    }

    public static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        // An emoji presentation selector makes the whole cluster wide.
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return of(first)
    }

    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 1 }  // made visible before drawing
        if isZeroWidth(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x0300...0x036F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v) || v == 0x200B || v == 0x200C
            || v == 0x200D || v == 0x2060 || v == 0xFEFF || (0xFE00...0xFE0F).contains(v)
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xA960...0xA97F).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The longest prefix of `s` that fits in `width` cells; a wide character that would straddle
    /// the edge is left out whole, never cut in half.
    public static func prefix(_ s: String, fitting width: Int) -> String {
        if isSimple(s) {
            var used = 0
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                let w = of(u)
                if used + w > width { break }
                used += w
                out.append(u)
            }
            return String(out)
        }
        var used = 0
        var out = ""
        for c in s {
            let w = of(c)
            if used + w > width { break }
            used += w
            out.append(c)
        }
        return out
    }

    /// `text` in lines of at most `width` cells, cut between characters, never inside a wide one.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], current = "", used = 0
        for c in text {
            let cw = of(c)
            if used + cw > width {
                lines.append(current)
                current = ""
                used = 0
            }
            current.append(c)
            used += cw
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Lines of at most `width` cells, cut between characters (never inside a wide one); Latin
    /// text breaks at a space where there is one in the second half of the line.
    public static func wrapWords(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var used = 0
        for c in text {
            let cw = of(c)
            if used + cw > width {
                // Inside a Latin word (this and the last character narrow, not spaces) the line
                // breaks at the word's start, if the word is short; CJK text breaks anywhere.
                let narrow = { (ch: Character) in ch != " " && of(ch) == 1 }
                if narrow(c), let last = current.last, narrow(last), let space = current.lastIndex(of: " "),
                   current[current.index(after: space)...].allSatisfy(narrow), of(String(current[..<space])) > width / 2 {
                    lines.append(String(current[..<space]))
                    current = String(current[current.index(after: space)...])
                } else {
                    lines.append(current)
                    current = ""
                }
                used = of(current)
                if c == " " && current.isEmpty { continue }
            }
            current.append(c)
            used += cw
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `s` cut to `width` cells with an ellipsis when it does not fit.
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        if of(s) <= width { return s }
        guard width > 0 else { return "" }
        return prefix(s, fitting: width - of(ellipsis)) + ellipsis
    }

    /// `s` padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ s: String, to width: Int) -> String {
        let cut = prefix(s, fitting: width)
        return cut + String(repeating: " ", count: width - of(cut))
    }
}
