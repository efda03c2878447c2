/// The day's duty log (值班日志): who was on duty, every alert with its timeline, the calls, the
/// 三查 rounds with completion per street, the handovers with their notes and signatures.
/// Built from the state alone, so the same store gives the same report.
public struct DutyReport: Sendable {
    public let day: LocalDate
    public let calendar: LocalCalendar
    public let slots: [DutySlot]
    public let changes: [RosterChange]
    public let gaps: [CoverGap]
    public let alerts: [Alert]
    public let calls: [CallEntry]
    public let rounds: [(round: ChecklistRound, progress: [CheckProgress])]
    public let handovers: [Handover]

    /// Everything that touched `day` (00:00–24:00 local): slots running into it (last night's
    /// shift included), alerts received that day or with something recorded on it.
    public init(_ state: DutyState, day: LocalDate, calendar: LocalCalendar) {
        self.day = day
        self.calendar = calendar
        let start = calendar.instant(day, LocalTime(hour: 0, minute: 0)!)
        let end = calendar.instant(day.adding(days: 1), LocalTime(hour: 0, minute: 0)!)
        let inDay = { (t: Instant) in start <= t && t < end }
        slots = state.slots(touching: day, calendar)
        let ids = Set(slots.map(\.id))
        changes = state.rosterChanges.filter { c in c.slotIDs.contains(where: ids.contains) }
        gaps = state.coverGaps(on: day, calendar)
        alerts = state.alerts.values
            .filter { a in a.events.contains { inDay($0.stamp.at) } }
            .sorted { ($0.received.at, $0.id) < ($1.received.at, $1.id) }
        calls = state.calls.filter { inDay($0.stamp.at) }.sorted { ($0.stamp.at, $0.id) < ($1.stamp.at, $1.id) }
        rounds = state.rounds.values
            .filter { r in r.opened.at < end && (r.closed.map { $0.at >= start } ?? true) }
            .sorted { ($0.opened.at, $0.id) < ($1.opened.at, $1.id) }
            .map { ($0, state.progress(of: $0)) }
        handovers = state.handovers.filter { h in inDay(h.submitted.at) || h.replies.contains { inDay($0.stamp.at) } }
    }
}
