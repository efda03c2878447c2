import DutyCore

/// Why a journal or segment record could not be read back.
public struct DecodeError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Typed access to the members of a decoded JSON object, failing with the key's name.
struct Fields {
    let value: JSONValue

    init(_ value: JSONValue, what: String) throws(DecodeError) {
        guard case .object = value else { throw DecodeError("\(what) is not an object") }
        self.value = value
    }

    func string(_ k: String) throws(DecodeError) -> String {
        guard case .string(let s)? = value[k] else { throw DecodeError("\(k) is missing or not text") }
        return s
    }

    func int(_ k: String) throws(DecodeError) -> Int64 {
        guard case .int(let v)? = value[k] else { throw DecodeError("\(k) is missing or not an integer") }
        return v
    }

    func bool(_ k: String) throws(DecodeError) -> Bool {
        guard case .bool(let v)? = value[k] else { throw DecodeError("\(k) is missing or not true/false") }
        return v
    }

    func array(_ k: String) throws(DecodeError) -> [JSONValue] {
        guard case .array(let v)? = value[k] else { throw DecodeError("\(k) is missing or not a list") }
        return v
    }

    func object(_ k: String) throws(DecodeError) -> Fields {
        guard let v = value[k] else { throw DecodeError("\(k) is missing") }
        return try Fields(v, what: k)
    }

    func parsed<T>(_ k: String, _ what: String, _ make: (String) -> T?) throws(DecodeError) -> T {
        let s = try string(k)
        guard let v = make(s) else { throw DecodeError("\(k) \"\(s)\" is not \(what)") }
        return v
    }
}

/// The journal's JSON form of every op: one flat object with its kind in `t`.
public enum OpCodec {
    public static func encode(_ op: Op, into w: inout JSONWriter) {
        w.beginObject()
        w.field("t", op.name)
        switch op {
        case .rosterImported(let source, let slots):
            w.field("source", source)
            w.key("slots")
            w.beginArray()
            for s in slots { encode(s, into: &w) }
            w.endArray()
        case .slotReassigned(let id, let person, let phone, let reason):
            w.field("slot", id)
            w.field("person", person)
            w.field("phone", phone)
            w.field("reason", reason)
        case .slotsSwapped(let a, let b, let reason):
            w.field("first", a)
            w.field("second", b)
            w.field("reason", reason)
        case .slotAdded(let slot, let reason):
            w.key("slot")
            encode(slot, into: &w)
            w.field("reason", reason)
        case .slotRemoved(let id, let reason):
            w.field("slot", id)
            w.field("reason", reason)
        case .hazardPointsImported(let source, let points):
            w.field("source", source)
            w.key("points")
            w.beginArray()
            for p in points {
                w.beginObject()
                w.field("id", p.id)
                w.field("name", p.name)
                w.field("type", p.type.rawValue)
                w.field("street", p.street)
                w.endObject()
            }
            w.endArray()
        case .checklistTemplatesImported(let source, let templates):
            w.field("source", source)
            w.key("templates")
            w.beginArray()
            for t in templates {
                w.beginObject()
                w.field("phase", t.phase.rawValue)
                w.key("items")
                w.beginArray()
                for item in t.items {
                    w.beginObject()
                    w.field("id", item.id)
                    w.field("text", item.text)
                    w.key("applies")
                    w.beginArray()
                    for h in item.appliesTo { w.string(h.rawValue) }
                    w.endArray()
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
        case .contactsImported(let source, let contacts):
            w.field("source", source)
            w.key("contacts")
            w.beginArray()
            for c in contacts {
                w.beginObject()
                w.field("id", c.id)
                w.field("facility", c.facility)
                w.field("type", c.type)
                w.field("street", c.street)
                for role in ResponsibleRole.allCases {
                    let p = c.person(role)
                    w.field(role.rawValue, p.name)
                    w.field(role.rawValue + "Phone", p.phone)
                }
                w.endObject()
            }
            w.endArray()
        case .alertRaised(let c):
            w.field("id", c.id)
            w.field("source", c.source)
            w.field("kind", c.kind)
            w.field("level", c.level.rawValue)
            w.field("title", c.title)
            w.field("body", c.body)
            w.field("street", c.street)
        case .alertAcknowledged(let id, let note), .alertHandling(let id, let note),
             .alertResolved(let id, let note), .alertReopened(let id, let note):
            w.field("id", id)
            w.field("note", note)
        case .alertNoted(let id, let text):
            w.field("id", id)
            w.field("text", text)
        case .roundOpened(let id, let title, let phase):
            w.field("id", id)
            w.field("title", title)
            w.field("phase", phase.rawValue)
        case .roundPhaseChanged(let id, let phase):
            w.field("id", id)
            w.field("phase", phase.rawValue)
        case .roundClosed(let id):
            w.field("id", id)
        case .itemTicked(let round, let point, let phase, let item, let result, let remark):
            w.field("round", round)
            w.field("point", point)
            w.field("phase", phase.rawValue)
            w.field("item", item)
            w.field("result", result.rawValue)
            w.field("remark", remark)
        case .callLogged(let id, let contact, let role, let outcome, let note):
            w.field("id", id)
            w.field("contact", contact)
            w.field("role", role.rawValue)
            w.field("outcome", outcome.rawValue)
            w.field("note", note)
        case .handoverSubmitted(let id, let summary, let note):
            w.field("id", id)
            w.field("summary", summary)
            w.field("note", note)
        case .handoverAnswered(let id, let accepted, let text):
            w.field("id", id)
            w.field("accepted", accepted)
            w.field("text", text)
        }
        w.endObject()
    }

    static func encode(_ s: DutySlot, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", s.id)
        w.field("date", s.date.description)
        w.field("start", s.start.description)
        w.field("end", s.end.description)
        w.field("role", s.role.name)
        w.field("person", s.person)
        w.field("phone", s.phone)
        w.endObject()
    }

    public static func decode(_ value: JSONValue) throws(DecodeError) -> Op {
        let f = try Fields(value, what: "op")
        let t = try f.string("t")
        switch t {
        case "rosterImported":
            var slots: [DutySlot] = []
            for v in try f.array("slots") { slots.append(try slot(Fields(v, what: "slot"))) }
            return .rosterImported(source: try f.string("source"), slots: slots)
        case "slotReassigned":
            return .slotReassigned(slotID: try f.string("slot"), person: try f.string("person"),
                                   phone: try f.string("phone"), reason: try f.string("reason"))
        case "slotsSwapped":
            return .slotsSwapped(first: try f.string("first"), second: try f.string("second"), reason: try f.string("reason"))
        case "slotAdded":
            return .slotAdded(slot: try slot(f.object("slot")), reason: try f.string("reason"))
        case "slotRemoved":
            return .slotRemoved(slotID: try f.string("slot"), reason: try f.string("reason"))
        case "hazardPointsImported":
            var points: [HazardPoint] = []
            for v in try f.array("points") {
                let p = try Fields(v, what: "point")
                points.append(HazardPoint(id: try p.string("id"), name: try p.string("name"),
                                          type: try p.parsed("type", "a hazard type", HazardType.init(rawValue:)),
                                          street: try p.string("street")))
            }
            return .hazardPointsImported(source: try f.string("source"), points: points)
        case "checklistTemplatesImported":
            var templates: [ChecklistTemplate] = []
            for v in try f.array("templates") {
                let tf = try Fields(v, what: "template")
                var items: [ChecklistItem] = []
                for iv in try tf.array("items") {
                    let itf = try Fields(iv, what: "item")
                    var applies: [HazardType] = []
                    for a in try itf.array("applies") {
                        guard case .string(let s) = a, let h = HazardType(rawValue: s) else { throw DecodeError("applies holds a bad hazard type") }
                        applies.append(h)
                    }
                    items.append(ChecklistItem(id: try itf.string("id"), text: try itf.string("text"), appliesTo: applies))
                }
                templates.append(ChecklistTemplate(phase: try tf.parsed("phase", "a phase", CheckPhase.init(rawValue:)), items: items))
            }
            return .checklistTemplatesImported(source: try f.string("source"), templates: templates)
        case "contactsImported":
            var contacts: [FloodContact] = []
            for v in try f.array("contacts") {
                let c = try Fields(v, what: "contact")
                func person(_ r: ResponsibleRole) throws(DecodeError) -> ResponsiblePerson {
                    ResponsiblePerson(name: try c.string(r.rawValue), phone: try c.string(r.rawValue + "Phone"))
                }
                contacts.append(FloodContact(id: try c.string("id"), facility: try c.string("facility"), type: try c.string("type"),
                                             street: try c.string("street"), leader: try person(.leader),
                                             technical: try person(.technical), maintenance: try person(.maintenance)))
            }
            return .contactsImported(source: try f.string("source"), contacts: contacts)
        case "alertRaised":
            return .alertRaised(AlertContent(
                id: try f.string("id"), source: try f.string("source"), kind: try f.string("kind"),
                level: try f.parsed("level", "a level", AlertLevel.init(rawValue:)),
                title: try f.string("title"), body: try f.string("body"), street: try f.string("street")))
        case "alertAcknowledged": return .alertAcknowledged(id: try f.string("id"), note: try f.string("note"))
        case "alertHandling": return .alertHandling(id: try f.string("id"), note: try f.string("note"))
        case "alertResolved": return .alertResolved(id: try f.string("id"), note: try f.string("note"))
        case "alertReopened": return .alertReopened(id: try f.string("id"), note: try f.string("note"))
        case "alertNoted": return .alertNoted(id: try f.string("id"), text: try f.string("text"))
        case "roundOpened":
            return .roundOpened(id: try f.string("id"), title: try f.string("title"),
                                phase: try f.parsed("phase", "a phase", CheckPhase.init(rawValue:)))
        case "roundPhaseChanged":
            return .roundPhaseChanged(id: try f.string("id"), phase: try f.parsed("phase", "a phase", CheckPhase.init(rawValue:)))
        case "roundClosed": return .roundClosed(id: try f.string("id"))
        case "itemTicked":
            return .itemTicked(roundID: try f.string("round"), pointID: try f.string("point"),
                               phase: try f.parsed("phase", "a phase", CheckPhase.init(rawValue:)),
                               itemID: try f.string("item"),
                               result: try f.parsed("result", "a tick result", TickResult.init(rawValue:)),
                               remark: try f.string("remark"))
        case "callLogged":
            return .callLogged(id: try f.string("id"), contactID: try f.string("contact"),
                               role: try f.parsed("role", "a responsible role", ResponsibleRole.init(rawValue:)),
                               outcome: try f.parsed("outcome", "a call outcome", CallOutcome.init(rawValue:)),
                               note: try f.string("note"))
        case "handoverSubmitted":
            return .handoverSubmitted(id: try f.string("id"), summary: try f.string("summary"), note: try f.string("note"))
        case "handoverAnswered":
            return .handoverAnswered(id: try f.string("id"), accepted: try f.bool("accepted"), text: try f.string("text"))
        default:
            throw DecodeError("unknown op \"\(t)\"")
        }
    }

    static func slot(_ f: Fields) throws(DecodeError) -> DutySlot {
        DutySlot(id: try f.string("id"),
                 date: try f.parsed("date", "a date", LocalDate.init(parsing:)),
                 start: try f.parsed("start", "a time", LocalTime.init(parsing:)),
                 end: try f.parsed("end", "a time", LocalTime.init(parsing:)),
                 role: DutyRole(try f.string("role")),
                 person: try f.string("person"), phone: try f.string("phone"))
    }
}
