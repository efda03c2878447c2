import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Issue 18: nothing in force hidden in the header, nothing withdrawn counted, reports owed counted.
@Suite struct HeaderTests {
    /// The demo's 暴雨黄色, then five more signals raised as the night goes on.
    static func sixSignals(_ language: Language = .zh) -> ConsoleState {
        var s = Scene.state(language)
        var duty = s.duty
        let raised: [(String, AlertLevel)] = [("台风", .orange), ("雷雨大风", .yellow), ("高温", .yellow), ("灰霾", .yellow), ("大雾", .blue)]
        for (i, (kind, level)) in raised.enumerated() {
            let content = AlertContent(id: "SIG-\(i)", source: "广州市气象台", kind: kind, level: level,
                                       title: "海珠区\(kind)\(level.chinese)色预警信号", body: "", street: "海珠区")
            duty.apply(.alertRaised(content), by: "气象台", secondsAgo: Int64(300 - i * 60), seq: 9100 + i)
            duty.apply(.alertAcknowledged(id: "SIG-\(i)", note: ""), by: "冼嘉怡", secondsAgo: 0, seq: 9200 + i)
        }
        _ = update(&s, .storeChanged(duty))
        return s
    }

    static let inOrder = ["[台风橙色]", "[暴雨黄色]", "[雷雨大风黄色]", "[高温黄色]", "[灰霾黄色]", "[大雾蓝色]"]

    /// What the header shows of the signals: those written out, in order, and the `+N` after them.
    static func shown(_ header: String) -> (signals: [String], more: Int) {
        let signals = inOrder.filter { header.contains($0) }
        let more = header.split(separator: " ").compactMap { $0.hasPrefix("+") ? Int($0.dropFirst()) : nil }.first ?? 0
        return (signals, more)
    }

    @Test(arguments: [Scene.large, Scene.small])
    func signalsAreOrderedByLevelThenKindAndNoneIsHiddenUnsaid(size: Size) {
        let s = Self.sixSignals()
        #expect(s.signals.map(\.content.kind) == ["台风", "暴雨", "雷雨大风", "高温", "灰霾", "大雾"])
        let header = render(s, size: size).lines[0]
        let (signals, more) = Self.shown(header)
        // The first ones in order, the rest counted: 暴雨黄色 is never the one that drops out.
        #expect(signals == Array(Self.inOrder.prefix(signals.count)), "\(header)")
        #expect(signals.count >= 2 && signals.count + more == 6, "\(header)")
        // The console's name gives way first.
        #expect(!header.contains("海珠区应急值守台"), "\(header)")
        // Who is at the console and the counts stay.
        #expect(header.contains("冼嘉怡") && header.contains("已保存"), "\(header)")
    }

    @Test func theHeaderWithSixSignalsAtBothSizes() {
        let s = Self.sixSignals()
        golden.check(render(s, size: Scene.large), "overview-120x40-zh-six-signals")
        golden.check(render(s, size: Scene.small), "overview-80x24-zh-six-signals")
        golden.check(render(Self.sixSignals(.en), size: Scene.large), "overview-120x40-en-six-signals")
    }

    /// However crowded the narrow header (English words, refused files not yet looked at, the
    /// countdown), the signals are never all gone unsaid: the countdown gives way to them first.
    @Test func aCrowdedNarrowHeaderStillSaysTheSignals() {
        var s = Self.sixSignals(.en)
        _ = update(&s, .refusedFilesChanged([RefusedFile(name: "a.xml", reason: "the file is empty", at: Scene.now)]))
        let header = render(s, size: Scene.small).lines[0]
        #expect(header.contains("refused 1"), "\(header)")
        let named = header.filter { $0 == "[" }.count
        let more = header.split(separator: " ").compactMap { $0.hasPrefix("+") ? Int($0.dropFirst()) : nil }.first ?? 0
        #expect(named + more == 6, "\(header)")
        // The most pressing is named: the weekday gave way for it.
        #expect(header.contains("[Typhoon orange] +5") && !header.contains("Fri"), "\(header)")
        #expect(!header.contains("hand. in"), "\(header)")
    }

    /// Narrow English with refused files waiting: the countdown gone and still no room for the
    /// one signal in force, so the weekday gives way and the signal is said; on a line with room
    /// the weekday stays.
    @Test func theWeekdayGivesWayWhenNotOneSignalWouldBeSaid() {
        var s = Scene.state(.en)
        let files = (1...4).map { RefusedFile(name: "f\($0).xml", reason: "the file is empty", at: Scene.now) }
        let calm = render(s, size: Scene.small).lines[0]
        _ = update(&s, .refusedFilesChanged(files))
        let crowded = render(s, size: Scene.small).lines[0]
        #expect(calm.contains("Fri") && calm.contains("[Rainstorm yellow]"), "\(calm)")
        #expect(crowded.contains("refused 4") && crowded.contains("[Rainstorm yellow]"), "\(crowded)")
        #expect(!crowded.contains("Fri") && crowded.contains("06-05 21:37"), "\(crowded)")
        #expect(render(s, size: Scene.large).lines[0].contains("Fri"))
    }

    /// `?` lists every signal in force, those the header counted in `+N` too.
    @Test func helpListsEverySignalInForce() {
        var s = Self.sixSignals()
        _ = update(&s, .key(.char("?")))
        for size in [Scene.small, Scene.large] {
            // Below the header (which counts some in `+N`), the help box lists them all.
            let box = render(s, size: size).lines.dropFirst(3).joined(separator: "\n")
            #expect(Self.inOrder.allSatisfy { box.contains($0) }, "\(box)")
        }
        golden.check(render(s, size: Scene.small), "help-80x24-zh-six-signals")
    }

    static func raise(_ duty: inout DutyState, _ id: String, _ level: AlertLevel, _ title: String, kind: String, street: String,
                      source: String = "电话报告", expires: Instant? = nil, secondsAgo: Int64, seq: Int) {
        let content = AlertContent(id: id, source: source, kind: kind, level: level, title: title, body: "", street: street, expires: expires)
        duty.apply(.alertRaised(content), by: "冼嘉怡", secondsAgo: secondsAgo, seq: seq)
    }

    /// A lifted or expired alert no longer waits: not in 未确认, not overdue, owes nothing late.
    @Test func expiredAndLiftedAlertsAreNotCounted() {
        var s = Scene.state()
        let before = (s.unacknowledgedCount, s.overdueCount, s.lateReportCount)
        var duty = s.duty
        Self.raise(&duty, "A-EXP", .red, "水位超警", kind: "内涝", street: "南洲街", expires: Scene.now.adding(seconds: -60), secondsAgo: 7200, seq: 9001)
        Self.raise(&duty, "A-LIFT", .orange, "积水", kind: "内涝", street: "南洲街", source: "广州市气象台", secondsAgo: 7200, seq: 9002)
        duty.apply(.alertLifted(id: "A-LIFT", note: "解除", via: "M-1"), by: "气象台", secondsAgo: 60, seq: 9003)
        _ = update(&s, .storeChanged(duty))
        _ = update(&s, .tick(Scene.now.adding(seconds: 1)))
        #expect(s.unacknowledgedCount == before.0 && s.overdueCount == before.1 && s.lateReportCount == before.2)
    }

    /// In the queue too: an expired or lifted alert nobody acknowledged says 未确认 in the row's
    /// plain colour; one still waiting is called out.
    @Test func anExpiredOrLiftedAlertsStatusIsNotCalledOut() {
        var s = Scene.state()
        var duty = s.duty
        Self.raise(&duty, "A-EXP", .blue, "水位超警已过", kind: "内涝", street: "南洲街", expires: Scene.now.adding(seconds: -60), secondsAgo: 120, seq: 9001)
        // Another kind and street: not grouped with the first.
        Self.raise(&duty, "A-NEW", .blue, "水位仍超警", kind: "道路", street: "江海街", secondsAgo: 120, seq: 9002)
        _ = update(&s, .storeChanged(duty))
        // Tall enough for the whole queue: blue alerts come last.
        let g = render(s, size: Size(width: 120, height: 80))
        func statusRole(_ title: String) -> Role? {
            guard let y = g.lines.firstIndex(where: { $0.contains(title) }), let at = g.lines[y].range(of: "未确认") else { return nil }
            return g[DisplayWidth.of(String(g.lines[y][..<at.lowerBound])), y].role
        }
        #expect(statusRole("水位超警已过") == .normal)
        #expect(statusRole("水位仍超警") == .statusNew)
    }

    /// A report upward past its deadline is counted apart from missed acknowledgements.
    @Test func reportsOwedPastTheirDeadlineAreCounted() {
        var s = Scene.state()
        #expect(s.lateReportCount == 0)
        var duty = s.duty
        // Orange: the first report within 30 minutes of the call; this one came 40 minutes ago.
        let content = AlertContent(id: "A-LATE", source: "电话报告", kind: "内涝", level: .orange, title: "隧道积水", body: "", street: "南洲街")
        duty.apply(.alertRaised(content), by: "冼嘉怡", secondsAgo: 2400, seq: 9001)
        duty.apply(.alertAcknowledged(id: "A-LATE", note: ""), by: "冼嘉怡", secondsAgo: 2300, seq: 9002)
        _ = update(&s, .storeChanged(duty))
        #expect(s.lateReportCount == 1)
        #expect(render(s, size: Scene.large).lines[0].contains("超时上报 1"))
        #expect(render(s, size: Scene.small).lines[0].contains("超时上报1"))
        // Made, it is no longer late.
        duty.apply(.alertReported(id: "A-LATE", stage: .initial, note: "已报区三防办"), by: "冼嘉怡", secondsAgo: 0, seq: 9003)
        _ = update(&s, .storeChanged(duty))
        #expect(s.lateReportCount == 0)
        #expect(!render(s, size: Scene.large).lines[0].contains("超时上报"))
    }

    /// `交班还有 10时52分`: how long until handover, never something read as a time of day.
    @Test func theCountdownSaysHowLong() {
        let s = Scene.state()
        #expect(render(s, size: Scene.large).lines[0].contains("交班还有 10时52分"))
        #expect(render(Scene.state(.en), size: Scene.large).lines[0].contains("handover in 10h52m"))
    }
}

/// Issue 18, item 6: yesterday's moments carry their date; a list keeps its columns.
@Suite struct YesterdayTests {
    @Test func afterMidnightYesterdaysTimesHaveTheirDate() {
        var handover = Scene.state(on: .handover)
        // 02:37 the next morning, the same night shift.
        _ = update(&handover, .tick(Scene.now.adding(seconds: 5 * 3600)))
        let pane6 = render(handover, size: Scene.large)
        #expect(pane6.text.contains("06-05 21:26"), "\(pane6.text)")
        golden.check(pane6, "handover-120x40-zh-after-midnight")
        var overview = Scene.state()
        _ = update(&overview, .tick(Scene.now.adding(seconds: 5 * 3600)))
        let detail = render(overview, size: Scene.large).lines.filter { $0.contains("接报") }
        #expect(!detail.isEmpty && detail.allSatisfy { $0.contains("06-05 21:26") }, "\(detail)")
    }
}

/// Issue 18, item 6: a list longer than the screen says where in it the selection is.
@Suite struct ListPositionTests {
    @Test func aLongQueueSaysWhereTheSelectionIs() {
        var s = Scene.state()
        var duty = s.duty
        for i in 0..<40 {
            let content = AlertContent(id: "F-\(i)", source: "电话报告", kind: "内涝", level: .blue, title: "积水 \(i)", body: "",
                                       street: Haizhu.streets[i % 18])
            duty.apply(.alertRaised(content), by: "冼嘉怡", secondsAgo: 60, seq: 9000 + i)
        }
        _ = update(&s, .storeChanged(duty))
        let total = s.rows.count
        #expect(render(s, size: Scene.small).lines[3].hasSuffix("第1/\(total)条"))
        _ = update(&s, .key(.pageDown))
        #expect(render(s, size: Scene.small).lines[3].hasSuffix("第11/\(total)条"))
        // A list that fits says nothing of the kind.
        #expect(!render(Scene.state(), size: Scene.large).text.contains("/5条"))
    }
}
