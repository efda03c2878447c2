import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Keys run synchronously through key map, update and render: no sleeps, no terminal.
@Suite struct KeyScenarioTests {
    @Test func acknowledgingTheSelectedAlert() {
        var s = Scene.state()
        let queue = s.queue
        #expect(update(&s, .key(.char("j"))) == [])
        #expect(s.selected?.id == queue[1].id)
        #expect(update(&s, .key(.up)) == [])
        #expect(s.selected?.id == queue[0].id)
        #expect(queue[0].status == .new)
        #expect(update(&s, .key(.char("a"))) == [.perform([.acknowledge(alert: queue[0].id)])])
        // Said once the save returned, not before.
        #expect(s.notice == nil)
        #expect(s.awaitingSave?.notice == "已确认 \(queue[0].id)")
        #expect(update(&s, .saveFinished(.saved)) == [])
        #expect(s.notice == "已确认 \(queue[0].id)")
        // The selection never leaves the queue.
        for _ in 0..<50 { _ = update(&s, .key(.char("j"))) }
        #expect(s.selectedRowIndex == queue.count - 1)
        #expect(update(&s, .key(.home)) == [])
        #expect(s.selectedRowIndex == 0)
        #expect(update(&s, .key(.end)) == [])
        #expect(s.selectedRowIndex == queue.count - 1)
    }

    @Test func acknowledgingTwiceSaysSoAndWritesNothing() {
        var s = Scene.state(.en)
        let acknowledged = s.queue.firstIndex { $0.status == .acknowledged }!
        s.selectRow(acknowledged)
        #expect(update(&s, .key(.char("a"))) == [])
        #expect(s.notice == "\(s.queue[acknowledged].id) is already acknowledged")
    }

    @Test func helpOpensAndAnyKeyClosesItWithoutActing() {
        var s = Scene.state()
        #expect(update(&s, .key(.char("?"))) == [])
        #expect(s.showHelp)
        #expect(render(s, size: Scene.small).text.contains("按键（任意键关闭）"))
        #expect(update(&s, .key(.char("q"))) == [])
        #expect(!s.showHelp && !s.quitting)
        #expect(update(&s, .key(.char("q"))) == [])
        #expect(s.question == .quit(.zh))
        #expect(update(&s, .key(.char("y"))) == [.quit])
        #expect(s.quitting)
    }

    @Test func aNewRedAlertRingsOnceAndFlashesTheHeader() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(AlertContent(id: "A-NEW", source: "电话报告", kind: "内涝", level: .red, title: "隧道积水", body: "", street: "南洲街")),
                   by: "冼嘉怡", seq: 1)
        #expect(update(&s, .storeChanged(duty)) == [.bell])
        #expect(s.flashUntil == Scene.now.adding(seconds: 10))
        #expect(render(s, size: Scene.small)[0, 0].role == .headerAlarm)
        // The same alert seen again does not ring again.
        #expect(update(&s, .storeChanged(duty)) == [])
        _ = update(&s, .tick(Scene.now.adding(seconds: 10)))
        #expect(s.flashUntil == nil)
        #expect(render(s, size: Scene.small)[0, 0].role == .header)
    }

    @Test func aNewBlueAlertIsQuiet() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(AlertContent(id: "A-BLUE", source: "电话报告", kind: "其他", level: .blue, title: "路灯不亮", body: "", street: "南洲街")),
                   by: "冼嘉怡", seq: 1)
        #expect(update(&s, .storeChanged(duty)) == [])
        #expect(s.flashUntil == nil)
    }

    @Test func escAsksBeforeThrowingAwayATypedNote() {
        var s = Scene.state()
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.char("c")))
        typeKeys(&s, "已通知q")
        #expect(!s.quitting, "q in a note is a letter")
        let footer = { (s: ConsoleState) in render(s, size: Scene.small).lines[23] }
        #expect(!footer(s).contains("退出"))
        // The first Esc only asks; a key after it goes on typing.
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.confirmDiscard)
        #expect(footer(s).contains("Esc放弃已输入的内容"))
        _ = update(&s, .key(.char("!")))
        #expect(!s.confirmDiscard)
        #expect(s.alertsPane.entry?.editor.text == "已通知q!")
        // Two Esc in a row close the entry and save nothing.
        _ = update(&s, .key(.escape))
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.alertsPane.entry == nil)
        #expect(footer(s).contains("q退出"))
        // An empty entry closes at once.
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.escape))
        #expect(s.alertsPane.entry == nil)
    }

    @Test func theClockTicksInPlace() {
        var s = Scene.state()
        let before = render(s, size: Scene.large)
        _ = update(&s, .tick(Scene.now.adding(seconds: 1)))
        let after = render(s, size: Scene.large)
        // Only the clock and the ages in the queue may change; an age changes when a minute passes.
        let queueRows = Set(6..<(6 + s.queue.count))
        let changedRows = (0..<40).filter { before.lines[$0] != after.lines[$0] }
        #expect(changedRows.first == 0)
        #expect(Set(changedRows.dropFirst()).isSubset(of: queueRows))
        #expect(after.lines[0].contains("21:37:42"))
    }
}

/// The runtime loop against the in-memory terminal and store.
@Suite struct RuntimeTests {
    final class MemoryStore: ConsoleStore {
        var state: DutyState
        var appended: [(ops: [Op], actor: String)] = []
        init(_ state: DutyState) { self.state = state }
        /// Plans as the real store does, against its own latest state.
        func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange) {
            let ops: [Op]
            do {
                ops = try Planner(node: "t", actor: actor, now: at, calendar: Scene.state().settings.calendar).plan(intents, in: state)
            } catch {
                return (.refused(error.message), StoreChange(state: state, view: nil))
            }
            appended.append((ops, actor))
            for op in ops { state.apply(op, OpContext(actor: actor, at: at, node: "t", seq: appended.count)) }
            return (.saved, StoreChange(state: state, view: nil))
        }
        /// Ops "another process" saved; the next poll brings them, with the view worked out as
        /// the store's worker thread would.
        var fromElsewhere: [Op] = []
        var polls = 0
        func poll() -> StoreChange? {
            polls += 1
            guard !fromElsewhere.isEmpty else { return nil }
            for op in fromElsewhere { state.apply(op, OpContext(actor: "script", at: Scene.now, node: "other", seq: 1)) }
            fromElsewhere = []
            return StoreChange(state: state, view: QueueView(duty: state, settings: Scene.state().settings))
        }
    }

    final class SteppingClock: @unchecked Sendable {
        var now: Instant
        let step: Int64
        init(_ start: Instant, stepMs: Int64) { now = start; step = stepMs }
        func read() -> Instant { defer { now = Instant(ms: now.ms + step) }; return now }
    }

    @Test func anotherProcessesAlertShowsWhileKeysKeepComing() {
        let start = Scene.state()
        let store = MemoryStore(start.duty)
        store.fromElsewhere = [.alertRaised(AlertContent(id: "X-1", source: "脚本", kind: "内涝", level: .red,
                                                         title: "新港西路隧道水浸", body: "", street: "新港街"))]
        // Keys only, never an idle wait: the clock still moves 300 ms per reading.
        let keys = [InputEvent](repeating: .key(.char("j")), count: 12) + [.key(.char("q"))]
        let terminal = MemoryTerminal(size: Scene.large, script: keys)
        let clock = SteppingClock(Scene.now, stepMs: 300)
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { clock.read() }
        runtime.run()
        #expect(store.polls >= 2)
        #expect(runtime.state.duty.alerts["X-1"] != nil)
        #expect(terminal.lastFrame!.text.contains("新港西路隧道水浸"))
        #expect(terminal.lastFrame!.lines[0] != terminal.frames[0].lines[0], "the clock ticked")
    }

    @Test func acknowledgeThenQuit() {
        let start = Scene.state()
        let store = MemoryStore(start.duty)
        let terminal = MemoryTerminal(size: Scene.large, script: [.key(.char("a")), .idle, .key(.char("q"))])
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { Scene.now }
        runtime.run()
        let first = start.queue[0]
        #expect(store.appended.map(\.ops) == [[.alertAcknowledged(id: first.id, note: "")]])
        #expect(store.appended.map(\.actor) == ["冼嘉怡"])
        #expect(runtime.state.duty.alerts[first.id]?.status == .acknowledged)
        #expect(terminal.restored)
        #expect(terminal.frames.contains { $0.text.contains("已确认 \(first.id)") })
        #expect(terminal.lastFrame!.lines[6].contains("已确认"))
    }

    /// A store whose disk is full: every save fails, nothing is kept.
    final class FullStore: ConsoleStore {
        let state: DutyState
        var tried = 0
        init(_ state: DutyState) { self.state = state }
        func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange) {
            tried += 1
            return (.diskFull("journal/room1.jsonl: cannot append: No space left on device"), StoreChange(state: state, view: nil))
        }
        func poll() -> StoreChange? { nil }
    }

    /// The footer said 已确认 while nothing was saved: it speaks only of what the save returned.
    @Test func aFailedSaveIsSaidAsSuchAndNeverAsDone() {
        let start = Scene.state()
        let store = FullStore(start.duty)
        let terminal = MemoryTerminal(size: Scene.large, script: [.key(.char("a")), .idle, .key(.char("q"))])
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { Scene.now }
        runtime.run()
        let first = start.queue[0]
        #expect(store.tried == 1)
        #expect(runtime.state.duty.alerts[first.id]?.status == .new)
        #expect(!terminal.frames.contains { $0.text.contains("已确认 \(first.id)") })
        let said = terminal.frames.filter { $0.lines[39].contains("未记下：保存失败（磁盘已满）") }
        #expect(!said.isEmpty)
        #expect(said.allSatisfy { $0.lines[0].contains("保存失败") })
        #expect(runtime.state.awaitingSave == nil)
    }

    /// At 80 columns the pane's keys give way, so the whole of it is read, in either language.
    @Test func aFailedSaveIsReadWholeAt80Columns() {
        for (language, words) in [(Language.zh, "未记下：保存失败（存储只读）"), (.en, "Not recorded: save failed (the store is read-only)")] {
            var s = Scene.state()
            s.language = language
            _ = update(&s, .key(.char("a")))
            _ = update(&s, .saveFinished(.readOnly("the store's disk is read-only")))
            let footer = render(s, size: Scene.small).lines[23]
            #expect(footer.hasSuffix(words), "\(footer)")
            #expect(footer.contains("q"), "quit stays: \(footer)")
        }
    }

    /// A phone report whose save failed stays open with every word typed.
    @Test func aPhoneReportWhoseSaveFailedKeepsWhatWasTyped() {
        var s = Scene.state()
        let store = FullStore(s.duty)
        let typed: [Key] = [.char("n"), .tab] + "南洲".map { .char($0) } + [.tab, .tab] + "隧道水浸".map { .char($0) } + [.ctrl("d")]
        var effects: [Effect] = []
        for key in typed { effects = update(&s, .key(key)) }
        #expect(s.phoneForm == nil)
        guard case .perform(let intents)? = effects.first, case .raise(let content)? = intents.first else {
            Issue.record("no alert raised: \(effects)")
            return
        }
        #expect(content.title == "隧道水浸")
        let (save, _) = store.perform(intents, actor: s.actor, at: s.now)
        _ = update(&s, .saveFinished(save))
        #expect(s.phoneForm?[.title] == "隧道水浸")
        #expect(s.phoneForm?[.street] == "南洲")
        #expect(s.notice == "未记下：保存失败（磁盘已满）")
        #expect(s.save == .diskFull("journal/room1.jsonl: cannot append: No space left on device"))
    }

    @Test func endOfInputEndsTheLoop() {
        let terminal = MemoryTerminal(size: Scene.small, script: [])
        let runtime = ConsoleRuntime(terminal: terminal, store: MemoryStore(DutyState()), state: Scene.state(), ascii: false) { Scene.now }
        runtime.run()
        #expect(runtime.state.quitting)
        #expect(terminal.restored)
        #expect(terminal.frames.count == 1)
    }
}
