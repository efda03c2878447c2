@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 16, "one key table": every key of every pane is bound in `KeyMap.rows`, and the
/// footer, the help and the panes all follow from it. These tests walk the table, so a key
/// added to it is checked without a test written for it.
@Suite struct KeyMapTests {
    /// Each binding of the table is what the key gives on each of its panes: no row is shadowed
    /// by an earlier one binding the same key there.
    @Test func everyBindingResolvesToItsCommand() {
        for row in KeyMap.rows {
            for pane in Pane.built where row.works(on: pane) {
                for b in row.bound {
                    #expect(KeyMap.command(for: b.key, pane: pane) == b.command, "\(row.label.zh) \(b.key) on \(pane)")
                }
            }
        }
    }

    /// A key of every pane (q, ?, u, Tab, the digits) is never taken by one pane for itself,
    /// so it works the same wherever the officer is.
    @Test func noPaneTakesAKeyOfEveryPane() {
        let everywhere = Set(KeyMap.rows.filter { $0.panes == nil }.flatMap { $0.bound.map(\.key) })
        for row in KeyMap.rows where row.panes != nil {
            for b in row.bound {
                #expect(!everywhere.contains(b.key), "\(row.label.zh) binds \(b.key), a key of every pane")
            }
        }
    }

    /// Every command the table gives a pane is known to that pane: no key in the help does nothing
    /// because its pane forgot it.
    @Test func everyPaneKnowsEveryCommandItIsGiven() {
        for pane in Pane.built {
            for row in KeyMap.rows where row.panes?.contains(pane) ?? false {
                for b in row.bound {
                    var s = Scene.state(on: pane)
                    #expect(pane.behaviour.handle(&s, b.command) != nil, "\(pane) does not handle \(b.command)")
                }
            }
        }
    }

    /// `?` on each pane lists every key that works there, its own first under the pane's name,
    /// with what it does, in both languages; none is cut off at 120×40.
    @Test(arguments: [Language.zh, .en]) func theHelpListsEveryKeyOfThePane(_ language: Language) {
        for pane in Pane.built {
            var s = Scene.state(language)
            s.pane = pane
            _ = update(&s, .key(.char("?")))
            let lines = render(s, size: Scene.large).lines
            for row in KeyMap.rows(on: pane) {
                let (key, text) = row.hint(s)
                let shown = lines.contains { $0.contains(DisplayWidth.pad(key, to: 9) + " " + text) }
                #expect(shown, "\(pane) help lacks \(key) \(text)")
            }
            let words = DutyWords(lang: language).pane(pane)
            #expect(lines.contains { $0.contains(language.pick("本页（\(words)）", "This pane (\(words))")) })
        }
    }

    /// A key that means different things on different panes is listed on each with its meaning
    /// there: `h` is 处置 on the queue and ← on the lists of columns and days.
    @Test func aKeyThatDiffersIsListedWhereItDiffers() {
        var meanings: [Key: Set<Command>] = [:]
        for row in KeyMap.rows where row.panes != nil {
            for b in row.bound { meanings[b.key, default: []].insert(b.command) }
        }
        let differing = meanings.filter { $0.value.count > 1 }.keys
        #expect(differing.contains(.char("h")) && differing.contains(.char("n")))
        for key in differing {
            for pane in Pane.built {
                guard let command = KeyMap.command(for: key, pane: pane) else { continue }
                let row = KeyMap.rows(on: pane).first { $0.bound.contains { $0.key == key && $0.command == command } }
                #expect(row != nil, "\(key) on \(pane) is not in its help")
            }
        }
        #expect(KeyMap.command(for: .char("h"), pane: .alerts) == .handlingPressed)
        #expect(KeyMap.command(for: .char("h"), pane: .roster) == .leftPressed)
    }

    /// The footer shows the pane's keys the moment calls for, then help and quit, never cut: when
    /// the pane has more keys than room, its last ones give way.
    @Test func theFooterKeepsHelpAndQuitAtAnyWidth() {
        for pane in Pane.built {
            let s = Scene.state(on: pane)
            for width in [40, 60, 80, 120] {
                let hints = KeyMap.footer(s, width: width)
                #expect(hints.suffix(2).map(\.key) == ["?", "q"], "\(pane) at \(width)")
            }
        }
    }

    /// One selection for the overview and the alerts pane: the alert chosen on one is the one
    /// the other shows, both ways.
    @Test func theOverviewAndTheAlertsPaneShareTheSelection() {
        var s = Scene.state()
        _ = update(&s, .key(.down))
        _ = update(&s, .key(.down))
        let chosen = s.selected?.id
        #expect(chosen != nil && chosen != s.rows[0].alert.id)
        _ = update(&s, .key(.char("2")))
        #expect(s.alertsPaneSelectedID == chosen)
        _ = update(&s, .key(.down))
        let next = s.alertsPaneSelectedID
        #expect(next != chosen)
        _ = update(&s, .key(.char("1")))
        #expect(s.selected?.id == next)
    }

    /// PgUp/PgDn on the overview move a page of ten rows, as the help says.
    @Test func pageKeysMoveTheOverviewByTen() {
        var duty = Scene.duty()
        let base = Scene.now.adding(seconds: -600)
        // Each a kind of its own, so none are gathered into a group.
        for i in 0..<25 {
            let content = AlertContent(id: "A-PG-\(i)", source: "测试", kind: "其他\(i)", level: .blue, title: "第\(i)条", body: "", street: "南洲街")
            duty.apply(.alertRaised(content), OpContext(actor: "系统", at: base.adding(seconds: Int64(i)), node: "t", seq: 5_000 + i))
        }
        var s = Scene.state(duty: duty)
        #expect(s.rows.count > 20)
        _ = update(&s, .key(.pageDown))
        #expect(s.selectedRowIndex == 10)
        _ = update(&s, .key(.pageDown))
        _ = update(&s, .key(.pageUp))
        #expect(s.selectedRowIndex == 10)
        _ = update(&s, .key(.end))
        #expect(s.selectedRowIndex == s.rows.count - 1)
    }

    /// → and ← are offered only where they do something: → on a closed group, ← inside an open one.
    @Test func theFooterOffersOpeningAndFoldingOnlyOnGroups() {
        var s = Scene.state(duty: AlertQueueTests.groupedDuty())
        let keys = { (s: ConsoleState) in KeyMap.footer(s, width: 120).map(\.key) }
        let single = s.rows.firstIndex { $0.kind == .single }!
        s.selectRow(single)
        #expect(!keys(s).contains("→") && !keys(s).contains("←"))
        s.selectRow(s.rows.firstIndex { $0.kind == .group(count: 3, open: false) }!)
        #expect(keys(s).contains("→") && !keys(s).contains("←"))
        _ = update(&s, .key(.enter))
        _ = update(&s, .key(.down))
        #expect(s.rows[s.selectedRowIndex].kind == .member)
        #expect(keys(s).contains("←") && !keys(s).contains("→"))
    }
}
