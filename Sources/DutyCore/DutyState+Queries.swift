/// Read-only views of the state that the command line, the report and the console share.
extension DutyState {
    public var openRound: ChecklistRound? {
        rounds.live.values.max { ($0.opened.at, $0.id) < ($1.opened.at, $1.id) }
    }

    /// Open alerts, most severe first, then unacknowledged before acknowledged, then oldest first.
    public var openAlertsByUrgency: [Alert] {
        Alert.sortedByUrgency(alerts.live.values)
    }

    public var alertsByReceived: [Alert] {
        alerts.values.sorted { ($0.received.at, $0.id) < ($1.received.at, $1.id) }
    }

    public func slots(on date: LocalDate) -> [DutySlot] {
        slots.dated(from: date, through: date).sorted(by: DutySlot.displayOrder)
    }

    /// The slots whose shift covers `t`.
    public func onDuty(at t: Instant, _ cal: LocalCalendar) -> [DutySlot] {
        let today = cal.localDate(t)
        return slots.dated(from: today.adding(days: -1), through: today)
            .filter { $0.covers(t, cal) }
            .sorted(by: DutySlot.displayOrder)
    }

    /// The next shift: every slot starting at the earliest start after `t` (within two weeks).
    public func nextShift(after t: Instant, _ cal: LocalCalendar) -> (start: Instant, slots: [DutySlot])? {
        let today = cal.localDate(t)
        let horizon = today.adding(days: 14)
        let later = slots.dated(from: today, through: horizon).filter { $0.startInstant(cal) > t }
        guard let first = later.map({ $0.startInstant(cal) }).min() else { return nil }
        return (first, later.filter { $0.startInstant(cal) == first }.sorted(by: DutySlot.displayOrder))
    }

    /// The latest tick of every (point, phase, item) in a round.
    public func latestTicks(_ round: ChecklistRound) -> [TickKey: Tick] {
        var latest: [TickKey: Tick] = [:]
        for t in round.ticks { latest[TickKey(pointID: t.pointID, phase: t.phase, itemID: t.itemID)] = t }
        return latest
    }

    /// Items due at a hazard point in a phase.
    public func items(for point: HazardPoint, phase: CheckPhase) -> [ChecklistItem] {
        (templates[phase]?.items ?? []).filter { $0.applies(to: point.type) }
    }

    /// Done/total per street for a round's current phase, in the district's street order; streets
    /// with no hazard points are left out.
    public func progress(of round: ChecklistRound, phase: CheckPhase? = nil) -> [CheckProgress] {
        let phase = phase ?? round.phase
        let latest = latestTicks(round)
        var byStreet: [String: CheckProgress] = [:]
        for p in hazardPoints.values {
            for item in items(for: p, phase: phase) {
                var g = byStreet[p.street] ?? CheckProgress(street: p.street, done: 0, total: 0, problems: 0)
                g.total += 1
                if let t = latest[TickKey(pointID: p.id, phase: phase, itemID: item.id)] {
                    g.done += 1
                    if t.result == .problem { g.problems += 1 }
                }
                byStreet[p.street] = g
            }
        }
        let order = Dictionary(uniqueKeysWithValues: Haizhu.streets.enumerated().map { ($1, $0) })
        return byStreet.values.sorted { (order[$0.street] ?? 99, $0.street) < (order[$1.street] ?? 99, $1.street) }
    }

    public var pendingHandover: Handover? {
        handovers.last.flatMap { $0.status == .accepted ? nil : $0 }
    }
}

public struct TickKey: Hashable, Sendable {
    public var pointID: String
    public var phase: CheckPhase
    public var itemID: String
    public init(pointID: String, phase: CheckPhase, itemID: String) {
        self.pointID = pointID
        self.phase = phase
        self.itemID = itemID
    }
}

extension Alert {
    public static func urgencyOrder(_ a: Alert, _ b: Alert) -> Bool {
        if a.level != b.level { return a.level < b.level }
        let an = a.status == .new, bn = b.status == .new
        if an != bn { return an }
        if a.received.at != b.received.at { return a.received.at < b.received.at }
        return a.id < b.id
    }

    /// `alerts` with those for other places (区外) after the district's, in order otherwise:
    /// another city's red alert must not stand above the district's yellow one.
    public static func districtFirst(_ alerts: [Alert]) -> [Alert] {
        alerts.filter { !$0.content.isOutside } + alerts.filter(\.content.isOutside)
    }

    /// `urgencyOrder`, sorting small keys rather than alerts: an alert is a large value and a
    /// sort moves each one some log n times (7,000 open alerts after a feed outage took 60 ms).
    public static func sortedByUrgency(_ alerts: some Collection<Alert>) -> [Alert] {
        let all = Array(alerts)
        var keys = all.indices.map { i in
            UrgencyKey(rank: all[i].level.severityRank, waiting: all[i].status == .new, at: all[i].received.at.ms, index: i)
        }
        keys.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.waiting != b.waiting { return a.waiting }
            if a.at != b.at { return a.at < b.at }
            return all[a.index].id < all[b.index].id
        }
        return keys.map { all[$0.index] }
    }
}

private struct UrgencyKey {
    let rank: Int
    let waiting: Bool
    let at: Int64
    let index: Int
}

extension DutySlot {
    public static func displayOrder(_ a: DutySlot, _ b: DutySlot) -> Bool {
        (a.date, a.start, a.role.rank, a.role.name, a.person, a.id) < (b.date, b.start, b.role.rank, b.role.name, b.person, b.id)
    }
}
