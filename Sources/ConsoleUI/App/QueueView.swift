import DutyCore

/// What the console works out from the duty state and its settings alone: the queue in order,
/// its groups with each row made, the signals, the counts and the open round's progress.
/// With thousands of open alerts (a feed catching up after an outage) this takes tens of
/// milliseconds, so the running console works it out beside the key loop, on the thread that
/// reads the store, and hands it in with the state (`Message.storeChanged`); a key never waits
/// for it. It holds nothing that a keypress changes: which groups are open is applied after.
public struct QueueView: Sendable {
    /// Open alerts, most urgent first: the district's real ones, then its tests and exercises,
    /// then those for other places (区外).
    public let queue: [Alert]
    /// Alike alerts (indices into `queue`), each group's most urgent member first.
    let groups: [AlertGroup]
    /// Per group: its row, closed (the rows as the console mostly shows them), and for groups
    /// of several, its members' rows.
    let closedRows: [QueueRow]
    let memberRows: [[QueueRow]]
    /// Real weather signals for the district not lifted, one list per kind (most urgent first, only those that
    /// could be the kind's signal in force at some moment), kinds by their most urgent signal.
    let signalsByKind: [[Alert]]
    let realOpenCount: Int
    let notRealCount: Int
    let outsideCount: Int
    /// Each unacknowledged real alert of the district, small: the header counts these every second.
    let waiting: [ConsoleState.Waiting]
    /// Each report upward owed on an open real alert, small: the header counts the late ones.
    let owedReports: [ConsoleState.OwedReport]
    let roundTicks: [TickKey: Tick]
    let roundProgress: [CheckProgress]

    public init(duty: DutyState, settings: ConsoleSettings) {
        let open = duty.openAlertsByUrgency
        // A red exercise above a real yellow report would send the officer the wrong way, and
        // so would a red alert for another city.
        let queue = open.filter(\.content.isCounted) + open.filter { !$0.content.isReal && !$0.content.isOutside }
            + open.filter(\.content.isOutside)
        self.queue = queue
        realOpenCount = open.count(where: \.content.isCounted)
        outsideCount = open.count(where: \.content.isOutside)
        notRealCount = open.count - realOpenCount - outsideCount
        groups = AlertGroup.groups(queue)
        (closedRows, memberRows) = AlertGroup.rowParts(queue, groups, deadlines: settings.deadlines, ackWithin: settings.acknowledgeWithin)
        var byKind: [[Alert]] = []
        var slot: [String: Int] = [:]
        for a in queue where WarningSignal.isSignal(a) && a.content.isCounted && !a.isLifted {
            if let i = slot[a.content.kind] {
                byKind[i].append(a)
            } else {
                slot[a.content.kind] = byKind.count
                byKind.append([a])
            }
        }
        // The header shows each kind's most urgent signal not yet expired. One further down the
        // list can only be that if it outlasts every one above it, so only those are kept: a day
        // of expired signals nobody closed must not be walked on every frame.
        signalsByKind = byKind.map { list in
            var kept: [Alert] = []
            var outlasts = Instant(ms: .min)
            for a in list {
                guard let e = a.content.expires else {
                    kept.append(a)
                    break
                }
                if e > outlasts {
                    kept.append(a)
                    outlasts = e
                }
            }
            return kept
        }
        waiting = queue.compactMap {
            $0.status == .new && $0.content.isCounted
                ? ConsoleState.Waiting(id: $0.id, level: $0.level, received: $0.received.at, lifted: $0.isLifted,
                                       expires: $0.content.expires, rang: false)
                : nil
        }
        owedReports = queue.compactMap { a in
            a.owedReport(settings.deadlines).map { ConsoleState.OwedReport(due: $0.due, lifted: a.isLifted, expires: a.content.expires) }
        }
        if let round = duty.openRound {
            roundTicks = duty.latestTicks(round)
            roundProgress = duty.progress(of: round)
        } else {
            roundTicks = [:]
            roundProgress = []
        }
    }

    /// The queue as listed: the members of open groups under their group's row.
    func rows(open: Set<String>) -> [QueueRow] {
        if open.isEmpty { return closedRows }
        var rows: [QueueRow] = []
        rows.reserveCapacity(closedRows.count)
        for (i, row) in closedRows.enumerated() {
            guard case .group(let count, _) = row.kind, let key = row.group else {
                rows.append(row)
                continue
            }
            let isOpen = open.contains(key)
            var r = row
            r.kind = .group(count: count, open: isOpen)
            rows.append(r)
            if isOpen { rows += memberRows[i] }
        }
        return rows
    }
}
