/// What an outgoing shift hands over, worked out from the state at the moment of handing over:
/// the open matters (alerts, 三查 items, calls that did not get through) and what happened in the
/// shift. The console shows it in pane 6; `summary` is the text kept with the handover op, so the
/// record says what the lead saw when signing off, whatever changes later.
public struct HandoverDraft: Hashable, Sendable {
    /// The shift being handed over: the one on duty at `at` (or, between shifts, the last one).
    public var shiftStart: Instant
    public var shiftEnd: Instant
    public var outgoing: [DutySlot]
    public var incoming: [DutySlot]
    public var unacknowledged: [Alert]
    public var unresolved: [Alert]
    /// Per street: items of the open round's current phase not yet checked, and problems found.
    public var checksLeft: [CheckProgress]
    public var roundTitle: String?
    public var callsNotReached: [CallEntry]
    /// Reports still owed upward, soonest first (a missed one first of all).
    public var reportsDue: [OwedReport]

    public struct OwedReport: Hashable, Sendable {
        public var alert: Alert
        public var due: ReportDue
    }
    /// In the shift: alerts received, alerts resolved, calls made, checklist items ticked.
    public var received: Int
    public var resolved: Int
    public var callsMade: Int
    public var ticks: Int
    /// Red and orange alerts received in the shift: what the incoming lead should hear about.
    public var notable: [Alert]

    /// The moment the draft was made: deadlines in the summary are told against it.
    public var at: Instant
    public var calendar: LocalCalendar

    /// The summary as kept in the journal, one matter a line, in the duty room's Chinese.
    public var summary: String {
        var lines: [String] = []
        lines.append("未确认警情 \(unacknowledged.count) 起" + list(unacknowledged.map { "\($0.level.chinese) \($0.content.title)" }))
        lines.append("处置中/已确认未结 \(unresolved.count) 起" + list(unresolved.map { "\($0.level.chinese) \($0.content.title)" }))
        if let roundTitle {
            let left = checksLeft.reduce(0) { $0 + $1.total - $1.done }, problems = checksLeft.reduce(0) { $0 + $1.problems }
            lines.append("三查 \(roundTitle)：未查 \(left) 项，问题 \(problems) 处"
                + list(checksLeft.filter { $0.done < $0.total }.map { "\($0.street) \($0.total - $0.done)" }))
        } else {
            lines.append("三查：无进行中的一轮")
        }
        lines.append("待上报 \(reportsDue.count) 项" + list(reportsDue.map { r in
            let when = calendar.localTime(r.due.due)
            let missed = r.due.isMissed(at: at) ? "（已超时）" : ""
            return "\(r.alert.content.title) \(r.due.stage.chinese) \(when)前\(missed)"
        }))
        lines.append("未接通电话 \(callsNotReached.count) 个" + list(callsNotReached.map { "\($0.person) \($0.phone)" }))
        lines.append("本班接报 \(received) 起，办结 \(resolved) 起，电话 \(callsMade) 个，三查勾选 \(ticks) 项")
        if !notable.isEmpty {
            lines.append("重要警情：" + notable.map { "\($0.level.chinese) \($0.content.title)" }.joined(separator: "；"))
        }
        return lines.map(InertText.line).joined(separator: "\n")
    }

    private func list(_ items: [String]) -> String {
        guard !items.isEmpty else { return "" }
        let shown = items.prefix(5).joined(separator: "；")
        return "：" + shown + (items.count > 5 ? "；等 \(items.count) 项" : "")
    }
}

extension DutyState {
    /// The draft for handing over at `at`.
    public func handoverDraft(at: Instant, _ cal: LocalCalendar,
                              deadlines: [AlertLevel: ReportDeadlines] = ReportDeadlines.defaults) -> HandoverDraft {
        let current = onDuty(at: at, cal)
        let outgoing: [DutySlot]
        if !current.isEmpty {
            outgoing = current
        } else {
            // Between shifts (a gap, or just after the end): the latest shift that has ended.
            let ended = slots.values.filter { $0.endInstant(cal) <= at }
            let last = ended.map { $0.endInstant(cal) }.max()
            outgoing = ended.filter { $0.endInstant(cal) == last }.sorted(by: DutySlot.displayOrder)
        }
        let start = outgoing.map { $0.startInstant(cal) }.min() ?? at.adding(seconds: -86_400)
        let end = outgoing.map { $0.endInstant(cal) }.max() ?? at
        let next = nextShift(after: at, cal)
        // Test and exercise messages, and alerts for other places, are never handed over as the
        // district's matters.
        let open = openAlertsByUrgency.filter(\.content.isCounted)
        let inShift = { (t: Instant) in start <= t && t <= at }
        var resolvedCount = 0
        var ticks = 0
        if let round = openRound { ticks = round.ticks.filter { inShift($0.stamp.at) }.count }
        for a in alerts.values where a.events.contains(where: { $0.kind == .resolved && inShift($0.stamp.at) }) { resolvedCount += 1 }
        let receivedInShift = alerts.values.filter { $0.content.isCounted && inShift($0.received.at) }
        return HandoverDraft(
            shiftStart: start, shiftEnd: end,
            outgoing: outgoing, incoming: next?.slots ?? [],
            unacknowledged: open.filter { $0.status == .new },
            unresolved: open.filter { $0.status != .new },
            checksLeft: openRound.map { progress(of: $0).sorted { ($0.total - $0.done, $1.street) > ($1.total - $1.done, $0.street) } } ?? [],
            roundTitle: openRound?.title,
            callsNotReached: callsNotReached(since: start),
            reportsDue: open.compactMap { a in a.owedReport(deadlines).map { HandoverDraft.OwedReport(alert: a, due: $0) } }
                .sorted { ($0.due.due, $0.alert.id) < ($1.due.due, $1.alert.id) },
            received: receivedInShift.count,
            resolved: resolvedCount,
            callsMade: calls.filter { inShift($0.stamp.at) }.count,
            ticks: ticks,
            notable: receivedInShift.filter { $0.level <= .orange }.sorted(by: Alert.urgencyOrder),
            at: at, calendar: cal)
    }
}

extension DutyState {
    /// Why `actor` cannot sign or return the waiting handover now, or nil when they can.
    public func handoverAnswerRefusal(by actor: String) -> HandoverRefusal? {
        guard let h = pendingHandover else { return .nothingWaiting }
        guard h.status == .pending else { return .returned(h.id) }
        guard h.submitted.actor != actor else { return .ownHandover(h.id) }
        return nil
    }
}

/// Why a handover cannot be signed or returned: the console and the command line word it.
public enum HandoverRefusal: Hashable, Sendable, CustomStringConvertible {
    case nothingWaiting
    /// It was returned and waits for a new handover.
    case returned(String)
    /// The one who handed it over cannot answer it.
    case ownHandover(String)

    public var description: String {
        switch self {
        case .nothingWaiting: "no handover is waiting to be signed"
        case .returned(let id): "handover \(id) was returned; it waits for a new handover"
        case .ownHandover(let id): "the one who handed \(id) over cannot sign it too"
        }
    }

    public var chinese: String {
        switch self {
        case .nothingWaiting: "没有待签收的交接"
        case .returned(let id): "交接 \(id) 已退回，待重新交班"
        case .ownHandover(let id): "交接 \(id) 是本人提交的，须由接班领导签收"
        }
    }
}
