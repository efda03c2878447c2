/// Reads TOML 1.0 documents.
public enum TOMLParser {
    /// Deepest nesting of tables and arrays accepted. The reader recurses once per level of arrays and
    /// inline tables, and the result is compared and destroyed recursively, so a bound keeps hostile input
    /// from exhausting the stack; real files stay far below it.
    public static let maxDepth = 64

    /// Parses a whole document. Never traps: every malformed input ends in a `TOMLError`.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = Parser(text)
        return try parser.document()
    }
}

/// One part of a dotted key with where it starts, so errors can point at the exact part.
struct KeyPart {
    var name: String
    var pos: Int
}

struct Parser {
    var scanner: Scanner
    let root: TableBuilder
    /// The table that key/value lines currently go into: the root, or the last `[header]`'s table.
    var section: TableBuilder

    init(_ text: String) {
        scanner = Scanner(text)
        root = TableBuilder(kind: .header, line: 1, depth: 0)
        section = root
    }

    mutating func document() throws(TOMLError) -> TOMLTable {
        while true {
            scanner.skipSpaces()
            guard let c = scanner.current else { break }
            if c == "#" {
                try scanner.skipComment()
            } else if try scanner.consumeNewline() {
                continue
            } else if c == "[" {
                try header()
                try scanner.expectLineEnd(after: "the table header")
            } else {
                try keyValue(into: section)
                try scanner.expectLineEnd(after: "the value")
            }
        }
        return root.freeze()
    }

    func tooDeep(at index: Int) -> TOMLError {
        scanner.error("nested too deep (more than \(TOMLParser.maxDepth) levels)", at: index)
    }

    // MARK: - Statements

    private mutating func header() throws(TOMLError) {
        let start = scanner.pos
        scanner.advance()
        let isArray = scanner.current == "["
        if isArray { scanner.advance() }
        let parts = try readKey(.header)
        let closing = isArray ? "]]" : "]"
        guard scanner.current == "]", !isArray || scanner.peek(1) == "]" else {
            if scanner.atLineEnd || scanner.current == "#" {
                throw scanner.error("the table header is missing its closing \(closing)")
            }
            if isArray && scanner.current == "]" {
                throw scanner.error("a [[...]] header must end with ]]")
            }
            throw scanner.error("expected \(closing) to close the table header, found \(Display.scalar(scanner.current))")
        }
        scanner.advance(isArray ? 2 : 1)
        let line = scanner.line(start)
        section = isArray
            ? try appendTable(parts, line: line, at: start)
            : try defineTable(parts, line: line, at: start)
    }

    private mutating func keyValue(into table: TableBuilder) throws(TOMLError) {
        let keyStart = scanner.pos
        let parts = try readKey(.pair)
        guard scanner.current == "=" else { throw expectedEquals(parts) }
        scanner.advance()
        scanner.skipSpaces()
        // The value lives in the table named by all but the last key part; a nested array or inline table
        // sits one level below that.
        let value = try readValue(depth: table.depth + parts.count)
        try insert(parts, TOMLNode(value, line: scanner.line(keyStart)), into: table)
    }

    private func expectedEquals(_ parts: [KeyPart]) -> TOMLError {
        let key = Display.key(parts.map(\.name))
        if let c = scanner.current, CharClass.isBare(c) {
            return scanner.error("expected = after the key \(key) (quote keys that contain spaces, e.g. \"my key\" = 1)")
        }
        if scanner.atLineEnd || scanner.current == "#" {
            return scanner.error("expected = after the key \(key) (a key needs a value, e.g. name = \"text\")")
        }
        return scanner.error("expected = after the key \(key), found \(Display.scalar(scanner.current))")
    }

    // MARK: - Keys

    enum KeyContext { case header, pair }

    /// Reads a possibly dotted key and the spaces after it.
    mutating func readKey(_ context: KeyContext) throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            scanner.skipSpaces()
            let start = scanner.pos
            guard let c = scanner.current else { throw keyError(context, at: start, afterDot: !parts.isEmpty) }
            let name: String
            if c == "\"" {
                if scanner.atTripleQuote { throw scanner.error("a key cannot be a \"\"\" string; use \"...\"") }
                name = try scanner.readBasicString()
            } else if c == "'" {
                if scanner.atTripleApostrophe { throw scanner.error("a key cannot be a ''' string; use '...'") }
                name = try scanner.readLiteralString()
            } else if CharClass.isBare(c) {
                while let b = scanner.current, CharClass.isBare(b) {
                    scanner.advance()
                }
                // `ab确认` or `a/b`: report the whole word rather than a confusing "expected =" after `ab`.
                if let next = scanner.current, !CharClass.endsWord(next) { throw notBare(context, at: start) }
                name = String(String.UnicodeScalarView(scanner.scalars[start..<scanner.pos]))
            } else {
                throw keyError(context, at: start, afterDot: !parts.isEmpty)
            }
            parts.append(KeyPart(name: name, pos: start))
            if parts.count > TOMLParser.maxDepth { throw tooDeep(at: start) }
            scanner.skipSpaces()
            guard scanner.current == "." else { return parts }
            scanner.advance()
        }
    }

    private func keyError(_ context: KeyContext, at start: Int, afterDot: Bool) -> TOMLError {
        let c = scanner.scalar(at: start)
        if let c, c.value >= 0x80, !scanner.word(at: start).isEmpty { return notBare(context, at: start) }
        if let c, c.properties.isWhitespace, c != "\n", c != "\r" {
            return scanner.error("\(Display.escaped(c)) is a special space; use a plain space or tab", at: start)
        }
        switch context {
        case .header:
            if afterDot { return scanner.error("expected a key after the dot, e.g. [a.b]", at: start) }
            return scanner.error("a table header must be a key, e.g. [name]", at: start)
        case .pair:
            if afterDot { return scanner.error("expected a key after the dot, e.g. a.b = 1", at: start) }
            if c == "=" { return scanner.error("expected a key before =", at: start) }
            return scanner.error("expected a key, e.g. name = \"text\", found \(Display.scalar(c))", at: start)
        }
    }

    private func notBare(_ context: KeyContext, at start: Int) -> TOMLError {
        let word = scanner.word(at: start)
        let example = context == .header ? "[" + Display.quoted(word) + "]" : Display.quoted(word) + " = ..."
        return scanner.error(
            "\(Display.text(word)) is not a bare key (those use only A-Z a-z 0-9 _ -): quote it, e.g. \(example)", at: start)
    }
}
