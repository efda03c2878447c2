import Testing
@testable import DutyCore

/// The one place that turns what people mean into ops: ids minted with the console's name, the
/// 三查 rule applied whoever raised the signal, refusals with their reasons.
@Suite struct PlannerTests {
    let now = Fx.at(2026, 6, 5, 21, 37)

    func planner(_ node: String = "room1", actor: String = "冼嘉怡") -> Planner {
        Planner(node: node, actor: actor, now: now, calendar: .shanghai)
    }

    func phoned(_ title: String, kind: String = "内涝", level: AlertLevel = .orange) -> AlertContent {
        AlertContent(id: "", source: "电话报告", kind: kind, level: level, title: title, body: "", street: "南洲街")
    }

    /// Applies `ops` as the store would after saving them.
    func saved(_ ops: [Op], on s: inout DutyState, node: String = "room1") {
        for (i, op) in ops.enumerated() { s.apply(op, Fx.ctx("冼嘉怡", now, node: node, seq: i + 1)) }
    }

    @Test func everyIntentBecomesTheOpItMeans() throws {
        var s = Fx.contactsState()
        saved([.alertRaised(Fx.julongFlood)], on: &s)
        let id = Fx.julongFlood.id
        let p = planner()
        #expect(try p.plan(.acknowledge(alert: id), in: s) == [.alertAcknowledged(id: id, note: "")])
        #expect(try p.plan(.startHandling(alert: id, note: "已派人"), in: s) == [.alertHandling(id: id, note: "已派人")])
        #expect(try p.plan(.resolve(alert: id, note: "积水已退"), in: s) == [.alertResolved(id: id, note: "积水已退")])
        #expect(try p.plan(.addNote(alert: id, text: "水深30厘米"), in: s) == [.alertNoted(id: id, text: "水深30厘米")])
        #expect(try p.plan(.report(alert: id, stage: .initial, note: "电话报区"), in: s) == [.alertReported(id: id, stage: .initial, note: "电话报区")])
        let contact = Fx.julongContact.id
        #expect(try p.plan(.logCall(contact: contact, role: .leader, outcome: .reached, note: ""), in: s)
            == [.callLogged(id: "C-room1-1-\(contact)-leader", contactID: contact, role: .leader, outcome: .reached, note: "")])
    }

    @Test func eachIntentIsRefusedWithItsReason() {
        let s = Fx.contactsState()
        let p = planner()
        #expect(throws: DomainError("no alert A-X", zh: "")) { try p.plan(.acknowledge(alert: "A-X"), in: s) }
        #expect(throws: DomainError("no contact nobody", zh: "")) { try p.plan(.logCall(contact: "nobody", role: .leader, outcome: .reached, note: ""), in: s) }
        #expect(throws: DomainError("an alert needs a title", zh: "")) { try p.plan(.raise(phoned("")), in: s) }
        #expect(throws: DomainError("no handover is waiting to be signed", zh: "")) {
            try p.plan(.answerHandover(id: "H-1", accepted: true, text: ""), in: s)
        }
    }

    /// Two consoles that have not synced each take a phone call: their ids differ, so the fold
    /// keeps both.
    @Test func twoConsolesNeverMintOneAlertID() throws {
        let s = DutyState()
        let a = try planner("room1").plan(.raise(phoned("聚龙大街水浸")), in: s)
        let b = try planner("street-nanzhou").plan(.raise(phoned("南洲路积水")), in: s)
        #expect(a == [.alertRaised(with(phoned("聚龙大街水浸"), id: "A-20260605-room1-01"))])
        #expect(b == [.alertRaised(with(phoned("南洲路积水"), id: "A-20260605-street-nanzhou-01"))])
        var merged = s
        saved(a, on: &merged, node: "room1")
        saved(b, on: &merged, node: "street-nanzhou")
        #expect(merged.alerts.live.count == 2)
        // The next on this console is the next number.
        #expect(try planner("room1").plan(.raise(phoned("三号")), in: merged).first.map(Self.raisedID) == "A-20260605-room1-02")
    }

    /// The phone form shows the id it will get; planned again against a state where that id was
    /// taken meanwhile (by `alert raise` on this console), it gets the next one instead of
    /// being refused or lost. An id from elsewhere is never renamed: it is the same message.
    @Test func aShownIDTakenMeanwhileIsMintedAgain() throws {
        var s = DutyState()
        saved(try planner().plan(.raise(phoned("先到的")), in: s), on: &s)
        let shown = with(phoned("后到的"), id: "A-20260605-room1-01")
        #expect(try planner().plan(.raise(shown), in: s).first.map(Self.raisedID) == "A-20260605-room1-02")
        saved([.alertRaised(Fx.rainRed)], on: &s)
        #expect(throws: DomainError("alert \(Fx.rainRed.id) already exists", zh: "")) { try planner().plan(.raise(Fx.rainRed), in: s) }
    }

    /// The rule lives here once: a rain signal phoned in opens and moves the round as one taken
    /// in from a file does.
    @Test func aRainSignalPhonedInOpensTheRound() throws {
        let ops = try planner().plan(.raise(phoned("暴雨橙色预警", kind: "暴雨", level: .orange)), in: DutyState())
        #expect(ops.dropFirst() == [
            .roundOpened(id: "R-20260605", title: "暴雨橙色预警", phase: .before),
            .roundPhaseChanged(id: "R-20260605", phase: .during),
        ])
        #expect(try planner().plan(.raise(phoned("暴雨蓝色", kind: "暴雨", level: .blue)), in: DutyState()).count == 1)
    }

    /// Messages from publishers: each planned against what those before it left; a Cancel of
    /// nothing is refused and the rest go on; a message taken in twice reaches its alert.
    @Test func theInboxPlansFileByFile() throws {
        let signal = IncomingAlert(action: .alert, messageID: "CAP-1", references: [],
                                   content: AlertContent(id: "CAP-1", source: "气象台", kind: "暴雨", level: .yellow,
                                                         title: "暴雨黄色预警信号", body: "", street: "海珠区"))
        var upgrade = signal
        upgrade.action = .update
        upgrade.messageID = "CAP-2"
        upgrade.references = ["CAP-1"]
        upgrade.content.id = "CAP-2"
        upgrade.content.level = .orange
        let stray = IncomingAlert(action: .cancel, messageID: "CAP-9", references: ["CAP-0"], content: signal.content)
        let steps = planner(actor: "收件箱").planEach([.receive(signal), .receive(stray), .receive(upgrade), .receive(signal)], in: DutyState())
        var raised = signal.content
        raised.id = "CAP-1"
        var updated = upgrade.content
        updated.id = "CAP-1"
        #expect(try steps[0].get() == Planner.Step(ops: [
            .alertRaised(raised), .roundOpened(id: "R-20260605", title: "暴雨黄色预警", phase: .before),
        ], reached: "CAP-1"))
        #expect(throws: DomainError("a Cancel of an alert never taken in (references CAP-0)", zh: "")) { try steps[1].get() }
        #expect(try steps[2].get() == Planner.Step(ops: [
            .alertUpdated(updated, note: "黄色→橙色", via: "CAP-2"), .roundPhaseChanged(id: "R-20260605", phase: .during),
        ], reached: "CAP-1"))
        #expect(try steps[3].get() == Planner.Step(ops: [], reached: "CAP-1"))
    }

    @Test func handoversAreMintedWithTheConsolesNameAndCheckedBeforeAnswering() throws {
        var s = Fx.rosterState()
        let ops = try planner(actor: "张明").plan(.handOver(note: "无"), in: s)
        guard case .handoverSubmitted(let id, let summary, "无")? = ops.first else {
            Issue.record("no handover: \(ops)")
            return
        }
        #expect(id == "H-20260605-room1-2137")
        #expect(summary == s.handoverDraft(at: now, .shanghai).summary)
        saved(ops, on: &s)
        #expect(throws: DomainError("handover \(id) by 冼嘉怡 is still waiting to be signed", zh: "")) {
            try planner(actor: "张明").plan(.handOver(note: ""), in: s)
        }
        #expect(throws: DomainError("the one who handed \(id) over cannot sign it too", zh: "")) {
            try planner().plan(.answerHandover(id: id, accepted: true, text: ""), in: s)
        }
        #expect(throws: DomainError("returning a handover needs a question", zh: "")) {
            try planner(actor: "李华").plan(.answerHandover(id: id, accepted: false, text: " "), in: s)
        }
        #expect(try planner(actor: "李华").plan(.answerHandover(id: id, accepted: true, text: ""), in: s)
            == [.handoverAnswered(id: id, accepted: true, text: "")])
    }

    @Test func slotsAddedOnTwoConsolesNeverShareAnID() throws {
        let s = Fx.rosterState()
        let add = Intent.addSlot(date: Fx.june5, start: Fx.time(17, 30), end: Fx.time(8, 30), role: .officer,
                                 person: "钟丽华", phone: "", reason: "补缺")
        let a = try planner("room1").plan(add, in: s), b = try planner("street-2").plan(add, in: s)
        guard case .slotAdded(let sa, _)? = a.first, case .slotAdded(let sb, _)? = b.first else {
            Issue.record("no slots: \(a) \(b)")
            return
        }
        #expect((sa.id, sb.id) == ("C-20260605-room1-1", "C-20260605-street-2-1"))
    }

    /// A batch is all or nothing, each intent against what the earlier ones left.
    @Test func aBatchIsPlannedInOrderAndRefusedWhole() throws {
        var s = DutyState()
        saved([.alertRaised(Fx.julongFlood)], on: &s)
        let id = Fx.julongFlood.id
        #expect(try planner().plan([.acknowledge(alert: id), .startHandling(alert: id)], in: s).count == 2)
        #expect(throws: DomainError("alert \(id) is already acknowledged", zh: "")) {
            try planner().plan([.acknowledge(alert: id), .acknowledge(alert: id)], in: s)
        }
    }

    func with(_ c: AlertContent, id: String) -> AlertContent {
        var c = c
        c.id = id
        return c
    }

    static func raisedID(_ op: Op) -> String? {
        if case .alertRaised(let c) = op { return c.id }
        return nil
    }
}
