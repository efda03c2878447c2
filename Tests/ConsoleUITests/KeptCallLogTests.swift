@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// What the contacts and handover panes show of the call log is kept while the log stays the
/// same, and follows it (and the day, and the shift) when it does not.
@Suite struct KeptCallLogTests {
    static let tunnel = "南洲街/新滘中路—广州大道隧道"

    static func logCall(_ s: inout ConsoleState, _ id: String, _ outcome: CallOutcome, seq: Int) {
        var duty = s.duty
        duty.apply(.callLogged(id: id, contactID: tunnel, role: .maintenance, outcome: outcome, note: ""),
                   OpContext(actor: s.actor, at: s.now, node: "t", seq: seq))
        _ = update(&s, .storeChanged(duty))
    }

    @Test func theContactsPaneFollowsTheLogAndTheDay() throws {
        var s = scene(after: "5")
        let kept = try #require(s.keptCallLog)
        let today = s.callsToday
        let header = { (s: ConsoleState) in render(s, size: Scene.large).text }
        #expect(header(s).contains("今日呼叫 \(today) · 待回拨 1"))
        _ = update(&s, .tick(s.now.adding(seconds: 1)))
        _ = update(&s, .key(.down))
        #expect(s.keptCallLog?.log.isSame(as: kept.log) == true)
        // A call not reached: counted today and waiting to be called back.
        Self.logCall(&s, "C-T-1", .notReached, seq: 9_001)
        #expect(s.keptCallLog?.log.isSame(as: kept.log) == false)
        #expect(s.callsToday == today + 1)
        #expect(s.lastCalls[ContactRoleKey(contactID: Self.tunnel, role: .maintenance)]?.last.id == "C-T-1")
        #expect(header(s).contains("今日呼叫 \(today + 1) · 待回拨 1"))
        // The next day starts with none.
        _ = update(&s, .tick(s.now.adding(seconds: 3 * 3_600)))
        #expect(s.callsToday == 0)
        #expect(header(s).contains("今日呼叫 0"))
        // Another pane keeps nothing of it.
        _ = update(&s, .key(.char("1")))
        #expect(s.keptCallLog == nil)
    }

    @Test func theHandoverPaneFollowsTheLog() throws {
        var s = scene(after: "6")
        #expect(s.pane == .handover)
        #expect(s.callsNotReached.map(\.id) == ["C-20260605-02"])
        Self.logCall(&s, "C-T-2", .notReached, seq: 9_002)
        #expect(s.callsNotReached.map(\.id) == ["C-20260605-02", "C-T-2"])
        _ = update(&s, .tick(s.now.adding(seconds: 60)))
        #expect(render(s, size: Scene.large).text.contains("未接通电话  2"))
        // The tunnel's maintenance lead called back and reached: both calls to them are settled.
        Self.logCall(&s, "C-T-3", .reached, seq: 9_003)
        #expect(s.callsNotReached.isEmpty)
        #expect(render(s, size: Scene.large).text.contains("本班没有未接通的电话"))
    }
}
