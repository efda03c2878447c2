/// What a person (or the inbox, for a publisher) means to do, before it is planned into ops.
/// Ids are not part of an intent where the duty room mints them: the planner gives them out
/// against the latest state, with the console's name in them, so two consoles never collide.
public enum Intent: Hashable, Sendable {
    /// A report taken by phone or typed at the command line. An empty `content.id` is minted
    /// (`A-YYYYMMDD-<node>-NN`); a given one is kept when it is free.
    case raise(AlertContent)
    /// A publisher's message read from an alert file (CAP, JSON).
    case receive(IncomingAlert)
    case acknowledge(alert: String, note: String = "")
    case startHandling(alert: String, note: String = "")
    case resolve(alert: String, note: String = "")
    case reopen(alert: String, note: String)
    case addNote(alert: String, text: String)
    case report(alert: String, stage: ReportStage, note: String)

    case tick(round: String, point: String, phase: CheckPhase, item: String, result: TickResult, remark: String)

    case logCall(contact: String, role: ResponsibleRole, outcome: CallOutcome, note: String)

    /// `seen`: who the person giving the slot saw on it, so a slot given twice at once is a conflict.
    case reassignSlot(slot: String, person: String, phone: String, reason: String, seen: String?)
    case swapSlots(first: String, second: String, reason: String)
    /// A slot outside the imported sheet; its id (`C-YYYYMMDD-<node>-N`) is minted.
    case addSlot(date: LocalDate, start: LocalTime, end: LocalTime, role: DutyRole, person: String, phone: String, reason: String)

    case importRoster(source: String, slots: [DutySlot])
    case importContacts(source: String, contacts: [FloodContact])
    case importHazardPoints(source: String, points: [HazardPoint])
    case importTemplates(source: String, templates: [ChecklistTemplate])

    /// The outgoing lead hands over what is open; the summary is drafted from the state.
    case handOver(note: String, deadlines: [AlertLevel: ReportDeadlines] = ReportDeadlines.defaults)
    case answerHandover(id: String, accepted: Bool, text: String)
}
