@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 16, item 2: `r` asks for the outcome and confirms; it warns and asks again when an alert
/// was never acknowledged or still owes a report upward; on a group `r` and `a` both ask, naming
/// how many. Each step asserts the whole next state and the effects.
@Suite struct ResolveTests {
    static func footer(_ s: ConsoleState) -> String { render(s, size: Scene.small).lines[23] }

    /// The demo's first alert: a phone report, never acknowledged, its 初报 owed.
    @Test func anUnacknowledgedAlertOwingItsFirstReportIsAskedAboutTwice() {
        var s = Scene.state()
        let a = s.queue[0]
        #expect(a.status == .new && a.owedReport(s.settings.deadlines)?.stage == .initial)
        var expected = s
        expected.resolveEntry = ResolveEntry(alertIDs: [a.id], editor: LineEditor(prompt: "处置结果（必填）：", keepsLineBreaks: true))
        // The key holds on to the alert it acts on, wherever the queue moves meanwhile.
        expected.selection = QueueSelection(key: a.id, row: 0)
        #expect(press(&s, .char("r")) == [])
        expectSame(s, expected)
        #expect(render(s, size: Scene.small).lines[22].hasPrefix(" 处置结果（必填）：_"))

        // The outcome is required: Enter on nothing says so and stays.
        expected.notice = "解决须写明处置结果（Esc 取消）"
        #expect(press(&s, .enter) == [])
        expectSame(s, expected)

        typeKeys(&s, "已排水，积水退去")
        expected.resolveEntry?.editor.text = "已排水，积水退去"
        expected.resolveEntry?.editor.cursor = 8
        expectSame(s, expected)
        #expect(press(&s, .enter) == [])
        expected.notice = nil
        let resolve = Question.Answer.save([.resolve(alert: a.id, note: "已排水，积水退去")], notice: "已解决 \(a.id)")
        let warning = Question(text: "\(a.id) 从未确认、初报未报，仍要解决？", yes: "解决", no: "返回", answer: resolve,
                               declined: "未解决：处置结果仍在输入框，Esc 放弃")
        expected.question = Question(text: "解决 \(a.id)？结果：已排水，积水退去", yes: "解决", no: "返回", answer: .ask(warning),
                                     declined: "未解决：处置结果仍在输入框，Esc 放弃")
        expectSame(s, expected)
        #expect(Self.footer(s) == " 解决 \(a.id)？结果：已排水，积水退去 y 解决 / 其他键 返回")

        // Yes once: the warning, asked again.
        #expect(press(&s, .char("y")) == [])
        expected.question = warning
        expectSame(s, expected)
        #expect(Self.footer(s) == " \(a.id) 从未确认、初报未报，仍要解决？ y 解决 / 其他键 返回")

        // Yes twice: one save, said once it returned.
        #expect(press(&s, .char("y")) == [.perform([.resolve(alert: a.id, note: "已排水，积水退去")])])
        let typed = expected
        expected.question = nil
        expected.resolveEntry = nil
        expected.awaitingSave = AwaitingSave(notice: "已解决 \(a.id)", entries: EntryState(typed))
        expectSame(s, expected)
        #expect(update(&s, .saveFinished(.saved)) == [])
        #expect(s.notice == "已解决 \(a.id)" && s.awaitingSave == nil)
    }

    @Test func noAtTheWarningKeepsTheOutcome() {
        var s = Scene.state()
        _ = press(&s, .char("r"))
        typeKeys(&s, "误报")
        _ = press(&s, .enter, .char("y"))
        var expected = s
        expected.question = nil
        expected.notice = "未解决：处置结果仍在输入框，Esc 放弃"
        #expect(press(&s, .char("n")) == [])
        expectSame(s, expected)
        #expect(s.resolveEntry?.editor.text == "误报")
    }

    /// Acknowledged and owing nothing (an order from above): one question is enough.
    @Test func anAcknowledgedAlertOwingNothingIsAskedOnce() {
        var s = Scene.state()
        _ = press(&s, .char("j"))
        let a = s.selected!
        #expect(a.status == .acknowledged && a.owedReport(s.settings.deadlines) == nil)
        _ = press(&s, .char("r"))
        typeKeys(&s, "已落实")
        _ = press(&s, .enter)
        #expect(s.question?.answer == .save([.resolve(alert: a.id, note: "已落实")], notice: "已解决 \(a.id)"))
        #expect(press(&s, .char("y")) == [.perform([.resolve(alert: a.id, note: "已落实")])])
    }

    /// A save that failed gives the outcome back, open, as typed.
    @Test func aFailedSaveGivesTheOutcomeBack() {
        var s = Scene.state()
        _ = press(&s, .char("j"), .char("r"))
        typeKeys(&s, "已落实")
        _ = press(&s, .enter, .char("y"))
        _ = update(&s, .saveFinished(.diskFull("No space left on device")))
        #expect(s.resolveEntry?.editor.text == "已落实")
        #expect(s.question == nil)
        #expect(s.notice == "未记下：保存失败（磁盘已满）")
    }

    /// A change the duty room's rules refused (another console resolved the alert meanwhile) is
    /// not a failed save: the outcome comes back with the rule's words, and the header still
    /// says 已保存, since the store is as it was.
    @Test func aRefusedChangeGivesTheOutcomeBackAndTheStoreStaysSaved() {
        var s = Scene.state()
        _ = press(&s, .char("j"), .char("r"))
        typeKeys(&s, "已落实")
        _ = press(&s, .enter, .char("y"))
        _ = update(&s, .saveFinished(.refused("alert A-1 is already resolved")))
        #expect(s.resolveEntry?.editor.text == "已落实")
        #expect(s.notice == "未记下：alert A-1 is already resolved")
        let header = render(s, size: Size(width: 120, height: 40)).lines[0]
        #expect(header.contains("已保存") && !header.contains("保存失败"), "\(header)")
    }

    /// On a closed group, `r` resolves every open member, naming how many, with the warnings counted.
    @Test func onAGroupRResolvesEveryMemberAfterAskingHowMany() {
        var s = Scene.state(duty: AlertQueueTests.groupedDuty())
        s.selectRow(s.rows.firstIndex { $0.kind == .group(count: 3, open: false) }!)
        _ = press(&s, .char("r"))
        #expect(s.resolveEntry?.alertIDs == ["A-G-3", "A-G-1", "A-G-2"])
        #expect(s.resolveEntry?.editor.prompt == "这组 3 条的处置结果（必填）：")
        typeKeys(&s, "已排水")
        _ = press(&s, .enter)
        #expect(s.question?.text == "解决这组 3 条？结果：已排水")
        _ = press(&s, .char("y"))
        #expect(s.question?.text == "这组中 3 条从未确认、3 条初报未报，仍要解决？")
        #expect(press(&s, .char("y")) == [.perform(["A-G-3", "A-G-1", "A-G-2"].map { .resolve(alert: $0, note: "已排水") })])
        #expect(s.awaitingSave?.notice == "已解决这组的 3 条")
    }

    @Test func onAGroupAAsksHowManyAndAnyOtherKeyLetsItGo() {
        var s = Scene.state(duty: AlertQueueTests.groupedDuty())
        s.selectRow(s.rows.firstIndex { $0.kind == .group(count: 3, open: false) }!)
        let before = s
        #expect(press(&s, .char("a")) == [])
        #expect(Self.footer(s) == " 确认这组的 3 条？ y 确认 / 其他键 返回")
        #expect(press(&s, .char("a")) == [])
        expectSame(s, before)
    }

    @Test func inEnglish() {
        var s = Scene.state(.en)
        let a = s.queue[0]
        _ = press(&s, .char("r"))
        typeKeys(&s, "drained")
        _ = press(&s, .enter)
        #expect(Self.footer(s) == " Resolve \(a.id)? Outcome: drained y resolve / other keys: go back")
        _ = press(&s, .char("y"))
        #expect(s.question?.text == "\(a.id) never acknowledged, first report not made; resolve anyway?")
    }

    @Test func aResolvedAlertSaysSo() {
        var s = AlertsPaneTests.state()
        _ = press(&s, .char("v"), .end)
        let id = AlertsPane.current(s)!.id
        #expect(AlertsPane.current(s)?.status == .resolved)
        _ = press(&s, .char("r"))
        #expect(s.resolveEntry == nil && s.notice == "\(id) 已解决，按 o 重开")
    }
}

/// Issue 16, item 6: the state a save returns goes through update, and its effects are carried out.
@Suite struct SaveBringsNewsTests {
    /// A store that, while saving, also takes in a red alert a peer raised meanwhile.
    final class BusyStore: ConsoleStore {
        let inner: RuntimeTests.MemoryStore
        init(_ state: DutyState) { inner = RuntimeTests.MemoryStore(state) }
        func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange) {
            inner.state.apply(.alertRaised(AlertContent(id: "P-RED", source: "对端", kind: "内涝", level: .red, title: "新港西路隧道水浸", body: "", street: "新港街")),
                              OpContext(actor: "卢", at: at, node: "street", seq: 1))
            return inner.perform(intents, actor: actor, at: at)
        }
        func poll() -> StoreChange? { nil }
    }

    @Test func aRedAlertArrivingWithASaveRingsAndFlashes() {
        let start = Scene.state()
        let store = BusyStore(start.duty)
        let terminal = MemoryTerminal(size: Scene.large, script: [.key(.char("a")), .idle])
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { Scene.now }
        runtime.run()
        #expect(runtime.state.duty.alerts["P-RED"] != nil)
        #expect(runtime.state.announced.contains("P-RED"))
        #expect(terminal.bells == 1)
        #expect(runtime.state.flashUntil == Scene.now.adding(seconds: 10))
        #expect(runtime.state.notice == "已确认 \(start.queue[0].id)")
    }

    /// Issue 16, item 5: a note whose save failed comes back open, as typed, and nothing says it
    /// was added.
    @Test func aNoteWhoseSaveFailedComesBack() {
        var s = PasteTests.noteOpen()
        _ = update(&s, .pasted("现场人员已到场\n水位4.3米"))
        let typed = s
        #expect(update(&s, .key(.enter)).count == 1)
        #expect(s.notice == nil && s.alertsPane.entry == nil)
        _ = update(&s, .saveFinished(.diskFull("No space left on device")))
        var expected = typed
        expected.save = .diskFull("No space left on device")
        expected.notice = "未记下：保存失败（磁盘已满）"
        expectSame(s, expected)
    }
}
