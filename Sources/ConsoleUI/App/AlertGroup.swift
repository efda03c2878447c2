import DutyCore

/// One line of the alert queue: an alert, a group of alike alerts, or a member listed under its
/// open group.
public struct QueueRow: Sendable {
    public enum Kind: Hashable, Sendable {
        case single
        /// Alike alerts on one line: how many, and whether the members are listed under it.
        case group(count: Int, open: Bool)
        case member
    }

    /// What the row shows and what its keys act on (a group's most urgent member).
    public var alert: Alert
    public var kind: Kind
    /// The group's key, for group rows and their members.
    public var group: String?
    /// The next report owed, worked out when the row is made (it changes only with the store);
    /// on a group row the most pressing of its members', so no missed deadline hides in a group.
    public var report: ReportDue?
    /// The alert that owes `report` (a group row's may be another member than the one shown).
    public var reportFor: String?
    /// A group row's members (indices into the queue), and when the first of them that waits
    /// for acknowledgement becomes overdue: a closed group still says it is overdue.
    var members: [Int] = []
    var ackDue: Instant?

    /// What the selection holds on to: a group row and its first member show the same alert,
    /// so the group row has a key of its own.
    public var key: String {
        if case .group = kind, let group { return "group:" + group }
        return alert.id
    }

    static func single(_ a: Alert, deadlines: [AlertLevel: ReportDeadlines]) -> QueueRow {
        let report = a.owedReport(deadlines)
        return QueueRow(alert: a, kind: .single, group: nil, report: report, reportFor: report == nil ? nil : a.id)
    }
}

/// Alike alerts: the same kind (not a warning signal) in the same street, real or not,
/// received within `window` of the group's first. A burst of phone calls about one flooded street is one incident to the
/// duty officer; listing each call pushes everything else off the screen.
struct AlertGroup: Hashable, Sendable {
    /// Thirty minutes: long enough to gather the calls about one flooding, short enough that a
    /// new flooding in the same street an hour later stands on its own.
    static let window: Int64 = 30 * 60 * 1000

    /// The earliest member's id: it stays the same while the group grows.
    let key: String
    /// Indices into the queue, in queue order (most urgent first).
    let members: [Int]

    /// Groups in queue order (by each group's most urgent member). Per store change: sorts
    /// within each kind and street.
    static func groups(_ queue: [Alert]) -> [AlertGroup] {
        var buckets: [String: [Int]] = [:]
        var groups: [AlertGroup] = []
        for (i, a) in queue.enumerated() {
            // Warning signals are never grouped: each is a signal in force (or lifted) in its own
            // right, and an orange one must not hide a yellow one behind a count.
            if WarningSignal.names[a.content.kind] != nil {
                groups.append(AlertGroup(key: a.id, members: [i]))
                continue
            }
            let apart = (a.content.isReal ? "" : "\u{1F}not real") + (a.content.isOutside ? "\u{1F}outside" : "")
            buckets[a.content.kind + "\u{1F}" + a.content.street + apart, default: []].append(i)
        }
        for bucket in buckets.values {
            guard bucket.count > 1 else {
                groups.append(AlertGroup(key: queue[bucket[0]].id, members: bucket))
                continue
            }
            let byTime = bucket.sorted { (queue[$0].received.at, queue[$0].id) < (queue[$1].received.at, queue[$1].id) }
            var current: [Int] = []
            var start = Instant(ms: 0)
            for i in byTime {
                let at = queue[i].received.at
                if !current.isEmpty, at.ms - start.ms >= window {
                    groups.append(AlertGroup(key: queue[current[0]].id, members: current.sorted()))
                    current = []
                }
                if current.isEmpty { start = at }
                current.append(i)
            }
            groups.append(AlertGroup(key: queue[current[0]].id, members: current.sorted()))
        }
        return groups.sorted { $0.members[0] < $1.members[0] }
    }

    /// Each group's row (closed) and its members' rows, made once per store change: which
    /// groups are open is a keypress, and opening one only splices its members in.
    static func rowParts(_ queue: [Alert], _ groups: [AlertGroup], deadlines: [AlertLevel: ReportDeadlines],
                         ackWithin: [AlertLevel: Int]) -> (groups: [QueueRow], members: [[QueueRow]]) {
        var rows: [QueueRow] = []
        var members: [[QueueRow]] = []
        rows.reserveCapacity(groups.count)
        members.reserveCapacity(groups.count)
        for g in groups {
            let head = queue[g.members[0]]
            guard g.members.count > 1 else {
                rows.append(.single(head, deadlines: deadlines))
                members.append([])
                continue
            }
            var row = QueueRow(alert: head, kind: .group(count: g.members.count, open: false), group: g.key, members: g.members)
            var memberRows: [QueueRow] = []
            for i in g.members {
                let a = queue[i]
                let report = a.owedReport(deadlines)
                if let r = report, row.report.map({ r.due < $0.due }) ?? true { (row.report, row.reportFor) = (r, a.id) }
                if let due = a.acknowledgementDue(ackWithin), !a.isLifted, row.ackDue.map({ due < $0 }) ?? true { row.ackDue = due }
                memberRows.append(QueueRow(alert: a, kind: .member, group: g.key, report: report, reportFor: report == nil ? nil : a.id))
            }
            rows.append(row)
            members.append(memberRows)
        }
        return (rows, members)
    }
}
