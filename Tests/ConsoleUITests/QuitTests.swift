@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 16, item 3: `q` and Ctrl-C ask before the console ends; each test asserts the whole
/// next state and the effects.
@Suite struct QuitTests {
    @Test(arguments: [Key.char("q"), .ctrl("c")])
    func quittingAsksFirst(_ key: Key) {
        var s = Scene.state()
        var expected = s
        expected.question = .quit(.zh)
        #expect(update(&s, .key(key)) == [])
        expectSame(s, expected)
        #expect(render(s, size: Scene.small).lines[23] == " 退出值守台？ y 退出 / 其他键 继续")
        expected.question = nil
        expected.quitting = true
        #expect(update(&s, .key(.char("y"))) == [.quit])
        expectSame(s, expected)
    }

    @Test func inEnglish() {
        var s = Scene.state(.en)
        _ = update(&s, .key(.char("q")))
        #expect(render(s, size: Scene.small).lines[23] == " Quit the duty console? y quit / other keys: stay")
    }

    /// Any other key lets the question go and does nothing more: `j` does not move, `a` does
    /// not acknowledge, `n` does not open the phone form.
    @Test(arguments: [Key.char("j"), .char("a"), .char("n"), .char("q"), .escape, .enter])
    func anyOtherKeyStaysAndDoesNothingElse(_ key: Key) {
        var s = Scene.state()
        let before = s
        _ = update(&s, .key(.char("q")))
        #expect(update(&s, .key(key)) == [])
        expectSame(s, before)
    }

    /// A half-typed phone report: Ctrl-C asks (q would be a letter), and staying keeps every word.
    @Test func ctrlCInAPhoneReportAsksAndStayingKeepsIt() {
        var s = Scene.state()
        _ = update(&s, .key(.char("n")))
        _ = update(&s, .key(.tab))
        typeKeys(&s, "南洲q")
        #expect(s.question == nil && s.phoneForm?[.street] == "南洲q")
        let typed = s
        var expected = s
        expected.question = .quit(.zh)
        #expect(update(&s, .key(.ctrl("c"))) == [])
        expectSame(s, expected)
        #expect(update(&s, .key(.char("x"))) == [])
        expectSame(s, typed)
    }

    /// A pasted y is text, never an answer: the question stays.
    @Test func aPasteDoesNotAnswer() {
        var s = Scene.state()
        _ = update(&s, .key(.char("q")))
        var expected = s
        expected.notice = "粘贴无效：没有打开的输入框，未做任何操作"
        #expect(update(&s, .pasted("y")) == [])
        expectSame(s, expected)
    }

    /// Help open: Ctrl-C closes it and asks.
    @Test func ctrlCOverHelpAsks() {
        var s = Scene.state()
        _ = update(&s, .key(.char("?")))
        _ = update(&s, .key(.ctrl("c")))
        #expect(!s.showHelp && s.question == .quit(.zh))
    }
}
