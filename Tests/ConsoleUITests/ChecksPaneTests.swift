@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 4 三查: golden screens and key scenarios through update and render.
@Suite struct ChecksPaneTests {
    static let round = "R-20260605"
    static let tunnel = "HP-047"   // 南洲街 新滘中路—广州大道隧道

    /// The checks pane, walked to the 南洲街 tunnel's items the way an officer would.
    static func atTunnelItems(_ language: Language = .zh) -> ConsoleState {
        var s = Scene.state(language)
        #expect(update(&s, .key(.char("4"))) == [])
        #expect(s.pane == .checks)
        press(&s, .char("j"), times: 15)
        #expect(s.checksPane.street == "南洲街")
        #expect(update(&s, .key(.right)) == [])
        #expect(update(&s, .key(.char("l"))) == [])
        #expect(s.checksPane.column == .items)
        #expect(s.checksPane.pointID == tunnel)
        return s
    }

    static func press(_ s: inout ConsoleState, _ key: Key, times: Int = 1) {
        for _ in 0..<times { _ = update(&s, .key(key)) }
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func checksAt120x40(_ language: Language, _ tag: String) {
        var s = Self.atTunnelItems(language)
        Self.press(&s, .down)   // B-02, the pump with a problem
        golden.check(render(s, size: Scene.large), "checks-120x40-\(tag)")
    }

    /// At 80 columns the columns slide: streets | points, then points | items.
    @Test func checksAt80x24() {
        var s = Scene.state()
        _ = update(&s, .key(.char("4")))
        Self.press(&s, .char("j"), times: 15)
        golden.check(render(s, size: Scene.small), "checks-80x24-zh-streets")
        _ = update(&s, .key(.enter))
        _ = update(&s, .key(.enter))
        Self.press(&s, .down)
        golden.check(render(s, size: Scene.small), "checks-80x24-zh")
        // Esc goes back up, one column at a time.
        _ = update(&s, .key(.escape))
        #expect(s.checksPane.column == .points)
        #expect(render(s, size: Scene.small).text.contains("街道      进度"))
    }

    @Test func noOpenRoundSaysSo() {
        var duty = Scene.duty()
        duty.apply(.roundClosed(id: Self.round), by: "冼嘉怡", seq: 1)
        var s = Scene.state(duty: duty)
        _ = update(&s, .key(.char("4")))
        golden.check(render(s, size: Scene.small), "checks-80x24-no-round")
        #expect(update(&s, .key(.char(" "))) == [])
        #expect(s.notice == "没有进行中的三查轮次，无法勾选")
        #expect(update(&s, .key(.char("x"))) == [])
        #expect(!s.checksPane.isEditingForTest)
    }

    // MARK: Ticking

    @Test func spaceTicksTheItemOKAndMovesOn() {
        // B-01 found wanting earlier: OK now is news, recorded at once.
        var duty = Scene.duty()
        duty.apply(.itemTicked(roundID: Self.round, pointID: Self.tunnel, phase: .before, itemID: "B-01", result: .problem, remark: "堵塞"),
                   by: "卢志强", secondsAgo: 300, seq: 9400)
        var s = Scene.state(duty: duty)
        s.pane = .checks
        s.checksPane = Self.atTunnelItems().checksPane
        #expect(update(&s, .key(.char(" "))) == [.perform([.tick(round: Self.round, point: Self.tunnel, phase: .before,
                                                                        item: "B-01", result: .ok, remark: "")])])
        #expect(s.awaitingSave?.notice == "已记录 新滘中路—广州大道隧道 B-01 正常")
        // The tunnel's other items were checked already: on to the next point, at the first
        // item not yet checked there.
        Self.expectAtFirstUncheckedOfNextPoint(s, after: Self.tunnel)
    }

    /// Where the cursor goes after the last item of `point` still to check: the next point of
    /// the street, at its first item not yet checked in the phase.
    static func expectAtFirstUncheckedOfNextPoint(_ s: ConsoleState, after point: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let sel = ChecksSelection(s)
        let points = s.duty.hazardPoints(in: sel.street!)
        let next = points[points.firstIndex { $0.id == point }! + 1]
        let unchecked = s.duty.items(for: next, phase: .before).firstIndex { s.roundTicks[TickKey(pointID: next.id, phase: .before, itemID: $0.id)] == nil }
        #expect(unchecked != nil && unchecked! > 0, "the demo's next point has a checked item before an unchecked one", sourceLocation: sourceLocation)
        #expect(s.checksPane.pointID == next.id && s.checksPane.item == unchecked, sourceLocation: sourceLocation)
    }

    /// Space after Space goes through the items not yet checked, passing over those checked.
    @Test func spaceGoesOnToTheNextItemNotYetChecked() {
        var duty = Scene.duty()
        // 南洲路沥滘段: nothing checked yet in the demo; its second item is checked here.
        let point = duty.hazardPoints(in: "南洲街").first { $0.name == "南洲路沥滘段" }!
        let items = duty.items(for: point, phase: .before)
        duty.apply(.itemTicked(roundID: Self.round, pointID: point.id, phase: .before, itemID: items[1].id, result: .ok, remark: ""),
                   by: "卢志强", secondsAgo: 300, seq: 9500)
        var s = Scene.state(duty: duty)
        s.pane = .checks
        (s.checksPane.street, s.checksPane.pointID, s.checksPane.item, s.checksPane.column) = ("南洲街", point.id, 0, .items)
        #expect(s.roundTicks[TickKey(pointID: point.id, phase: .before, itemID: items[0].id)] == nil)
        #expect(s.roundTicks[TickKey(pointID: point.id, phase: .before, itemID: items[2].id)] == nil)
        #expect(update(&s, .key(.char(" "))).count == 1)
        #expect(s.checksPane.pointID == point.id && s.checksPane.item == 2)
    }

    /// Issue 16, item 8: the same result again asks first.
    @Test func theSameResultAgainAsksFirst() {
        var s = Self.atTunnelItems()
        let last = s.roundTicks[TickKey(pointID: Self.tunnel, phase: .before, itemID: "B-01")]!
        #expect(last.result == .ok)
        #expect(update(&s, .key(.char(" "))) == [])
        #expect(s.question?.text == "此项已记为正常（\(last.stamp.actor) \(Scene.calendar.localTime(last.stamp.at))），仍要记录？")
        #expect(update(&s, .key(.char("y"))) == [.perform([.tick(round: Self.round, point: Self.tunnel, phase: .before,
                                                                        item: "B-01", result: .ok, remark: "")])])
        #expect(s.awaitingSave?.notice == "已记录 新滘中路—广州大道隧道 B-01 正常")
    }

    /// After a point's last item the cursor goes on to the next point; Home and End reach the ends.
    @Test func afterAPointsLastItemTheNextPoint() {
        var duty = Scene.duty()
        var s = Self.atTunnelItems()
        _ = update(&s, .key(.end))
        let sel = ChecksSelection(s)
        #expect(sel.itemIndex == sel.items.count - 1)
        let item = sel.items[sel.itemIndex].id
        duty.apply(.itemTicked(roundID: Self.round, pointID: Self.tunnel, phase: .before, itemID: item, result: .problem, remark: "x"),
                   by: "卢志强", secondsAgo: 300, seq: 9400)
        _ = update(&s, .storeChanged(duty))
        #expect(update(&s, .key(.char(" "))).count == 1)
        Self.expectAtFirstUncheckedOfNextPoint(s, after: sel.points[sel.pointIndex].id)
        _ = update(&s, .key(.home))
        #expect(ChecksSelection(s).itemIndex == 0)
    }

    @Test func aProblemNeedsARemark() {
        var s = Self.atTunnelItems()
        Self.press(&s, .down)
        #expect(update(&s, .key(.char("x"))) == [])
        #expect(s.checksPane.isEditingForTest)
        // An empty remark is refused; the entry stays open.
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.notice == "有问题须写明情况")
        #expect(s.checksPane.isEditingForTest)
        typeIntoField(&s, "  ")
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.checksPane.isEditingForTest)
        // While the entry is open every key is text: q is a q, 4 is a 4.
        typeIntoField(&s, "2号泵仍未修复 q4")
        #expect(!s.quitting && s.pane == .checks)
        #expect(render(s, size: Scene.large).lines[38].contains("B-02 问题说明（必填）：2号泵仍未修复 q4_"))
        // (B-02 was already a problem: asked first, the remark kept open under the question.)
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.checksPane.isEditingForTest && s.question != nil)
        #expect(update(&s, .key(.char("y"))) == [.perform([.tick(round: Self.round, point: Self.tunnel, phase: .before,
                                                                    item: "B-02", result: .problem, remark: "2号泵仍未修复 q4")])])
        #expect(!s.checksPane.isEditingForTest)
    }

    @Test func notApplicableNeedsAReasonAndEscCancels() {
        var s = Self.atTunnelItems(.en)
        #expect(update(&s, .key(.char("n"))) == [])
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.notice == "Not applicable needs a reason")
        typeIntoField(&s, "pump")
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.checksPane.isEditingForTest && s.confirmDiscard)
        #expect(update(&s, .key(.escape)) == [])
        #expect(!s.checksPane.isEditingForTest)
        #expect(s.notice == "Cancelled")
        _ = update(&s, .key(.char("n")))
        typeIntoField(&s, "city-run pump")
        #expect(update(&s, .key(.enter)) == [.perform([.tick(round: Self.round, point: Self.tunnel, phase: .before,
                                                                    item: "B-01", result: .notApplicable, remark: "city-run pump")])])
    }

    @Test func pCyclesThePhaseAndTicksGoToIt() {
        var s = Self.atTunnelItems()
        #expect(update(&s, .key(.char("p"))) == [])
        #expect(s.notice == "查看 雨中巡查")
        #expect(render(s, size: Scene.large).lines[3].contains("查看 雨前 [雨中] 雨后"))
        // Not the round's phase: asked first.
        #expect(update(&s, .key(.char(" "))) == [])
        #expect(s.question?.text == "本轮现为雨前排查，这是雨中巡查的项，仍要记录？")
        #expect(update(&s, .key(.char("y"))) == [.perform([.tick(round: Self.round, point: Self.tunnel, phase: .during,
                                                                        item: "D-01", result: .ok, remark: "")])])
        _ = update(&s, .key(.char("p")))
        _ = update(&s, .key(.char("p")))
        #expect(s.checksPane.phase == .before)
    }

    @Test func tickingNeedsAnItemSelected() {
        var s = Scene.state()
        _ = update(&s, .key(.char("4")))
        #expect(update(&s, .key(.char(" "))) == [])
        #expect(s.notice == "先用 → 选中一个检查项")
    }

    /// The op is checked against the state before it leaves the pane: a round closed by another
    /// console while the remark was typed gives a notice, not a journal entry.
    @Test func aTickTheStateRefusesIsNotWritten() {
        var s = Self.atTunnelItems()
        _ = update(&s, .key(.char("x")))
        typeIntoField(&s, "积水")
        var duty = s.duty
        duty.apply(.roundClosed(id: Self.round), by: "司徒建华", seq: 1)
        _ = update(&s, .storeChanged(duty))
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.notice == "未记录：排查轮次 R-20260605 已结束")
    }

    /// A tick arriving from the street office changes the counts in place; the selection stays put.
    @Test func ticksFromElsewhereDoNotMoveTheSelection() {
        var s = Self.atTunnelItems()
        Self.press(&s, .down, times: 2)
        let before = render(s, size: Scene.large)
        var duty = s.duty
        duty.apply(.itemTicked(roundID: Self.round, pointID: "HP-001", phase: .before, itemID: "B-01", result: .problem, remark: "积水"),
                   by: "黄嘉伟", seq: 1)
        _ = update(&s, .storeChanged(duty))
        #expect(s.checksPane.street == "南洲街" && s.checksPane.pointID == Self.tunnel && s.checksPane.item == 2)
        let after = render(s, size: Scene.large)
        let changed = (0..<40).filter { before.lines[$0] != after.lines[$0] }
        // The header's district total and 赤岗街's row only.
        #expect(changed == [3, 5])
    }
}

extension ChecksPaneState {
    var isEditingForTest: Bool { entry != nil }
}

/// Issue 16, item 8: OK is a tick, never an x (× means wrong in China, and `x` is the problem key).
@Suite struct ChecksTickMarkTests {
    @Test(arguments: [(false, "[✓]"), (true, "[v]")])
    func okIsATick(_ ascii: Bool, _ mark: String) {
        let s = ChecksPaneTests.atTunnelItems()
        let text = render(s, size: Scene.large, ascii: ascii).text
        #expect(text.contains(mark))
        #expect(!text.contains("[x]"))
    }
}

/// Issue 16, item 8: a 正常 tick may carry a reading or a note (`o`).
@Suite struct ChecksOKWithANoteTests {
    @Test func oRecordsOKWithTheReading() {
        var s = ChecksPaneTests.atTunnelItems()
        _ = update(&s, .key(.down))
        #expect(update(&s, .key(.char("o"))) == [])
        #expect(s.checksPane.entry?.editor.prompt == "B-02 正常，读数或备注（可空）：")
        typeKeys(&s, "泵电流12A")
        // (B-02 was a problem: OK now is news, recorded at once.)
        #expect(update(&s, .key(.enter)) == [.perform([.tick(round: ChecksPaneTests.round, point: ChecksPaneTests.tunnel, phase: .before,
                                            item: "B-02", result: .ok, remark: "泵电流12A")])])
    }
}

/// Issue 16, item 8: `/` finds a street or a point by any part of its name.
@Suite struct ChecksFindTests {
    static func checks() -> ConsoleState { scene(after: "4") }

    @Test func aPartOfAStreetsName() {
        var s = Self.checks()
        _ = update(&s, .key(.char("/")))
        #expect(render(s, size: Scene.small).lines[22].hasPrefix("查找街道或隐患点：_"))
        typeKeys(&s, "南洲")
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.checksPane.street == "南洲街" && s.checksPane.column == .streets && s.checksPane.search == nil)
    }

    @Test func aPartOfAPointsName() {
        var s = Self.checks()
        _ = update(&s, .key(.char("/")))
        typeKeys(&s, "新滘中路—广州大道")
        _ = update(&s, .key(.enter))
        #expect(s.checksPane.pointID == ChecksPaneTests.tunnel && s.checksPane.street == "南洲街" && s.checksPane.column == .points)
    }

    @Test func nothingFoundSaysSo() {
        var s = Self.checks()
        let before = s.checksPane
        _ = update(&s, .key(.char("/")))
        typeKeys(&s, "不存在")
        _ = update(&s, .key(.enter))
        #expect(s.checksPane == before)
        #expect(s.notice == "没有名称含「不存在」的街道或隐患点")
    }
}
