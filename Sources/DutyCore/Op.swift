/// Every change to the duty room's state. Ops are facts as recorded; who and when travel beside
/// them in the journal record (`OpContext`), so an op never reads a clock.
public enum Op: Hashable, Sendable {
    /// Slots for the dates the sheet covers replace what those dates had: a re-issued roster wins.
    case rosterImported(source: String, slots: [DutySlot])
    /// `from`: who the one giving the slot saw on it. When that is no longer who is on it (another
    /// console gave it at the same time), the slot is in conflict until a lead gives it again.
    case slotReassigned(slotID: String, person: String, phone: String, reason: String, from: String? = nil)
    case slotsSwapped(first: String, second: String, reason: String)
    case slotAdded(slot: DutySlot, reason: String)
    case slotRemoved(slotID: String, reason: String)

    case hazardPointsImported(source: String, points: [HazardPoint])
    case checklistTemplatesImported(source: String, templates: [ChecklistTemplate])
    case contactsImported(source: String, contacts: [FloodContact])

    case alertRaised(AlertContent)
    case alertAcknowledged(id: String, note: String)
    case alertHandling(id: String, note: String)
    case alertResolved(id: String, note: String)
    case alertReopened(id: String, note: String)
    case alertNoted(id: String, text: String)
    /// The publisher sent a new version of an alert already taken in (CAP Update): the content
    /// replaces the old one, the history keeps what changed. `via` is the id derived from the
    /// message that carried the update (empty for changes typed here): later messages that name
    /// that message in their references reach this alert through it (`DutyState.alertAliases`).
    case alertUpdated(AlertContent, note: String, via: String = "")
    /// The publisher called the alert off (CAP Cancel, 解除); `via` as for `alertUpdated`.
    case alertLifted(id: String, note: String, via: String = "")
    /// A report on the alert went up the line (初报/续报/终报).
    case alertReported(id: String, stage: ReportStage, note: String)

    case roundOpened(id: String, title: String, phase: CheckPhase)
    case roundPhaseChanged(id: String, phase: CheckPhase)
    case roundClosed(id: String)
    case itemTicked(roundID: String, pointID: String, phase: CheckPhase, itemID: String, result: TickResult, remark: String)

    case callLogged(id: String, contactID: String, role: ResponsibleRole, outcome: CallOutcome, note: String)

    case handoverSubmitted(id: String, summary: String, note: String)
    case handoverAnswered(id: String, accepted: Bool, text: String)

    /// A change made on this console that a settled conflict re-issued: the console's history on
    /// the share was kept, and the local change that diverged from it is recorded again after it,
    /// as it was (who made it and when inside; the record names who settled).
    indirect case restored(Op, RestoredFrom)

    /// A short stable name, used in the journal and in messages.
    public var name: String {
        switch self {
        case .rosterImported: "rosterImported"
        case .slotReassigned: "slotReassigned"
        case .slotsSwapped: "slotsSwapped"
        case .slotAdded: "slotAdded"
        case .slotRemoved: "slotRemoved"
        case .hazardPointsImported: "hazardPointsImported"
        case .checklistTemplatesImported: "checklistTemplatesImported"
        case .contactsImported: "contactsImported"
        case .alertRaised: "alertRaised"
        case .alertAcknowledged: "alertAcknowledged"
        case .alertHandling: "alertHandling"
        case .alertResolved: "alertResolved"
        case .alertReopened: "alertReopened"
        case .alertNoted: "alertNoted"
        case .alertUpdated: "alertUpdated"
        case .alertLifted: "alertLifted"
        case .alertReported: "alertReported"
        case .roundOpened: "roundOpened"
        case .roundPhaseChanged: "roundPhaseChanged"
        case .roundClosed: "roundClosed"
        case .itemTicked: "itemTicked"
        case .callLogged: "callLogged"
        case .handoverSubmitted: "handoverSubmitted"
        case .handoverAnswered: "handoverAnswered"
        case .restored: "restored"
        }
    }
}

/// Who and when, as written in the journal record that carries an op.
public struct OpContext: Hashable, Sendable {
    public var actor: String
    public var at: Instant
    public var node: String
    public var seq: Int

    public init(actor: String, at: Instant, node: String, seq: Int) {
        self.actor = actor
        self.at = at
        self.node = node
        self.seq = seq
    }

    public var stamp: Stamp { Stamp(actor: actor, at: at) }
    public var origin: Origin { Origin(node: node, seq: seq) }
}

/// Why an op cannot be applied to the current state. Checked before an op is written, so the
/// journal only ever holds ops that made sense when they were made.
/// Said in both of the duty room's languages, since a console and a command line each speak
/// their store's: a Chinese duty officer never reads an English refusal.
public struct DomainError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The English words, which also name the refusal in logs and tests.
    public var message: String
    public var chinese: String
    public init(_ message: String, zh: String) {
        self.message = message
        chinese = zh
    }

    public func text(_ lang: Language) -> String { lang.pick(chinese, message) }
    public var description: String { message }

    /// The same refusal: the Chinese is the English's translation, not a second fact.
    public static func == (a: DomainError, b: DomainError) -> Bool { a.message == b.message }
}

/// Where a restored change came from: its record in the history that was set aside.
public struct RestoredFrom: Hashable, Sendable {
    /// `node#seq` of the record set aside.
    public var record: String
    public var actor: String
    public var at: Instant
    public init(record: String, actor: String, at: Instant) {
        self.record = record
        self.actor = actor
        self.at = at
    }
}
