/// A table: keys in document order, each with its value and the line of the key.
public struct TOMLTable: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        var node: TOMLNode
        var keyLine: Int
    }

    /// Line of the table's `[header]`, of the key that created it implicitly, or of its opening brace;
    /// 1 for the root.
    public var line: Int
    /// Keys in the order they first appear in the document. Read-only so it cannot drift from the entries.
    public private(set) var keys: [String]
    private var entries: [String: Entry]

    public init(line: Int = 1) {
        self.line = line
        self.keys = []
        self.entries = [:]
    }

    /// Sized up front by the parser so that freezing a large table does not rehash it repeatedly.
    init(line: Int, capacity: Int) {
        self.init(line: line)
        keys.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }

    public subscript(key: String) -> TOMLNode? { entries[key]?.node }

    /// The line of the key itself, for messages such as "h.toml:7: name must be a string".
    public func line(of key: String) -> Int? { entries[key]?.keyLine }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }

    /// Sets a key, keeping its place when it already exists; for callers building tables by hand (the parser
    /// has already rejected duplicates by the time it uses this).
    public mutating func set(_ key: String, to node: TOMLNode, keyLine: Int? = nil) {
        if entries.updateValue(Entry(node: node, keyLine: keyLine ?? node.line), forKey: key) == nil {
            keys.append(key)
        }
    }
}
