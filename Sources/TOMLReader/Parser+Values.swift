/// Values: strings, unquoted values (numbers, dates, booleans), arrays and inline tables.
extension Parser {
    /// Reads the value at the scanner. `depth` is the nesting level an array or inline table here would have.
    ///
    /// This function, `readArray` and `readInlineTable` recurse into each other once per nesting level, so they
    /// are kept to a few locals with every message built in separate non-inlined helpers: debug builds give
    /// each temporary its own stack slot, and the deepest allowed document must fit a worker thread's stack.
    mutating func readValue(depth: Int) throws(TOMLError) -> TOMLValue {
        switch scanner.current {
        case "[": return .array(try readArray(depth: depth))
        case "{": return .table(try readInlineTable(depth: depth))
        default: return try readScalar()
        }
    }

    /// Everything that is not an array or inline table; never recurses.
    @inline(never)
    private mutating func readScalar() throws(TOMLError) -> TOMLValue {
        guard let c = scanner.current, c != "\n", c != "\r", c != "#" else {
            throw scanner.error("expected a value after =")
        }
        switch c {
        case "\"":
            return .string(scanner.atTripleQuote ? try scanner.readMultilineBasicString() : try scanner.readBasicString())
        case "'":
            return .string(scanner.atTripleApostrophe ? try scanner.readMultilineLiteralString() : try scanner.readLiteralString())
        default:
            if CharClass.isValueWord(c) { return try readUnquoted() }
            throw valueError(at: scanner.pos)
        }
    }

    private func valueError(at start: Int) -> TOMLError {
        let word = scanner.word(at: start, includingDots: true)
        if word.isEmpty {
            return scanner.error("expected a value, found \(Display.scalar(scanner.scalar(at: start)))", at: start)
        }
        let text = String(String.UnicodeScalarView(word))
        let lower = text.lowercased()
        if lower == "true" || lower == "false" {
            return scanner.error("\(text) is not a value: write \(lower) in lower case", at: start)
        }
        return scanner.error("\(Display.quoted(word)) is not a value (strings are quoted)", at: start)
    }

    /// Numbers, dates, times, true/false, inf/nan: everything written without quotes or brackets.
    private mutating func readUnquoted() throws(TOMLError) -> TOMLValue {
        let start = scanner.pos
        skipValueWord()
        // A date and a time may be separated by a space, which otherwise ends a value.
        if DateTimeReader.isFullDate(bytes(start, scanner.pos)), scanner.current == " ",
           let d1 = scanner.peek(1), let d2 = scanner.peek(2), CharClass.isDigit(d1), CharClass.isDigit(d2), scanner.peek(3) == ":" {
            scanner.advance()
            skipValueWord()
        }
        if let next = scanner.current, !Self.endsValue(next) { throw valueError(at: start) }
        let t = bytes(start, scanner.pos)
        let result: Result<TOMLValue, Problem>
        if let first = t.first, !ASCII.isDigit(first), first != ASCII.plus, first != ASCII.minus, first != ASCII.dot {
            if t.elementsEqual("true".utf8) { return .bool(true) }
            if t.elementsEqual("false".utf8) { return .bool(false) }
            guard t.elementsEqual("inf".utf8) || t.elementsEqual("nan".utf8) else { throw valueError(at: start) }
            result = NumberReader.read(t)
        } else if DateTimeReader.looksLikeDateTime(t) {
            let text = String(String.UnicodeScalarView(scanner.scalars[start..<scanner.pos]))
            result = DateTimeReader.read(t, text: text)
        } else {
            result = NumberReader.read(t)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem): throw scanner.error(problem.message, at: start)
        }
    }

    private mutating func skipValueWord() {
        while let c = scanner.current, CharClass.isValueWord(c) {
            scanner.advance()
        }
    }

    /// The ASCII bytes of a stretch made only of value-word scalars (all ASCII, so nothing is lost).
    private func bytes(_ start: Int, _ end: Int) -> [UInt8] {
        guard start < end else { return [] }
        return scanner.scalars[start..<end].map { UInt8(truncatingIfNeeded: $0.value) }
    }

    private static func endsValue(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\n", "\r", "#", ",", "]", "}": true
        default: false
        }
    }

    // MARK: - Arrays

    private mutating func readArray(depth: Int) throws(TOMLError) -> [TOMLNode] {
        let open = try enterContainer(depth: depth)
        var items: [TOMLNode] = []
        while true {
            if try arrayEnds(open: open, afterItem: false) { return items }
            let line = scanner.line(scanner.pos)
            items.append(TOMLNode(try readValue(depth: depth + 1), line: line))
            if try arrayEnds(open: open, afterItem: true) { return items }
        }
    }

    /// Checks the nesting limit and steps over the opening bracket or brace, returning where it was.
    @inline(never)
    private mutating func enterContainer(depth: Int) throws(TOMLError) -> Int {
        guard depth <= TOMLParser.maxDepth else { throw tooDeep(at: scanner.pos) }
        let open = scanner.pos
        scanner.advance()
        return open
    }

    /// Skips blank lines and comments, then consumes a closing bracket (true) or, after an item, the comma
    /// before the next one (false).
    @inline(never)
    private mutating func arrayEnds(open: Int, afterItem: Bool) throws(TOMLError) -> Bool {
        try scanner.skipBlankLines()
        switch scanner.current {
        case "]":
            scanner.advance()
            return true
        case nil:
            throw scanner.error("unterminated list: add the closing ]", at: open)
        case "," where afterItem:
            // A trailing comma is allowed: the next call, at the top of the loop, accepts a `]` here.
            scanner.advance()
            return false
        default:
            if afterItem {
                throw scanner.error("expected , or ] after a list item, found \(Display.scalar(scanner.current))")
            }
            return false
        }
    }

    // MARK: - Inline tables

    private mutating func readInlineTable(depth: Int) throws(TOMLError) -> TOMLTable {
        let open = try enterContainer(depth: depth)
        let table = TableBuilder(kind: .inline, line: scanner.line(open), depth: depth)
        if try inlineTableEnds(open: open, afterEntry: false) { return table.freeze() }
        while true {
            let (parts, keyLine) = try readInlineKey(open: open)
            let value = try readValue(depth: depth + parts.count)
            try insert(parts, TOMLNode(value, line: keyLine), into: table)
            if try inlineTableEnds(open: open, afterEntry: true) { return table.freeze() }
        }
    }

    /// The key of an inline table entry and the `=` after it; returns the key and its line.
    @inline(never)
    private mutating func readInlineKey(open: Int) throws(TOMLError) -> ([KeyPart], Int) {
        scanner.skipSpaces()
        try checkInlineLine(open: open)
        let keyLine = scanner.line(scanner.pos)
        let parts = try readKey(.pair)
        guard scanner.current == "=" else {
            try checkInlineLine(open: open)
            throw scanner.error("expected = after the key \(Display.key(parts.map(\.name))), found \(Display.scalar(scanner.current))")
        }
        scanner.advance()
        scanner.skipSpaces()
        return (parts, keyLine)
    }

    /// Consumes the closing brace (true) or, after an entry, the comma before the next one (false). Only the
    /// empty table `{}` may close without an entry, and a comma may not come last.
    @inline(never)
    private mutating func inlineTableEnds(open: Int, afterEntry: Bool) throws(TOMLError) -> Bool {
        scanner.skipSpaces()
        switch scanner.current {
        case "}":
            scanner.advance()
            return true
        case "," where afterEntry:
            scanner.advance()
            scanner.skipSpaces()
            if scanner.current == "}" { throw scanner.error("an inline table cannot end with a comma; remove it") }
            return false
        default:
            if !afterEntry { return false }
            try checkInlineLine(open: open)
            throw scanner.error("expected , or } in the inline table, found \(Display.scalar(scanner.current))")
        }
    }

    /// Between its entries an inline table has to stay on one line; TOML 1.0 allows no newlines or comments.
    private func checkInlineLine(open: Int) throws(TOMLError) {
        guard let c = scanner.current else { throw scanner.error("unterminated inline table: add the closing }", at: open) }
        if c == "\n" || c == "\r" {
            throw scanner.error("an inline table must be closed with } on the line where it starts (use a [table] for more)")
        }
        if c == "#" { throw scanner.error("comments are not allowed inside an inline table") }
    }
}
