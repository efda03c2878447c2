import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 6 交接: the open matters of the shift, read-only; ↑/↓ scroll when they are longer than the screen.
@Suite struct HandoverPaneTests {
    /// The night lead has written the handover to the day shift and is waiting for a signature.
    static func withPendingHandover() -> DutyState {
        var duty = Scene.duty()
        duty.apply(.handoverSubmitted(id: "H-TEST", summary: "夜班 罗惠玲 → 白班 黎振邦",
                                      note: "聚龙大街积水仍在抽排，南华西街已派员值守；沙园街燃气异味书面报告已于20:10报送。南洲街、华洲街雨前排查未完成，已电话催办，请白班继续跟进。"),
                   by: "罗惠玲", secondsAgo: 180, seq: 90_001)
        return duty
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func at120x40(_ language: Language, _ tag: String) {
        golden.check(render(Scene.state(on: .handover, language), size: Scene.large), "handover-120x40-\(tag)")
    }

    @Test func at80x24() {
        golden.check(render(Scene.state(on: .handover), size: Scene.small), "handover-80x24-zh")
    }

    @Test func aPendingHandoverShowsItsNote() {
        golden.check(render(Scene.state(on: .handover, duty: Self.withPendingHandover()), size: Scene.large), "handover-120x40-zh-pending")
    }

    @Test func scrolledToTheEndAt80x24() {
        var s = Scene.state(on: .handover)
        for _ in 0..<100 { _ = update(&s, .key(.down)) }
        golden.check(render(s, size: Scene.small), "handover-80x24-zh-end")
        // End goes to the same place at once, Home back to the top.
        var t = Scene.state(on: .handover)
        _ = update(&t, .key(.end))
        #expect(t.handoverPane.scroll == s.handoverPane.scroll && t.handoverPane.scroll > 0)
        _ = update(&t, .key(.home))
        #expect(t.handoverPane.scroll == 0)
    }

    // MARK: Handing over and signing

    @Test func handingOverFillsInWhatIsOpenThenTheIncomingLeadSigns() {
        var s = Scene.state(on: .handover)
        // Eleven hours before the shift ends: asked first.
        #expect(update(&s, .key(.char("s"))) == [])
        #expect(s.handoverPane.entry == nil)
        #expect(render(s, size: Scene.small).lines[23] == " 距交班还有 10时52分，现在就交班？ y 交班 / 其他键 返回")
        #expect(update(&s, .key(.char("y"))) == [])
        #expect(s.handoverPane.entry?.kind == .submit)
        golden.check(render(s, size: Scene.small), "handover-80x24-zh-entry")
        typeKeys(&s, "请白班跟进南洲街")
        let draft = s.duty.handoverDraft(at: Scene.now, Scene.calendar)
        #expect(draft.summary.split(separator: "\n").first == "未确认警情 1 起：橙 聚龙大街积水过膝（电话报告）")
        #expect(draft.unresolved.count == 4 && draft.incoming.map(\.person) == ["黎振邦", "冼嘉怡", "欧阳晓晴", "关振宇"])
        // 冼嘉怡 is not the lead on duty (罗惠玲): asked, and the exception goes into the note.
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.question?.text == "冼嘉怡 不是本班带班领导（罗惠玲），仍要交班？")
        #expect(s.handoverPane.entry != nil)
        #expect(update(&s, .key(.char("y"))) == [.perform([.handOver(note: "请白班跟进南洲街\n（例外：交班人冼嘉怡不是本班带班领导，带班领导：罗惠玲）",
                                                                     deadlines: s.settings.deadlines)])])
        #expect(s.handoverPane.entry == nil)
        #expect(s.awaitingSave?.notice == "已交班 H-20260605-console-2137，待接班领导签收")

        // Saved (by 冼嘉怡, who is at this console): the header says it waits.
        var duty = s.duty
        duty.apply(.handoverSubmitted(id: "H-20260605-console-2137", summary: draft.summary, note: "请白班跟进南洲街"),
                   by: "冼嘉怡", seq: 90_100)
        _ = update(&s, .storeChanged(duty))
        #expect(render(s, size: Scene.small).lines[0].contains("交接待签  未确认1"))
        #expect(render(s, size: Scene.small).lines[23].hasPrefix(" ↑↓滚动 l值班日志 y签收 x退回"))
        #expect(update(&s, .key(.char("y"))) == [])
        #expect(s.notice == "交接 H-20260605-console-2137 是你提交的，需由接班领导签收")

        // The incoming lead at the console signs.
        s.actor = "黎振邦"
        #expect(update(&s, .key(.char("y"))) == [.perform([.answerHandover(id: "H-20260605-console-2137", accepted: true, text: "")])])
        #expect(s.awaitingSave?.notice == "已签收 H-20260605-console-2137")

        // Someone else signs only as a recorded exception, after a question.
        s.actor = "苏婉仪"
        #expect(update(&s, .key(.char("y"))) == [])
        #expect(s.question?.text == "苏婉仪 不是接班带班领导（黎振邦），仍要签收？")
        #expect(update(&s, .key(.char("y"))) == [.perform([.answerHandover(id: "H-20260605-console-2137", accepted: true,
                                                                           text: "例外：签收人苏婉仪不是接班带班领导，接班带班领导：黎振邦")])])
    }

    /// The lead on duty, an hour before the end: no question.
    @Test func theLeadOnDutyNearTheEndHandsOverWithoutAQuestion() {
        var s = Scene.state(on: .handover)
        s.actor = "罗惠玲"
        _ = update(&s, .tick(s.nextShift!.start.adding(minutes: -50)))
        #expect(update(&s, .key(.char("s"))) == [])
        #expect(s.question == nil && s.handoverPane.entry?.kind == .submit)
        #expect(update(&s, .key(.enter)) == [.perform([.handOver(note: "", deadlines: s.settings.deadlines)])])
    }

    @Test func aReturnNeedsAQuestion() {
        var s = Scene.state(on: .handover, duty: Self.withPendingHandover())
        #expect(update(&s, .key(.char("s"))) == [])
        #expect(s.notice == "交接 H-TEST 尚未签收")
        _ = update(&s, .key(.char("x")))
        #expect(s.handoverPane.entry?.kind == .giveBack(handoverID: "H-TEST"))
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.notice == "退回需要写明原因" && s.handoverPane.entry != nil)
        typeKeys(&s, "燃气异味是否已复查？")
        #expect(update(&s, .key(.enter)) == [.perform([.answerHandover(id: "H-TEST", accepted: false, text: "燃气异味是否已复查？")])])
    }

    @Test func todaysDutyLogOpensWithL() {
        var s = Scene.state(on: .handover)
        #expect(update(&s, .key(.char("l"))) == [])
        let screen = render(s, size: Scene.small)
        golden.check(screen, "handover-80x24-zh-log")
        #expect(screen.lines[3].hasPrefix(" 值班日志（截至 21:37"))
        #expect(screen.lines[4] == " # 海珠区应急管理局值班日志 2026-06-05 周五")
        for _ in 0..<500 { _ = update(&s, .key(.char("j"))) }
        let end = render(s, size: Scene.small)
        #expect(end.lines.contains { $0.contains("## 交接班") }, "scrolling stops with the end in view")
        _ = update(&s, .key(.escape))
        #expect(s.handoverPane.log == nil)
    }

    /// 25 minutes before the day shift comes on, its people are named in the footer.
    @Test func theNextShiftIsRemindedBeforeHandover() {
        var s = Scene.state()
        let before = Wall.at("2026-06-06", "07:59")
        _ = update(&s, .tick(before))
        #expect(s.handoverReminder == nil, "31 minutes before: not yet")
        _ = update(&s, .tick(before.adding(minutes: 6)))
        let screen = render(s, size: Scene.small)
        golden.check(screen, "overview-80x24-zh-reminder")
        #expect(screen.lines[23].contains("提醒 08:30 接班（25分后）：黎振邦 冼嘉怡"), "the time and the first names fit at 80 columns")
        // Three reports late and a signal in force leave no room for the countdown at 80
        // columns: it gives way (the reminder says the time), the signal and the counts do not.
        #expect(screen.lines[0].contains("[暴雨黄色]") && screen.lines[0].contains("超时上报3") && !screen.lines[0].contains("交班"))
        // After 08:30 the next shift is the evening one.
        _ = update(&s, .tick(before.adding(minutes: 32)))
        #expect(s.nextShift.map { Scene.calendar.localTime($0.start).description } == "17:30")
        #expect(s.handoverReminder == nil)
    }

    // MARK: Keys

    @Test func arrowsScrollWithinTheContent() {
        var s = Scene.state(on: .handover)
        let top = render(s, size: Scene.small)
        #expect(top.lines[22].hasPrefix(" …下面还有"))
        #expect(update(&s, .key(.char("j"))) == [])
        #expect(s.handoverPane == HandoverPaneState(scroll: 1))
        let one = render(s, size: Scene.small)
        #expect(one.lines[3] == " …上面还有 1 行（k 向上）")
        for _ in 0..<100 { _ = update(&s, .key(.down)) }
        let end = s.handoverPane.scroll
        #expect(end > 1)
        let last = render(s, size: Scene.small)
        #expect(!last.text.contains("下面还有"))
        #expect(update(&s, .key(.up)) == [])
        #expect(s.handoverPane == HandoverPaneState(scroll: end - 1))
        for _ in 0..<100 { _ = update(&s, .key(.char("k"))) }
        #expect(s.handoverPane == HandoverPaneState(scroll: 0))
        #expect(render(s, size: Scene.small) == top)
        // Read-only: nothing else is bound, and nothing is ever written.
        #expect(update(&s, .key(.char("a"))) == [])
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.notice == nil && s.handoverPane == HandoverPaneState(scroll: 0))
    }

    @Test func atFortyRowsEverythingFitsAndScrollingChangesNothing() {
        var s = Scene.state(on: .handover)
        let before = render(s, size: Scene.large)
        #expect(!before.text.contains("还有") || !before.text.contains("行（"))
        _ = update(&s, .key(.down))
        #expect(render(s, size: Scene.large) == before)
    }

    @Test func theCountdownTicksInPlace() {
        var s = Scene.state(on: .handover)
        let before = render(s, size: Scene.large)
        #expect(before.lines[3].contains("08:30 接班（还有 10时52分）"))
        // A second later only the clock moved: the countdown says minutes, not a clock time.
        _ = update(&s, .tick(Scene.now.adding(seconds: 1)))
        let second = render(s, size: Scene.large)
        #expect((0..<40).filter { before.lines[$0] != second.lines[$0] } == [0])
        // A minute later it counts down in place.
        _ = update(&s, .tick(Scene.now.adding(seconds: 60)))
        let after = render(s, size: Scene.large)
        #expect(after.lines[3].replacingOccurrences(of: "10时51分", with: "10时52分") == before.lines[3])
    }

    // MARK: Queries (pure)

    @Test func callsNotReachedLeaveOutThoseCalledBack() {
        var duty = Scene.duty()
        let shiftStart = Wall.at("2026-06-05", "17:30")
        let missed = duty.callsNotReached(since: shiftStart)
        #expect(missed.map(\.id) == ["C-20260605-02"])
        #expect(missed.map(\.outcome) == [.notReached])
        #expect(duty.callsNotReached(since: Scene.now) == [])
        // Calling the same maintenance lead back and getting through settles it.
        let c = missed[0]
        duty.apply(.callLogged(id: "C-BACK", contactID: c.contactID, role: c.role, outcome: .reached, note: "已回拨"),
                   by: "苏婉仪", secondsAgo: 60, seq: 90_002)
        #expect(duty.callsNotReached(since: shiftStart) == [])
    }

    @Test func problemsAreTheLatestTicks() {
        var duty = Scene.duty()
        let round = duty.openRound!
        let problems = duty.problems(in: round)
        // Oldest first: the order the street officers found them in.
        #expect(problems.map(\.remark) == ["2号泵启动异常，已通知维保单位抢修", "坡脚截水沟局部淤塞，已安排清理", "沙袋不足，已从街道仓库调拨50袋",
                                           "积水20厘米，已设置警示，排水口正在清疏", "基坑东侧围挡松动，已要求施工单位加固"])
        #expect(problems.map(\.stamp.actor) == ["卢志强", "叶文辉", "邓秀兰", "卢志强", "钟伟廉"])
        #expect(problems.allSatisfy { $0.result == .problem && $0.phase == .before })
        // Ticking the item ok again takes it off the list.
        let first = problems[0]
        duty.apply(.itemTicked(roundID: round.id, pointID: first.pointID, phase: first.phase, itemID: first.itemID, result: .ok, remark: "已处理"),
                   by: "卢志强", secondsAgo: 60, seq: 90_003)
        #expect(duty.problems(in: duty.openRound!) == Array(problems.dropFirst()))
    }
}
