import DutyCore

/// The state of several consoles' records kept up to date as records arrive, without folding
/// everything again each time.
///
/// Records are folded in `JournalRecord.mergeOrder`. Each console's clock only moves forward and
/// its records arrive in sequence, so nothing still to come from a console sorts before the newest
/// record already here from it; nothing still to come from anyone sorts before the oldest of
/// those newest records: the frontier. Records up to the frontier are folded once, into `stable`;
/// only those after it (the tail: the last moments, or what happened since a console went quiet)
/// are folded again when something arrives among them.
struct MergeFold {
    /// The fold up to the frontier; while nothing is after it (`tail` empty) it is `state` itself,
    /// kept only there: a second copy would be copied whole on the next change.
    private var stable: DutyState?
    private var tail: [JournalRecord] = []
    /// Per console, its newest record here.
    private var newest: [String: JournalRecord] = [:]
    /// The last record folded into `stable`.
    private var lastStable: JournalRecord?
    private(set) var state = DutyState()

    init(_ records: [JournalRecord]) {
        _ = add(records.sorted(by: JournalRecord.mergeOrder))
    }

    /// The newest record of the console that is furthest behind: nothing to come sorts before it.
    private var frontier: JournalRecord? {
        newest.values.min(by: JournalRecord.mergeOrder)
    }

    /// Folds in records (any order, each console's in sequence). False when one sorts at or
    /// before the frontier, which a console's records never should: the caller folds everything
    /// again from the files.
    mutating func add(_ records: [JournalRecord]) -> Bool {
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
            sorted = fresh.sorted(by: JournalRecord.mergeOrder)
        }
        guard !sorted.isEmpty else { return true }
        if let f = frontier, sorted.contains(where: { !JournalRecord.mergeOrder(f, $0) }) { return false }
        let lastFolded = tail.last ?? lastStable
        for r in sorted where newest[r.node].map({ r.seq > $0.seq }) ?? true { newest[r.node] = r }
        if lastFolded.map({ JournalRecord.mergeOrder($0, sorted[0]) }) ?? true {
            // After everything folded so far (this console's own changes, a peer in step): no
            // refold, only the new records; those up to the frontier settle as they go.
            let f = frontier!
            var i = 0
            if tail.isEmpty {
                while i < sorted.count, !JournalRecord.mergeOrder(f, sorted[i]) {
                    state.apply(sorted[i].op, sorted[i].context)
                    lastStable = sorted[i]
                    i += 1
                }
            }
            if i < sorted.count {
                if tail.isEmpty { stable = state }
                tail += sorted[i...]
                for r in sorted[i...] { state.apply(r.op, r.context) }
            }
        } else {
            tail = merge(tail, sorted)
            if stable == nil { stable = state }
            state = stable!
            for r in tail { state.apply(r.op, r.context) }
        }
        settle()
        return true
    }

    /// Moves the records up to the frontier from the tail into `stable`, folding each once.
    private mutating func settle() {
        guard let f = frontier else { return }
        var n = 0
        while n < tail.count, !JournalRecord.mergeOrder(f, tail[n]) { n += 1 }
        guard n > 0 else { return }
        lastStable = tail[n - 1]
        if n == tail.count {
            // Everything is settled: the state is exactly the stable part.
            stable = nil
        } else {
            for r in tail[0..<n] { stable!.apply(r.op, r.context) }
        }
        tail.removeFirst(n)
    }

    private func merge(_ a: [JournalRecord], _ b: [JournalRecord]) -> [JournalRecord] {
        var out: [JournalRecord] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && JournalRecord.mergeOrder(a[i], b[j])) {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }
}
