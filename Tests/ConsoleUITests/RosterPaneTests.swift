import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 3 值班: the day's timeline and slot list; ←/→ change the day, t comes back to today.
@Suite struct RosterPaneTests {
    static let today = LocalDate(year: 2026, month: 6, day: 5)!

    static func state(_ language: Language = .zh, day: LocalDate? = nil) -> ConsoleState {
        var s = Scene.state(language)
        s.pane = .roster
        s.rosterPane = RosterPaneState(day: day)
        return s
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func todayAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Self.state(language), size: Scene.large), "roster-120x40-\(tag)")
    }

    @Test func todayAt80x24() {
        golden.check(render(Self.state(), size: Scene.small), "roster-80x24-zh")
    }

    @Test func theDayBefore() {
        golden.check(render(Self.state(day: Self.today.adding(days: -1)), size: Scene.large), "roster-120x40-zh-yesterday")
    }

    /// The demo leaves the night shift three days on without an officer: the gap shows on the
    /// evening of that day and on the morning after.
    @Test func theDayWithTheGap() {
        golden.check(render(Self.state(day: Self.today.adding(days: 3)), size: Scene.large), "roster-120x40-zh-gap")
        golden.check(render(Self.state(day: Self.today.adding(days: 3)), size: Scene.small), "roster-80x24-zh-gap")
        golden.check(render(Self.state(.en, day: Self.today.adding(days: 4)), size: Scene.small), "roster-80x24-en-after-gap")
    }

    @Test func asciiLinesAndBars() {
        let text = render(Self.state(), size: Scene.small, ascii: true).text
        #expect(!text.contains("█") && !text.contains("│"))
        #expect(text.contains("陈卫东 ###########罗惠玲 #|####"))
    }

    // MARK: Keys

    @Test func arrowsChangeTheDayAndTComesBack() {
        var s = Self.state()
        #expect(update(&s, .key(.right)) == [])
        #expect(s.rosterPane == RosterPaneState(day: Self.today.adding(days: 1)))
        #expect(render(s, size: Scene.small).lines[3].hasPrefix(" 值班表  2026-06-06 周六  明天"))
        #expect(update(&s, .key(.char("l"))) == [])
        #expect(update(&s, .key(.right)) == [])
        #expect(s.rosterPane == RosterPaneState(day: Self.today.adding(days: 3)))
        #expect(render(s, size: Scene.small).text.contains("！缺口 17:30–24:00 缺值班员"))
        #expect(update(&s, .key(.char("t"))) == [])
        #expect(s.rosterPane == RosterPaneState())
        #expect(update(&s, .key(.left)) == [])
        #expect(update(&s, .key(.char("h"))) == [])
        #expect(s.rosterPane == RosterPaneState(day: Self.today.adding(days: -2)))
        #expect(render(s, size: Scene.small).lines[3].hasPrefix(" 值班表  2026-06-03 周三  2天前"))
        // Coming back to today by the arrows follows the clock again, as `t` does.
        _ = update(&s, .key(.right))
        _ = update(&s, .key(.right))
        #expect(s.rosterPane == RosterPaneState())
        #expect(s.pane == .roster && s.notice == nil)
    }

    @Test func selectionStartsOnTheShiftOnDutyAndStaysInTheList() {
        var s = Self.state()
        let list = s.duty.slots(touching: Self.today, Scene.calendar)
        #expect(list.count == 10)
        // 00:00–08:30 the night before (3), the day shift (4), then tonight: its leader is selected.
        let grid = render(s, size: Scene.large)
        let selectedRows = (0..<40).filter { grid[0, $0].role == .selection }
        #expect(selectedRows.count == 1)
        #expect(grid.lines[selectedRows[0]].contains("17:30–次日08:30  带班领导  罗惠玲    138 0000 0009  在班"))
        #expect(update(&s, .key(.char("j"))) == [])
        #expect(s.rosterPane.selected == 8)
        for _ in 0..<20 { _ = update(&s, .key(.down)) }
        #expect(s.rosterPane.selected == 9)
        for _ in 0..<20 { _ = update(&s, .key(.char("k"))) }
        #expect(s.rosterPane.selected == 0)
        // A new day starts at the top of its list.
        _ = update(&s, .key(.right))
        #expect(s.rosterPane == RosterPaneState(day: Self.today.adding(days: 1), selected: nil))
    }

    @Test func globalKeysStayGlobal() {
        var s = Self.state()
        #expect(update(&s, .key(.char("?"))) == [])
        #expect(s.showHelp)
        _ = update(&s, .key(.char("x")))
        #expect(update(&s, .key(.char("1"))) == [])
        #expect(s.pane == .overview)
        #expect(update(&s, .key(.char("3"))) == [])
        #expect(s.pane == .roster)
    }

    @Test func theNowMarkerOnlyOnToday() {
        let todayGrid = render(Self.state(), size: Scene.large)
        // 21:37 at four cells an hour: cell 86 of the timeline, which begins at column 11.
        #expect(todayGrid.lines[5].contains("21:37"))
        for y in 6...10 { #expect(todayGrid[97, y].text == "│") }
        let tomorrow = render(Self.state(day: Self.today.adding(days: 1)), size: Scene.large)
        #expect(!tomorrow.lines[5].contains("21:37"))
        #expect(!(6...10).contains { tomorrow[97, $0].text == "│" })
    }

    /// Just after a change of shift the marker sits where the new name begins: the name moves
    /// past it instead of losing its first character.
    @Test func theNowMarkerNeverCutsAName() {
        var s = Self.state()
        s.now = Wall.at(Self.today, 8, 35)
        let lines = render(s, size: Scene.small).lines
        #expect(lines[4] == "           00    03    06 08:35    12    15    18    21    24")
        #expect(lines[5] == " 带班领导  何少明 ██████████│陈卫东 ██████████罗惠玲 ██████")
        #expect(lines[9] == " 缺口                       │")
    }

    // MARK: Gaps in cover (pure)

    @Test func theDemoRosterHasOneGapOverTwoDays() {
        let duty = Scene.duty()
        let cal = Scene.calendar
        let gapDay = Self.today.adding(days: 3)
        #expect(duty.coverGaps(on: Self.today, cal) == [])
        #expect(duty.coverGaps(on: Self.today.adding(days: -1), cal) == [])
        #expect(duty.coverGaps(on: gapDay, cal) == [CoverGap(start: Wall.at(gapDay, 17, 30), end: Wall.at(gapDay.adding(days: 1), 0, 0), missing: [.officer])])
        #expect(duty.coverGaps(on: gapDay.adding(days: 1), cal) == [CoverGap(start: Wall.at(gapDay.adding(days: 1), 0, 0), end: Wall.at(gapDay.adding(days: 1), 8, 30), missing: [.officer])])
        // Past the end of the roster nobody is on: the whole day is a gap.
        let unrostered = Self.today.adding(days: 30)
        #expect(duty.coverGaps(on: unrostered, cal) == [CoverGap(start: Wall.at(unrostered, 0, 0), end: Wall.at(unrostered.adding(days: 1), 0, 0), missing: [.leader, .officer])])
    }

    @Test func gapsSplitWhereDifferentPostsAreMissing() {
        let d = Self.today
        func slot(_ id: String, _ date: LocalDate, _ from: (Int, Int), _ to: (Int, Int), _ role: DutyRole) -> DutySlot {
            DutySlot(id: id, date: date, start: LocalTime(hour: from.0, minute: from.1)!, end: LocalTime(hour: to.0, minute: to.1)!,
                     role: role, person: id, phone: "")
        }
        var duty = DutyState()
        duty.apply(.rosterImported(source: "t", slots: [
            slot("L0", d.adding(days: -1), (20, 0), (2, 0), .leader),     // the night before, to 02:00
            slot("O0", d.adding(days: -1), (20, 0), (6, 0), .officer),
            slot("L1", d, (8, 0), (12, 0), .leader),
            slot("L2", d, (12, 0), (18, 0), .leader),                     // back to back with L1: no gap
            slot("O1", d, (9, 0), (18, 0), .officer),
            slot("T1", d, (0, 0), (0, 0), .technical),                    // technical support is not a required post
            slot("L3", d, (20, 0), (8, 0), .leader),
        ]), OpContext(actor: "t", at: Wall.at(d, 0, 0), node: "t", seq: 1))
        #expect(duty.coverGaps(on: d, Scene.calendar) == [
            CoverGap(start: Wall.at(d, 2, 0), end: Wall.at(d, 6, 0), missing: [.leader]),
            CoverGap(start: Wall.at(d, 6, 0), end: Wall.at(d, 8, 0), missing: [.leader, .officer]),
            CoverGap(start: Wall.at(d, 8, 0), end: Wall.at(d, 9, 0), missing: [.officer]),
            CoverGap(start: Wall.at(d, 18, 0), end: Wall.at(d, 20, 0), missing: [.leader, .officer]),
            CoverGap(start: Wall.at(d, 20, 0), end: Wall.at(d.adding(days: 1), 0, 0), missing: [.officer]),
        ])
        #expect(duty.coverGaps(on: d, Scene.calendar, required: [.technical]) == [])
        #expect(duty.slots(touching: d, Scene.calendar).map(\.id) == ["L0", "O0", "T1", "L1", "O1", "L2", "L3"])
    }
}
