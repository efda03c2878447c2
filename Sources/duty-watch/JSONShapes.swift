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
    /// The area lies wholly outside the district (区外): never counted.
    var outside: Bool
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
        outside = c.isOutside
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
        var id, level: String
        var outside: Bool
        var received, status, street, title: String
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

/// `check --json`: what `check` prints, as data.
struct CheckJSON: Encodable {
    var digest: OrNull<String>
    var notes: [String]
    var ok: Bool
    var problems: [String]
    var records, snapshotsChecked: Int

    init(_ r: CheckReport, digest: Bool) {
        self.digest = OrNull(digest ? r.digest : nil)
        notes = r.notes
        ok = r.isClean
        problems = r.problems
        records = r.records
        snapshotsChecked = r.snapshotsChecked
    }
}

/// `ingest --json`: one entry a file, and the counts.
struct IngestJSON: Encodable {
    struct File: Encodable {
        /// The alert it raised, updated, lifted or was a duplicate of; null when refused.
        var alert: OrNull<String>
        var cuts: [String]
        var file: String
        /// Where the file went, inside the inbox: `done/NAME` or `rejected/NAME`.
        var movedTo: String
        /// `raised`, `updated`, `lifted`, `duplicate` or `refused`.
        var result: String
        /// What an update changed, or why a file was refused; empty otherwise.
        var text: String
    }

    struct Counts: Encodable {
        var duplicate, lifted, raised, refused, updated: Int
    }

    var counts: Counts
    var files: [File]

    init(_ outcomes: [InboxOutcome]) {
        let files = outcomes.map { o in
            let (result, alert, text): (String, String?, String) = switch o.result {
            case .raised(let id): ("raised", id, "")
            case .updated(let id, let note): ("updated", id, note)
            case .lifted(let id): ("lifted", id, "")
            case .duplicate(let id): ("duplicate", id, "")
            case .refused(let why): ("refused", nil, why.reason)
            }
            return File(alert: OrNull(alert), cuts: o.cuts, file: o.file, movedTo: o.movedTo, result: result, text: text)
        }
        self.files = files
        let count = { (result: String) in files.count { $0.result == result } }
        counts = Counts(duplicate: count("duplicate"), lifted: count("lifted"), raised: count("raised"), refused: count("refused"), updated: count("updated"))
    }
}

/// `sync --once --json`: what one round did.
struct SyncJSON: Encodable {
    var conflicts: [String]
    var newConsoles: [String]
    var offline: OrNull<String>
    var ok: Bool
    var problems: [String]
    var published: [String]
    var publishedRecords: Int
    var quarantined: [String]
    var republished: [String]
    var takenBack: Int
    var takenIn: [String: Int]
    var waiting: [String]

    init(_ r: SyncRound.Report) {
        conflicts = r.conflicts
        newConsoles = r.newConsoles
        offline = OrNull(r.offline)
        ok = r.offline == nil && r.quarantined.isEmpty && r.problems.isEmpty && r.conflicts.isEmpty
        problems = r.problems
        published = r.published
        publishedRecords = r.publishedRecords
        quarantined = r.quarantined
        republished = r.republished
        takenBack = r.takenBack
        takenIn = r.takenIn
        waiting = r.waiting
    }
}
