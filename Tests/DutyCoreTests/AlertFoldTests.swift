import Testing
@testable import DutyCore

struct AlertFoldTests {
    static let receivedAt = Fx.at(2026, 6, 5, 2, 10)
    let received = Stamp(actor: "inbox", at: Self.receivedAt)
    let raise = Fx.ctx("inbox", Self.receivedAt, node: "node-a", seq: 1)

    let ackAt = Fx.at(2026, 6, 5, 2, 12)
    var ack: Stamp { Stamp(actor: "陈刚", at: ackAt) }
    var ackCtx: OpContext { Fx.ctx("陈刚", ackAt, node: "node-a", seq: 2) }

    var rainID: String { Fx.rainRed.id }

    func state(_ alerts: Alert...) -> DutyState {
        var s = DutyState()
        for a in alerts { s.alerts[a.id] = a }
        return s
    }

    var newRain: Alert {
        Fx.alert(Fx.rainRed, received: received, status: .new,
                 events: [AlertEvent(kind: .raised, stamp: received, text: "", origin: Fx.origin(1))])
    }

    var acknowledgedRain: Alert {
        Fx.alert(Fx.rainRed, received: received, status: .acknowledged, acknowledgements: [ack], events: [
            AlertEvent(kind: .raised, stamp: received, text: "", origin: Fx.origin(1)),
            AlertEvent(kind: .acknowledged, stamp: ack, text: "已通知南华西街", origin: Fx.origin(2)),
        ])
    }

    // MARK: - Lifecycle

    @Test func anUpdateReplacesTheContentAndKeepsTheHistory() {
        let at = Fx.at(2026, 6, 5, 2, 40)
        var upgraded = Fx.rainRed
        upgraded.level = .orange
        upgraded.title = "暴雨橙色预警（更新）"
        upgraded.expires = Fx.at(2026, 6, 5, 8, 0)
        let after = state(acknowledgedRain).applying(.alertUpdated(upgraded, note: "红→橙"), Fx.ctx("inbox", at, seq: 3))
        let a = after.alerts[rainID]!
        #expect(a.content == upgraded)
        #expect(a.status == .acknowledged && a.acknowledgements == [ack], "an update keeps who acknowledged it")
        #expect(a.events.map(\.kind) == [.raised, .acknowledged, .updated])
        #expect(a.events.last?.text == "红→橙")
        #expect(!a.isExpired(at: Fx.at(2026, 6, 5, 7, 59)) && a.isExpired(at: Fx.at(2026, 6, 5, 8, 0)))
        #expect(DutyState().refusal(.alertUpdated(upgraded, note: "")) == DomainError("no alert \(rainID)", zh: ""))
    }

    @Test func aLiftIsKeptOnceAndAReportStageOnceExceptFollowUps() {
        let liftAt = Fx.at(2026, 6, 5, 5, 0)
        var s = state(acknowledgedRain).applying(.alertLifted(id: rainID, note: "解除"), Fx.ctx("inbox", liftAt, seq: 3))
        #expect(s.alerts[rainID]?.lifted == Stamp(actor: "inbox", at: liftAt))
        #expect(s.alerts[rainID]?.status == .acknowledged, "lifting is the publisher's word; closing stays the officer's")
        #expect(s.refusal(.alertLifted(id: rainID, note: "")) == DomainError("alert \(rainID) is already lifted", zh: ""))

        s.apply(.alertReported(id: rainID, stage: .initial, note: "电话报区应急局"), Fx.ctx("陈刚", liftAt, seq: 4))
        s.apply(.alertReported(id: rainID, stage: .followUp, note: ""), Fx.ctx("陈刚", liftAt, seq: 5))
        #expect(s.refusal(.alertReported(id: rainID, stage: .initial, note: "")) == DomainError("the first report on alert \(rainID) was already made", zh: ""))
        #expect(s.refusal(.alertReported(id: rainID, stage: .followUp, note: "")) == nil)
        #expect(s.alerts[rainID]?.reports(.initial) == [Stamp(actor: "陈刚", at: liftAt)])
        #expect(s.alerts[rainID]?.reports(.final) == [])
    }

    @Test func raisedIsNewWithARaisedEventAndReceivedStamp() {
        let after = DutyState().applying(.alertRaised(Fx.rainRed), raise)
        #expect(after == state(newRain))
        #expect(after.alerts[rainID]?.isOpen == true)
        #expect(after.alerts[rainID]?.notes == [])
    }

    @Test func raisingTheSameAlertTwiceKeepsTheFirst() {
        // Two consoles take in the same CAP file: one alert, received when it first arrived.
        var again = Fx.rainRed
        again.title = "改过的标题"
        let after = state(newRain).applying(.alertRaised(again), Fx.ctx("inbox", Fx.at(2026, 6, 5, 2, 30), node: "node-b", seq: 9))
        #expect(after == state(newRain))
    }

    /// Two consoles that had not synced gave out one id for two phone reports: the fold kept the
    /// first and dropped the second without a word. Both are kept; the second says why its id
    /// differs, the same on every console.
    @Test func anotherReportUnderAConsoleMintedIdIsKeptBesideTheFirst() {
        let first = AlertContent(id: "A-20260605-01", source: "电话报告", kind: "内涝", level: .orange, title: "聚龙大街积水", body: "", street: "南华西街")
        var second = first
        second.title = "新港西路树木倒伏"
        let a = Fx.ctx("冼嘉怡", Fx.at(2026, 6, 5, 2, 10), node: "district", seq: 4)
        let b = Fx.ctx("陈伟", Fx.at(2026, 6, 5, 2, 12), node: "nanzhou", seq: 7)
        let after = DutyState().applying(.alertRaised(first), a).applying(.alertRaised(second), b)
        #expect(after.alerts.keys.sorted() == ["A-20260605-01", "A-20260605-01~nanzhou-7"])
        #expect(after.alerts["A-20260605-01"]?.content.title == "聚龙大街积水")
        let kept = after.alerts["A-20260605-01~nanzhou-7"]
        #expect(kept?.content.title == "新港西路树木倒伏")
        #expect(kept?.notes.map(\.text) == ["编号冲突：A-20260605-01 已是另一条警情（聚龙大街积水），本条另存为 A-20260605-01~nanzhou-7"])
        // The same record again changes nothing; the same report again (identical) is one.
        #expect(after.applying(.alertRaised(second), b) == after)
        #expect(DutyState().applying(.alertRaised(first), a).applying(.alertRaised(first), b).alerts.count == 1)
    }

    @Test func acknowledged() {
        let after = state(newRain).applying(.alertAcknowledged(id: rainID, note: "已通知南华西街"), ackCtx)
        #expect(after == state(acknowledgedRain))
    }

    @Test func secondAcknowledgementIsKeptByApplyButRefusedByValidate() {
        let s = state(acknowledgedRain)
        #expect(s.refusal(.alertAcknowledged(id: rainID, note: "")) == DomainError("alert \(rainID) is already acknowledged", zh: ""))

        // The same alert acknowledged concurrently on another console arrives by sync: both count.
        let peerAt = Fx.at(2026, 6, 5, 2, 13)
        let peer = Stamp(actor: "赵敏", at: peerAt)
        let after = s.applying(.alertAcknowledged(id: rainID, note: "收到"), Fx.ctx("赵敏", peerAt, node: "node-b", seq: 4))

        let expected = Fx.alert(Fx.rainRed, received: received, status: .acknowledged, acknowledgements: [ack, peer], events: [
            AlertEvent(kind: .raised, stamp: received, text: "", origin: Fx.origin(1)),
            AlertEvent(kind: .acknowledged, stamp: ack, text: "已通知南华西街", origin: Fx.origin(2)),
            AlertEvent(kind: .acknowledged, stamp: peer, text: "收到", origin: Fx.origin(4, "node-b")),
        ])
        #expect(after == state(expected))
        #expect(after.alerts[rainID]?.acknowledgements.map(\.actor) == ["陈刚", "赵敏"])
    }

    @Test func handling() {
        let at = Fx.at(2026, 6, 5, 2, 20)
        let after = state(acknowledgedRain).applying(.alertHandling(id: rainID, note: "抢险队出发"), Fx.ctx("陈刚", at, seq: 3))

        var expected = acknowledgedRain
        expected.status = .handling
        expected.events.append(AlertEvent(kind: .handling, stamp: Stamp(actor: "陈刚", at: at), text: "抢险队出发", origin: Fx.origin(3)))
        #expect(after == state(expected))
    }

    @Test func resolved() {
        var handling = acknowledgedRain
        handling.status = .handling
        let at = Fx.at(2026, 6, 5, 6, 0)
        let after = state(handling).applying(.alertResolved(id: rainID, note: "积水已退"), Fx.ctx("陈刚", at, seq: 4))

        var expected = handling
        expected.status = .resolved
        expected.events.append(AlertEvent(kind: .resolved, stamp: Stamp(actor: "陈刚", at: at), text: "积水已退", origin: Fx.origin(4)))
        #expect(after == state(expected))
        #expect(after.alerts[rainID]?.isOpen == false)
    }

    @Test func resolvedStraightFromNew() {
        let at = Fx.at(2026, 6, 5, 3, 0)
        let after = state(newRain).applying(.alertResolved(id: rainID, note: "预警解除"), Fx.ctx("陈刚", at))
        let expected = Fx.alert(Fx.rainRed, received: received, status: .resolved, events: [
            AlertEvent(kind: .raised, stamp: received, text: "", origin: Fx.origin(1)),
            AlertEvent(kind: .resolved, stamp: Stamp(actor: "陈刚", at: at), text: "预警解除", origin: Fx.origin(1)),
        ])
        #expect(after == state(expected))
    }

    @Test func reopenedGoesBackToAcknowledged() {
        var resolved = acknowledgedRain
        resolved.status = .resolved
        let at = Fx.at(2026, 6, 5, 7, 0)
        let after = state(resolved).applying(.alertReopened(id: rainID, note: "又积水了"), Fx.ctx("李华", at, seq: 5))

        var expected = resolved
        expected.status = .acknowledged
        expected.events.append(AlertEvent(kind: .reopened, stamp: Stamp(actor: "李华", at: at), text: "又积水了", origin: Fx.origin(5)))
        #expect(after == state(expected))
    }

    @Test func reopenNeedsANoteAndAResolvedAlert() {
        var resolved = acknowledgedRain
        resolved.status = .resolved
        let s = state(resolved)
        #expect(s.refusal(.alertReopened(id: rainID, note: "")) == DomainError("reopening an alert needs a note", zh: ""))
        #expect(s.refusal(.alertReopened(id: rainID, note: "   ")) == DomainError("reopening an alert needs a note", zh: ""))
        #expect(s.refusal(.alertReopened(id: rainID, note: "又积水了")) == nil)
        #expect(state(acknowledgedRain).refusal(.alertReopened(id: rainID, note: "又积水了")) == DomainError("alert \(rainID) is not resolved", zh: ""))
    }

    @Test func noted() {
        let at = Fx.at(2026, 6, 5, 2, 40)
        let after = state(acknowledgedRain).applying(.alertNoted(id: rainID, text: "海幢街来电：路面积水"), Fx.ctx("陈刚", at, seq: 6))

        var expected = acknowledgedRain
        expected.events.append(AlertEvent(kind: .note, stamp: Stamp(actor: "陈刚", at: at), text: "海幢街来电：路面积水", origin: Fx.origin(6)))
        #expect(after == state(expected))
        // `notes` is everything someone wrote, in order; the raised event has no text.
        #expect(after.alerts[rainID]?.notes.map(\.text) == ["已通知南华西街", "海幢街来电：路面积水"])
    }

    /// A year holds hundreds of thousands of events: knowing its origin must not make one bigger.
    @Test func anEventKnowsItsOriginAndStaysSmall() {
        #expect(MemoryLayout<AlertEvent>.stride == 48)
        var e = AlertEvent(kind: .note, stamp: ack, text: "x", origin: Fx.origin(7, "street-nanzhou"))
        #expect(e.origin == Origin(node: "street-nanzhou", seq: 7))
        e.origin = Origin(node: "node-a", seq: 4_000_000_000)
        #expect(e.origin == Origin(node: "node-a", seq: 4_000_000_000))
        #expect(e == AlertEvent(kind: .note, stamp: ack, text: "x", origin: Fx.origin(4_000_000_000)))
        #expect(e != AlertEvent(kind: .note, stamp: ack, text: "x", origin: Fx.origin(4_000_000_000, "node-b")))
    }

    // MARK: - Merge rules in apply

    @Test func lateOpsDoNotMoveStatusBackwards() {
        var resolved = acknowledgedRain
        resolved.status = .resolved
        let at = Fx.at(2026, 6, 5, 8, 0)
        let stamp = Stamp(actor: "赵敏", at: at)
        let ctx = Fx.ctx("赵敏", at, node: "node-b", seq: 7)

        let afterHandling = state(resolved).applying(.alertHandling(id: rainID, note: "迟到的"), ctx)
        var expectedHandling = resolved
        expectedHandling.events.append(AlertEvent(kind: .handling, stamp: stamp, text: "迟到的", origin: Fx.origin(7, "node-b")))
        #expect(afterHandling == state(expectedHandling))

        let afterAck = state(resolved).applying(.alertAcknowledged(id: rainID, note: ""), ctx)
        var expectedAck = resolved
        expectedAck.acknowledgements.append(stamp)
        expectedAck.events.append(AlertEvent(kind: .acknowledged, stamp: stamp, text: "", origin: Fx.origin(7, "node-b")))
        #expect(afterAck == state(expectedAck))
    }

    @Test func opsForAnUnknownAlertChangeNothing() {
        let s = state(acknowledgedRain)
        let ops: [Op] = [
            .alertAcknowledged(id: "nope", note: "x"),
            .alertHandling(id: "nope", note: "x"),
            .alertResolved(id: "nope", note: "x"),
            .alertReopened(id: "nope", note: "x"),
            .alertNoted(id: "nope", text: "x"),
        ]
        for op in ops {
            #expect(s.applying(op, ackCtx) == s, "\(op.name)")
            #expect(s.refusal(op) == DomainError("no alert nope", zh: ""), "\(op.name)")
        }
    }

    // MARK: - Validation

    @Test func validateFollowsTheStatusOrder() {
        var handling = acknowledgedRain
        handling.status = .handling
        var resolved = acknowledgedRain
        resolved.status = .resolved

        #expect(DutyState().refusal(.alertRaised(Fx.rainRed)) == nil)
        #expect(state(newRain).refusal(.alertRaised(Fx.rainRed)) == DomainError("alert \(rainID) already exists", zh: ""))
        var untitled = Fx.julongFlood
        untitled.title = ""
        #expect(DutyState().refusal(.alertRaised(untitled)) == DomainError("an alert needs a title", zh: ""))

        #expect(state(newRain).refusal(.alertAcknowledged(id: rainID, note: "")) == nil)
        #expect(state(newRain).refusal(.alertHandling(id: rainID, note: "")) == nil)
        #expect(state(acknowledgedRain).refusal(.alertHandling(id: rainID, note: "")) == nil)
        #expect(state(handling).refusal(.alertHandling(id: rainID, note: "")) == DomainError("alert \(rainID) is already handling", zh: ""))
        #expect(state(resolved).refusal(.alertHandling(id: rainID, note: "")) == DomainError("alert \(rainID) is already resolved", zh: ""))
        #expect(state(handling).refusal(.alertAcknowledged(id: rainID, note: "")) == DomainError("alert \(rainID) is already handling", zh: ""))
        #expect(state(handling).refusal(.alertResolved(id: rainID, note: "")) == nil)
        #expect(state(resolved).refusal(.alertResolved(id: rainID, note: "")) == DomainError("alert \(rainID) is already resolved", zh: ""))
        #expect(state(newRain).refusal(.alertNoted(id: rainID, text: " ")) == DomainError("the note is empty", zh: ""))
        #expect(state(resolved).refusal(.alertNoted(id: rainID, text: "补记")) == nil)
    }

    // MARK: - Queue order

    @Test func openAlertsByUrgency() {
        func make(_ id: String, _ level: AlertLevel, _ status: AlertStatus, receivedAt h: Int, _ m: Int) -> Alert {
            let stamp = Stamp(actor: "inbox", at: Fx.at(2026, 6, 5, h, m))
            return Fx.alert(Fx.content(id, level), received: stamp, status: status,
                            events: [AlertEvent(kind: .raised, stamp: stamp, text: "", origin: Fx.origin(1))])
        }
        let redAckOld = make("red-ack-old", .red, .acknowledged, receivedAt: 1, 0)
        let redNewLate = make("red-new-late", .red, .new, receivedAt: 3, 0)
        let redNewEarly = make("red-new-early", .red, .new, receivedAt: 2, 0)
        let redHandling = make("red-handling", .red, .handling, receivedAt: 0, 30)
        let redResolved = make("red-resolved", .red, .resolved, receivedAt: 0, 0)
        let orangeNewOldest = make("orange-new", .orange, .new, receivedAt: 0, 0)
        let yellowAck = make("yellow-ack", .yellow, .acknowledged, receivedAt: 0, 10)
        let whiteNew = make("white-new", .white, .new, receivedAt: 4, 0)
        let blueNewB = make("blue-b", .blue, .new, receivedAt: 5, 0)
        let blueNewA = make("blue-a", .blue, .new, receivedAt: 5, 0)

        let s = state(
            whiteNew, redResolved, yellowAck, redAckOld, blueNewB, redNewLate, orangeNewOldest, redHandling, redNewEarly, blueNewA)
        #expect(s.openAlertsByUrgency.map(\.id) == [
            "red-new-early", "red-new-late", "red-handling", "red-ack-old",
            "orange-new", "yellow-ack", "blue-a", "blue-b", "white-new",
        ])
        #expect(s.alertsByReceived.map(\.id) == [
            "orange-new", "red-resolved", "yellow-ack", "red-handling", "red-ack-old", "red-new-early",
            "red-new-late", "white-new", "blue-a", "blue-b",
        ])
    }

    // MARK: - Levels

    @Test(arguments: [
        ("red", AlertLevel.red), ("RED", .red), ("Red", .red), ("红", .red), ("红色", .red), (" red ", .red),
        ("orange", .orange), ("橙色", .orange), ("黄", .yellow), ("YELLOW", .yellow), ("蓝色", .blue), ("白", .white),
    ])
    func alertLevelParsing(_ text: String, _ level: AlertLevel) {
        #expect(AlertLevel(parsing: text) == level)
    }

    @Test(arguments: ["purple", "紫色", "", "red alert", "红色预警", "r"])
    func alertLevelRejects(_ text: String) {
        #expect(AlertLevel(parsing: text) == nil)
    }

    @Test func levelsOrderMostSevereFirst() {
        #expect(AlertLevel.allCases.sorted() == [.red, .orange, .yellow, .blue, .white])
        #expect(AlertLevel.red < .orange)
        #expect(AlertLevel.allCases.map(\.chinese) == ["红", "橙", "黄", "蓝", "白"])
        #expect(AlertLevel.orange.english == "Orange")
    }
}
