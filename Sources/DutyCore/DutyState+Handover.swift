/// Read-only views of what a shift hands over: problems found in the round, calls still to make.
extension DutyState {
    /// The items of a round whose latest tick is a problem, oldest first (any phase).
    public func problems(in round: ChecklistRound) -> [Tick] { Self.problems(latest: latestTicks(round)) }

    /// The same from a round's latest ticks, when they are at hand (the console keeps the open
    /// round's: walking every tick of it each second would cost more than the rest of a frame).
    public static func problems(latest: [TickKey: Tick]) -> [Tick] {
        latest.values
            .filter { $0.result == .problem }
            .sorted { ($0.stamp.at, $0.pointID, $0.itemID) < ($1.stamp.at, $1.pointID, $1.itemID) }
    }

    /// Calls made at or after `since` that did not reach the person, unless a later call to the
    /// same person of the same ledger line got through; oldest first.
    public func callsNotReached(since: Instant) -> [CallEntry] {
        let log = calls
        return log.enumerated().compactMap { i, c in
            guard c.outcome == .notReached, c.stamp.at >= since else { return nil }
            let calledBack = log[(i + 1)...].contains {
                $0.outcome == .reached && $0.contactID == c.contactID && $0.role == c.role && $0.stamp.at >= c.stamp.at
            }
            return calledBack ? nil : c
        }
        .sorted { ($0.stamp.at, $0.id) < ($1.stamp.at, $1.id) }
    }
}
