import DutyCore
#if canImport(Glibc)
import Glibc
#endif

/// Why a journal or segment record could not be read back.
public struct DecodeError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// Records come from peers too: what a message quotes of one is inert and short.
    public init(_ message: String) { self.message = InertText.excerpt(message, limit: 400) }
    public var description: String { message }
}

/// Typed access to the members of a JSON object, read in place from the record's bytes: the
/// members are located once, and only the values asked for are decoded. Replaying a year means
/// millions of members, and building a tree of them first cost more than everything else.
struct Fields {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var members: [(key: Range<Int>, value: Range<Int>)] = []

    /// The object that spans `range` of `bytes` (spaces around it allowed).
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, what: String) throws(DecodeError) {
        self.bytes = bytes
        members.reserveCapacity(12)
        var i = JSONScan.skipSpace(bytes, range.lowerBound, range.upperBound)
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "{") else { throw DecodeError("\(what) is not an object") }
        i = JSONScan.skipSpace(bytes, i + 1, range.upperBound)
        if i < range.upperBound, bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < range.upperBound, bytes[i] == UInt8(ascii: "\"") else { throw DecodeError("\(what): expected a key at byte \(i)") }
                let keyEnd = try JSONScan.skipValue(bytes, i, range.upperBound)
                let key = (i + 1)..<(keyEnd - 1)
                i = JSONScan.skipSpace(bytes, keyEnd, range.upperBound)
                guard i < range.upperBound, bytes[i] == UInt8(ascii: ":") else { throw DecodeError("\(what): expected ':' at byte \(i)") }
                i = JSONScan.skipSpace(bytes, i + 1, range.upperBound)
                let valueEnd = try JSONScan.skipValue(bytes, i, range.upperBound)
                members.append((key, i..<valueEnd))
                i = JSONScan.skipSpace(bytes, valueEnd, range.upperBound)
                guard i < range.upperBound else { throw DecodeError("\(what) is not closed") }
                if bytes[i] == UInt8(ascii: ",") {
                    i = JSONScan.skipSpace(bytes, i + 1, range.upperBound)
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { throw DecodeError("\(what): expected ',' or '}' at byte \(i)") }
                i += 1
                break
            }
        }
        guard JSONScan.skipSpace(bytes, i, range.upperBound) == range.upperBound else { throw DecodeError("\(what) has bytes after it") }
    }

    private func find(_ k: String) -> Range<Int>? {
        var k = k
        return k.withUTF8 { key in
            for m in members where m.key.count == key.count && memcmp(bytes.baseAddress! + m.key.lowerBound, key.baseAddress!, key.count) == 0 {
                return m.value
            }
            return nil
        }
    }

    private func value(_ k: String) throws(DecodeError) -> JSONValue {
        guard let r = find(k) else { throw DecodeError("\(k) is missing") }
        do {
            return try JSONReader.parse(UnsafeBufferPointer(rebasing: bytes[r]))
        } catch {
            throw DecodeError("\(k): \(error)")
        }
    }

    func has(_ k: String) -> Bool { find(k) != nil }

    func string(_ k: String) throws(DecodeError) -> String {
        guard let r = find(k), r.count >= 2, bytes[r.lowerBound] == UInt8(ascii: "\"") else { throw DecodeError("\(k) is missing or not text") }
        let inner = UnsafeBufferPointer(rebasing: bytes[(r.lowerBound + 1)..<(r.upperBound - 1)])
        // Most values have no escapes and no control bytes: their bytes are the text.
        if !inner.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) { return String(decoding: inner, as: UTF8.self) }
        guard case .string(let s) = try value(k) else { throw DecodeError("\(k) is missing or not text") }
        return s
    }

    func int(_ k: String) throws(DecodeError) -> Int64 {
        guard let r = find(k) else { throw DecodeError("\(k) is missing or not an integer") }
        var v: Int64 = 0
        var i = r.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < r.upperBound, r.upperBound - i <= 18 else { throw DecodeError("\(k) is missing or not an integer") }
        while i < r.upperBound {
            let d = bytes[i] &- 0x30
            guard d < 10 else { throw DecodeError("\(k) is missing or not an integer") }
            v = v * 10 + Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    func bool(_ k: String) throws(DecodeError) -> Bool {
        guard find(k) != nil, case .bool(let v) = try value(k) else { throw DecodeError("\(k) is missing or not true/false") }
        return v
    }

    func array(_ k: String) throws(DecodeError) -> [JSONValue] {
        guard find(k) != nil, case .array(let v) = try value(k) else { throw DecodeError("\(k) is missing or not a list") }
        return v
    }

    /// A list of objects, each read in place.
    func objects(_ k: String, what: String) throws(DecodeError) -> [Fields] {
        guard let r = find(k), bytes[r.lowerBound] == UInt8(ascii: "[") else { throw DecodeError("\(k) is missing or not a list") }
        var out: [Fields] = []
        var i = JSONScan.skipSpace(bytes, r.lowerBound + 1, r.upperBound)
        while i < r.upperBound, bytes[i] != UInt8(ascii: "]") {
            let end = try JSONScan.skipValue(bytes, i, r.upperBound)
            out.append(try Fields(bytes, i..<end, what: what))
            i = JSONScan.skipSpace(bytes, end, r.upperBound)
            if i < r.upperBound, bytes[i] == UInt8(ascii: ",") { i = JSONScan.skipSpace(bytes, i + 1, r.upperBound) }
        }
        return out
    }

    func object(_ k: String) throws(DecodeError) -> Fields {
        guard let r = find(k) else { throw DecodeError("\(k) is missing") }
        return try Fields(bytes, r, what: k)
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
        case .slotReassigned(let id, let person, let phone, let reason, let from):
            w.field("slot", id)
            w.field("person", person)
            w.field("phone", phone)
            w.field("reason", reason)
            if let from { w.field("from", from) }
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
            encode(c, into: &w)
        case .alertUpdated(let c, let note, let via):
            encode(c, into: &w)
            w.field("note", note)
            if !via.isEmpty { w.field("via", via) }
        case .alertLifted(let id, let note, let via):
            w.field("id", id)
            w.field("note", note)
            if !via.isEmpty { w.field("via", via) }
        case .alertReported(let id, let stage, let note):
            w.field("id", id)
            w.field("stage", stage.rawValue)
            w.field("note", note)
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
        case .restored(let inner, let from):
            w.field("from", from.record)
            w.field("actor", from.actor)
            w.field("at", from.at.ms)
            w.key("op")
            encode(inner, into: &w)
        }
        w.endObject()
    }

    /// An alert's content. The fields that came with taking in files are written only when set,
    /// so a typed report's record reads as it always did; `outside` only when true, so records
    /// written before alerts had areas read (and are written) unchanged.
    static func encode(_ c: AlertContent, into w: inout JSONWriter) {
        w.field("id", c.id)
        w.field("source", c.source)
        w.field("kind", c.kind)
        w.field("level", c.level.rawValue)
        w.field("title", c.title)
        w.field("body", c.body)
        w.field("street", c.street)
        if let sent = c.sent { w.field("sent", sent.ms) }
        if let expires = c.expires { w.field("expires", expires.ms) }
        if c.reality != .actual { w.field("reality", c.reality.rawValue) }
        if c.isOutside { w.field("outside", true) }
    }

    static func content(_ f: Fields) throws(DecodeError) -> AlertContent {
        AlertContent(id: try f.string("id"), source: try f.string("source"), kind: try f.string("kind"),
                     level: try f.parsed("level", "a level", AlertLevel.init(rawValue:)),
                     title: try f.string("title"), body: try f.string("body"), street: try f.string("street"),
                     sent: f.has("sent") ? Instant(ms: try f.int("sent")) : nil,
                     expires: f.has("expires") ? Instant(ms: try f.int("expires")) : nil,
                     reality: f.has("reality") ? try f.parsed("reality", "a CAP status", AlertReality.init(rawValue:)) : .actual,
                     outside: f.has("outside") ? try f.bool("outside") : false)
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

    static func decode(_ f: Fields) throws(DecodeError) -> Op {
        let t = try f.string("t")
        switch t {
        case "rosterImported":
            var slots: [DutySlot] = []
            for v in try f.objects("slots", what: "slot") { slots.append(try slot(v)) }
            return .rosterImported(source: try f.string("source"), slots: slots)
        case "slotReassigned":
            return .slotReassigned(slotID: try f.string("slot"), person: try f.string("person"),
                                   phone: try f.string("phone"), reason: try f.string("reason"),
                                   from: f.has("from") ? try f.string("from") : nil)
        case "slotsSwapped":
            return .slotsSwapped(first: try f.string("first"), second: try f.string("second"), reason: try f.string("reason"))
        case "slotAdded":
            return .slotAdded(slot: try slot(f.object("slot")), reason: try f.string("reason"))
        case "slotRemoved":
            return .slotRemoved(slotID: try f.string("slot"), reason: try f.string("reason"))
        case "hazardPointsImported":
            var points: [HazardPoint] = []
            for p in try f.objects("points", what: "point") {
                points.append(HazardPoint(id: try p.string("id"), name: try p.string("name"),
                                          type: try p.parsed("type", "a hazard type", HazardType.init(rawValue:)),
                                          street: try p.string("street")))
            }
            return .hazardPointsImported(source: try f.string("source"), points: points)
        case "checklistTemplatesImported":
            var templates: [ChecklistTemplate] = []
            for tf in try f.objects("templates", what: "template") {
                var items: [ChecklistItem] = []
                for itf in try tf.objects("items", what: "item") {
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
            for c in try f.objects("contacts", what: "contact") {
                func person(_ r: ResponsibleRole) throws(DecodeError) -> ResponsiblePerson {
                    ResponsiblePerson(name: try c.string(r.rawValue), phone: try c.string(r.rawValue + "Phone"))
                }
                contacts.append(FloodContact(id: try c.string("id"), facility: try c.string("facility"), type: try c.string("type"),
                                             street: try c.string("street"), leader: try person(.leader),
                                             technical: try person(.technical), maintenance: try person(.maintenance)))
            }
            return .contactsImported(source: try f.string("source"), contacts: contacts)
        case "alertRaised": return .alertRaised(try content(f))
        case "alertUpdated":
            return .alertUpdated(try content(f), note: try f.string("note"), via: f.has("via") ? try f.string("via") : "")
        case "alertLifted":
            return .alertLifted(id: try f.string("id"), note: try f.string("note"), via: f.has("via") ? try f.string("via") : "")
        case "alertReported":
            return .alertReported(id: try f.string("id"), stage: try f.parsed("stage", "a report stage", ReportStage.init(rawValue:)),
                                  note: try f.string("note"))
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
        case "restored":
            let inner = try decode(f.object("op"))
            if case .restored = inner { throw DecodeError("a restored op holds another restored op") }
            return .restored(inner, RestoredFrom(record: try f.string("from"), actor: try f.string("actor"), at: Instant(ms: try f.int("at"))))
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
