import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

@Suite struct OverviewScreenTests {
    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func overviewAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Scene.state(language), size: Scene.large), "overview-120x40-\(tag)")
    }

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func overviewAt80x24(_ language: Language, _ tag: String) {
        golden.check(render(Scene.state(language), size: Scene.small), "overview-80x24-\(tag)")
    }

    @Test func asciiLinesAndBars() {
        golden.check(render(Scene.state(), size: Scene.small, ascii: true), "overview-80x24-ascii")
    }

    @Test func tooSmallSaysSo() {
        let grid = render(Scene.state(), size: Size(width: 60, height: 20))
        #expect(grid.lines[9] == String(repeating: " ", count: 24) + "终端窗口太小")
        #expect(grid.lines[10] == String(repeating: " ", count: 17) + "至少需要 80×24，当前 60×20")
    }

    /// A long Chinese title is cut on a cell boundary: no half character, columns stay aligned.
    @Test func longCJKTitleIsCutWhole() {
        var duty = Scene.duty()
        let title = "海珠区南洲街新滘中路广州大道隧道积水严重车辆无法通行请求紧急排水并设置警示封闭道路"
        duty.apply(.alertRaised(AlertContent(id: "A-LONG", source: "电话报告", kind: "内涝", level: .red, title: title, body: "", street: "南洲街")),
                   by: "冼嘉怡", secondsAgo: 60, seq: 9999)
        let grid = render(Scene.state(duty: duty), size: Scene.small)
        golden.check(grid, "overview-80x24-long-title")
        let row = grid.lines.first { $0.contains("海珠区南洲街") }!
        #expect(row.hasSuffix("…"))
        // Every cell of the row is either a whole character or the right half of one.
        for x in 0..<80 where grid[x, 4].isContinuation {
            #expect(x > 0 && DisplayWidth.of(grid[x - 1, 4].text) == 2)
        }
    }

    @Test func escapeSequencesInTitlesAreInert() {
        var duty = DutyState()
        duty.apply(.alertRaised(AlertContent(id: "A-ESC", source: "脚本\u{1B}]0;pwn\u{07}", kind: "其他", level: .red,
                                             title: "水浸\u{1B}[2J\u{1B}[31m街\u{9B}1m", body: "", street: "南洲街")),
                   by: "系统", secondsAgo: 30, seq: 1)
        let grid = render(Scene.state(duty: duty), size: Scene.large)
        golden.check(grid, "overview-120x40-escapes")
        #expect(!grid.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x9B })
    }
}
