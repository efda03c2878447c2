import DutyCore
import DutyStore


/// A year of a busy duty room as ops, delivered in time order in batches.
struct BusyYear {
    var alerts = 50_000
    var ticks = 200_000
    var calls = 30_000
    var notes = 70_000
    let start: LocalDate
    let calendar: LocalCalendar

    /// The busy year with its volumes times `scale`, as `--scale` asks.
    static func scaled(_ scale: Double) -> BusyYear {
        var year = BusyYear(start: LocalDate(year: 2025, month: 1, day: 1)!, calendar: .shanghai)
        year.alerts = Int(Double(year.alerts) * scale)
        year.ticks = Int(Double(year.ticks) * scale)
        year.calls = Int(Double(year.calls) * scale)
        year.notes = Int(Double(year.notes) * scale)
        return year
    }

    var days: Int { 365 }
    var expectedRecords: Int { alerts * 4 + notes + ticks + calls + days + rounds * 3 + 3 }
    var rounds: Int { 40 }

    static let people = ["司徒建华", "冼嘉怡", "黎振邦", "欧阳晓晴", "麦志坚", "陈卫东", "邓伟杰", "钟丽华", "罗惠玲", "潘俊豪"]
    static let kinds = ["暴雨", "内涝", "树木倒伏", "燃气泄漏", "交通事故", "火灾", "上级指令", "雷雨大风"]

    /// Calls `emit` with batches of ops in time order; returns the number of ops.
    func generate(_ emit: ([PendingOp]) throws -> Void) rethrows -> Int {
        var rng = SeededRandom(state: 20_260_605)
        let demo = DemoData.entries(now: calendar.instant(start, LocalTime(hour: 0, minute: 1)!), calendar: calendar)
        let points = demo.compactMap { e -> [HazardPoint]? in
            if case .hazardPointsImported(_, let p) = e.op { return p }
            return nil
        }.first!
        var setup: [PendingOp] = []
        let t0 = calendar.instant(start, LocalTime(hour: 0, minute: 0)!)
        for e in demo {
            switch e.op {
            case .hazardPointsImported, .checklistTemplatesImported, .contactsImported:
                setup.append(PendingOp(op: e.op, actor: "系统", at: t0))
            default: break
            }
        }
        try emit(setup)
        var state = DutyState()
        for p in setup { state.apply(p.op, OpContext(actor: p.actor, at: p.at, node: "", seq: 0)) }
        let contacts = state.contacts.values.sorted { $0.id < $1.id }
        let templates = state.templates
        var count = setup.count

        // Spread every kind of work evenly over the year, in minute order.
        let minutes = days * 24 * 60
        var batch: [PendingOp] = []
        var open: [(id: String, stage: Int)] = []
        var alertNo = 0, tickNo = 0, callNo = 0, noteNo = 0
        var roundNo = 0
        var roundOpen = false
        var roundID = ""
        let roundEvery = minutes / rounds
        func at(_ m: Int) -> Instant { t0.adding(minutes: m) }
        func actor() -> String { Self.people[Int(rng.next() % UInt64(Self.people.count))] }
        let perMinute = Double(expectedRecords) / Double(minutes)
        var budget = 0.0

        for m in 0..<minutes {
            if m % (24 * 60) == 0 {
                let day = start.adding(days: m / (24 * 60))
                let slots = [
                    ("08:30", "17:30", DutyRole.leader), ("08:30", "17:30", .officer), ("08:30", "17:30", .officer),
                    ("08:30", "17:30", .technical), ("17:30", "08:30", .leader), ("17:30", "08:30", .officer), ("17:30", "08:30", .officer),
                ].enumerated().map { i, s in
                    DutySlot(id: "S-\(day)-\(i)", date: day, start: LocalTime(parsing: s.0)!, end: LocalTime(parsing: s.1)!,
                             role: s.2, person: Self.people[(day.dayNumber + i) % Self.people.count], phone: "138 0000 \(String(format: "%04d", i))")
                }
                batch.append(PendingOp(op: .rosterImported(source: "roster-\(day).csv", slots: slots), actor: "系统", at: at(m)))
            }
            if m % roundEvery == 0, roundNo < rounds {
                if roundOpen { batch.append(PendingOp(op: .roundClosed(id: roundID), actor: actor(), at: at(m))) }
                roundID = "R-\(roundNo)"
                roundNo += 1
                roundOpen = true
                batch.append(PendingOp(op: .roundOpened(id: roundID, title: "暴雨预警 第\(roundNo)轮", phase: .before), actor: actor(), at: at(m)))
            } else if m % roundEvery == roundEvery / 3, roundOpen {
                batch.append(PendingOp(op: .roundPhaseChanged(id: roundID, phase: .during), actor: actor(), at: at(m)))
            }
            budget += perMinute
            while budget >= 1 {
                budget -= 1
                let roll = rng.next() % 1000
                if roll < 400, tickNo < ticks, roundOpen {
                    let p = points[Int(rng.next() % UInt64(points.count))]
                    let phase: CheckPhase = (m % roundEvery) < roundEvery / 3 ? .before : .during
                    let items = (templates[phase]?.items ?? []).filter { $0.applies(to: p.type) }
                    guard let item = items.randomElement(using: &rng) else { continue }
                    let r = rng.next() % 20
                    let result: TickResult = r == 0 ? .problem : (r == 1 ? .notApplicable : .ok)
                    batch.append(PendingOp(op: .itemTicked(roundID: roundID, pointID: p.id, phase: phase, itemID: item.id, result: result,
                                                           remark: result == .problem ? "积水\(rng.next() % 50)厘米，已设置警示" : ""),
                                           actor: actor(), at: at(m)))
                    tickNo += 1
                } else if roll < 460, callNo < calls {
                    let c = contacts[Int(rng.next() % UInt64(contacts.count))]
                    let role = ResponsibleRole.allCases[Int(rng.next() % 3)]
                    batch.append(PendingOp(op: .callLogged(id: "C-\(callNo)", contactID: c.id, role: role,
                                                           outcome: rng.next() % 5 == 0 ? .notReached : .reached, note: "已通知加强巡查"),
                                           actor: actor(), at: at(m)))
                    callNo += 1
                } else if roll < 600, noteNo < notes, let a = open.randomElement(using: &rng) {
                    batch.append(PendingOp(op: .alertNoted(id: a.id, text: "现场反馈：正在处置，已安排人员\(rng.next() % 9 + 1)名"), actor: actor(), at: at(m)))
                    noteNo += 1
                } else if roll < 900 || alertNo >= alerts, !open.isEmpty {
                    // Move the oldest open alert one step: acknowledged, handling, resolved.
                    let a = open[0]
                    let op: Op
                    switch a.stage {
                    case 0: op = .alertAcknowledged(id: a.id, note: "")
                    case 1: op = .alertHandling(id: a.id, note: "已通知街道")
                    default: op = .alertResolved(id: a.id, note: "处置完毕")
                    }
                    batch.append(PendingOp(op: op, actor: actor(), at: at(m)))
                    if a.stage == 2 { open.removeFirst() } else { open[0].stage += 1 }
                } else if alertNo < alerts {
                    let kind = Self.kinds[Int(rng.next() % UInt64(Self.kinds.count))]
                    let street = Haizhu.streets[Int(rng.next() % 18)]
                    let level = AlertLevel.allCases[Int(rng.next() % 4)]
                    let id = "A-\(alertNo)"
                    batch.append(PendingOp(op: .alertRaised(AlertContent(
                        id: id, source: alertNo % 3 == 0 ? "广州市气象台" : "电话报告", kind: kind, level: level,
                        title: "\(street)\(kind)报告 第\(alertNo)号", body: "报告人称\(street)附近发生\(kind)，请求处置。", street: street)),
                        actor: actor(), at: at(m)))
                    open.append((id, 0))
                    alertNo += 1
                }
            }
            if batch.count >= 2000 {
                count += batch.count
                try emit(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        // Close what is left so the year ends with every alert handled.
        var last = minutes
        while let a = open.first {
            let op: Op = a.stage == 0 ? .alertAcknowledged(id: a.id, note: "") : (a.stage == 1 ? .alertHandling(id: a.id, note: "") : .alertResolved(id: a.id, note: "年底清理"))
            batch.append(PendingOp(op: op, actor: "系统", at: at(last)))
            last += 1
            if a.stage == 2 { open.removeFirst() } else { open[0].stage += 1 }
            if batch.count >= 2000 {
                count += batch.count
                try emit(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        count += batch.count
        try emit(batch)
        return count
    }
}
