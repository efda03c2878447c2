import DutyCore
import DutyStore

// The `--json` shapes of the README, one type each. Scripts read these keys: a property renamed
// or retyped here changes the contract, and the golden tests in Tests/CLITests say so.
// Times are ISO 8601 with the store's offset.
//
// Properties are declared in key order, the order they are printed in: the writer then writes
// each object straight through instead of sorting it afterwards (any order prints the same).

/// A value written as `null` when absent. Codable's synthesized code leaves a nil optional's key
/// out, and scripts read these keys as always there.
struct OrNull<Wrapped: Encodable>: Encodable {
    var value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

/// SLOT; `changed` in `status` and `roster show`.
struct SlotJSON: Encodable {
    var changed: Bool
    /// `roster show` only, and only while two consoles have given the slot to different people.
    var conflict: [String]?
    var date, end, endDate, id, person, phone, role, start: String

    init(_ s: DutySlot, changed: Bool, conflict: [String]? = nil) {
        id = s.id
        date = s.date.description
        start = s.start.description
        end = s.end.description
        endDate = s.endDate.description
        role = s.role.name
        person = s.person
        phone = s.phone
        self.changed = changed
        self.conflict = conflict
    }
}

/// CHANGE
struct RosterChangeJSON: Encodable {
    var at, by, reason: String
    var slots: [String]
    var what: String

    init(_ c: RosterChange, _ cal: LocalCalendar) {
        slots = c.slotIDs
        what = c.what
        reason = c.reason
        by = c.by.actor
        at = cal.iso8601(c.by.at)
    }
}

/// GAP
struct GapJSON: Encodable {
    var end: String
    var missing: [String]
    var start: String

    init(_ g: CoverGap, _ cal: LocalCalendar) {
        start = cal.iso8601(g.start)
        end = cal.iso8601(g.end)
        missing = g.missing.map(\.name)
    }
}

struct StampJSON: Encodable {
    var at, by: String

    init(_ st: Stamp, _ cal: LocalCalendar) {
        by = st.actor
        at = cal.iso8601(st.at)
    }
}

/// An element of `alert list --json`. `expired` is judged at the moment given.
struct AlertJSON: Encodable {
    var acknowledgedBy: [StampJSON]
    var body: String
    var expired: Bool
    var expires: OrNull<String>
    var history: [Event]
    var id, kind, level: String
    var lifted: Bool
    var liftedAt: OrNull<String>
    var reality, received: String
    var sent: OrNull<String>
    var source, status, street, title: String

    /// `kind`/`actor` name the same as `event`/`by`, which older scripts read.
    struct Event: Encodable {
        var actor, at, by, event, kind, text: String
    }

    init(_ a: Alert, _ cal: LocalCalendar, at: Instant) {
        let c = a.content
        id = c.id
        level = c.level.rawValue
        status = a.status.rawValue
        kind = c.kind
        title = c.title
        body = c.body
        street = c.street
        source = c.source
        received = cal.iso8601(a.received.at)
        reality = c.reality.rawValue
        sent = OrNull(c.sent.map(cal.iso8601))
        expires = OrNull(c.expires.map(cal.iso8601))
        expired = a.isExpired(at: at)
        lifted = a.isLifted
        liftedAt = OrNull(a.lifted.map { cal.iso8601($0.at) })
        acknowledgedBy = a.acknowledgements.map { StampJSON($0, cal) }
        history = a.events.map { e in
            Event(actor: e.stamp.actor, at: cal.iso8601(e.stamp.at), by: e.stamp.actor, event: e.kind.rawValue, kind: e.kind.rawValue, text: e.text)
        }
    }
}

/// `status --json`
struct StatusJSON: Encodable {
    var at: String
    var checks: OrNull<Checks>
    var gaps: [GapJSON]
    var leaderOnDuty: Bool
    var next: OrNull<NextShift>
    var onDuty: [SlotJSON]
    var openAlerts: OpenAlerts

    struct NextShift: Encodable {
        var slots: [SlotJSON]
        var start: String
    }

    struct OpenAlerts: Encodable {
        var alerts: [Row]
        var byLevel: ByLevel
        var total, unacknowledged: Int
    }

    /// Every level, counted or not.
    struct ByLevel: Encodable {
        var blue = 0, orange = 0, red = 0, white = 0, yellow = 0

        init(_ alerts: [Alert]) {
            for a in alerts {
                // Exhaustive on purpose: a new level must be given its key here.
                switch a.level {
                case .red: red += 1
                case .orange: orange += 1
                case .yellow: yellow += 1
                case .blue: blue += 1
                case .white: white += 1
                }
            }
        }
    }

    struct Row: Encodable {
        var id, level, received, status, street, title: String
    }

    struct Checks: Encodable {
        var phase, round: String
        var streets: [Street]
        var title: String
    }

    struct Street: Encodable {
        var done, problems: Int
        var street: String
        var total: Int
    }
}

/// `roster show --json`
struct RosterDayJSON: Encodable {
    var changes: [RosterChangeJSON]
    var date: String
    var gaps: [GapJSON]
    var slots: [SlotJSON]
}

/// `roster gaps --json`
struct RosterGapsJSON: Encodable {
    var days: Int
    var from: String
    var gaps: [GapJSON]
}

/// `handover show --json`: what would be handed over now, and the last handover.
struct HandoverShowJSON: Encodable {
    var draft: String
    var last: OrNull<Last>

    struct Last: Encodable {
        var id, note: String
        var replies: [Reply]
        var status: String
        var submitted: StampJSON
        var summary: String

        init(_ h: Handover, _ cal: LocalCalendar) {
            id = h.id
            status = h.status.rawValue
            summary = h.summary
            note = h.note
            submitted = StampJSON(h.submitted, cal)
            replies = h.replies.map { Reply(accepted: $0.accepted, at: cal.iso8601($0.stamp.at), by: $0.stamp.actor, text: $0.text) }
        }
    }

    struct Reply: Encodable {
        var accepted: Bool
        var at, by, text: String
    }
}
