@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 2 警情: golden screens and key scenarios, synchronously through key map, update and render.
@Suite struct AlertsPaneTests {
    /// The demo duty room, on the alerts pane (reached with its number key, as a user would).
    static func state(_ language: Language = .zh, duty: DutyState? = nil) -> ConsoleState {
        var s = Scene.state(language, duty: duty)
        #expect(update(&s, .key(.char("2"))) == [])
        #expect(s.pane == .alerts)
        return s
    }

    /// The demo plus two alerts about 南洲: one in the street, one that names it only in its text.
    static func nanzhouDuty() -> DutyState {
        var duty = Scene.duty()
        duty.apply(.alertRaised(AlertContent(id: "A-NZ-1", source: "电话报告", kind: "内涝", level: .yellow, title: "南洲路下穿隧道积水",
                                             body: "隧道最低处积水约30厘米，已有车辆掉头。", street: "南洲街")),
                   by: "冼嘉怡", secondsAgo: 300, seq: 9001)
        duty.apply(.alertRaised(AlertContent(id: "A-NZ-2", source: "110联动", kind: "市政设施", level: .blue, title: "路灯不亮",
                                             body: "南洲北路近华洲街路口一段路灯不亮。", street: "华洲街")),
                   by: "冼嘉怡", secondsAgo: 200, seq: 9002)
        return duty
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func alertsAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Self.state(language), size: Scene.large), "alerts-120x40-\(tag)")
    }

    @Test func alertsAt80x24() {
        golden.check(render(Self.state(), size: Scene.small), "alerts-80x24-zh")
    }

    @Test func alertsAt80x24InEnglish() {
        golden.check(render(Self.state(.en), size: Scene.small), "alerts-80x24-en")
    }

    /// The filter entry open with 南洲 typed: the list has narrowed while typing.
    @Test func filterOpenAt80x24() {
        var s = Self.state(duty: Self.nanzhouDuty())
        press(&s, .char("/"))
        typeIntoField(&s, "南洲")
        golden.check(render(s, size: Scene.small), "alerts-80x24-filter")
    }

    /// `v` lists resolved alerts after the open ones; the selected one is resolved, ready for `o`.
    @Test func resolvedShownAt120x40() {
        var s = Self.state()
        press(&s, .char("v"), .end)
        #expect(s.alertsPaneSelectedID.flatMap { s.duty.alerts[$0] }?.status == .resolved)
        golden.check(render(s, size: Scene.large), "alerts-120x40-resolved")
    }

    /// A note being typed, at the foot of the detail.
    @Test func noteEntryAt80x24() {
        var s = Self.state()
        press(&s, .char("c"))
        typeIntoField(&s, "已派排水车前往")
        golden.check(render(s, size: Scene.small), "alerts-80x24-note")
    }

    /// On a shared store every change in the timeline says how far it has gone: this console's
    /// own saved, shared or seen (by one of two others here), a street office's where it came from.
    static func sharedTimeline(_ language: Language) -> ConsoleState {
        var duty = Scene.duty()
        let id = Scene.state(duty: duty).queue[0].id
        func at(_ minutesAgo: Int) -> Instant { Scene.now.adding(minutes: -minutesAgo) }
        duty.apply(.alertAcknowledged(id: id, note: "已通知南洲街"), OpContext(actor: "冼嘉怡", at: at(9), node: "demo", seq: 10_001))
        duty.apply(.alertNoted(id: id, text: "街道已派人到场，积水约20厘米"), OpContext(actor: "黄嘉伟", at: at(6), node: "nanzhou-street", seq: 412))
        duty.apply(.alertHandling(id: id, note: "抢险队出发"), OpContext(actor: "冼嘉怡", at: at(3), node: "demo", seq: 10_002))
        duty.apply(.alertNoted(id: id, text: "已电话报区三防办"), OpContext(actor: "冼嘉怡", at: at(0), node: "demo", seq: 10_003))
        var s = state(language, duty: duty)
        #expect(update(&s, .shareChanged(.sharing)) == [])
        #expect(update(&s, .shareProgressed(ShareProgress(node: "demo", published: 10_002,
                                                          seenBy: ["nanzhou-street": 10_001, "ruibao-street": 10_000]))) == [])
        #expect(AlertsPane.current(s)?.id == id)
        return s
    }

    @Test func eachChangeSaysHowFarItHasGoneAt80x24() {
        let s = Self.sharedTimeline(.zh)
        let stages = s.duty.alerts[AlertsPane.current(s)!.id]!.events.map { s.progress!.stage(of: $0.origin) }
        #expect(stages == [.seen(by: 2, of: 2), .seen(by: 1, of: 2), .from("nanzhou-street"), .shared, .saved])
        golden.check(render(s, size: Scene.small), "alerts-80x24-shared-timeline")
    }

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func eachChangeSaysHowFarItHasGoneAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Self.sharedTimeline(language), size: Scene.large), "alerts-120x40-shared-timeline-\(tag)")
    }

    /// A console alone marks nothing: every change is simply saved.
    @Test func aConsoleAloneMarksNoChange() {
        var s = Self.sharedTimeline(.zh)
        _ = update(&s, .shareProgressed(nil))
        let lines = render(s, size: Scene.large).lines
        let handling = try? #require(lines.first { $0.contains("处置：抢险队出发") })
        #expect(handling?.trimmingCharacters(in: .whitespaces).hasSuffix("处置：抢险队出发") == true)
        for word in ["已共享", "已收", "来自"] { #expect(!lines.joined().contains(word), "\(word)") }
    }

    // MARK: Key scenarios

    @Test func movingKeepsTheSelectionOnTheQueue() {
        var s = Self.state()
        let queue = s.queue
        #expect(AlertsPane.current(s)?.id == queue[0].id)
        #expect(press(&s, .char("j"), .down) == [])
        #expect(AlertsPane.current(s)?.id == queue[2].id)
        #expect(press(&s, .char("k")) == [])
        #expect(AlertsPane.current(s)?.id == queue[1].id)
        for _ in 0..<20 { press(&s, .down) }
        #expect(AlertsPane.current(s)?.id == queue.last!.id)
        press(&s, .home)
        #expect(AlertsPane.current(s)?.id == queue[0].id)
        // The overview's selection is its own.
        #expect(s.selectedRowIndex == 0)
    }

    @Test func theSelectionFollowsItsAlertWhenTheStoreChanges() {
        var s = Self.state()
        press(&s, .char("j"), .char("j"))
        let chosen = AlertsPane.current(s)!.id
        var duty = s.duty
        duty.apply(.alertRaised(AlertContent(id: "A-RED", source: "电话报告", kind: "内涝", level: .red, title: "隧道积水", body: "", street: "南洲街")),
                   by: "系统", seq: 9100)
        #expect(update(&s, .storeChanged(duty)) == [.bell])
        #expect(s.queue[0].id == "A-RED")
        #expect(AlertsPane.current(s)?.id == chosen)
    }

    @Test func acknowledgeHandlingAndResolveActOnThisPanesSelection() {
        var s = Self.state()
        let queue = s.queue
        let new = queue.first { $0.status == .new }!
        #expect(press(&s, .char("a")) == [.perform([.acknowledge(alert: new.id)])])
        #expect(s.awaitingSave?.notice == "已确认 \(new.id)")
        press(&s, .char("j"))
        let second = queue[1]
        #expect(second.status == .acknowledged)
        #expect(press(&s, .char("a")) == [])
        #expect(s.notice == "\(second.id) 已经确认过")
        #expect(press(&s, .char("h")) == [.perform([.startHandling(alert: second.id)])])
        // r asks for the outcome, then whether to resolve (this one was acknowledged and owes no report).
        #expect(press(&s, .char("r")) == [])
        typeIntoField(&s, "已处理")
        #expect(press(&s, .enter) == [])
        #expect(s.question?.text == "解决 \(second.id)？结果：已处理")
        #expect(press(&s, .char("y")) == [.perform([.resolve(alert: second.id, note: "已处理")])])
        #expect(s.awaitingSave?.notice == "已解决 \(second.id)")
        // Once the store has it resolved, the selection moves to the neighbour in its row.
        var duty = s.duty
        duty.apply(.alertResolved(id: second.id, note: ""), by: "冼嘉怡", seq: 9200)
        _ = update(&s, .storeChanged(duty))
        #expect(AlertsPane.current(s)?.id == queue[2].id)
    }

    @Test func aNoteIsOneOpWithTheTypedText() {
        var s = Self.state()
        let id = AlertsPane.current(s)!.id
        #expect(press(&s, .char("c")) == [])
        #expect(AlertsPane.isEditing(s))
        typeIntoField(&s, "已派排水车")
        #expect(press(&s, .enter) == [.perform([.addNote(alert: id, text: "已派排水车")])])
        #expect(!AlertsPane.isEditing(s))
        #expect(s.awaitingSave?.notice == "已记备注 \(id)")
    }

    @Test func anEmptyNoteWritesNothing() {
        var s = Self.state()
        press(&s, .char("c"))
        typeIntoField(&s, "  ")
        #expect(press(&s, .enter) == [])
        #expect(!AlertsPane.isEditing(s))
        #expect(s.notice == nil)
    }

    @Test func qAndDigitsTypedIntoANoteAreTextAndEscCancels() {
        var s = Self.state()
        press(&s, .char("c"))
        typeIntoField(&s, "q1?")
        #expect(!s.quitting && !s.showHelp && s.pane == .alerts)
        #expect(s.alertsPane.entry?.editor.text == "q1?")
        #expect(render(s, size: Scene.small).lines[22].hasPrefix(" 备注：q1?_"))
        // Typed words are not thrown away on one Esc: it asks, the second one cancels.
        #expect(press(&s, .escape) == [])
        #expect(s.confirmDiscard && s.alertsPane.entry != nil)
        #expect(press(&s, .escape) == [])
        #expect(s.alertsPane.entry == nil)
        #expect(s.notice == nil)
        // The entry is gone: q asks to quit again.
        #expect(press(&s, .char("q")) == [])
        #expect(s.question == .quit(.zh))
    }

    @Test func reopeningNeedsAReason() {
        var s = Self.state()
        // An open alert is not reopened.
        #expect(press(&s, .char("o")) == [])
        #expect(s.notice == "\(AlertsPane.current(s)!.id) 未解决，无需重开")
        #expect(!AlertsPane.isEditing(s))
        press(&s, .char("v"), .end)
        let resolved = AlertsPane.current(s)!
        #expect(resolved.status == .resolved)
        #expect(press(&s, .char("a")) == [])
        #expect(s.notice == "\(resolved.id) 已解决，按 o 重开")
        #expect(press(&s, .char("o")) == [])
        #expect(s.alertsPane.entry?.editor.prompt == "重开原因：")
        // Empty: refused, and the entry stays open for the reason.
        #expect(press(&s, .enter) == [])
        #expect(s.notice == "重开须写明原因（Esc 取消）")
        #expect(AlertsPane.isEditing(s))
        typeIntoField(&s, "井盖再次丢失")
        #expect(press(&s, .enter) == [.perform([.reopen(alert: resolved.id, note: "井盖再次丢失")])])
        #expect(s.awaitingSave?.notice == "已重开 \(resolved.id)")
        #expect(!AlertsPane.isEditing(s))
    }

    @Test func reopenEscCancelsWithoutEffects() {
        var s = Self.state(.en)
        press(&s, .char("v"), .end)
        press(&s, .char("o"))
        typeIntoField(&s, "wrong one")
        #expect(press(&s, .escape, .escape) == [])
        #expect(s.alertsPane.entry == nil)
        #expect(AlertsPane.current(s)?.status == .resolved)
    }

    @Test func resolvedAlertsAreHiddenUntilV() {
        var s = Self.state()
        let open = AlertsPane.list(s).map(\.id)
        #expect(open == s.queue.map(\.id))
        press(&s, .char("v"))
        #expect(s.notice == "显示近7天已解决的警情")
        let all = AlertsPane.list(s)
        #expect(all.prefix(open.count).map(\.id) == open)
        #expect(all.dropFirst(open.count).allSatisfy { $0.status == .resolved })
        #expect(all.count == open.count + 2)
        press(&s, .char("v"))
        #expect(AlertsPane.list(s).map(\.id) == open)
    }

    /// `v`'s list is worked out when it is turned on and again when the resolved alerts change,
    /// not for each key or second (a busy year holds 50,000 of them); days passing shorten it
    /// all the same.
    @Test func theResolvedListIsKeptUntilTheResolvedAlertsChange() throws {
        var s = Self.state()
        press(&s, .char("v"))
        let kept = try #require(s.recentlyResolved)
        let before = AlertsPane.list(s).map(\.id)
        press(&s, .char("j"), .char("j"), .char("k"), .end, .home)
        _ = update(&s, .tick(s.now.adding(seconds: 1)))
        _ = update(&s, .tick(s.now.adding(seconds: 3_600)))
        #expect(s.recentlyResolved?.since == kept.since, "worked out again without a change")
        #expect(AlertsPane.list(s).map(\.id) == before)
        // A change that leaves the resolved alerts alone keeps the list too.
        var duty = s.duty
        let open = try #require(s.queue.first { $0.status == .new })
        duty.apply(.alertNoted(id: open.id, text: "已电话核实"), OpContext(actor: "冼嘉怡", at: s.now, node: "t", seq: 9100))
        _ = update(&s, .storeChanged(duty))
        #expect(s.recentlyResolved?.since == kept.since)
        // One resolved now is listed first.
        duty.apply(.alertResolved(id: open.id, note: "已处置"), OpContext(actor: "冼嘉怡", at: s.now, node: "t", seq: 9101))
        _ = update(&s, .storeChanged(duty))
        #expect(s.recentlyResolved?.since != kept.since)
        let resolved = AlertsPane.list(s).filter { $0.status == .resolved }.map(\.id)
        #expect(resolved.first == open.id)
        #expect(resolved.count == 3)
        // Eight days on, none of them is recent any more: the list shortens by itself.
        _ = update(&s, .tick(s.now.adding(seconds: 8 * 86_400)))
        #expect(AlertsPane.list(s).allSatisfy { $0.status != .resolved })
        // Turned off, nothing is kept.
        press(&s, .char("v"))
        #expect(s.recentlyResolved == nil)
    }

    @Test func filterBy南洲NarrowsLiveAndEnterKeepsIt() {
        var s = Self.state(duty: Self.nanzhouDuty())
        #expect(AlertsPane.list(s).count == 7)
        press(&s, .char("/"))
        #expect(AlertsPane.isEditing(s))
        typeIntoField(&s, "南洲")
        // Live: the street match and the one that names 南洲 in its text.
        #expect(AlertsPane.list(s).map(\.id) == ["A-NZ-1", "A-NZ-2"])
        #expect(press(&s, .enter) == [])
        #expect(!AlertsPane.isEditing(s))
        #expect(s.alertsPane.filter == "南洲")
        #expect(AlertsPane.list(s).map(\.id) == ["A-NZ-1", "A-NZ-2"])
        #expect(render(s, size: Scene.small).lines[4] == " 筛选：南洲 （Esc 清除）  符合 2 条")
        // Esc clears the kept filter.
        #expect(press(&s, .escape) == [])
        #expect(s.alertsPane.filter.isEmpty)
        #expect(AlertsPane.list(s).count == 7)
    }

    @Test func filterByLevelWordAndStreet() {
        var s = Self.state(duty: Self.nanzhouDuty())
        press(&s, .char("/"))
        typeIntoField(&s, "黄")
        #expect(AlertsPane.list(s).allSatisfy { $0.level == .yellow })
        #expect(AlertsPane.list(s).count == 4)
        press(&s, .backspace)
        typeIntoField(&s, "yellow 南洲")
        #expect(AlertsPane.list(s).map(\.id) == ["A-NZ-1"])
        press(&s, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        typeIntoField(&s, "沙园街")
        #expect(AlertsPane.list(s).map(\.content.title) == ["燃气异味报告"])
        // Esc while typing clears the filter altogether.
        #expect(press(&s, .escape) == [])
        #expect(s.alertsPane.filter.isEmpty && !AlertsPane.isEditing(s))
        #expect(AlertsPane.list(s).count == 7)
    }

    @Test func aFilterThatMatchesNothingSaysSo() {
        var s = Self.state()
        press(&s, .char("/"))
        typeIntoField(&s, "不存在的街")
        #expect(AlertsPane.list(s).isEmpty)
        #expect(press(&s, .char("a")) == [])
        press(&s, .enter)
        #expect(press(&s, .char("a"), .char("h"), .char("r"), .char("c")) == [])
        #expect(!AlertsPane.isEditing(s))
        #expect(render(s, size: Scene.small).text.contains("没有符合筛选的警情"))
    }

    @Test func theFooterNamesThePanesKeys() {
        let zh = render(Self.state(), size: Scene.small).lines[23]
        #expect(zh == " a确认 h处置 r解决 p上报 n电话 c备注 o重开 /筛选 v含已解决 ?帮助 q退出")
        let en = render(Self.state(.en), size: Scene.large).lines[39]
        #expect(en.hasPrefix(" a ack h handling r resolve p report n phone c note o reopen / filter v resolved ? help q quit"))
        // Where the pane's keys do not all fit, its last ones give way to help and quit.
        let narrow = render(Self.state(.en), size: Scene.small).lines[23]
        #expect(narrow == " a ack h handling r resolve p report n phone c note o reopen ? help q quit")
    }

    /// Long details scroll with PgDn/PgUp and say where they are.
    @Test func aLongDetailScrolls() {
        var duty = Scene.duty()
        duty.apply(.alertRaised(AlertContent(id: "A-LONG", source: "广州市气象台", kind: "暴雨", level: .red, title: "海珠区暴雨红色预警信号",
                                             body: String(repeating: "预计未来3小时海珠区降雨量将达100毫米以上，请立即停课停业并做好防御。", count: 10), street: "海珠区")),
                   by: "系统", secondsAgo: 60, seq: 9300)
        var s = Self.state(duty: duty)
        #expect(AlertsPane.current(s)?.id == "A-LONG")
        let top = render(s, size: Scene.small)
        #expect(top.lines[22].contains("共 "))
        #expect(top.lines[22].contains("PgUp/PgDn"))
        press(&s, .pageDown)
        let down = render(s, size: Scene.small)
        // The list stays; the detail moves on (five lines, here the four that are left).
        #expect(down.lines[3...11] == top.lines[3...11])
        #expect(down.lines[12] == top.lines[16])
        #expect(top.lines[22] == " 第 1–10 行，共 14 行  PgUp/PgDn 翻页")
        #expect(down.lines[22] == " 第 5–14 行，共 14 行  PgUp/PgDn 翻页")
        // It stops at the end, and one PgUp from there moves back at once.
        press(&s, .pageDown, .pageDown, .pageDown)
        #expect(render(s, size: Scene.small).lines[22] == " 第 5–14 行，共 14 行  PgUp/PgDn 翻页")
        press(&s, .pageUp)
        #expect(render(s, size: Scene.small) == top)
        press(&s, .pageDown)
        press(&s, .pageUp, .pageUp, .pageUp, .pageUp)
        press(&s, .pageUp)
        #expect(render(s, size: Scene.small) == top)
    }
}
