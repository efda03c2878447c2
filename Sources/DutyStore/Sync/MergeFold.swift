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
    private(set) var stable = DutyState()
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
        var upTo = newest.mapValues(\.seq)
        var fresh: [JournalRecord] = []
        for r in records.sorted(by: { ($0.node, $0.seq) < ($1.node, $1.seq) }) where r.seq > upTo[r.node, default: 0] {
            fresh.append(r)
            upTo[r.node] = r.seq
        }
        guard !fresh.isEmpty else { return true }
        if let f = frontier, fresh.contains(where: { !JournalRecord.mergeOrder(f, $0) }) { return false }
        let sorted = fresh.sorted(by: JournalRecord.mergeOrder)
        let lastFolded = tail.last ?? lastStable
        for r in sorted where newest[r.node].map({ r.seq > $0.seq }) ?? true { newest[r.node] = r }
        if lastFolded.map({ JournalRecord.mergeOrder($0, sorted[0]) }) ?? true {
            // After everything folded so far (this console's own changes, a peer in step): no
            // refold, only the new records.
            tail += sorted
            for r in sorted { state.apply(r.op, r.context) }
        } else {
            tail = merge(tail, sorted)
            state = stable
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
            stable = state
        } else {
            for r in tail[0..<n] { stable.apply(r.op, r.context) }
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
