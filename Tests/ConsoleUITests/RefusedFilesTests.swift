import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 18, item 3: refused inbox files are said in the header until someone looks.
@Suite struct RefusedFilesViewTests {
    static let files = [
        RefusedFile(name: "bad-truncated-heavy-rain-zh-TW.xml",
                    reason: "line 52: not well-formed XML: the file ends before every element is closed, or has more after the last one (cut off in transfer?)",
                    chinese: "文件损坏或不完整", at: Scene.now.adding(seconds: -120)),
        RefusedFile(name: "bad-real-404-html-page.xml", reason: "an HTML page, not an alert (a web server's error page saved in place of the file?)",
                    chinese: "不是预警文件", at: Scene.now.adding(seconds: -86_400)),
        // Refused before reason files had a Chinese line.
        RefusedFile(name: "old.json", reason: "missing \"title\"", at: Scene.now.adding(seconds: -90_000)),
    ]

    @Test func theHeaderSaysHowManyUntilSomeoneLooks() {
        var s = Scene.state()
        _ = update(&s, .refusedFilesChanged(Self.files))
        #expect(s.unseenRefusedCount == 3)
        #expect(render(s, size: Scene.large).lines[0].contains("拒收 3"))
        #expect(render(s, size: Scene.small).lines[0].contains("拒收3"))
        #expect(render(s, size: Scene.large).lines[39].contains("!拒收文件"))
        // `!` opens the list on any pane: each file, when, why; looked at, the count goes.
        _ = update(&s, .key(.char("!")))
        var after = s
        #expect(s.showRefused && s.unseenRefusedCount == 0)
        let screen = render(s, size: Scene.large)
        #expect(screen.text.contains("bad-truncated-heavy-rain-zh-TW.xml") && screen.text.contains("文件损坏或不完整：line 52: not well-formed XML"))
        // The whole reason, on as many lines as it takes: the end of it says what to look for.
        #expect(screen.lines.contains { $0.trimmingCharacters(in: .whitespaces) == "off in transfer?)" })
        #expect(screen.text.contains("06-04") && screen.text.contains("an HTML page, not an alert"), "yesterday's with its date")
        #expect(!screen.lines[0].contains("拒收"))
        golden.check(screen, "refused-120x40-zh")
        // Any key closes it and does nothing else.
        #expect(update(&s, .key(.char("a"))) == [])
        after.showRefused = false
        expectSame(s, after)
        // A new one is counted again; those seen are not.
        let newer = RefusedFile(name: "cap10.xml", reason: "line 2: not CAP 1.2", at: Scene.now)
        _ = update(&s, .refusedFilesChanged([newer] + Self.files))
        #expect(s.unseenRefusedCount == 1)
        #expect(!render(s, size: Scene.large).lines[0].contains("拒收 4"))
        #expect(render(s, size: Scene.large).lines[0].contains("拒收 1"))
    }

    @Test func inEnglishAt80x24() {
        var s = Scene.state(.en)
        _ = update(&s, .refusedFilesChanged(Self.files))
        #expect(render(s, size: Scene.small).lines[0].contains("refused 3"))
        _ = update(&s, .key(.char("!")))
        golden.check(render(s, size: Scene.small), "refused-80x24-en")
    }
}
