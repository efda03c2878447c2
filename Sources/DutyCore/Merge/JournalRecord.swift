/// One line of the journal: an op with who, when, where and its place in the hash chain.
public struct JournalRecord: Hashable, Sendable {
    public var node: String
    public var seq: Int
    public var hlc: HLC
    public var wall: Instant
    public var actor: String
    /// SHA-256 (hex) of the previous record's line, zeros for the first.
    public var prev: String
    public var op: Op
    /// SHA-256 (hex) of this record's line up to the hash field.
    public var hash: String

    public init(node: String, seq: Int, hlc: HLC, wall: Instant, actor: String, prev: String, op: Op, hash: String) {
        self.node = node
        self.seq = seq
        self.hlc = hlc
        self.wall = wall
        self.actor = actor
        self.prev = prev
        self.op = op
        self.hash = hash
    }

    public var context: OpContext { OpContext(actor: actor, at: wall, node: node, seq: seq) }

    /// The one order every console folds records in, whatever order they arrived in: clock, then
    /// node, then sequence.
    public static func mergeOrder(_ a: JournalRecord, _ b: JournalRecord) -> Bool {
        (a.hlc, a.node, a.seq) < (b.hlc, b.node, b.seq)
    }

    /// `records` in `mergeOrder`. Sorts small keys and moves each record once: sorting the
    /// records themselves moves whole records (with their ops) at every step.
    public static func inMergeOrder(_ records: [JournalRecord]) -> [JournalRecord] {
        guard records.count > 1 else { return records }
        let order = records.withUnsafeBufferPointer { r in
            r.indices.sorted { i, j in
                if r[i].hlc != r[j].hlc { return r[i].hlc < r[j].hlc }
                if r[i].node != r[j].node { return r[i].node < r[j].node }
                return r[i].seq < r[j].seq
            }
        }
        return order.map { records[$0] }
    }

    /// The state of a set of records from any number of consoles: duplicates dropped (a record is
    /// its node and sequence), the rest folded in `mergeOrder`. Equal sets, equal states.
    public static func fold(_ records: [JournalRecord]) -> DutyState {
        var seen: Set<String> = []
        var state = DutyState()
        for r in inMergeOrder(records) where seen.insert("\(r.node)\u{1F}\(r.seq)").inserted {
            state.apply(r.op, r.context)
        }
        return state
    }

    public static let genesis = String(repeating: "0", count: 64)
}
