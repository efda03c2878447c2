import Testing
@testable import DutyCore

/// Report deadlines and the acknowledgement clock, from a yellow report received at 21:30.
struct TimerTests {
    static let received = Fx.at(2026, 6, 5, 21, 30)
    static let yellow = AlertContent(id: "A-T-1", source: "电话报告", kind: "内涝", level: .yellow, title: "聚龙大街积水过膝",
                                     body: "", street: "南华西街")
    let deadlines = ReportDeadlines.defaults   // yellow: 60 / 240 / 2880 minutes

    func alert(_ content: AlertContent = Self.yellow, _ ops: [Op] = []) -> Alert {
        var s = DutyState().applying(.alertRaised(content), Fx.ctx("冼嘉怡", Self.received, seq: 1))
        for (i, op) in ops.enumerated() { s = s.applying(op, Fx.ctx("司徒", Self.received.adding(minutes: 20 + i), seq: 2 + i)) }
        return s.alerts[content.id]!
    }

    @Test func theFirstReportIsDueFirst() {
        let due = alert().nextReport(deadlines)
        #expect(due == ReportDue(stage: .initial, due: Self.received.adding(minutes: 60)))
        #expect(due?.secondsLeft(at: Self.received.adding(minutes: 48)) == Int64(12 * 60))
        #expect(due?.isMissed(at: Self.received.adding(minutes: 59)) == false)
        #expect(due?.isMissed(at: Self.received.adding(minutes: 60)) == true)
        #expect(due?.secondsLeft(at: Self.received.adding(minutes: 63)) == Int64(-3 * 60))
    }

    @Test func eachReportMadeMovesOnToTheNextCountedFromReceipt() {
        let a = alert(Self.yellow, [.alertReported(id: "A-T-1", stage: .initial, note: "电话报区应急局")])
        #expect(a.nextReport(deadlines) == ReportDue(stage: .followUp, due: Self.received.adding(minutes: 240)))
        let b = alert(Self.yellow, [.alertReported(id: "A-T-1", stage: .initial, note: ""), .alertReported(id: "A-T-1", stage: .followUp, note: "")])
        #expect(b.nextReport(deadlines) == ReportDue(stage: .final, due: Self.received.adding(minutes: 2880)))
        let done = alert(Self.yellow, [.alertReported(id: "A-T-1", stage: .initial, note: ""), .alertReported(id: "A-T-1", stage: .followUp, note: ""),
                                       .alertReported(id: "A-T-1", stage: .final, note: "")])
        #expect(done.nextReport(deadlines) == nil)
    }

    @Test func aMissingFirstReportStaysOwedAfterAFollowUp() {
        let a = alert(Self.yellow, [.alertReported(id: "A-T-1", stage: .followUp, note: "")])
        #expect(a.nextReport(deadlines)?.stage == .initial)
    }

    @Test func resolvedTestAndUnconfiguredAlertsOweNothing() {
        #expect(alert(Self.yellow, [.alertResolved(id: "A-T-1", note: "")]).nextReport(deadlines) == nil)
        var exercise = Self.yellow
        exercise.reality = .exercise
        #expect(alert(exercise).nextReport(deadlines) == nil)
        #expect(alert().nextReport([:]) == nil)
    }

    @Test func acknowledgementFallsDueByLevel() {
        let within: [AlertLevel: Int] = [.red: 2, .orange: 5, .yellow: 15]
        #expect(alert().acknowledgementDue(within) == Self.received.adding(minutes: 15))
        #expect(alert(Self.yellow, [.alertAcknowledged(id: "A-T-1", note: "")]).acknowledgementDue(within) == nil)
        var test = Self.yellow
        test.reality = .test
        #expect(alert(test).acknowledgementDue(within) == nil)
        var blue = Self.yellow
        blue.level = .blue
        #expect(alert(blue).acknowledgementDue(within) == nil)
    }

    @Test func liftedOrExpiredIsWithdrawn() {
        var expiring = Self.yellow
        expiring.expires = Self.received.adding(minutes: 90)
        #expect(!alert(expiring).isWithdrawn(at: Self.received.adding(minutes: 89)))
        #expect(alert(expiring).isWithdrawn(at: Self.received.adding(minutes: 90)))
        // Set directly rather than through the lift op, whose shape the inbox work may still change.
        var lifted = alert()
        lifted.lifted = Stamp(actor: "inbox", at: Self.received.adding(minutes: 5))
        #expect(lifted.isWithdrawn(at: Self.received.adding(minutes: 5)))
    }
}
