import Testing
@testable import DutyCore

/// An alert whose area lies wholly outside the district (区外) is kept and shown, but owes no
/// report, never falls due for acknowledgement, opens or moves no 三查 round and is not handed
/// over as the district's.
@Suite struct OutsideAlertTests {
    static let now = Fx.at(2026, 6, 5, 21, 30)
    static let deadlines = ReportDeadlines.defaults

    static func content(_ id: String, _ kind: String, _ level: AlertLevel, outside: Bool) -> AlertContent {
        AlertContent(id: id, source: "气象台", kind: kind, level: level, title: "\(kind)\(level.chinese)色预警", body: "",
                     street: outside ? "" : "海珠区", sent: now, outside: outside)
    }

    static func raised(_ contents: AlertContent...) -> DutyState {
        var s = DutyState()
        for (i, c) in contents.enumerated() { s.apply(.alertRaised(c), Fx.ctx("inbox", now, seq: i + 1)) }
        return s
    }

    @Test func theFlagLivesWithThePublishersFields() {
        var c = Self.content("X", "地震", .orange, outside: false)
        #expect(!c.isOutside && c.isCounted)
        c.isOutside = true
        #expect(c.isOutside && c.isReal && !c.isCounted)
        c.isOutside = false
        #expect(c == Self.content("X", "地震", .orange, outside: false))
    }

    @Test func anOutsideAlertOwesNothingAndNeverFallsDue() {
        let s = Self.raised(Self.content("LA", "其他", .orange, outside: true), Self.content("HZ", "其他", .orange, outside: false))
        let la = s.alerts["LA"]!, hz = s.alerts["HZ"]!
        #expect(la.nextReport(Self.deadlines) == nil && la.owedReport(Self.deadlines) == nil)
        #expect(la.acknowledgementDue([.orange: 5]) == nil)
        #expect(hz.owedReport(Self.deadlines) == ReportDue(stage: .initial, due: Self.now.adding(minutes: 30)))
        #expect(hz.acknowledgementDue([.orange: 5]) == Self.now.adding(minutes: 5))
    }

    /// The inbox's rule, through the planner: a rainstorm signal for another place opens no round,
    /// and does not keep one in 雨中巡查 once the district's own signal is lifted.
    @Test func aRainSignalForAnotherPlaceOpensNoRound() throws {
        let planner = Planner(node: "room1", actor: "inbox", now: Self.now, calendar: .shanghai)
        func message(_ c: AlertContent) -> Intent { .receive(IncomingAlert(action: .alert, messageID: c.id, references: [], content: c)) }
        let elsewhere = Self.content("TW", "暴雨", .red, outside: true)
        #expect(try planner.plan(message(elsewhere), in: DutyState()) == [.alertRaised(elsewhere)])
        #expect(DutyState.isRainSignal(Self.raised(elsewhere).alerts["TW"]!, at: Self.now) == false)

        let ours = Self.content("GZ", "暴雨", .orange, outside: false)
        var s = Self.raised(elsewhere)
        let ops = try planner.plan(message(ours), in: s)
        #expect(ops == [.alertRaised(ours), .roundOpened(id: "R-20260605", title: "暴雨橙色预警", phase: .before),
                        .roundPhaseChanged(id: "R-20260605", phase: .during)])
        for (i, op) in ops.enumerated() { s.apply(op, Fx.ctx("inbox", Self.now, seq: 10 + i)) }
        #expect(s.rainSignals(at: Self.now).map(\.id) == ["GZ"])
        let lift = Intent.receive(IncomingAlert(action: .cancel, messageID: "GZ-2", references: ["GZ"], content: ours))
        #expect(try planner.plan(lift, in: s) == [.alertLifted(id: "GZ", note: ours.title, via: "GZ-2"),
                                                  .roundPhaseChanged(id: "R-20260605", phase: .after)])
    }

    @Test func theHandoverLeavesOtherPlacesAlertsOut() {
        var s = Fx.rosterState()
        for (i, c) in [Self.content("LA", "其他", .red, outside: true), Self.content("HZ", "内涝", .yellow, outside: false)].enumerated() {
            s.apply(.alertRaised(c), Fx.ctx("inbox", Self.now, seq: i + 1))
        }
        let draft = s.handoverDraft(at: Self.now.adding(minutes: 10), .shanghai)
        #expect(draft.unacknowledged.map(\.id) == ["HZ"])
        #expect(draft.received == 1 && draft.notable.isEmpty)
    }

    @Test func theQueueOrderPutsOtherPlacesLast() {
        let s = Self.raised(Self.content("LA", "其他", .red, outside: true), Self.content("HZ", "内涝", .blue, outside: false))
        #expect(s.openAlertsByUrgency.map(\.id) == ["LA", "HZ"])
        #expect(Alert.districtFirst(s.openAlertsByUrgency).map(\.id) == ["HZ", "LA"])
        #expect(s.openAlertsByUrgency.filter(AlertFilter("区外").matches).map(\.id) == ["LA"])
        #expect(s.openAlertsByUrgency.filter(AlertFilter("outside").matches).map(\.id) == ["LA"])
    }

    /// An update that moves an alert out of the district (or into it) says so in its history.
    @Test func anUpdateSaysWhenThePlaceChanges() {
        let ours = Self.content("A", "暴雨", .yellow, outside: false), theirs = Self.content("A", "暴雨", .yellow, outside: true)
        #expect(Planner.changes(from: ours, to: theirs, language: .zh, calendar: .shanghai) == "地点 海珠区→区外")
        #expect(Planner.changes(from: theirs, to: ours, language: .en, calendar: .shanghai) == "place outside→海珠区")
        #expect(DutyWords(lang: .zh).place(theirs) == "区外" && DutyWords(lang: .en).place(theirs) == "outside")
    }
}
