import DutyCore
import Foundation

/// The afternoon before `now`: warnings and incidents, the 雨前排查 round, calls down the 南洲街
/// ledger, and the morning handover. Every time is an offset back from `now` (or a fixed local time
/// of today for the handover), so the demo always looks fresh.
struct Story {
    let now: Instant
    let calendar: LocalCalendar
    let duty: DutyRoster
    let points: [HazardPoint]

    func write(into timeline: inout Timeline) {
        let alerts = plannedAlerts
        for alert in alerts { write(alert, into: &timeline) }
        let round = plannedRound
        write(round, into: &timeline)
        let calls = plannedCalls
        for call in calls {
            timeline.add(call.at, duty.officer(at: call.at),
                         .callLogged(id: call.id, contactID: call.contactID, role: call.role, outcome: call.outcome, note: call.note))
        }
        writeHandover(alerts: alerts, round: round, calls: calls, into: &timeline)
    }

    private func local(_ t: Instant) -> String { calendar.localTime(t).description }

    /// Minutes back from `now`, with a few seconds so the times do not all sit on the minute.
    private func ago(_ minutes: Int, _ seconds: Int = 0) -> Instant {
        now.adding(seconds: Int64(-minutes * 60 + seconds))
    }

    // MARK: - Alerts

    enum Step { case acknowledged, handling, resolved, note, reported }

    private struct AlertScript {
        var minutesAgo: Int
        var source: String
        var kind: String
        var level: AlertLevel
        var street: String
        var title: String
        /// `{at}` is the time it came in, `{due}` the written-report deadline two hours later.
        var body: String
        var steps: [(after: Int, step: Step, text: String)]
    }

    private static let alertScripts: [AlertScript] = [
        AlertScript(minutesAgo: 550, source: "110联动", kind: "市政设施", level: .blue, street: "滨江街",
                    title: "纺织路雨水井盖缺失",
                    body: "{at} 110联动转来：纺织路近滨江中路一处雨水井盖缺失，有行人险些踩空，请街道派员处置。",
                    steps: [(4, .acknowledged, ""),
                            (15, .handling, "滨江街城管已到场设置围挡"),
                            (80, .resolved, "市政养护单位已补装井盖，现场恢复通行")]),
        AlertScript(minutesAgo: 430, source: "市三防办", kind: "上级指令", level: .yellow, street: "海珠区",
                    title: "市三防办：强降雨期间加强24小时值班值守",
                    body: "受强对流天气影响，今明两天我市有暴雨局部大暴雨。请各区三防指挥部落实领导带班和24小时专人值班，加强三查工作，重要情况随时报告。",
                    steps: [(6, .acknowledged, "已转发18个街道，要求带班领导在岗"),
                            (35, .note, "各街道均已回复收到，值班表已核对")]),
        AlertScript(minutesAgo: 300, source: "广州市气象台", kind: "雷雨大风", level: .blue, street: "海珠区",
                    title: "海珠区雷雨大风蓝色预警信号",
                    body: "广州市气象台{at}在海珠区发布雷雨大风蓝色预警信号：预计未来6小时内可能出现雷雨大风，平均风力6级以上，请注意防御。",
                    steps: [(3, .acknowledged, ""),
                            (120, .resolved, "气象台已解除雷雨大风蓝色预警信号")]),
        AlertScript(minutesAgo: 195, source: "广州市气象台", kind: "暴雨", level: .yellow, street: "海珠区",
                    title: "海珠区暴雨黄色预警信号",
                    body: "广州市气象台{at}在海珠区发布暴雨黄色预警信号：预计未来6小时海珠区降雨量将达50毫米以上，或已达50毫米以上且降雨可能持续，请做好防御准备。",
                    steps: [(2, .acknowledged, "已通知各街道启动雨前排查")]),
        AlertScript(minutesAgo: 150, source: "110联动", kind: "树木倒伏", level: .blue, street: "瑞宝街",
                    title: "树木倒伏阻塞车道",
                    body: "{at} 110联动转来：瑞宝路近泰沙路口一棵榕树倒伏，阻塞一条车道，暂无人员受伤。",
                    steps: [(5, .acknowledged, ""),
                            (18, .handling, "已通知瑞宝街城管、园林队伍到场清理，交警协助疏导"),
                            (40, .reported, "已电话报区应急管理局")]),
        AlertScript(minutesAgo: 120, source: "电话报告", kind: "燃气", level: .yellow, street: "沙园街",
                    title: "燃气异味报告",
                    body: "{at} 沙园街居民何先生（138 0000 0921）来电：沙园大街一住宅楼梯间有明显燃气异味。",
                    steps: [(3, .acknowledged, ""),
                            (12, .handling, "燃气公司抢修人员已到场，已关闭总阀，疏散楼内住户12人"),
                            (25, .reported, "已电话报区应急管理局；书面报告须于{due}前报送")]),
        AlertScript(minutesAgo: 12, source: "电话报告", kind: "内涝", level: .orange, street: "南华西街",
                    title: "聚龙大街积水过膝（电话报告）",
                    body: "{at} 南华西街居民陈女士（138 0000 0888）来电：聚龙大街低洼处积水约50厘米，有车辆涉水熄火，居民请求排水。",
                    steps: []),
    ]

    struct PlannedAlert {
        var content: AlertContent
        var raised: Instant
        var steps: [(at: Instant, step: Step, text: String)]

        func status(at t: Instant) -> AlertStatus {
            var s = AlertStatus.new
            for step in steps where step.at <= t {
                switch step.step {
                case .acknowledged: s = .acknowledged
                case .handling: s = .handling
                case .resolved: s = .resolved
                case .note, .reported: break
                }
            }
            return s
        }
    }

    /// Ids number the alerts of each local day in the order they came in.
    var plannedAlerts: [PlannedAlert] {
        var perDay: [LocalDate: Int] = [:]
        return Self.alertScripts.enumerated().map { i, s in
            let raised = ago(s.minutesAgo, (i * 37) % 50)
            let date = calendar.localDate(raised)
            let n = (perDay[date] ?? 0) + 1
            perDay[date] = n
            let fill = { (text: String) in
                text.replacingOccurrences(of: "{at}", with: local(raised))
                    .replacingOccurrences(of: "{due}", with: local(raised.adding(minutes: 120)))
            }
            let content = AlertContent(id: "A-\(DemoData.compact(date))-" + String(format: "%02d", n),
                                       source: s.source, kind: s.kind, level: s.level,
                                       title: s.title, body: fill(s.body), street: s.street)
            let steps = s.steps.map { (raised.adding(minutes: $0.after).adding(seconds: 9), $0.step, fill($0.text)) }
            return PlannedAlert(content: content, raised: raised, steps: steps)
        }
    }

    private func write(_ alert: PlannedAlert, into timeline: inout Timeline) {
        let id = alert.content.id
        timeline.add(alert.raised, duty.officer(at: alert.raised), .alertRaised(alert.content))
        for (at, step, text) in alert.steps {
            switch step {
            case .acknowledged: timeline.add(at, duty.officer(at: at), .alertAcknowledged(id: id, note: text))
            case .handling: timeline.add(at, duty.officer(at: at), .alertHandling(id: id, note: text))
            case .resolved: timeline.add(at, duty.officer(at: at), .alertResolved(id: id, note: text))
            // Notes on what was reported up are the leader's to write.
            case .note: timeline.add(at, duty.leader(at: at), .alertNoted(id: id, text: text))
            case .reported: timeline.add(at, duty.leader(at: at), .alertReported(id: id, stage: .initial, note: text))
            }
        }
    }

    // MARK: - 雨前排查

    /// The street offices' officers who tick their points.
    private static let streetOfficers: [String: String] = [
        "赤岗街": "黄嘉伟", "新港街": "李慧琳", "昌岗街": "梁志鹏", "江南中街": "何淑贤", "滨江街": "罗永健",
        "素社街": "郭美华", "海幢街": "林家乐", "南华西街": "邓秀兰", "龙凤街": "冯国荣", "沙园街": "钟伟廉",
        "南石头街": "谭志恒", "凤阳街": "潘丽君", "瑞宝街": "余振东", "江海街": "吴佩珊", "琶洲街": "杨浩明",
        "南洲街": "卢志强", "华洲街": "苏建华", "官洲街": "叶文辉",
    ]

    /// Share of its before-rain items each street has ticked: some done, the low-lying south behind.
    private static let streetProgress: [String: Double] = [
        "赤岗街": 1.0, "新港街": 0.8, "昌岗街": 0.6, "江南中街": 1.0, "滨江街": 0.75, "素社街": 1.0,
        "海幢街": 1.0, "南华西街": 0.45, "龙凤街": 1.0, "沙园街": 0.7, "南石头街": 0.6, "凤阳街": 0.8,
        "瑞宝街": 0.6, "江海街": 0.5, "琶洲街": 0.75, "南洲街": 0.35, "华洲街": 0.4, "官洲街": 1.0,
    ]

    /// What the officers found that was not simply in order.
    private static let findings: [(place: String, item: String, result: TickResult, remark: String)] = [
        ("南洲街内街", "B-01", .problem, "积水20厘米，已设置警示，排水口正在清疏"),
        ("新滘中路—广州大道隧道", "B-02", .problem, "2号泵启动异常，已通知维保单位抢修"),
        ("聚龙大街", "B-03", .problem, "沙袋不足，已从街道仓库调拨50袋"),
        ("北山岗边坡", "B-04", .problem, "坡脚截水沟局部淤塞，已安排清理"),
        ("地铁11号线沙园站施工工地", "B-06", .problem, "基坑东侧围挡松动，已要求施工单位加固"),
        ("官洲隧道", "B-02", .notApplicable, "隧道泵站由市管养单位值守，街道不涉及"),
        ("琶洲塔公园边坡", "B-07", .notApplicable, "坡下为公园绿地，无常住居民"),
    ]

    struct PlannedTick {
        var at: Instant
        var street: String
        var pointID: String
        var itemID: String
        var result: TickResult
        var remark: String
    }

    struct PlannedRound {
        var id: String
        var title: String
        var opened: Instant
        var totalItems: Int
        var ticks: [PlannedTick]
    }

    var plannedRound: PlannedRound {
        let opened = ago(180, 20)
        let items = DemoData.checklistTemplates.first { $0.phase == .before }!.items
        var special: [String: (TickResult, String)] = [:]
        for f in Self.findings {
            guard let p = points.first(where: { $0.name == f.place }) else { continue }
            special["\(p.id)/\(f.item)"] = (f.result, f.remark)
        }

        var perStreet: [[PlannedTick]] = []
        var total = 0
        for street in Haizhu.streets {
            let due = points.filter { $0.street == street }.flatMap { p in
                items.filter { $0.applies(to: p.type) }.map { (p, $0) }
            }
            total += due.count
            let share = Self.streetProgress[street] ?? 0.7
            let cutoff = Int((Double(due.count) * share).rounded())
            let ticked = due.enumerated().compactMap { i, pair -> PlannedTick? in
                let (p, item) = pair
                let found = special["\(p.id)/\(item.id)"]
                // A finding is always recorded: it is why the officer went there.
                guard i < cutoff || found != nil else { return nil }
                return PlannedTick(at: opened, street: street, pointID: p.id, itemID: item.id,
                                   result: found?.0 ?? .ok, remark: found?.1 ?? "")
            }
            perStreet.append(ticked)
        }

        // Streets work in parallel: interleave them, then spread the ticks over the afternoon.
        var order: [PlannedTick] = []
        for i in 0..<(perStreet.map(\.count).max() ?? 0) {
            for s in perStreet where i < s.count { order.append(s[i]) }
        }
        let first = opened.adding(minutes: 12)
        let span = ago(15).ms - first.ms
        for i in order.indices {
            order[i].at = Instant(ms: first.ms + span * Int64(i) / Int64(max(order.count, 1)))
        }
        return PlannedRound(id: "R-\(DemoData.compact(calendar.localDate(opened)))",
                            title: "暴雨黄色预警 雨前排查", opened: opened, totalItems: total, ticks: order)
    }

    private func write(_ round: PlannedRound, into timeline: inout Timeline) {
        timeline.add(round.opened, duty.officer(at: round.opened),
                     .roundOpened(id: round.id, title: round.title, phase: .before))
        for t in round.ticks {
            timeline.add(t.at, Self.streetOfficers[t.street] ?? t.street,
                         .itemTicked(roundID: round.id, pointID: t.pointID, phase: .before,
                                     itemID: t.itemID, result: t.result, remark: t.remark))
        }
    }

    // MARK: - Calls down the 南洲街 ledger

    struct PlannedCall {
        var id: String
        var at: Instant
        var contactID: String
        var facility: String
        var role: ResponsibleRole
        var outcome: CallOutcome
        var note: String
    }

    private static let callScripts: [(minutesAgo: Int, facility: String, role: ResponsibleRole, outcome: CallOutcome, note: String)] = [
        (190, "新滘中路—广州大道隧道", .leader, .reached, "已通知做好隧道抽排准备，责任人正赶赴现场"),
        (188, "新滘中路—广州大道隧道", .maintenance, .notReached, "两次拨打无人接听，已发短信通知"),
        (185, "南洲街内街", .technical, .reached, "已安排清疏内街排水口，沙袋已到位"),
        (181, "沥滘涌口涵洞", .leader, .reached, "已通知关注涌口水位，涵洞两端安排专人值守"),
    ]

    var plannedCalls: [PlannedCall] {
        var perDay: [LocalDate: Int] = [:]
        return Self.callScripts.enumerated().map { i, c in
            let at = ago(c.minutesAgo, 5 + i * 11)
            let date = calendar.localDate(at)
            let n = (perDay[date] ?? 0) + 1
            perDay[date] = n
            return PlannedCall(id: "C-\(DemoData.compact(date))-" + String(format: "%02d", n), at: at,
                               contactID: FloodContact.makeID(facility: c.facility, street: "南洲街"),
                               facility: c.facility, role: c.role, outcome: c.outcome, note: c.note)
        }
    }

    // MARK: - Morning handover

    /// The night lead hands over to the day lead just before 08:30, if today's 08:30 has come.
    private func writeHandover(alerts: [PlannedAlert], round: PlannedRound, calls: [PlannedCall],
                               into timeline: inout Timeline) {
        let today = calendar.localDate(now)
        guard now >= calendar.instant(today, DutyRoster.dayStart) else { return }
        let submitted = calendar.instant(today, LocalTime(hour: 8, minute: 21)!)
        let answered = calendar.instant(today, LocalTime(hour: 8, minute: 27)!)
        let night = duty.crew(today.adding(days: -1), .night)
        let day = duty.crew(today, .day)
        let id = "H-\(DemoData.compact(today))-0830"

        var lines = ["夜班 \(night.leader.name) → 白班 \(day.leader.name)"]
        let open = alerts.filter { $0.raised <= submitted && $0.status(at: submitted) != .resolved }
        if open.isEmpty {
            lines.append("未结警情：无")
        } else {
            lines.append("未结警情 \(open.count) 起：")
            for a in open {
                lines.append("  [\(a.content.level.chinese)] \(a.status(at: submitted).chinese) \(a.content.street) \(a.content.title)（\(a.content.id)）")
            }
        }
        if round.opened <= submitted {
            let done = round.ticks.filter { $0.at <= submitted }.count
            lines.append("三查：\(round.title) 已完成 \(done)/\(round.totalItems)")
        }
        for c in calls where c.at <= submitted && c.outcome == .notReached {
            lines.append("未接通：\(c.facility) \(c.role.chinese)，需回拨")
        }

        timeline.add(submitted, night.leader.name,
                     .handoverSubmitted(id: id, summary: lines.joined(separator: "\n"),
                                        note: "夜间值守正常，未结事项已逐项交代；低洼点和在建工地请继续按频次巡查。"))
        timeline.add(answered, day.leader.name,
                     .handoverAnswered(id: id, accepted: true, text: "已核对未结事项及三查进度，同意接班。"))
    }
}
