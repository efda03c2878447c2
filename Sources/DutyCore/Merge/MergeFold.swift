/// The state of several consoles' records kept up to date as records arrive, without folding
/// everything again each time.
///
/// Records are folded in `JournalRecord.mergeOrder`. Each console's clock only moves forward and
/// its records arrive in sequence, so nothing still to come from a console sorts before the newest
/// record already here from it; nothing still to come from anyone sorts before the oldest of
/// those newest records: the frontier. Records up to the frontier are folded once, into `stable`;
/// only those after it (the tail: the last moments, or what happened since a console went quiet)
/// are folded again when something arrives among them.
public struct MergeFold {
    /// The fold up to the frontier; while nothing is after it (`tail` empty) it is `state` itself,
    /// kept only there: a second copy would be copied whole on the next change.
    private var stable: DutyState?
    private var tail: [JournalRecord] = []
    /// Each tail record's `Op.commuteKeys`, in the tail's order.
    private var tailKeys: [[String]] = []
    /// Records folded again because one arrived among others it did not commute with: for tests.
    public private(set) var refoldedRecords = 0
    /// Per console, its newest record here.
    private var newest: [String: MergeKey] = [:]
    /// The last record folded into `stable`.
    public private(set) var lastStable: MergeKey?
    public private(set) var state = DutyState()
    /// What consoles said of themselves on the share (`Frontier`): how far the fold may settle.
    private var hints = Frontier()
    /// Records folded into `stable` (the part that is kept): each exactly once, whatever order
    /// they arrive in. Counted for the tests that say so.
    public private(set) var settledFolds = 0

    /// How far each console's records still to come can reach back. A console's clock only moves
    /// forward, so its checkpoint on the share can promise that nothing it publishes later sorts
    /// before a floor; with floors, a console that writes nothing (a quiet street office at night)
    /// no longer holds back what the others' records settle, and the part folded again when
    /// records arrive out of order stays the last moments, not the hours since it last wrote.
    public struct Frontier: Equatable, Sendable {
        /// Per console, a key every record it will still publish sorts after.
        public var floors: [String: MergeKey] = [:]
        /// Consoles known to be there (on the share) whose records may come, though none has yet:
        /// nothing settles past them until they have a floor or a record.
        public var known: Set<String> = []
        /// Consoles not waited for (switched off for long): a record of theirs that arrives
        /// behind the frontier costs one fold of everything again, not a tail that never settles.
        public var away: Set<String> = []

        public init(floors: [String: MergeKey] = [:], known: Set<String> = [], away: Set<String> = []) {
            self.floors = floors
            self.known = known
            self.away = away
        }
    }

    public init(_ records: [JournalRecord]) {
        _ = add(JournalRecord.inMergeOrder(records))
    }

    /// Picks up from a snapshot: `stable` is the fold of every record up to `lastStable`, and
    /// `folded` names each console's last record in it. Records still to be added must come
    /// after `lastStable`; one that does not makes `add` answer false (a console never seen
    /// before with old records), and the caller folds everything from the files.
    public init(stable: DutyState, lastStable: MergeKey?, folded: [String: MergeKey]) {
        state = stable
        self.lastStable = lastStable
        newest = folded
    }

    /// Where the console that is furthest behind stands (its newest record, or its floor when
    /// that is later): nothing to come sorts before it (nor before what is already settled).
    private var frontier: MergeKey? {
        var behind: MergeKey?
        for node in hints.known.union(newest.keys) where !hints.away.contains(node) {
            let at: MergeKey
            switch (newest[node], hints.floors[node]) {
            case (let record?, let floor?): at = max(record, floor)
            case (let record?, nil): at = record
            case (nil, let floor?): at = floor
            case (nil, nil): return lastStable
            }
            behind = behind.map { min($0, at) } ?? at
        }
        guard let behind else { return lastStable }
        return lastStable.map { max($0, behind) } ?? behind
    }

    /// Takes in what the consoles said of themselves, and settles what that lets settle.
    public mutating func update(_ frontier: Frontier) {
        guard frontier != hints else { return }
        hints = frontier
        settle()
    }

    /// The fold up to `lastStable`: what a snapshot keeps.
    public var stableState: DutyState { stable ?? state }

    /// Per console, how many of its newest records are after `lastStable`.
    public var unsettled: [String: Int] {
        tail.reduce(into: [:]) { $0[$1.node, default: 0] += 1 }
    }

    /// Folds in records (any order, each console's in sequence). False when one sorts at or
    /// before the frontier, which a console's records never should: the caller folds everything
    /// again from the files.
    public mutating func add(_ records: [JournalRecord]) -> Bool {
        // A record is its console and sequence: one already here is not folded twice.
        guard !records.isEmpty else { return true }
        // One console's records in sequence (a segment, this console's own): already in merge
        // order, since a console's clock only moves forward; sorting thousands is skipped.
        let inSequence = records.indices.dropFirst().allSatisfy {
            records[$0].node == records[0].node && records[$0].seq == records[$0 - 1].seq + 1
        }
        let sorted: [JournalRecord]
        if inSequence {
            let upTo = newest[records[0].node]?.seq ?? 0
            sorted = records[0].seq > upTo ? records : records.filter { $0.seq > upTo }
        } else {
            var upTo = newest.mapValues(\.seq)
            var fresh: [JournalRecord] = []
            for r in records.sorted(by: { ($0.node, $0.seq) < ($1.node, $1.seq) }) where r.seq > upTo[r.node, default: 0] {
                fresh.append(r)
                upTo[r.node] = r.seq
            }
            sorted = JournalRecord.inMergeOrder(fresh)
        }
        guard !sorted.isEmpty else { return true }
        if let f = frontier, sorted.contains(where: { $0.key <= f }) { return false }
        let lastFolded = tail.last?.key ?? lastStable
        for r in sorted where newest[r.node].map({ r.seq > $0.seq }) ?? true { newest[r.node] = r.key }
        if lastFolded.map({ $0 < sorted[0].key }) ?? true {
            // After everything folded so far (this console's own changes, a peer in step): no
            // refold, only the new records; those up to the frontier settle as they go.
            var i = 0
            if tail.isEmpty, let f = frontier {
                while i < sorted.count, sorted[i].key <= f {
                    state.apply(sorted[i].op, sorted[i].context)
                    lastStable = sorted[i].key
                    i += 1
                }
                settledFolds += i
            }
            if i < sorted.count {
                if tail.isEmpty { stable = state }
                tail += sorted[i...]
                tailKeys += sorted[i...].map(\.op.commuteKeys)
                for r in sorted[i...] { state.apply(r.op, r.context) }
            }
        } else {
            // Among the unsettled records: folded where they land when they share no part of the
            // state with any record already folded after them; else the unsettled part again.
            let newKeys = sorted.map(\.op.commuteKeys)
            let start = tail.firstIndex { $0.key > sorted[0].key } ?? tail.count
            var later = Set<String>()
            for keys in tailKeys[start...] { later.formUnion(keys) }
            let commute = newKeys.allSatisfy { later.isDisjoint(with: $0) }
            (tail, tailKeys) = merge(tail, tailKeys, sorted, newKeys)
            if stable == nil { stable = state }
            if commute {
                for r in sorted { state.apply(r.op, r.context) }
            } else {
                state = stable!
                for r in tail { state.apply(r.op, r.context) }
                refoldedRecords += tail.count
            }
        }
        settle()
        return true
    }

    /// Moves the records up to the frontier from the tail into `stable`, folding each once.
    private mutating func settle() {
        guard let f = frontier else { return }
        var n = 0
        while n < tail.count, tail[n].key <= f { n += 1 }
        guard n > 0 else { return }
        lastStable = tail[n - 1].key
        if n == tail.count {
            // Everything is settled: the state is exactly the stable part.
            stable = nil
        } else {
            for r in tail[0..<n] { stable!.apply(r.op, r.context) }
        }
        settledFolds += n
        tail.removeFirst(n)
        tailKeys.removeFirst(n)
    }

    private func merge(_ a: [JournalRecord], _ aKeys: [[String]], _ b: [JournalRecord], _ bKeys: [[String]])
        -> ([JournalRecord], [[String]]) {
        var out: [JournalRecord] = []
        var keys: [[String]] = []
        out.reserveCapacity(a.count + b.count)
        keys.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && JournalRecord.mergeOrder(a[i], b[j])) {
                out.append(a[i])
                keys.append(aKeys[i])
                i += 1
            } else {
                out.append(b[j])
                keys.append(bKeys[j])
                j += 1
            }
        }
        return (out, keys)
    }
}

/// A record's place in the one fold order: clock, then console, then sequence.
public struct MergeKey: Hashable, Comparable, Sendable {
    public var hlc: HLC
    public var node: String
    public var seq: Int

    public init(hlc: HLC, node: String, seq: Int) {
        self.hlc = hlc
        self.node = node
        self.seq = seq
    }

    public static func < (a: MergeKey, b: MergeKey) -> Bool { (a.hlc, a.node, a.seq) < (b.hlc, b.node, b.seq) }

    /// After every record stamped `hlc` or earlier, before every one stamped later: a console's
    /// floor as a place in the order.
    public static func floor(_ hlc: HLC) -> MergeKey { MergeKey(hlc: hlc, node: "\u{10FFFF}", seq: .max) }
}

extension JournalRecord {
    public var key: MergeKey { MergeKey(hlc: hlc, node: node, seq: seq) }
}
