import Testing
@testable import DutyCore

struct InertTextTests {
    @Test func escapeSequencesBecomeVisible() {
        #expect(InertText.line("\u{1B}[31m") == "^[[31m")
        #expect(InertText.line("\u{1B}[31m红色预警\u{1B}[0m") == "^[[31m红色预警^[[0m")
        #expect(InertText.block("\u{1B}]0;pwned\u{07}") == "^[]0;pwned^G")
        #expect(InertText.line("\u{1B}[2J\u{1B}[H") == "^[[2J^[[H")
    }

    @Test func otherC0ControlsBellAndDelete() {
        #expect(InertText.line("ding\u{07}") == "ding^G")
        #expect(InertText.line("a\u{0}b") == "a^@b")
        #expect(InertText.line("a\u{08}b") == "a^Hb")
        #expect(InertText.line("a\u{0C}b") == "a^Lb")
        #expect(InertText.line("a\u{1F}b") == "a^_b")
        #expect(InertText.line("a\u{7F}b") == "a^?b")
        #expect(InertText.block("a\u{7F}b") == "a^?b")
    }

    @Test func c1ControlsAndBidiOverridesAreNamed() {
        #expect(InertText.line("\u{9B}31m") == "<U+9B>31m")
        #expect(InertText.line("a\u{85}b") == "a<U+85>b")
        #expect(InertText.line("invoice\u{202E}fdp.exe") == "invoice<U+202E>fdp.exe")
        #expect(InertText.block("\u{202A}\u{202D}x\u{2066}y\u{2069}") == "<U+202A><U+202D>x<U+2066>y<U+2069>")
    }

    @Test func newlinesInALineBecomeSpaces() {
        #expect(InertText.line("a\r\nb") == "a b")
        #expect(InertText.line("a\nb") == "a b")
        #expect(InertText.line("a\rb") == "a b")
        #expect(InertText.line("a\r\n\r\nb") == "a  b")
        #expect(InertText.line("a\tb") == "a b")
        #expect(InertText.line("标题\r\n") == "标题 ")
    }

    @Test func newlinesInABlockBecomeLF() {
        #expect(InertText.block("a\r\nb") == "a\nb")
        #expect(InertText.block("a\rb") == "a\nb")
        #expect(InertText.block("a\nb") == "a\nb")
        #expect(InertText.block("a\r\r\nb") == "a\n\nb")
        #expect(InertText.block("a\n\rb") == "a\n\nb")
        #expect(InertText.block("第一行\r\n第二行\r\n") == "第一行\n第二行\n")
        #expect(InertText.block("a\tb\u{1B}[1m") == "a b^[[1m")
    }

    @Test(arguments: [
        "海珠区暴雨红色预警信号", "Typhoon No.5 — 台风「木兰」 ⚠️", "聚龙大街水浸约30厘米，请注意绕行。", "", "plain ASCII ~!@#$%^&*()",
        "e\u{301}t\u{E9}", "👩‍👩‍👧", "北山岗（官洲街）", "\u{A0}\u{3000}",
    ])
    func cleanTextIsUnchanged(_ text: String) {
        #expect(InertText.isClean(text))
        #expect(InertText.line(text) == text)
        #expect(InertText.block(text) == text)
    }

    @Test func isClean() {
        #expect(!InertText.isClean("a\nb"))
        #expect(!InertText.isClean("\u{1B}"))
        #expect(!InertText.isClean("\u{9B}"))
        #expect(!InertText.isClean("\u{202E}"))
        #expect(!InertText.isClean("\u{7F}"))
        #expect(InertText.isClean("\u{A0}"))
    }

    /// Whatever goes in, the line form has no control left and the block form keeps only LF.
    @Test func outputIsAlwaysInert() {
        var scalars: [Unicode.Scalar] = (0...0xA0).compactMap(Unicode.Scalar.init)
        scalars += (0x202A...0x202E).compactMap(Unicode.Scalar.init)
        scalars += (0x2066...0x2069).compactMap(Unicode.Scalar.init)
        for u in scalars {
            let s = "x" + String(Character(u)) + "y\r\n\u{1B}z"
            let line = InertText.line(s)
            let block = InertText.block(s)
            #expect(InertText.isClean(line), "U+\(String(u.value, radix: 16))")
            let blockWithoutLF = String(String.UnicodeScalarView(block.unicodeScalars.filter { $0 != "\n" }))
            #expect(InertText.isClean(blockWithoutLF), "U+\(String(u.value, radix: 16))")
            #expect(!block.contains("\r"))
        }
    }
}
