@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 16, item 1: a paste is only ever text. Each test asserts the whole next state and the
/// effects of one message.
@Suite struct PasteTests {
    /// On the alerts pane with the note entry open on the selected alert (the demo's first, new).
    static func noteOpen() -> ConsoleState {
        var s = AlertsPaneTests.state()
        #expect(update(&s, .key(.char("c"))) == [])
        #expect(s.alertsPane.entry?.kind == .note(alertID: s.queue[0].id))
        return s
    }

    @Test func aPastedLineBreakAndRAreTextInANoteAndResolveNothing() {
        var s = Self.noteOpen()
        var expected = s
        expected.alertsPane.entry?.editor = LineEditor(prompt: "备注：", text: "现场人员已到场\nr", keepsLineBreaks: true)
        #expect(update(&s, .pasted("现场人员已到场\r\nr")) == [])
        expectSame(s, expected)
        // Saved as typed, line break and all, only when the officer presses Enter.
        let id = s.queue[0].id
        #expect(update(&s, .key(.enter)) == [.perform([.addNote(alert: id, text: "现场人员已到场\nr")])])
        #expect(s.duty.alerts[id]?.status == .new)
    }

    @Test func aPasteInTheMiddleOfANoteGoesWhereTheCursorIs() {
        var s = Self.noteOpen()
        typeKeys(&s, "水位米")
        _ = update(&s, .key(.left))
        #expect(update(&s, .pasted("4.3")) == [])
        #expect(s.alertsPane.entry?.editor.text == "水位4.3米")
        #expect(s.alertsPane.entry?.editor.cursor == 5)
    }

    @Test func aPasteAfterEscGoesOnTyping() {
        var s = Self.noteOpen()
        typeKeys(&s, "已通知")
        _ = update(&s, .key(.escape))
        #expect(s.confirmDiscard)
        var expected = s
        expected.confirmDiscard = false
        expected.alertsPane.entry?.editor = LineEditor(prompt: "备注：", text: "已通知街道", keepsLineBreaks: true)
        #expect(update(&s, .pasted("街道")) == [])
        expectSame(s, expected)
    }

    @Test func lineBreaksBecomeSpacesInAOneLineField() {
        var s = AlertsPaneTests.state()
        _ = update(&s, .key(.char("/")))
        var expected = s
        expected.alertsPane.entry?.editor = LineEditor(prompt: "筛选：", text: "现场反馈： 水位4.3米")
        #expect(update(&s, .pasted("现场反馈：\n水位4.3米")) == [])
        expectSame(s, expected)
        #expect(s.pane == .alerts)
    }

    @Test func pastedControlsAndEscapeSequencesAreDropped() {
        var s = Self.noteOpen()
        _ = update(&s, .pasted("a\u{1B}[31mb\tc\u{7}\u{9B}d"))
        #expect(s.alertsPane.entry?.editor.text == "a[31mb cd")
    }

    @Test func aPhoneFormFieldTakesAPasteOnOneLine() {
        var s = Scene.state()
        _ = update(&s, .key(.char("n")))
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.tab))
        #expect(s.phoneForm?.focus == .title)
        var expected = s
        expected.phoneForm?[.title] = "聚龙大街 积水过膝"
        expected.phoneForm?.cursor = 9
        #expect(update(&s, .pasted("聚龙大街\n积水过膝")) == [])
        expectSame(s, expected)
    }

    /// Outside a text field a paste does nothing and says so; on every pane, in both languages.
    @Test(arguments: [(Language.zh, "粘贴无效：没有打开的输入框，未做任何操作"), (.en, "Paste ignored: no text field is open; nothing was done")])
    func outsideATextFieldAPasteOnlySaysSo(_ language: Language, _ words: String) {
        for pane in Pane.built {
            var s = Scene.state(language)
            s.pane = pane
            var expected = s
            expected.notice = words
            #expect(update(&s, .pasted("r\n2\nq\na")) == [])
            expectSame(s, expected)
        }
    }

    @Test func whileHelpIsShownAPasteOnlySaysSo() {
        var s = scene(after: "?")
        var expected = s
        expected.notice = "粘贴无效：没有打开的输入框，未做任何操作"
        #expect(update(&s, .pasted("q")) == [])
        expectSame(s, expected)
    }

    /// The runtime hands a terminal's paste to update as a paste, never as keys.
    @Test func theRuntimeDeliversAPasteAsText() {
        let start = AlertsPaneTests.state()
        let store = RuntimeTests.MemoryStore(start.duty)
        let terminal = MemoryTerminal(size: Scene.large,
                                      script: [.key(.char("c")), .paste("现场人员已到场\nr"), .key(.enter), .idle])
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { Scene.now }
        runtime.run()
        let id = start.queue[0].id
        #expect(store.appended.map(\.ops) == [[.alertNoted(id: id, text: "现场人员已到场\nr")]])
        #expect(runtime.state.duty.alerts[id]?.status == .new)
    }

    /// A note's own line breaks show in the timeline as lines, never as a control character.
    @Test func aNoteWithALineBreakShowsOnTwoLines() {
        var duty = Scene.duty()
        let id = Scene.state(duty: duty).queue[0].id
        duty.apply(.alertNoted(id: id, text: "现场人员已到场\n水位4.3米"), by: "冼嘉怡", seq: 9001)
        let lines = render(AlertsPaneTests.state(duty: duty), size: Scene.large).lines
        let first = lines.firstIndex { $0.contains("现场人员已到场") }
        #expect(first != nil)
        if let first {
            #expect(!lines[first].contains("水位"))
            #expect(lines[first + 1].contains("水位4.3米"))
        }
    }
}

/// The line editor: the cursor moves inside the text (issue 16, item 7).
@Suite struct LineEditorTests {
    @Test func arrowsHomeEndMoveTheCursorAndCtrlUClears() {
        var e = LineEditor(prompt: "")
        for c in "abc" { _ = e.handle(.char(c)) }
        _ = e.handle(.left)
        _ = e.handle(.left)
        _ = e.handle(.char("x"))
        #expect(e.text == "axbc" && e.cursor == 2)
        _ = e.handle(.home)
        _ = e.handle(.delete)
        #expect(e.text == "xbc" && e.cursor == 0)
        _ = e.handle(.end)
        _ = e.handle(.backspace)
        #expect(e.text == "xb" && e.cursor == 2)
        _ = e.handle(.right)
        #expect(e.cursor == 2)
        _ = e.handle(.ctrl("u"))
        #expect(e.text == "" && e.cursor == 0)
    }

    @Test func theCursorIsDrawnWhereItIs() {
        var e = LineEditor(prompt: "> ", text: "abcd")
        _ = e.handle(.left)
        var g = Grid(width: 10, height: 1)
        e.draw(&g, x: 0, y: 0, width: 10)
        #expect(g.lines[0] == "> abcd")
        #expect(g[5, 0].role == .selection)
        #expect(g[4, 0].role == .input)
    }
}

/// `==` on the console's state compares every stored property but those worked out from others.
@Suite struct ConsoleStateEquatableTests {
    @Test func everyStoredPropertyIsComparedOrDerived() {
        let labels = Set(Mirror(reflecting: Scene.state()).children.compactMap(\.label))
        #expect(labels == ConsoleState.comparedProperties.union(ConsoleState.derivedProperties))
        #expect(ConsoleState.comparedProperties.isDisjoint(with: ConsoleState.derivedProperties))
    }

    @Test func aChangedNoticeMakesStatesDiffer() {
        let a = Scene.state()
        var b = a
        #expect(a == b)
        b.notice = "x"
        #expect(a != b)
    }
}

/// Issue 16, item 7: the phone form's fields, levels, and the call's day.
@Suite struct PhoneFormFieldTests {
    static func form() -> ConsoleState { scene(after: "n") }

    /// The call's time, 南洲 and 隧道积水 in an open form (its time field as opened).
    static func fill(_ s: inout ConsoleState, time: String) {
        for _ in 0..<5 { _ = update(&s, .key(.backspace)) }
        typeKeys(&s, time)
        _ = update(&s, .key(.tab))
        typeKeys(&s, "南洲")
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.tab))
        typeKeys(&s, "隧道积水")
    }

    @Test func arrowsMoveTheCursorInATextFieldAndCtrlUClears() {
        var s = Self.form()
        _ = update(&s, .key(.tab))
        typeKeys(&s, "南洲")
        _ = update(&s, .key(.left))
        _ = update(&s, .key(.char("华")))
        #expect(s.phoneForm?[.street] == "南华洲")
        _ = update(&s, .key(.home))
        _ = update(&s, .key(.delete))
        #expect(s.phoneForm?[.street] == "华洲" && s.phoneForm?.cursor == 0)
        _ = update(&s, .key(.ctrl("u")))
        #expect(s.phoneForm?[.street] == "")
    }

    @Test func levelsStopAtRedAndWhiteIsOffered() {
        var s = Self.form()
        for _ in 0..<4 { _ = update(&s, .key(.tab)) }
        #expect(s.phoneForm?.focus == .level)
        for _ in 0..<5 { _ = update(&s, .key(.left)) }
        #expect(s.phoneForm?[.level] == "红")
        for _ in 0..<6 { _ = update(&s, .key(.right)) }
        #expect(s.phoneForm?[.level] == "白")
    }

    @Test func aBadTimeSaysWhatIsWrong() {
        var s = Self.form()
        Self.fill(&s, time: "02:02工业")
        #expect(update(&s, .key(.ctrl("d"))) == [])
        #expect(s.phoneForm?.focus == .time)
        #expect(s.phoneForm?.error == "时间「02:02工业」不对，请写成 21:30 这样")
        #expect(render(s, size: Scene.small).text.contains("时间「02:02工业」不对"))
    }

    /// A call at 23:58 typed in at 02:02 was yesterday's: the record keeps its day.
    @Test func aCallFromLastNightKeepsItsDate() {
        var s = Scene.state()
        _ = update(&s, .tick(Wall.at("2026-06-06", "02:02")))
        _ = update(&s, .key(.char("n")))
        Self.fill(&s, time: "23:58")
        guard case .perform(let intents)? = update(&s, .key(.ctrl("d"))).first, case .raise(let c)? = intents.first else {
            Issue.record("no alert raised")
            return
        }
        #expect(c.body.hasPrefix("06-05 23:58 来电\n事件：隧道积水\n"))
        let called = Wall.at("2026-06-05", "23:58")
        #expect(c.sent == called)
    }

    /// The call's age and its report deadline count from the call, not from the typing: a 黄
    /// call at 23:58 typed at 02:02 owed its 初报 (60 minutes) at 00:58 and is late at once.
    @Test func aCallTypedInLateIsCountedFromTheCall() throws {
        var s = Scene.state()
        let typedAt = Wall.at("2026-06-06", "02:02")
        _ = update(&s, .tick(typedAt))
        _ = update(&s, .key(.char("n")))
        Self.fill(&s, time: "23:58")
        guard case .perform(let intents)? = update(&s, .key(.ctrl("d"))).first else {
            Issue.record("no alert raised")
            return
        }
        var duty = s.duty
        for (i, op) in try s.planner.plan(intents, in: duty).enumerated() {
            duty.apply(op, OpContext(actor: s.actor, at: typedAt, node: "demo", seq: 10_000 + i))
        }
        _ = update(&s, .saveFinished(.saved))
        _ = update(&s, .storeChanged(duty))
        let a = try #require(duty.alerts.live.values.first { $0.content.source == AlertContent.phoneSource && $0.content.title == "隧道积水" })
        let called = Wall.at("2026-06-05", "23:58")
        #expect(a.received.at == typedAt)
        #expect(a.toldAt == called)
        #expect(a.owedReport(s.settings.deadlines) == ReportDue(stage: .initial, due: called.adding(minutes: 60)))
        #expect(a.owedReport(s.settings.deadlines)?.isMissed(at: typedAt) == true)
        // The queue's row and the detail say the same: two hours old, 初报 late by an hour.
        let screen = render(s, size: Scene.large).text
        let line = try #require(screen.split(separator: "\n").first { $0.contains("隧道积水") })
        #expect(line.contains("2时4分"), "\(line)")
        #expect(line.contains("初报超时 1时4分"), "\(line)")
        // Chosen on the overview, it is the one the alerts pane shows (one selection for both).
        s.selection.select(key: a.id, in: s.rows)
        _ = update(&s, .key(.char("2")))
        #expect(s.alertsPaneSelectedID == a.id)
        let detail = render(s, size: Scene.large).text
        #expect(detail.contains("来电 06-05 23:58  2时4分前  录入 02:02"), "\(detail)")
    }
}
