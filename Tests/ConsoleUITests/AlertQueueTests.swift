@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// The live queue: escalation by the clock, report deadlines, drills and withdrawn alerts,
/// groups, and the phone form. Time moves only by `.tick` messages.
@Suite struct AlertQueueTests {
    static func content(_ id: String, _ level: AlertLevel, kind: String = "内涝", street: String = "南洲街", title: String,
                        body: String = "", source: String = "电话报告", expires: Instant? = nil, reality: AlertReality = .actual) -> AlertContent {
        AlertContent(id: id, source: source, kind: kind, level: level, title: title, body: body, street: street, expires: expires, reality: reality)
    }

    static func at(_ seconds: Int64) -> Message { .tick(Scene.now.adding(seconds: seconds)) }

    // MARK: Escalation

    /// A new orange alert comes in at 21:37:41; orange must be acknowledged within 5 minutes.
    @Test func anUnacknowledgedAlertEscalatesAtItsMinuteAndRingsOnce() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-ESC-1", .orange, title: "新滘中路隧道积水")), by: "冼嘉怡", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [.bell])
        #expect(s.overdueCount == 1)   // the demo's orange phone report, overdue already
        _ = update(&s, Self.at(10))
        #expect(s.flashUntil == nil)
        #expect(update(&s, Self.at(299)) == [])
        #expect(s.overdueCount == 1)
        #expect(!s.isOverdue(s.duty.alerts["A-ESC-1"]!))
        // 300 seconds after it came in: overdue, the bell rings again and the header flashes.
        #expect(update(&s, Self.at(300)) == [.bell])
        #expect(s.overdueCount == 2)
        #expect(s.flashUntil == Scene.now.adding(seconds: 310))
        let header = render(s, size: Scene.large)
        #expect(header.lines[0].hasSuffix("未确认 2 逾期 2  已保存"))
        #expect(header[0, 0].role == .headerAlarm)
        // Once per alert: the next seconds are quiet, and the flash ends.
        #expect(update(&s, Self.at(301)) == [])
        #expect(update(&s, Self.at(600)) == [])
        #expect(s.flashUntil == nil)
        // The row says it in writing: 未确认! in the overdue role.
        let row = render(s, size: Scene.small).lines.first { $0.contains("新滘中路隧道积水") }!
        #expect(row.contains("未确认!"))
    }

    @Test func overdueAtStartShowsButDoesNotRing() {
        var s = Scene.state()
        #expect(s.overdueCount == 1)
        #expect(update(&s, Self.at(1)) == [])
        #expect(render(s, size: Scene.small).lines[0].hasSuffix("未确认1 逾期1  已保存"))
    }

    @Test func acknowledgingBeforeTheMinuteMeansNoEscalation() {
        var s = Scene.state(.en)
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-ESC-2", .red, title: "江海大道树木倒伏压车")), by: "冼嘉怡", seq: 9001)
        _ = update(&s, .storeChanged(duty))
        duty.apply(.alertAcknowledged(id: "A-ESC-2", note: ""), by: "司徒文", secondsAgo: -60, seq: 9002)
        _ = update(&s, .storeChanged(duty))
        #expect(update(&s, Self.at(120)) == [])
        #expect(s.overdueCount == 1)
        #expect(render(s, size: Scene.large).lines[0].hasSuffix("unacked 1 overdue 1  saved"))
    }

    @Test func withTheBellOffItStillFlashes() {
        var s = Scene.state()
        s.settings.bell = false
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-ESC-3", .red, title: "隧道积水")), by: "冼嘉怡", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [])
        #expect(update(&s, Self.at(120)) == [])
        #expect(s.flashUntil == Scene.now.adding(seconds: 130))
    }

    // MARK: Drills, tests, lifted and expired

    @Test func anExerciseIsShownButNeverCountedNorRung() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-DRILL", .red, kind: "火灾", street: "琶洲街", title: "会展中心消防演练", reality: .exercise)), by: "冼嘉怡", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [])
        #expect(s.flashUntil == nil)
        #expect(s.unacknowledgedCount == 1 && s.realOpenCount == 5 && s.notRealCount == 1)
        #expect(update(&s, Self.at(600)) == [])
        #expect(s.overdueCount == 1)
        #expect(!s.isOverdue(s.duty.alerts["A-DRILL"]!))
        // Below the real alerts, marked in writing, and left out of the counts.
        #expect(s.queue.last?.id == "A-DRILL")
        let screen = render(s, size: Scene.large)
        #expect(screen.text.contains("[演练] 会展中心消防演练"))
        #expect(screen.lines[3].contains("未结 5 · 未确认 1 · 逾期 1 · 演练/测试 1（不计）"))
    }

    /// At 80 columns a signal in force keeps its place in the header when the counts grow: the
    /// console's name gives way, not the signal.
    @Test func aSignalStaysInTheNarrowHeaderWhenTheCountsGrow() {
        var s = Scene.state(.en)
        var duty = s.duty
        for i in 0..<300 {
            duty.apply(.alertRaised(Self.content("F-\(i)", .blue, street: Haizhu.streets[i % 18], title: "积水 \(i)")), by: "冼嘉怡", seq: 9000 + i)
        }
        _ = update(&s, .storeChanged(duty))
        let header = render(s, size: Scene.small).lines[0]
        #expect(header.contains("[Rainstorm yellow]"), "\(header)")
        #expect(header.contains("new 301"), "\(header)")
        #expect(!header.contains("Haizhu Duty Watch"), "\(header)")
        // At 120 columns too the signal comes first (the label never stands alone); with room
        // to spare the name comes back.
        let wide = render(s, size: Scene.large).lines[0]
        #expect(wide.contains("Signals [Rainstorm yellow]") && !wide.contains("Haizhu Duty Watch"), "\(wide)")
        #expect(render(s, size: Size(width: 160, height: 40)).lines[0].hasPrefix(" Haizhu Duty Watch  2026-06-05 Fri 21:37:41   Signals [Rainstorm yellow]"))
    }

    @Test func liftedAndExpiredSignalsAreNotInForce() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-SIG-O", .orange, kind: "暴雨", street: "海珠区", title: "海珠区暴雨橙色预警信号", source: "广州市气象台",
                                             expires: Scene.now.adding(seconds: 90))), by: "冼嘉怡", seq: 9001)
        duty.apply(.alertRaised(Self.content("A-SIG-T", .blue, kind: "台风", street: "海珠区", title: "台风蓝色预警信号", source: "广州市气象台")), by: "冼嘉怡", seq: 9002)
        _ = update(&s, .storeChanged(duty))
        // One signal per kind: the orange rainstorm signal stands for the yellow one too.
        #expect(s.signals.map(\.content.title) == ["海珠区暴雨橙色预警信号", "台风蓝色预警信号"])
        #expect(render(s, size: Scene.large).lines[0].contains("生效预警 [暴雨橙色] [台风蓝色]  "))
        // Lifted: out of the header at once, marked in the queue.
        duty.alerts["A-SIG-T"]!.lifted = Stamp(actor: "inbox", at: Scene.now.adding(seconds: 30))
        _ = update(&s, .storeChanged(duty))
        #expect(!s.signals.contains { $0.id == "A-SIG-T" })
        // Expired: out of the header on the tick that passes `expires`.
        _ = update(&s, Self.at(89))
        #expect(s.signals.contains { $0.id == "A-SIG-O" })
        _ = update(&s, Self.at(90))
        // The yellow one, still in force, shows again once the orange has expired.
        #expect(s.signals.map(\.content.title) == ["海珠区暴雨黄色预警信号"])
        let screen = render(s, size: Scene.small).text
        #expect(screen.contains("[已过期] 海珠区暴雨橙色预警"))
        #expect(screen.contains("[已解除] 台风蓝色预警信号"))
    }

    @Test func anExpiredNewAlertIsNotEscalated() {
        var s = Scene.state()
        var duty = s.duty
        duty.apply(.alertRaised(Self.content("A-EXP", .red, title: "水位超警", expires: Scene.now.adding(seconds: 60))), by: "冼嘉怡", seq: 9001)
        _ = update(&s, .storeChanged(duty))
        #expect(update(&s, Self.at(120)) == [])
        // Expired, it no longer waits either (issue 18, item 4): only the scene's own is counted.
        #expect(s.unacknowledgedCount == 1 && s.overdueCount == 1)
    }

    // MARK: Report deadlines and `p`

    @Test func theQueueCountsDownToTheFirstReportAndMarksItMissed() {
        var s = Scene.state()
        let row = { (s: ConsoleState) in render(s, size: Scene.small).lines.first { $0.contains("聚龙大街") }! }
        #expect(row(s).contains("初报 19分"))
        // Received 21:26:xx, orange: the first report is due 30 minutes later.
        let due = s.duty.alerts["A-20260605-07"]!.received.at.adding(minutes: 30)
        let atDue = due.seconds(since: Scene.now)
        _ = update(&s, Self.at(atDue - 1))
        #expect(row(s).contains("初报 1分"))
        _ = update(&s, Self.at(atDue))
        #expect(row(s).contains("初报超时 0分"))
        _ = update(&s, Self.at(atDue + 185))
        #expect(row(s).contains("初报超时 3分"))
    }

    @Test func pRecordsTheReportDueNextWithANote() {
        var s = Scene.state()
        #expect(s.selected?.id == "A-20260605-07")
        #expect(press(&s, .char("p")) == [])
        #expect(s.reportEntry?.stage == .initial)
        #expect(OverviewPane.isEditing(s))
        #expect(render(s, size: Scene.small).lines[22].hasPrefix(" 初报（Tab 换）备注：_"))
        typeIntoField(&s, "已电话报区应急局值班室q")
        #expect(!s.quitting)
        #expect(press(&s, .enter) == [.perform([.report(alert: "A-20260605-07", stage: .initial, note: "已电话报区应急局值班室q")])])
        #expect(s.reportEntry == nil)
        #expect(s.awaitingSave?.notice == "已记初报 A-20260605-07")
    }

    @Test func afterTheFirstReportTheFollowUpIsDueAndTabPicksAnother() {
        var s = Scene.state(.en)
        var duty = s.duty
        duty.apply(.alertReported(id: "A-20260605-07", stage: .initial, note: ""), by: "司徒文", secondsAgo: 60, seq: 9001)
        _ = update(&s, .storeChanged(duty))
        let row = render(s, size: Scene.large).lines.first { $0.contains("聚龙大街") }!
        #expect(row.contains("update 1h49m"))
        press(&s, .char("p"))
        #expect(s.reportEntry?.stages == [.followUp, .final])
        #expect(s.reportEntry?.stage == .followUp)
        press(&s, .tab)
        #expect(s.reportEntry?.stage == .final)
        #expect(s.reportEntry?.editor.prompt == "final (Tab: other) note: ")
        press(&s, .tab)
        #expect(s.reportEntry?.stage == .followUp)
        // An empty note is fine: the report is the record.
        #expect(press(&s, .enter) == [.perform([.report(alert: "A-20260605-07", stage: .followUp, note: "")])])
        #expect(s.awaitingSave?.notice == "Update report recorded on A-20260605-07")
    }

    @Test func afterTheFinalReportThereIsNothingToRecord() {
        var s = Scene.state()
        var duty = s.duty
        for (i, stage) in ReportStage.allCases.enumerated() {
            duty.apply(.alertReported(id: "A-20260605-07", stage: stage, note: ""), by: "司徒文", secondsAgo: 60, seq: 9001 + i)
        }
        _ = update(&s, .storeChanged(duty))
        #expect(press(&s, .char("p")) == [])
        #expect(s.reportEntry == nil)
        #expect(s.notice == "A-20260605-07 终报已报，无需再报")
    }

    @Test func aTypedReportNoteIsNotLostOnOneEsc() {
        var s = Scene.state()
        press(&s, .char("p"))
        typeIntoField(&s, "已报")
        #expect(press(&s, .escape) == [])
        #expect(s.confirmDiscard && s.reportEntry != nil)
        #expect(press(&s, .escape) == [])
        #expect(s.reportEntry == nil)
    }

    @Test func pWorksOnTheAlertsPaneSelectionAndTheDetailShowsTheReports() {
        var s = AlertsPaneTests.state()
        var duty = s.duty
        duty.apply(.alertReported(id: "A-20260605-07", stage: .initial, note: "电话报区应急局"), by: "司徒文", secondsAgo: 120, seq: 9001)
        _ = update(&s, .storeChanged(duty))
        let screen = render(s, size: Scene.large)
        #expect(screen.text.contains("上报  初报 21:35  续报 23:26前 还有1时49分"))
        #expect(screen.text.contains("21:35 司徒文   初报：电话报区应急局"))
        press(&s, .char("j"), .char("p"))
        #expect(s.reportEntry?.alertID == AlertsPane.current(s)?.id)
    }

    // MARK: Groups

    /// Three calls about 新滘中路 in 20 minutes, one about the same street an hour earlier, one
    /// about 华洲街: the three are one group.
    static func groupedDuty() -> DutyState {
        var duty = Scene.duty()
        duty.apply(.alertRaised(content("A-G-1", .yellow, title: "新滘中路隧道积水")), by: "冼嘉怡", secondsAgo: 20 * 60, seq: 9001)
        duty.apply(.alertRaised(content("A-G-2", .yellow, title: "新滘中路积水没过车轮")), by: "冼嘉怡", secondsAgo: 12 * 60, seq: 9002)
        duty.apply(.alertRaised(content("A-G-3", .orange, title: "新滘中路有车辆被困")), by: "冼嘉怡", secondsAgo: 3 * 60, seq: 9003)
        duty.apply(.alertRaised(content("A-G-0", .yellow, title: "南洲路积水")), by: "冼嘉怡", secondsAgo: 80 * 60, seq: 9004)
        duty.apply(.alertRaised(content("A-G-H", .yellow, street: "华洲街", title: "华洲路积水")), by: "冼嘉怡", secondsAgo: 10 * 60, seq: 9005)
        return duty
    }

    @Test func aliKeAlertsShowAsOneGroupThatOpensAndCloses() {
        var s = Scene.state(duty: Self.groupedDuty())
        let group = s.rows.first { if case .group = $0.kind { true } else { false } }!
        #expect(group.kind == .group(count: 3, open: false))
        #expect(group.alert.id == "A-G-3")   // its most urgent member
        #expect(group.group == "A-G-1")      // named after its first
        #expect(s.rows.count == s.queue.count - 2)
        #expect(render(s, size: Scene.small).text.contains("▸×3 新滘中路有车辆被困"))
        // Enter opens it where it is; the members follow, most urgent first.
        let at = s.rows.firstIndex { $0.key == group.key }!
        s.selectRow(at)
        #expect(press(&s, .enter) == [])
        #expect(s.rows[at].kind == .group(count: 3, open: true))
        #expect(s.rows[(at + 1)...(at + 3)].map(\.alert.id) == ["A-G-3", "A-G-1", "A-G-2"])
        #expect(s.selectedRowIndex == at)
        // Keys on a member act on it; ← on a member closes the group and selects its row.
        press(&s, .down, .down, .down)
        #expect(s.selected?.id == "A-G-2")
        #expect(press(&s, .char("a")) == [.perform([.acknowledge(alert: "A-G-2")])])
        press(&s, .left)
        #expect(s.selectedRowIndex == at && s.rows[at].kind == .group(count: 3, open: false))
        // A closed group says a member is overdue (A-G-1 waited 20 minutes), and shows the most
        // pressing report of its members.
        #expect(render(s, size: Scene.small).lines.contains { $0.contains("未确认!") && $0.contains("▸×3") })
        #expect(s.rows[at].reportFor == "A-G-3")   // orange: due in 27 minutes, before A-G-1's 40
        // `a` on it acknowledges every member still waiting, in one save; h acts on the alert it shows.
        // (It asks first, naming how many.)
        #expect(press(&s, .char("a")) == [])
        #expect(s.question?.text == "确认这组的 3 条？")
        #expect(press(&s, .char("y")) == [.perform(["A-G-3", "A-G-1", "A-G-2"].map { .acknowledge(alert: $0) })])
        #expect(s.awaitingSave?.notice == "已确认这组的 3 条")
        #expect(press(&s, .char("h")) == [.perform([.startHandling(alert: "A-G-3")])])
        // `p` reports on the member whose deadline the row shows.
        press(&s, .char("p"))
        #expect(s.reportEntry?.alertID == "A-G-3")
        press(&s, .escape)
        press(&s, .right)
        #expect(s.openGroups == ["A-G-1"])
        press(&s, .right)
        #expect(s.openGroups == ["A-G-1"])
    }

    @Test func anOpenGroupIsOpenOnBothPanesAndTheFilterListsMembersApart() {
        var s = Scene.state(duty: Self.groupedDuty())
        s.openGroups = ["A-G-1"]
        press(&s, .char("2"))
        #expect(AlertsPane.rows(s).count == s.queue.count - 2 + 3)
        press(&s, .char("/"))
        typeIntoField(&s, "新滘")
        #expect(AlertsPane.rows(s).map(\.alert.id) == ["A-G-3", "A-G-1", "A-G-2"])
        #expect(AlertsPane.rows(s).allSatisfy { $0.kind == .single })
    }

    @Test func theAlertsPaneOpensAndClosesGroupsToo() {
        var s = AlertsPaneTests.state(duty: Self.groupedDuty())
        while AlertsPane.currentRow(s)?.group == nil { press(&s, .down) }
        press(&s, .enter)
        #expect(s.openGroups == ["A-G-1"])
        press(&s, .down, .down, .down)
        #expect(AlertsPane.current(s)?.id == "A-G-2")
        #expect(render(s, size: Scene.small).lines[23].contains("←收起"))
        press(&s, .enter)
        #expect(s.openGroups.isEmpty)
        #expect(AlertsPane.currentRow(s)?.key == "group:A-G-1")
    }

    @Test func groupingKeepsToItsWindow() {
        var duty = DutyState()
        for (i, minutes) in [0, 10, 29, 31, 40, 70].enumerated() {
            duty.apply(.alertRaised(Self.content("W-\(i)", .yellow, title: "积水")), by: "冼嘉怡", secondsAgo: Int64(100 - minutes) * 60, seq: i + 1)
        }
        duty.apply(.alertRaised(Self.content("W-X", .yellow, title: "积水", reality: .test)), by: "冼嘉怡", secondsAgo: 95 * 60, seq: 20)
        let s = Scene.state(duty: duty)
        // 0, 10, 29 within 30 minutes of the first; 31 and 40 start again; 70 alone; the test apart.
        #expect(Set(s.groups.map { Set($0.members.map { s.queue[$0].id }) })
                == [["W-0", "W-1", "W-2"], ["W-3", "W-4"], ["W-5"], ["W-X"]])
    }

    // MARK: The phone form

    @Test func nOpensThePhoneFormAndEnterOnTheLastFieldRaisesTheAlert() {
        var s = Scene.state()
        #expect(press(&s, .char("n")) == [])
        #expect(s.phoneForm?.focus == .time)
        #expect(s.phoneForm?[.time] == "21:37")
        #expect(s.phoneForm?[.level] == "黄")
        // Esc on a form with nothing typed closes it at once.
        press(&s, .escape)
        #expect(s.phoneForm == nil && !s.confirmDiscard)
        press(&s, .char("n"))
        press(&s, .backspace, .backspace)
        typeIntoField(&s, "30")
        press(&s, .tab)
        typeIntoField(&s, "南华西")
        press(&s, .tab)
        typeIntoField(&s, "聚龙大街")
        press(&s, .enter)
        typeIntoField(&s, "积水过膝，车辆熄火")
        press(&s, .tab, .left)          // level: yellow ← orange
        #expect(s.phoneForm?[.level] == "橙")
        press(&s, .down, .right)        // kind: 其他 → 内涝 (the list goes round)
        #expect(s.phoneForm?[.kind] == "内涝")
        press(&s, .down)
        typeIntoField(&s, "已通知南华西街三防办")
        press(&s, .down)
        typeIntoField(&s, "居民")
        press(&s, .down)
        typeIntoField(&s, "陈女士")
        press(&s, .down)
        typeIntoField(&s, "138 0000 0888")
        #expect(s.phoneForm?.focus == .phone)
        let effects = press(&s, .enter)
        let content = AlertContent(id: "A-20260605-console-01", source: "电话报告", kind: "内涝", level: .orange, title: "积水过膝，车辆熄火",
                                   body: "21:30 居民 陈女士（138 0000 0888）来电\n事件：积水过膝，车辆熄火\n地点：南华西街 聚龙大街\n已采取措施：已通知南华西街三防办",
                                   street: "南华西街",
                                   sent: Wall.at("2026-06-05", "21:30"))
        #expect(effects == [.perform([.raise(content)])])
        #expect(s.phoneForm == nil)
        #expect(s.awaitingSave?.notice == "已记录电话报告 A-20260605-console-01")
    }

    @Test func missingOrUnclearFieldsKeepTheFormOpenAndSaySo() {
        var s = Scene.state()
        press(&s, .char("n"))
        #expect(press(&s, .ctrl("d")) == [])
        #expect(s.phoneForm?.error == "请填写事件：发生了什么")
        #expect(s.phoneForm?.focus == .title)
        typeIntoField(&s, "路面塌陷")
        #expect(press(&s, .ctrl("d")) == [])
        #expect(s.phoneForm?.error == "请填写街道（海珠区的街道，或「海珠区」）")
        #expect(s.phoneForm?.focus == .street)
        typeIntoField(&s, "南")
        #expect(press(&s, .ctrl("d")) == [])
        #expect(s.phoneForm?.error == "「南」可指：南华西街、南石头街、南洲街，请多写几个字")
        typeIntoField(&s, "石")
        #expect(render(s, size: Scene.small).text.contains("→ 南石头街"))
        s.phoneForm?[.time] = "25:00"
        #expect(press(&s, .ctrl("d")) == [])
        #expect(s.phoneForm?.focus == .time)
        // As a Chinese input method types it, with the full-width colon.
        s.phoneForm?[.time] = "21：30"
        let effects = press(&s, .ctrl("d"))
        guard case .perform(let intents) = effects.first, case .raise(let c) = intents.first else {
            Issue.record("no alert raised: \(effects)")
            return
        }
        #expect(c.street == "南石头街" && c.title == "路面塌陷" && c.level == .yellow && c.kind == "其他")
        #expect(c.body.hasPrefix("21:30 来电\n事件：路面塌陷\n地点：南石头街"))
    }

    @Test func typedTextIsNotLostOnOneEscAndQIsALetter() {
        var s = AlertsPaneTests.state()
        press(&s, .char("n"), .tab)
        typeIntoField(&s, "q?1")
        #expect(!s.quitting && !s.showHelp && s.pane == .alerts)
        #expect(s.phoneForm?[.street] == "q?1")
        #expect(press(&s, .escape) == [])
        #expect(s.confirmDiscard && s.phoneForm != nil)
        #expect(render(s, size: Scene.small).lines[23].contains("Esc放弃已输入的内容"))
        #expect(press(&s, .escape) == [])
        #expect(s.phoneForm == nil)
    }

    @Test func theIdSkipsNumbersAlreadyTaken() {
        var duty = Scene.duty()
        #expect(PhoneForm.newID(Scene.state(duty: duty)) == "A-20260605-console-01")
        duty.apply(.alertRaised(Self.content("A-20260605-console-01", .blue, title: "x")), by: "冼嘉怡", seq: 9001)
        #expect(PhoneForm.newID(Scene.state(duty: duty)) == "A-20260605-console-02")
        // Another console's name, another series: two consoles never give out one id.
        var other = Scene.state(duty: duty)
        other.settings.node = "street-nanzhou"
        #expect(PhoneForm.newID(other) == "A-20260605-street-nanzhou-01")
    }

    // MARK: Golden screens

    /// The queue at 21:37:41 with: the demo's overdue orange phone report; a red report received
    /// 40 minutes ago, acknowledged, its first report missed; a yellow one reported first, its
    /// follow-up counting down; and a new red one that became overdue a moment ago.
    static func deadlinesDuty() -> DutyState {
        var duty = Scene.duty()
        duty.apply(.alertRaised(content("A-DL-1", .red, street: "江海街", title: "江海大道地下车库进水，有人员被困")), by: "冼嘉怡", secondsAgo: 40 * 60, seq: 9001)
        duty.apply(.alertAcknowledged(id: "A-DL-1", note: ""), by: "司徒文", secondsAgo: 39 * 60, seq: 9002)
        duty.apply(.alertHandling(id: "A-DL-1", note: "消防已到场"), by: "司徒文", secondsAgo: 30 * 60, seq: 9003)
        duty.apply(.alertRaised(content("A-DL-2", .yellow, street: "琶洲街", title: "琶洲村内街积水约20厘米")), by: "冼嘉怡", secondsAgo: 100 * 60, seq: 9004)
        duty.apply(.alertAcknowledged(id: "A-DL-2", note: ""), by: "司徒文", secondsAgo: 95 * 60, seq: 9005)
        duty.apply(.alertReported(id: "A-DL-2", stage: .initial, note: "已电话报区应急局"), by: "司徒文", secondsAgo: 60 * 60, seq: 9006)
        duty.apply(.alertRaised(content("A-DL-3", .red, kind: "火灾", street: "凤阳街", title: "凤阳路一仓库起火")), by: "冼嘉怡", secondsAgo: 125, seq: 9007)
        return duty
    }

    @Test func queueWithDeadlinesAt80x24() {
        golden.check(render(Scene.state(duty: Self.deadlinesDuty()), size: Scene.small), "queue-80x24-zh-deadlines")
    }

    @Test func queueWithDeadlinesAt120x40InEnglish() {
        golden.check(render(Scene.state(.en, duty: Self.deadlinesDuty()), size: Scene.large), "queue-120x40-en-deadlines")
    }

    @Test func groupRowAt80x24() {
        golden.check(render(Scene.state(duty: Self.groupedDuty()), size: Scene.small), "queue-80x24-zh-group")
    }

    @Test func openGroupOnTheAlertsPaneAt120x40() {
        var s = AlertsPaneTests.state(duty: Self.groupedDuty())
        while AlertsPane.currentRow(s)?.group == nil { press(&s, .down) }
        press(&s, .right, .down, .down)
        golden.check(render(s, size: Scene.large), "alerts-120x40-zh-group-open")
    }

    /// A fire drill, a test message, a lifted typhoon signal and an expired rainstorm signal.
    static func withdrawnDuty() -> DutyState {
        var duty = Scene.duty()
        duty.apply(.alertRaised(content("A-X-1", .red, kind: "火灾", street: "琶洲街", title: "会展中心B区消防演练", body: "演练：B区3号馆起火，疏散观众。",
                                        source: "区消防救援大队", reality: .exercise)), by: "冼嘉怡", secondsAgo: 8 * 60, seq: 9001)
        duty.apply(.alertRaised(content("A-X-2", .blue, kind: "其他", street: "海珠区", title: "预警发布系统联调测试", source: "市突发事件预警信息发布中心",
                                        reality: .test)), by: "冼嘉怡", secondsAgo: 30 * 60, seq: 9002)
        duty.apply(.alertRaised(content("A-X-3", .blue, kind: "台风", street: "海珠区", title: "台风蓝色预警信号", source: "广州市气象台")), by: "冼嘉怡", secondsAgo: 300 * 60, seq: 9003)
        duty.alerts["A-X-3"]!.lifted = Stamp(actor: "广州市气象台", at: Scene.now.adding(seconds: -60 * 60))
        duty.apply(.alertRaised(content("A-X-4", .orange, kind: "暴雨", street: "海珠区", title: "海珠区暴雨橙色预警信号", source: "广州市气象台",
                                        expires: Scene.now.adding(seconds: -15 * 60))), by: "冼嘉怡", secondsAgo: 200 * 60, seq: 9004)
        duty.apply(.alertAcknowledged(id: "A-X-4", note: ""), by: "司徒文", secondsAgo: 198 * 60, seq: 9005)
        return duty
    }

    @Test func drillsAndWithdrawnAlertsAt80x24() {
        golden.check(render(Scene.state(duty: Self.withdrawnDuty()), size: Scene.small), "queue-80x24-zh-drills-withdrawn")
    }

    @Test func aDrillsDetailOnTheAlertsPaneAt120x40() {
        var s = AlertsPaneTests.state(duty: Self.withdrawnDuty())
        while AlertsPane.current(s)?.id != "A-X-1" { press(&s, .down) }
        golden.check(render(s, size: Scene.large), "alerts-120x40-zh-drill")
        while AlertsPane.current(s)?.id != "A-X-4" { press(&s, .up) }
        golden.check(render(s, size: Scene.large), "alerts-120x40-zh-expired")
    }

    static func halfFilledForm(_ language: Language) -> ConsoleState {
        var s = Scene.state(language)
        press(&s, .char("n"), .tab)
        typeIntoField(&s, "南华西")
        press(&s, .tab)
        typeIntoField(&s, "聚龙大街28号旁低洼处")
        press(&s, .tab)
        typeIntoField(&s, language == .zh ? "积水过膝，有车辆涉水熄火，居民请求派排水车" : "Water knee-deep, cars stalled, residents ask for a pump")
        press(&s, .tab, .left, .tab, .right, .tab)
        return s
    }

    @Test func halfFilledPhoneFormAt80x24() {
        golden.check(render(Self.halfFilledForm(.zh), size: Scene.small), "phone-form-80x24-zh")
    }

    @Test func halfFilledPhoneFormAt120x40InEnglish() {
        golden.check(render(Self.halfFilledForm(.en), size: Scene.large), "phone-form-120x40-en")
    }

    @Test func phoneFormWithAnErrorAt80x24() {
        var s = Scene.state()
        press(&s, .char("n"), .tab)
        typeIntoField(&s, "南")
        press(&s, .ctrl("d"))
        golden.check(render(s, size: Scene.small), "phone-form-80x24-zh-error")
    }

    /// Escape sequences, BEL and CR in a title, body, source and note reach the detail inert.
    @Test func escapeSequencesInTheAlertsPaneDetailAreInert() {
        var duty = DutyState()
        duty.apply(.alertRaised(Self.content("A-ESC", .red, kind: "其他\u{1B}[5m", street: "南洲街",
                                             title: "水浸\u{1B}[2J\u{1B}[31m街\u{07}\r盖", body: "第一行\u{1B}[31m红\u{1B}[0m\r\n第二行\u{07}\u{9B}1m\u{202E}反向",
                                             source: "脚本\u{1B}]0;pwn\u{07}")), by: "系统\u{1B}[1m", secondsAgo: 30, seq: 1)
        duty.apply(.alertNoted(id: "A-ESC", text: "备注\u{1B}[H\u{08}退格"), by: "冼嘉怡", secondsAgo: 10, seq: 2)
        let s = AlertsPaneTests.state(duty: duty)
        let grid = render(s, size: Scene.large)
        golden.check(grid, "alerts-120x40-escapes")
        #expect(!grid.text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x9B || $0.value == 0x202E })
        #expect(grid.text.contains("^[[31m"))
    }

    @Test func theHelpListsTheNewKeysInTwoColumnsWhenLong() {
        var s = AlertsPaneTests.state()
        press(&s, .char("?"))
        let grid = render(s, size: Scene.small)
        golden.check(grid, "alerts-80x24-help")
        for key in ["p         上报", "n         电话", "→         展开", "q         退出", "Home/End  到首项/末项", "PgUp/PgDn 详情滚动", "Esc       清除筛选", "各页通用"] {
            #expect(grid.text.contains(key))
        }
    }
}
