import Testing
@testable import DutyCore

/// Fixed dates, instants and domain values shared by the DutyCore tests. Instants are built from the
/// duty room's wall clock (Asia/Shanghai) so that a test reads like the roster it is about.
enum Fx {
    static let cal = LocalCalendar.shanghai

    static func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }
    static func time(_ h: Int, _ m: Int) -> LocalTime { LocalTime(hour: h, minute: m)! }

    /// A local wall-clock instant in Asia/Shanghai.
    static func at(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> Instant {
        LocalCalendar.shanghai.instant(LocalDate(year: y, month: mo, day: d)!, LocalTime(hour: h, minute: mi)!)
    }

    /// 2026-06-05 is a Friday in the rainy season.
    static let june5 = date(2026, 6, 5)
    static let june6 = date(2026, 6, 6)
    static let june7 = date(2026, 6, 7)

    /// 2026-06-05T08:30:00+08:00 written out in UTC, independent of `LocalCalendar`.
    static let june5Handover = Instant(seconds: 1_780_619_400)

    // MARK: - Contexts

    static func ctx(_ actor: String, _ at: Instant, node: String = "node-a", seq: Int = 1) -> OpContext {
        OpContext(actor: actor, at: at, node: node, seq: seq)
    }

    static func origin(_ seq: Int, _ node: String = "node-a") -> Origin { Origin(node: node, seq: seq) }

    // MARK: - Roster

    static let dayLeader5 = DutySlot(
        id: "2026-06-05/day/leader", date: june5, start: time(8, 30), end: time(17, 30),
        role: .leader, person: "张明", phone: "13800000001")
    static let dayOfficer5 = DutySlot(
        id: "2026-06-05/day/officer", date: june5, start: time(8, 30), end: time(17, 30),
        role: .officer, person: "李华", phone: "13800000002")
    static let nightOfficer5 = DutySlot(
        id: "2026-06-05/night/officer", date: june5, start: time(17, 30), end: time(8, 30),
        role: .officer, person: "陈刚", phone: "13800000003")
    static let dayOfficer6 = DutySlot(
        id: "2026-06-06/day/officer", date: june6, start: time(8, 30), end: time(17, 30),
        role: .officer, person: "赵敏", phone: "13800000004")
    static let nightOfficer6 = DutySlot(
        id: "2026-06-06/night/officer", date: june6, start: time(17, 30), end: time(8, 30),
        role: .officer, person: "周强", phone: "13800000005")

    static var rosterSlots: [DutySlot] { [dayLeader5, dayOfficer5, nightOfficer5, dayOfficer6, nightOfficer6] }

    static func byID(_ slots: [DutySlot]) -> SlotTable {
        SlotTable(Dictionary(uniqueKeysWithValues: slots.map { ($0.id, $0) }))
    }

    /// Two days of roster, set directly (not through `apply`).
    static func rosterState() -> DutyState {
        var s = DutyState()
        s.slots = byID(rosterSlots)
        return s
    }

    // MARK: - Hazard points and checklists

    static let beishangang = HazardPoint(id: "geo-beishangang", name: "北山岗边坡", type: .geohazard, street: "官洲街")
    static let tuhua = HazardPoint(id: "geo-tuhua", name: "土华公园", type: .geohazard, street: "华洲街")
    static let julong = HazardPoint(id: "wl-julong", name: "聚龙大街", type: .waterlogging, street: "南华西街")
    static let minzhu = HazardPoint(id: "wl-minzhu", name: "民主直街", type: .waterlogging, street: "南华西街")
    static let tunnel = HazardPoint(id: "tun-xinjiao", name: "新滘中路—广州大道隧道", type: .tunnel, street: "江海街")

    static var points: [HazardPoint] { [beishangang, tuhua, julong, minzhu, tunnel] }

    static let before = ChecklistTemplate(phase: .before, items: [
        ChecklistItem(id: "b-drain", text: "排水口已清理"),
        ChecklistItem(id: "b-slope", text: "坡面无新裂缝", appliesTo: [.geohazard]),
        ChecklistItem(id: "b-pump", text: "抽水泵就位", appliesTo: [.waterlogging, .tunnel]),
        ChecklistItem(id: "b-sign", text: "警示标志和围挡到位"),
    ])
    static let during = ChecklistTemplate(phase: .during, items: [
        ChecklistItem(id: "d-depth", text: "报告积水深度", appliesTo: [.waterlogging, .tunnel]),
        ChecklistItem(id: "d-slope", text: "观察坡体位移", appliesTo: [.geohazard]),
        ChecklistItem(id: "d-move", text: "人员已转移"),
    ])
    static let after = ChecklistTemplate(phase: .after, items: [
        ChecklistItem(id: "a-damage", text: "复查损毁情况"),
        ChecklistItem(id: "a-reopen", text: "确认恢复通行", appliesTo: [.tunnel]),
    ])

    /// Points and templates in place, no round yet.
    static func checklistState() -> DutyState {
        var s = DutyState()
        s.hazardPoints = Dictionary(uniqueKeysWithValues: points.map { ($0.id, $0) })
        s.templates = [.before: before, .during: during, .after: after]
        return s
    }

    /// A round with every field written out, so an expected value never leans on the fold's helpers.
    static func round(
        id: String, title: String, phase: CheckPhase, opened: Stamp, closed: Stamp? = nil,
        phaseChanges: [ChecklistRound.PhaseChange], ticks: [Tick] = []
    ) -> ChecklistRound {
        var r = ChecklistRound(id: id, title: title, phase: phase, opened: opened)
        r.phase = phase
        r.opened = opened
        r.closed = closed
        r.phaseChanges = phaseChanges
        r.ticks = ticks
        return r
    }

    // MARK: - Alerts

    static let rainRed = AlertContent(
        id: "cap-gz-rain-red-0605", source: "cap", kind: "暴雨", level: .red,
        title: "海珠区暴雨红色预警信号", body: "预计未来3小时海珠区降雨量将达100毫米以上。", street: "海珠区")
    static let typhoonYellow = AlertContent(
        id: "cap-gz-typhoon-yellow-0605", source: "cap", kind: "台风", level: .yellow,
        title: "台风黄色预警信号", body: "", street: "海珠区")
    static let julongFlood = AlertContent(
        id: "phone-0605-001", source: "phone", kind: "内涝", level: .orange,
        title: "聚龙大街水浸约30厘米", body: "群众来电", street: "南华西街")

    /// An alert with every lifecycle field written out by hand.
    static func alert(
        _ content: AlertContent, received: Stamp, status: AlertStatus,
        acknowledgements: [Stamp] = [], events: [AlertEvent]
    ) -> Alert {
        var a = Alert(content: content, received: received, origin: origin(1))
        a.content = content
        a.received = received
        a.status = status
        a.acknowledgements = acknowledgements
        a.events = events
        return a
    }

    /// A content that differs from `base` only in id, level and title, for ordering tests.
    static func content(_ id: String, _ level: AlertLevel) -> AlertContent {
        AlertContent(id: id, source: "test", kind: "暴雨", level: level, title: "预警 \(id)", body: "", street: "海珠区")
    }

    // MARK: - Contacts

    static let beishangangContact = FloodContact(
        id: FloodContact.makeID(facility: "北山岗边坡", street: "官洲街"),
        facility: "北山岗边坡", type: "地质灾害隐患点", street: "官洲街",
        leader: ResponsiblePerson(name: "林志强", phone: "13900000011"),
        technical: ResponsiblePerson(name: "黄建国", phone: "13900000012"),
        maintenance: ResponsiblePerson(name: "吴伯", phone: "13900000013"))
    static let julongContact = FloodContact(
        id: FloodContact.makeID(facility: "聚龙大街", street: "南华西街"),
        facility: "聚龙大街", type: "内涝点", street: "南华西街",
        leader: ResponsiblePerson(name: "何丽", phone: "13900000021"),
        technical: ResponsiblePerson(name: "郭工", phone: "13900000022"),
        maintenance: ResponsiblePerson(name: "梁叔", phone: "13900000023"))

    static func contactsState() -> DutyState {
        var s = DutyState()
        s.contacts = [beishangangContact.id: beishangangContact, julongContact.id: julongContact]
        return s
    }

    /// A handover with its replies written out by hand.
    static func handover(
        id: String, summary: String, note: String, submitted: Stamp, replies: [Handover.Reply] = []
    ) -> Handover {
        var h = Handover(id: id, summary: summary, note: note, submitted: submitted)
        h.replies = replies
        return h
    }
}

extension DutyState {
    /// The state after one op, leaving `self` as it was.
    func applying(_ op: Op, _ ctx: OpContext) -> DutyState {
        var next = self
        next.apply(op, ctx)
        return next
    }

    /// Why `validate` refuses `op`, or nil when it accepts it.
    func refusal(_ op: Op) -> DomainError? {
        do {
            try validate(op)
            return nil
        } catch {
            return error
        }
    }
}
