@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 16, item 4: who is at the console is shown and can be changed with `u`.
@Suite struct OperatorTests {
    @Test func uOffersThePeopleOnDutyNowAndNextFirst() {
        var s = Scene.state()
        #expect(update(&s, .key(.char("u"))) == [])
        let picker = s.personPicker!
        #expect(picker.choices.map(\.name) == ["罗惠玲", "苏婉仪", "黄梓轩", "黎振邦", "冼嘉怡", "欧阳晓晴", "关振宇"])
        #expect(picker.choices[0].label == "当班 带班领导" && picker.choices[3].label == "下一班 带班领导")
        #expect(picker.choices[picker.selected].name == "冼嘉怡")
        golden.check(render(s, size: Scene.small), "operator-80x24-picker")
    }

    @Test func choosingSomeoneOnDutyChangesTheHeaderAndTheRecord() {
        var s = Scene.state()
        _ = update(&s, .key(.char("u")))
        let leader = s.personPicker!.choices.first { $0.label.contains("当班") && $0.label.contains("带班领导") }!
        let steps = s.personPicker!.choices.firstIndex(of: leader)! - s.personPicker!.selected
        for _ in 0..<abs(steps) { _ = update(&s, .key(steps < 0 ? .up : .down)) }
        var expected = s
        expected.personPicker = nil
        expected.actor = leader.name
        expected.notice = "操作员换为 \(leader.name)"
        #expect(update(&s, .key(.enter)) == [])
        expectSame(s, expected)
        #expect(render(s, size: Scene.small).lines[0].contains("操作员\(leader.name)"))
        golden.check(render(s, size: Scene.large), "operator-120x40-switched")
    }

    @Test func aTypedNameNotOnTheRosterIsMarkedInTheRecord() {
        let start = Scene.state()
        let store = RuntimeTests.MemoryStore(start.duty)
        let keys: [InputEvent] = [.key(.char("u"))] + "陈志明".map { .key(.char($0)) } + [.key(.enter), .key(.char("y")), .key(.char("a")), .idle]
        let terminal = MemoryTerminal(size: Scene.small, script: keys)
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: start, ascii: false) { Scene.now }
        runtime.run()
        #expect(runtime.state.actor == "陈志明（非值班）")
        #expect(store.appended.map(\.actor) == ["陈志明（非值班）"])
        #expect(terminal.frames.contains { $0.lines[0].contains("操作员陈志明（非值班）") })
    }

    @Test func escLeavesThePersonAsItWas() {
        var s = Scene.state()
        let before = s
        _ = update(&s, .key(.char("u")))
        _ = update(&s, .key(.char("x")))
        #expect(update(&s, .key(.escape)) == [])
        expectSame(s, before)
    }

    @Test func theOperatorIsInTheHeaderInEnglishToo() {
        let s = Scene.state(.en)
        #expect(render(s, size: Scene.small).lines[0].contains("op. 冼嘉怡"))
        #expect(render(s, size: Scene.large).lines[0].contains("operator 冼嘉怡"))
    }

    /// A name nobody on duty has is asked about first, and any key but y goes back to the picker
    /// with the name as typed: a stray letter and Enter never put "k" at the console.
    @Test func aTypedNameIsAskedAboutAndCanBeTakenBack() {
        var s = Scene.state()
        _ = update(&s, .key(.char("u")))
        _ = update(&s, .key(.char("k")))
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.question?.text == "k 不在当班和下一班，仍以此名值守？")
        #expect(render(s, size: Scene.small).lines[23] == " k 不在当班和下一班，仍以此名值守？ y 确定 / 其他键 返回")
        let picker = s.personPicker
        #expect(update(&s, .key(.char("n"))) == [])
        #expect(s.question == nil && s.personPicker == picker && s.actor == "冼嘉怡")
    }

    /// The beginning of a name offered picks that person, on the roster.
    @Test func theBeginningOfANameOfferedPicksThatPerson() {
        var s = Scene.state()
        _ = update(&s, .key(.char("u")))
        let next = s.personPicker!.choices.first { $0.label.hasPrefix("下一班") }!
        _ = update(&s, .key(.char(next.name.first!)))
        #expect(s.personPicker?.match.map { s.personPicker!.choices[$0] } == next)
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.actor == next.name && s.personPicker == nil && s.question == nil)
        #expect(s.notice == "操作员换为 \(next.name)")
    }
}
