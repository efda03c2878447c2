import DutyCore

/// The state a store keeps, and which fold makes it. A console alone applies its journal in
/// order; once other consoles' records are here, the state is everyone's records in one order
/// (`MergeFold`), whatever order they arrived in. The store asks this one value, never which of
/// the two it has, except to write a snapshot (`kind`).
struct StoreFold {
    enum Kind {
        case alone(DutyState)
        case merged(MergeFold)
    }

    /// The state of a console alone; unused once merged.
    private var alone = DutyState()
    /// Everyone's records in merge order, once there are peers. Kept in an optional rather than
    /// an enum's payload: Swift changes an optional's value in place, while a payload taken out
    /// to change would share the state's tables and copy them all on the first change.
    private var merge: MergeFold?

    init(alone state: DutyState = DutyState()) { alone = state }

    init(merged: MergeFold) { merge = merged }

    /// Everyone's records (this console's and its peers'), folded in merge order from the start.
    init(merging records: [JournalRecord], frontier: MergeFold.Frontier) {
        var m = MergeFold(records)
        m.update(frontier)
        merge = m
    }

    var kind: Kind { merge.map { .merged($0) } ?? .alone(alone) }
    var isMerged: Bool { merge != nil }
    var state: DutyState { merge?.state ?? alone }

    /// Records folded into the kept part of the merged fold so far (each once): for tests.
    var settledFolds: Int { merge?.settledFolds ?? 0 }

    /// Folds records in: a console alone gets its own in journal order; merged, any console's,
    /// in any order. False when the merged fold cannot place them (they sort before what it
    /// settled): the caller folds everything again from the files.
    mutating func add(_ records: [JournalRecord]) -> Bool {
        guard !records.isEmpty else { return true }
        if merge != nil { return merge!.add(records) }
        for r in records { alone.apply(r.op, r.context) }
        return true
    }

    /// Takes in records whose fold the caller already made on a copy (a batch checked op by op
    /// before it was written): alone, that copy is the new state and nothing is applied twice.
    mutating func add(_ records: [JournalRecord], foldedAs folded: DutyState) -> Bool {
        if merge != nil { return merge!.add(records) }
        alone = folded
        return true
    }

    /// What the consoles on the share said of themselves: lets the merged fold settle past a
    /// quiet one. Nothing for a console alone.
    mutating func update(_ frontier: MergeFold.Frontier) {
        merge?.update(frontier)
    }
}
