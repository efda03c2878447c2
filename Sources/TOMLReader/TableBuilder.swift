/// The mutable tree built while reading. Classes, because headers and dotted keys reach deep into the tree
/// and add to it over and over; copying value types on the way back up would make that quadratic.
/// The tree is frozen into `TOMLTable` values once the document has been read.
final class TableBuilder {
    /// How a table came to exist, which decides what may still be done to it later.
    enum Kind {
        /// Created only as the parent of a header such as `[a.b]`; `[a]` may still define it once.
        case implicit
        /// Defined by its own `[header]` (or is the root, or an `[[element]]`); closed to dotted keys from
        /// other sections and to a second header.
        case header
        /// Created by dotted keys; may be extended by more dotted keys but never given a header.
        case dotted
        /// The top of an inline table while it is being read.
        case inline
    }

    enum Slot {
        /// A finished value, including inline tables and arrays written with `=`, which are immutable.
        case value(TOMLNode, keyLine: Int)
        case table(TableBuilder, keyLine: Int)
        case tables(TableList, keyLine: Int)
    }

    var kind: Kind
    var line: Int
    /// Nesting level in the final tree (root 0); bounded by `TOMLParser.maxDepth` so freezing, comparing and
    /// destroying the result can recurse safely.
    let depth: Int
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(kind: Kind, line: Int, depth: Int) {
        self.kind = kind
        self.line = line
        self.depth = depth
    }

    subscript(name: String) -> Slot? { slots[name] }

    func set(_ name: String, _ slot: Slot) {
        if slots.updateValue(slot, forKey: name) == nil {
            order.append(name)
        }
    }

    func freeze() -> TOMLTable {
        var table = TOMLTable(line: line, capacity: order.count)
        for name in order {
            guard let slot = slots[name] else { continue }
            switch slot {
            case .value(let node, let keyLine):
                table.set(name, to: node, keyLine: keyLine)
            case .table(let child, let keyLine):
                table.set(name, to: TOMLNode(.table(child.freeze()), line: child.line), keyLine: keyLine)
            case .tables(let list, let keyLine):
                let items = list.items.map { TOMLNode(.table($0.freeze()), line: $0.line) }
                table.set(name, to: TOMLNode(.array(items), line: list.line), keyLine: keyLine)
            }
        }
        return table
    }
}

/// An array of tables made by `[[name]]` headers; unlike arrays written with `=`, later headers append to it.
final class TableList {
    let line: Int
    var items: [TableBuilder] = []

    init(line: Int) { self.line = line }
}
