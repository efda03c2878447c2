@testable import ConsoleUI
import Testing

@Suite struct GridTests {
    @Test func wideCharactersTakeTwoCells() {
        var g = Grid(width: 10, height: 1)
        #expect(g.put("海珠a", x: 0, y: 0) == 5)
        #expect(g[0, 0].text == "海" && g[1, 0].isContinuation && g[2, 0].text == "珠" && g[3, 0].isContinuation && g[4, 0].text == "a")
        #expect(g.lines == ["海珠a"])
    }

    @Test func aWideCharacterThatWouldStraddleTheEdgeIsLeftOut() {
        var g = Grid(width: 5, height: 1)
        #expect(g.put("ab海珠", x: 0, y: 0) == 4)
        #expect(g.lines == ["ab海"])
        var h = Grid(width: 10, height: 1)
        #expect(h.put("海珠区", x: 0, y: 0, limit: 5) == 4)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var g = Grid(width: 6, height: 1)
        g.put("海珠区", x: 0, y: 0)
        g.put("x", x: 1, y: 0)
        #expect(g.lines == [" x珠区"])
        g.put("y", x: 2, y: 0)
        #expect(g.lines == [" xy 区"])
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("海珠区应急值守台") == 16)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("（电话报告）") == 12)
        #expect(DisplayWidth.truncate("聚龙大街积水过膝", to: 9) == "聚龙大街…")
        #expect(DisplayWidth.pad("海珠", to: 5) == "海珠 ")
        #expect(DisplayWidth.prefix("海珠区", fitting: 3) == "海")
    }

    /// Text measured and drawn scalar by scalar must come out exactly as character by character;
    /// text where scalars join into one character must take the character path.
    @Test func theScalarFastPathAgreesWithCharacters() {
        let simple = ["Haizhu 42", "聚龙大街积水 40cm", "海珠区暴雨橙色预警信号（测试）", "████░░ 9/26 ·─│", "한국어", "café"]
        let joined = ["e\u{301}", "👨\u{200D}👩\u{200D}👧", "☔\u{FE0F}", "\u{1100}\u{1161}", "a\r\nb", "🇨🇳"]
        for s in simple { #expect(DisplayWidth.isSimple(s), "\(s)") }
        for s in joined { #expect(!DisplayWidth.isSimple(s), "\(s)") }
        for s in simple + joined {
            #expect(DisplayWidth.of(s) == s.reduce(0) { $0 + DisplayWidth.of($1) }, "\(s)")
            for w in 0...8 {
                var byCharacter = ""
                var used = 0
                for c in s {
                    if used + DisplayWidth.of(c) > w { break }
                    used += DisplayWidth.of(c)
                    byCharacter.append(c)
                }
                #expect(DisplayWidth.prefix(s, fitting: w) == byCharacter, "\(s) in \(w)")
            }
            var g = Grid(width: 10, height: 1)
            let drawn = g.put(s, x: 1, y: 0)
            #expect(drawn == min(DisplayWidth.of(s), DisplayWidth.of(DisplayWidth.prefix(s, fitting: 9))), "\(s)")
        }
    }
}
