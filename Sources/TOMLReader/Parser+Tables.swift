/// The rules about which tables may be created, defined and extended, and from where (TOML 1.0, "Table",
/// "Inline Table" and "Array of Tables"). Every rule that rejects a document lives here.
extension Parser {
    private func makeTable(_ kind: TableBuilder.Kind, line: Int, depth: Int, at index: Int) throws(TOMLError) -> TableBuilder {
        guard depth <= TOMLParser.maxDepth else { throw tooDeep(at: index) }
        return TableBuilder(kind: kind, line: line, depth: depth)
    }

    /// Why keys cannot be added below an existing value, for messages.
    private func cannotExtend(_ key: String, _ node: TOMLNode, keyLine: Int) -> String {
        if node.table != nil { return "key \(key) is an inline table (line \(keyLine)), which cannot be extended after its closing }" }
        return "key \(key) already holds \(node.typeName) (line \(keyLine))"
    }

    // MARK: - Key/value pairs

    /// Stores a key/value pair. The parts before the last one name tables, created as needed; existing ones
    /// may only be walked into when they were made by dotted keys (or only implied by a header so far).
    mutating func insert(_ parts: [KeyPart], _ node: TOMLNode, into start: TableBuilder) throws(TOMLError) {
        var table = start
        for (n, part) in parts.dropLast().enumerated() {
            // Only built when needed: this loop runs for every dotted key of a document.
            var shown: String { Display.key(parts[...n].map(\.name)) }
            switch table[part.name] {
            case nil:
                let child = try makeTable(.dotted, line: node.line, depth: table.depth + 1, at: part.pos)
                table.set(part.name, .table(child, keyLine: node.line))
                table = child
            case .table(let child, _):
                switch child.kind {
                case .header, .inline:
                    throw scanner.error(
                        "key \(shown) is a table with its own [header] on line \(child.line); add the key under that header instead",
                        at: part.pos)
                case .implicit:
                    // From now on it counts as made by dotted keys, so a later [header] for it is rejected.
                    child.kind = .dotted
                case .dotted:
                    break
                }
                table = child
            case .tables(let list, _):
                throw scanner.error("key \(shown) is a list of tables ([[...]] on line \(list.line)); dotted keys cannot reach into it",
                                    at: part.pos)
            case .value(let existing, let keyLine):
                let reason = cannotExtend(shown, existing, keyLine: keyLine)
                throw scanner.error(existing.table != nil ? reason : reason + ", not a table", at: part.pos)
            }
        }
        guard let last = parts.last else { return }
        if let existing = table[last.name] {
            let first: Int
            switch existing {
            case .value(_, let keyLine), .table(_, let keyLine), .tables(_, let keyLine): first = keyLine
            }
            throw scanner.error("key \(Display.key(parts.map(\.name))) is defined twice (first on line \(first))", at: last.pos)
        }
        table.set(last.name, .value(node, keyLine: node.line))
    }

    // MARK: - Headers

    /// Walks the parts of a header before its last name: missing tables are implied, lists of tables lead
    /// into their last element, and values (including inline tables) stop the walk.
    private func headerParent(_ parts: [KeyPart], array: Bool, line: Int) throws(TOMLError) -> TableBuilder {
        var table = root
        // Messages are built on use only: these functions run for every header of a document.
        var header: String { Display.header(parts.map(\.name), array: array) }
        for (n, part) in parts.dropLast().enumerated() {
            switch table[part.name] {
            case nil:
                let child = try makeTable(.implicit, line: line, depth: table.depth + 1, at: part.pos)
                table.set(part.name, .table(child, keyLine: line))
                table = child
            case .table(let child, _):
                table = child
            case .tables(let list, _):
                guard let lastItem = list.items.last else { throw scanner.error("\(header) refers to an empty list", at: part.pos) }
                table = lastItem
            case .value(let existing, let keyLine):
                let shown = Display.key(parts[...n].map(\.name))
                throw scanner.error("\(header) cannot be a table: " + cannotExtend(shown, existing, keyLine: keyLine), at: part.pos)
            }
        }
        return table
    }

    /// `[a.b]`: defines a table once; a table only implied so far by an earlier header may be defined now.
    mutating func defineTable(_ parts: [KeyPart], line: Int, at start: Int) throws(TOMLError) -> TableBuilder {
        let parent = try headerParent(parts, array: false, line: line)
        guard let last = parts.last else { throw scanner.error("a table header must be a key, e.g. [name]", at: start) }
        var header: String { Display.header(parts.map(\.name)) }
        var key: String { Display.key(parts.map(\.name)) }
        switch parent[last.name] {
        case nil:
            let table = try makeTable(.header, line: line, depth: parent.depth + 1, at: last.pos)
            parent.set(last.name, .table(table, keyLine: line))
            return table
        case .table(let table, _):
            switch table.kind {
            case .implicit:
                table.kind = .header
                table.line = line
                parent.set(last.name, .table(table, keyLine: line))
                return table
            case .header, .inline:
                throw scanner.error("table \(header) is defined twice (first on line \(table.line))", at: start)
            case .dotted:
                throw scanner.error("table \(header) was already made by dotted keys on line \(table.line); add its keys there instead",
                                    at: start)
            }
        case .tables(let list, _):
            let arrayHeader = Display.header(parts.map(\.name), array: true)
            throw scanner.error("\(header) is a list of tables (first [[...]] on line \(list.line)); write \(arrayHeader) to add one",
                                at: start)
        case .value(let existing, let keyLine):
            if existing.table != nil {
                throw scanner.error("table \(header) is defined twice (first as an inline table on line \(keyLine))", at: start)
            }
            throw scanner.error("\(header) cannot be a table: key \(key) already holds \(existing.typeName) (line \(keyLine))",
                                at: start)
        }
    }

    /// `[[a.b]]`: appends a new table to the list of tables `a.b`, creating the list the first time.
    mutating func appendTable(_ parts: [KeyPart], line: Int, at start: Int) throws(TOMLError) -> TableBuilder {
        let parent = try headerParent(parts, array: true, line: line)
        guard let last = parts.last else { throw scanner.error("a table header must be a key, e.g. [[name]]", at: start) }
        var header: String { Display.header(parts.map(\.name), array: true) }
        var key: String { Display.key(parts.map(\.name)) }
        // The list is one level and each of its tables another.
        let item = try makeTable(.header, line: line, depth: parent.depth + 2, at: last.pos)
        switch parent[last.name] {
        case nil:
            let list = TableList(line: line)
            list.items.append(item)
            parent.set(last.name, .tables(list, keyLine: line))
        case .tables(let list, _):
            list.items.append(item)
        case .table(let table, _):
            throw scanner.error("\(header) needs a list of tables, but \(key) is a table (line \(table.line))",
                                at: start)
        case .value(let existing, let keyLine):
            if existing.array != nil {
                throw scanner.error("\(header) cannot add to the list \(key) written with = on line \(keyLine)",
                                    at: start)
            }
            throw scanner.error("\(header) needs a list of tables, but key \(key) holds \(existing.typeName) (line \(keyLine))", at: start)
        }
        return item
    }
}
