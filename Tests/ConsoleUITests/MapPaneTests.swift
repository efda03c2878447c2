@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 7 地图 (issue 18, 一张图): golden screens, the arrows between neighbouring streets, the list
/// beside the map, Enter opening the alert on pane 2, and each level written beside its colour.
@Suite struct MapPaneTests {
    static func map(_ language: Language = .zh, duty: DutyState? = nil) -> ConsoleState {
        var s = Scene.state(language, duty: duty)
        #expect(update(&s, .key(.char("7"))) == [])
        #expect(s.pane == .map)
        return s
    }

    /// The demo duty room with the arrows taken to 南洲街, the street furthest behind with its checks.
    static func nanzhou(_ language: Language = .zh) -> ConsoleState {
        var s = map(language)
        press(&s, .right, .right, .down, .down, .down)
        #expect(MapPane.street(s) == "南洲街")
        return s
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func mapAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Self.map(language), size: Scene.large), "map-120x40-\(tag)")
        golden.check(render(Self.nanzhou(language), size: Scene.large), "map-120x40-\(tag)-nanzhou")
    }

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func mapAt80x24(_ language: Language, _ tag: String) {
        golden.check(render(Self.map(language), size: Scene.small), "map-80x24-\(tag)")
    }

    @Test func mapInASCII() {
        let small = render(Self.nanzhou(), size: Scene.small, ascii: true)
        let large = render(Self.map(), size: Scene.large, ascii: true)
        golden.check(small, "map-80x24-ascii")
        golden.check(large, "map-120x40-ascii")
        // Lines, boxes and marks in ASCII; only the words are Chinese (and a cut title's …). The
        // footer's arrow keys are the keys' names, as on every pane.
        for grid in [small, large] {
            let body = grid.lines.dropFirst(3).dropLast().joined(separator: "\n")
            let drawn = body.unicodeScalars.filter { !$0.isASCII && DisplayWidth.of($0) != 2 && $0 != "…" }
            #expect(drawn.isEmpty, "not ASCII: \(String(String.UnicodeScalarView(drawn)))")
        }
    }

    // MARK: Arrows

    /// The streets as they lie: along the front channel west to east, and down the old west end.
    /// `9/26 !2`, the space going first when short; no problems, no mark however short the room.
    @Test func progressMarksSayProblemsOnlyWhenThereAreSome() {
        let some = CheckProgress(street: "南洲街", done: 9, total: 26, problems: 2)
        let none = CheckProgress(street: "南洲街", done: 123, total: 456, problems: 0)
        #expect(ProgressMark(some, room: 12).text + ProgressMark(some, room: 12).problems == "9/26 !2")
        #expect(ProgressMark(some, room: 6).problems == "!2")
        #expect(ProgressMark(none, room: 12).problems == "")
        #expect(ProgressMark(none, room: 5).problems == "")
    }

    @Test func arrowsGoToTheNeighbouringStreet() {
        var s = Self.map()
        // 7 opens on the street of the most urgent alert: the orange call in 南华西街.
        #expect(MapPane.street(s) == "南华西街")
        var walked: [String] = []
        for _ in 0..<6 {
            press(&s, .right)
            walked.append(MapPane.street(s))
        }
        #expect(walked == ["海幢街", "滨江街", "新港街", "赤岗街", "琶洲街", "琶洲街"])
        press(&s, .down)
        #expect(MapPane.street(s) == "官洲街")
        press(&s, .left)
        #expect(MapPane.street(s) == "华洲街")
        press(&s, .left)
        #expect(MapPane.street(s) == "南洲街")
        press(&s, .left)
        #expect(MapPane.street(s) == "凤阳街")
        press(&s, .down, .down)
        #expect(MapPane.street(s) == "瑞宝街")
        press(&s, .left, .up, .up, .up, .up)
        #expect(MapPane.street(s) == "南华西街")
    }

    /// Each arrow goes to a street lying wholly on that side, and every street can be reached
    /// from every other: no street is an island on the map.
    @Test func everyStreetIsPlacedAndReachable() {
        #expect(Set(MapLayout.blocks.map(\.street)) == Set(Haizhu.streets))
        #expect(MapLayout.blocks.count == Haizhu.streets.count)
        let directions: [MapLayout.Direction] = [.up, .down, .left, .right]
        for b in MapLayout.blocks {
            for d in directions {
                guard let n = MapLayout.neighbour(of: b.street, d).flatMap(MapLayout.block) else { continue }
                switch d {
                case .right: #expect(n.column >= b.right, "\(b.street) → \(n.street)")
                case .left: #expect(n.right <= b.column, "\(b.street) ← \(n.street)")
                case .down: #expect(n.row >= b.bottom, "\(b.street) ↓ \(n.street)")
                case .up: #expect(n.bottom <= b.row, "\(b.street) ↑ \(n.street)")
                }
            }
        }
        var reached: Set<String> = ["南华西街"], frontier = ["南华西街"]
        while let street = frontier.popLast() {
            for d in directions {
                if let n = MapLayout.neighbour(of: street, d), reached.insert(n).inserted { frontier.append(n) }
            }
        }
        #expect(reached == Set(Haizhu.streets))
    }

    /// No two blocks overlap and none leaves the map.
    @Test func blocksTileTheMap() {
        var taken: [Int: String] = [:]
        for b in MapLayout.blocks {
            #expect(b.right <= MapLayout.columns && b.bottom <= MapLayout.rows, "\(b.street) off the map")
            for c in b.column..<b.right {
                for r in b.row..<b.bottom {
                    #expect(taken.updateValue(b.street, forKey: r * MapLayout.columns + c) == nil, "\(b.street) overlaps")
                }
            }
        }
    }

    // MARK: The list beside the map

    /// 南洲街: its checks, the district's alerts, and each point not yet checked with its three
    /// people and their phones, from the 三本台账.
    @Test func theSideListShowsTheStreetsUncheckedPointsAndTheirPeople() {
        let s = Self.nanzhou()
        // What lies right of the rule, the map's last line.
        let side = render(s, size: Scene.large).lines.map { String($0.components(separatedBy: "│").last!.dropFirst()) }
        #expect(side[4].hasPrefix("南洲街  无警情"))
        #expect(side[5].hasPrefix("三查 雨前排查 9/26 !2"))
        let points = MapSummary.unchecked(s, in: "南洲街")
        #expect(!points.isEmpty && points.allSatisfy { $0.progress.done < $0.progress.total })
        #expect(!points.contains { $0.point.name == "新滘中路—广州大道隧道" }, "all five of its items are checked")
        let first = points[0]
        let row = side.firstIndex { $0.hasPrefix(first.point.name) }
        #expect(row != nil)
        for (i, role) in ResponsibleRole.allCases.enumerated() {
            let person = first.contact!.person(role)
            #expect(side[row! + 1 + i].contains(person.name) && side[row! + 1 + i].contains(person.phone))
        }
        // A street with nothing open still lists the district's alerts (marked), for Enter.
        #expect(side.contains { $0.contains("[全区] 海珠区暴雨黄色预警") })
    }

    /// `j`/`k` pick an alert in the list, and the street's own come before the district's.
    @Test func jAndKPickAnAlertBesideTheMap() {
        var s = Self.map()
        let listed = MapSummary(s).listed("南华西街")
        #expect(listed.first?.content.street == "南华西街")
        #expect(listed.dropFirst().allSatisfy { $0.content.street == Haizhu.districtName })
        press(&s, .char("j"))
        #expect(MapPane.selectedAlert(s, in: listed)?.index == 1)
        press(&s, .char("j"), .char("j"), .char("j"))
        #expect(MapPane.selectedAlert(s, in: listed)?.index == listed.count - 1)
        press(&s, .char("k"))
        #expect(MapPane.selectedAlert(s, in: listed)?.index == listed.count - 2)
        // Another street starts again at its first.
        press(&s, .right)
        #expect(s.mapPane.alertID == nil)
    }

    // MARK: Enter

    /// Enter shows the chosen alert selected on the alerts pane.
    @Test func enterOpensTheSelectedAlertOnTheAlertsPane() {
        var s = Self.map()
        press(&s, .down, .down)
        #expect(MapPane.street(s) == "沙园街")
        let gas = MapSummary(s).listed("沙园街")[0]
        #expect(press(&s, .enter) == [])
        #expect(s.pane == .alerts)
        #expect(AlertsPane.current(s)?.id == gas.id)
        #expect(render(s, size: Scene.large).text.contains("燃气异味报告"))
        // Back on the map, the street is where it was left.
        press(&s, .char("7"))
        #expect(MapPane.street(s) == "沙园街")
    }

    /// An alert inside a closed group is opened in its group; a filter hiding it is cleared and said.
    @Test func enterOpensAGroupAndClearsAFilterThatHidesTheAlert() {
        var duty = Scene.duty()
        duty.apply(.alertRaised(AlertQueueTests.content("A-M-1", .yellow, street: "华洲街", title: "华洲路积水")), by: "冼嘉怡", secondsAgo: 9 * 60, seq: 9001)
        duty.apply(.alertRaised(AlertQueueTests.content("A-M-2", .yellow, street: "华洲街", title: "华洲路积水没过车轮")), by: "冼嘉怡", secondsAgo: 4 * 60, seq: 9002)
        var s = Self.map(duty: duty)
        s.alertsPane.filter = "沙园"
        s.mapPane.street = "华洲街"
        press(&s, .char("j"))
        #expect(s.mapPane.alertID == "A-M-2")
        press(&s, .enter)
        #expect(s.pane == .alerts)
        #expect(s.alertsPane.filter.isEmpty && s.notice == "已清除筛选")
        #expect(AlertsPane.current(s)?.id == "A-M-2")
        #expect(s.openGroups.count == 1)
    }

    /// Enter on a street with nothing open, anywhere in the district: said, and nothing moves.
    @Test func enterWithNothingOpenSaysSo() {
        var s = Self.map(duty: DutyState())
        press(&s, .enter)
        #expect(s.pane == .map)
        #expect(s.notice == "南华西街没有未结警情")
    }

    // MARK: Levels

    /// Each level is written beside its colour, on the block and in the list: 红/橙/黄/蓝, never
    /// colour alone. Drills and expired alerts are not open real alerts and colour nothing.
    @Test(arguments: [Language.zh, .en]) func eachLevelIsWrittenBesideItsColour(_ language: Language) {
        var duty = Scene.duty()
        let placed: [(AlertLevel, String)] = [(.red, "海幢街"), (.orange, "滨江街"), (.yellow, "新港街"), (.blue, "赤岗街")]
        for (i, (level, street)) in placed.enumerated() {
            duty.apply(.alertRaised(AlertQueueTests.content("A-L-\(i)", level, street: street, title: "测试\(i)")), by: "冼嘉怡", seq: 9001 + i)
        }
        duty.apply(.alertRaised(AlertQueueTests.content("A-L-D", .red, street: "琶洲街", title: "演练", reality: .exercise)), by: "冼嘉怡", seq: 9010)
        duty.apply(.alertRaised(AlertQueueTests.content("A-L-E", .red, street: "琶洲街", title: "已过期", expires: Scene.now.adding(seconds: -60))),
                   by: "冼嘉怡", seq: 9011)
        let s = Self.map(language, duty: duty)
        let g = render(s, size: Scene.large)
        let words = DutyWords(lang: language)
        // Framed blocks: the level line is the third line of the box.
        for (level, street) in placed {
            let b = MapLayout.block(street)!
            let geo = MapView.geometry(Rect(x: 0, y: 3, width: 120, height: 36))
            let x = geo.mapX + b.column * geo.unitWidth + 1, y = geo.mapY + b.row * geo.unitHeight
            let line = g.lines[y + 2]
            let text = MapWords(language).levelCount(words.level(level), 1, room: 10)
            #expect(line.contains(text), "\(street): \(line)")
            #expect(g[x + 1, y + 2].role == Role.level(level), "\(street) level word in its colour")
            #expect(g[x, y].role == Role.level(level), "\(street) box in its colour")
        }
        let pazhou = MapLayout.block("琶洲街")!
        let geo = MapView.geometry(Rect(x: 0, y: 3, width: 120, height: 36))
        let px = geo.mapX + pazhou.column * geo.unitWidth + 1, py = geo.mapY + pazhou.row * geo.unitHeight
        #expect(g[px, py].role == .border)
        #expect(MapSummary(s).streets["琶洲街"]?.alerts.isEmpty == true)
        // At 80×24 too: the word on the block, the name in the colour.
        let small = render(s, size: Scene.small)
        #expect(small.text.contains(MapWords(language).levelCount(words.level(.red), 1, room: 8)))
    }
}
