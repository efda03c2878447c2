/// Read-only views for the 三查 pane: streets, their hazard points, and done/total per point.
extension DutyState {
    /// Streets that have hazard points, in the district's order (streets the district list does
    /// not know come last, by name).
    public var checkStreets: [String] {
        let order = Dictionary(uniqueKeysWithValues: Haizhu.streets.enumerated().map { ($1, $0) })
        return Set(hazardPoints.values.map(\.street)).sorted { (order[$0] ?? 99, $0) < (order[$1] ?? 99, $1) }
    }

    /// The hazard points of a street, by id (the ledger's own order).
    public func hazardPoints(in street: String) -> [HazardPoint] {
        hazardPoints.values.filter { $0.street == street }.sorted { $0.id < $1.id }
    }

    /// Done/total of one point in one phase, given the round's latest ticks (`latestTicks`).
    public func pointProgress(_ point: HazardPoint, phase: CheckPhase, latest: [TickKey: Tick]) -> CheckProgress {
        var p = CheckProgress(street: point.street, done: 0, total: 0, problems: 0)
        for item in items(for: point, phase: phase) {
            p.total += 1
            if let t = latest[TickKey(pointID: point.id, phase: phase, itemID: item.id)] {
                p.done += 1
                if t.result == .problem { p.problems += 1 }
            }
        }
        return p
    }

    /// Done/total per street in one phase, from the round's latest ticks computed once by the caller.
    public func streetProgress(phase: CheckPhase, latest: [TickKey: Tick]) -> [String: CheckProgress] {
        var out: [String: CheckProgress] = [:]
        for point in hazardPoints.values {
            let p = pointProgress(point, phase: phase, latest: latest)
            var g = out[point.street] ?? CheckProgress(street: point.street, done: 0, total: 0, problems: 0)
            g.done += p.done
            g.total += p.total
            g.problems += p.problems
            out[point.street] = g
        }
        return out
    }

    /// Every tick of one item at one point in one phase of a round, oldest first.
    public func tickHistory(_ round: ChecklistRound, pointID: String, phase: CheckPhase, itemID: String) -> [Tick] {
        round.ticks.filter { $0.pointID == pointID && $0.phase == phase && $0.itemID == itemID }
    }
}
