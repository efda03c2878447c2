/// Character classes of the TOML grammar, on scalars so no grapheme clustering gets in the way
/// (Swift would otherwise treat "\r\n" or a quote followed by a combining mark as one character).
enum CharClass {
    static func isBare(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x5F, 0x2D: true   // A-Z a-z 0-9 _ -
        default: false
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// Control characters that may not appear raw in strings or comments (tab is allowed).
    static func isForbiddenControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    /// Scalars that may form an unquoted value: numbers, dates, times, true/false, inf/nan.
    static func isValueWord(_ c: Unicode.Scalar) -> Bool {
        isBare(c) || c == "+" || c == "." || c == ":"
    }

    /// Scalars that end a stretch of text quoted in a message about a bad key or value: the structural
    /// characters around it, any whitespace and any control character.
    static func endsWord(_ c: Unicode.Scalar) -> Bool {
        if c.value <= 0x20 || c.value == 0x7F { return true }
        switch c {
        case ".", "=", "[", "]", "{", "}", ",", "#", "\"", "'": return true
        default: return c.properties.isWhitespace || Display.needsEscape(c)
        }
    }
}

/// A forward-only reader over the document's Unicode scalars. An array with integer offsets makes every
/// step O(1) (String.Index arithmetic would not), which keeps the whole parse linear in the input size.
struct Scanner {
    let scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line; looked up by binary search, so positions stay plain integers
    /// and no code path has to remember to count newlines.
    private let lineStarts: [Int]
    var pos = 0

    init(_ text: String) {
        var s = Array(text.unicodeScalars)
        // A byte order mark is an encoding artefact, not content; dropping it keeps columns right on line 1.
        if s.first == "\u{FEFF}" { s.removeFirst() }
        scalars = s
        var starts = [0]
        for (i, c) in s.enumerated() where c == "\n" {
            starts.append(i + 1)
        }
        lineStarts = starts
    }

    var atEnd: Bool { pos >= scalars.count }

    var current: Unicode.Scalar? { pos >= 0 && pos < scalars.count ? scalars[pos] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        let i = pos &+ offset
        return i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    func scalar(at i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    mutating func advance(_ n: Int = 1) { pos = min(pos &+ n, scalars.count) }

    /// 1-based line and column of an offset.
    func location(_ index: Int) -> (line: Int, column: Int) {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if lineStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, max(index - lineStarts[lo], 0) + 1)
    }

    func line(_ index: Int) -> Int { location(index).line }

    func error(_ message: String, at index: Int) -> TOMLError {
        let (line, column) = location(index)
        return TOMLError(line: line, column: column, message: message)
    }

    func error(_ message: String) -> TOMLError { error(message, at: pos) }

    // MARK: - Whitespace, newlines, comments

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" {
            pos += 1
        }
    }

    /// True when at a line end (or the end of the file) without consuming it.
    var atLineEnd: Bool {
        guard let c = current else { return true }
        return c == "\n" || c == "\r"
    }

    /// Consumes one newline if there is one. A carriage return only counts as part of CRLF: TOML forbids a
    /// lone CR, and accepting it would make line numbers disagree with most editors.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        guard let c = current else { return false }
        if c == "\n" {
            pos += 1
            return true
        }
        if c == "\r" {
            guard peek(1) == "\n" else { throw error("a carriage return (\\r) must be followed by a line feed (\\n)") }
            pos += 2
            return true
        }
        return false
    }

    /// Skips a comment if one starts here, stopping before its line end.
    mutating func skipComment() throws(TOMLError) {
        guard current == "#" else { return }
        pos += 1
        while let c = current, c != "\n", c != "\r" {
            if CharClass.isForbiddenControl(c) {
                throw error("control character \(Display.escaped(c)) is not allowed in a comment")
            }
            pos += 1
        }
    }

    /// Skips spaces, comments and newlines: the filler allowed between array elements.
    mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            if try !consumeNewline() { return }
        }
    }

    /// After a complete statement only a comment may follow on the same line.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipSpaces()
        try skipComment()
        if atEnd { return }
        if try consumeNewline() { return }
        throw error("unexpected \(Display.scalar(current)) after \(what) (each entry goes on its own line)")
    }

    /// The stretch of input at `start` that a person would read as one word, for messages.
    /// Dots are part of a word when it is read as a value (`3.14`) but separate parts of a key.
    func word(at start: Int, includingDots: Bool = false) -> ArraySlice<Unicode.Scalar> {
        var end = start
        while end < scalars.count, end - start <= Display.limit,
              !CharClass.endsWord(scalars[end]) || (includingDots && scalars[end] == ".") {
            end += 1
        }
        return start < end ? scalars[start..<end] : []
    }
}
