import DutyCore
import DutyStore

/// The registers every console of a district works against (hazard points with the 三查 items
/// that apply to each, contacts, roster slots), read once from a state that holds them: a
/// generator that looked them up in the store's state per op would time itself, not the store.
struct DutyRegisters {
    let points: [(id: String, items: [CheckPhase: [String]])]
    let contacts: [String]
    let slots: [String]

    init(_ state: DutyState) {
        points = state.hazardPoints.values.sorted { $0.id < $1.id }.map { p in
            (p.id, Dictionary(uniqueKeysWithValues: CheckPhase.allCases.map { phase in
                (phase, (state.templates[phase]?.items ?? []).filter { $0.applies(to: p.type) }.map(\.id))
            }))
        }
        contacts = state.contacts.keys.sorted()
        slots = state.slots.keys.sorted()
    }

    /// What a district's consoles share before the storm: the demo's registers and roster, and a
    /// 三查 round opened by the district duty room.
    static func setupOps(at t0: Instant, calendar: LocalCalendar) -> [PendingOp] {
        var ops: [PendingOp] = []
        for e in DemoData.entries(now: t0, calendar: calendar) {
            switch e.op {
            case .hazardPointsImported, .checklistTemplatesImported, .contactsImported, .rosterImported:
                ops.append(PendingOp(op: e.op, actor: "系统", at: Instant(ms: t0.ms + Int64(ops.count))))
            default: break
            }
        }
        ops.append(PendingOp(op: .roundOpened(id: "R-storm-1", title: "暴雨红色预警 第1轮", phase: .before), actor: "司徒建华",
                             at: Instant(ms: t0.ms + Int64(ops.count))))
        return ops
    }
}

/// One console's duty work during a long rain event, op by op, the way StressSyncCommand and the
/// busy year mix it: alerts raised and moved through acknowledged, handling, resolved; notes on
/// its own and on other consoles' alerts; 三查 ticks on the open round; calls down the lists; now
/// and then a slot given to someone else. The district room (`leadsRounds`) also moves the 三查
/// round on. Every op is valid against the console's own state, as a person's would be.
struct DutyWork {
    let node: String
    let leadsRounds: Bool
    let registers: DutyRegisters
    private var rng: SeededRandom
    private var open: [(id: String, stage: Int)] = []
    /// Every alert this console raised, for the others' notes.
    private(set) var raised: [String] = []
    private var alertNo = 0, callNo = 0, roundNo = 1, step = 0
    private let day: String
    private let people: [String]

    /// `numberFrom`: where this run's alert and call numbers start, past those of an earlier run
    /// on the same store (ids are never given out twice).
    init(node: String, index: Int, registers: DutyRegisters, day: LocalDate, leadsRounds: Bool = false, numberFrom: Int = 0) {
        self.node = node
        alertNo = numberFrom
        callNo = numberFrom
        self.leadsRounds = leadsRounds
        self.registers = registers
        rng = SeededRandom(state: 0x5EED_0000 &+ UInt64(index) &* 7919)
        self.day = day.compact
        let all = BusyYear.people
        people = (0..<3).map { all[(index * 3 + $0) % all.count] }
    }

    var actor: String { people[Int(step % 97) % people.count] }

    private mutating func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[Int(rng.next() % UInt64(xs.count))] }

    /// The next op: `state` is the console's state now (its own and what it took in), `peerAlert`
    /// an alert another console raised, noted only once this console has it.
    mutating func next(_ state: DutyState, peerAlert: String?) -> Op {
        step += 1
        if leadsRounds, step % 400 == 0, let r = state.openRound {
            // The district room moves the round on: before → during, then the next round.
            if r.phase == .before { return .roundPhaseChanged(id: r.id, phase: .during) }
            roundNo += 1
            return .roundClosed(id: r.id)
        }
        if leadsRounds, state.openRound == nil {
            return .roundOpened(id: "R-storm-\(roundNo)", title: "暴雨红色预警 第\(roundNo)轮", phase: .before)
        }
        let roll = rng.next() % 100
        switch roll {
        case 10..<38 where !open.isEmpty:
            let a = open[0]
            let op: Op
            switch a.stage {
            case 0: op = .alertAcknowledged(id: a.id, note: rng.next() % 3 == 0 ? "已电话核实" : "")
            case 1: op = .alertHandling(id: a.id, note: "已通知\(Haizhu.streets[Int(rng.next() % 18)])")
            default: op = .alertResolved(id: a.id, note: "处置完毕，现场已恢复")
            }
            if a.stage == 2 { open.removeFirst() } else { open[0].stage += 1 }
            return op
        case 38..<58:
            if rng.next() % 2 == 0, let id = peerAlert, state.alerts[id] != nil {
                return .alertNoted(id: id, text: "\(node)协查：现场已派\(rng.next() % 5 + 1)人")
            }
            if let a = pick(open) {
                return .alertNoted(id: a.id, text: "现场反馈：正在处置，已安排人员\(rng.next() % 9 + 1)名")
            }
        case 58..<90:
            if let r = state.openRound, let p = pick(registers.points), let item = pick(p.items[r.phase] ?? []) {
                let n = rng.next() % 20
                let result: TickResult = n == 0 ? .problem : (n == 1 ? .notApplicable : .ok)
                return .itemTicked(roundID: r.id, pointID: p.id, phase: r.phase, itemID: item, result: result,
                                   remark: result == .problem ? "积水\(rng.next() % 50)厘米，已设置警示" : "")
            }
        case 90..<97:
            if let c = pick(registers.contacts) {
                callNo += 1
                return .callLogged(id: "C-\(day)-\(node)-\(callNo)", contactID: c, role: ResponsibleRole.allCases[Int(rng.next() % 3)],
                                   outcome: rng.next() % 5 == 0 ? .notReached : .reached, note: "已通知加强巡查")
            }
        case 97..<100:
            if let id = pick(registers.slots), let slot = state.slots[id] {
                let who = BusyYear.people[Int(rng.next() % UInt64(BusyYear.people.count))]
                return .slotReassigned(slotID: id, person: who, phone: "138 0000 \(zeroPadded(Int(rng.next() % 10_000), 4))",
                                       reason: "临时顶班", from: slot.person)
            }
        default:
            break
        }
        return raise()
    }

    private mutating func raise() -> Op {
        alertNo += 1
        let id = "A-\(day)-\(node)-\(zeroPadded(alertNo, 2))"
        let kind = BusyYear.kinds[Int(rng.next() % UInt64(BusyYear.kinds.count))]
        let street = Haizhu.streets[Int(rng.next() % 18)]
        open.append((id, 0))
        raised.append(id)
        return .alertRaised(AlertContent(id: id, source: alertNo % 4 == 0 ? "广州市气象台" : "电话报告", kind: kind,
                                         level: AlertLevel.allCases[Int(rng.next() % 4)], title: "\(street)\(kind)报告 第\(alertNo)号",
                                         body: "报告人称\(street)附近发生\(kind)，请求处置。", street: street))
    }
}
