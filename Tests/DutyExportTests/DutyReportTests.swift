import DutyCore
@testable import DutyExport
import DutyTestSupport
import Foundation
import Testing

/// The day's duty log for 2026-12-01: last night's shift runs into the morning, an alert from
/// the evening before is closed today, an exercise alert with Markdown and an escape sequence in
/// its title, a call, a round, a handover signed.
@Suite struct DutyReportTests {
    static let cal = LocalCalendar.shanghai
    static let day = LocalDate(year: 2026, month: 12, day: 1)!

    static func state() -> DutyState {
        let prev = day.adding(days: -1)
        var s = DutyState()
        var seq = 0
        func apply(_ op: Op, _ actor: String, _ t: Instant) {
            seq += 1
            let ctx = OpContext(actor: actor, at: t, node: "t", seq: seq)
            #expect(throws: Never.self, "\(op)") { try s.validate(op) }
            s.apply(op, ctx)
        }
        apply(.rosterImported(source: "roster.csv", slots: [
            Wall.slot("S-0", prev, "17:30", "08:30", .leader, "罗惠玲", "138 0000 0009"),
            Wall.slot("S-1", day, "08:30", "17:30", .leader, "陈卫东", "138 0000 0008"),
            Wall.slot("S-2", day, "08:30", "17:30", .officer, "邓伟杰", "138 0000 0012"),
            Wall.slot("S-3", day, "17:30", "08:30", .leader, "罗惠玲", "138 0000 0009"),
            Wall.slot("S-4", day, "17:30", "08:30", .officer, "潘俊豪", "138 0000 0014"),
        ]), "陈卫东", Wall.at(prev, "09:00"))
        apply(.hazardPointsImported(source: "points.toml", points: [HazardPoint(id: "HP-1", name: "聚龙大街低洼处", type: .waterlogging, street: "南华西街")]),
              "陈卫东", Wall.at(prev, "09:00"))
        apply(.checklistTemplatesImported(source: "checks.toml", templates: [
            ChecklistTemplate(phase: .before, items: [ChecklistItem(id: "B-1", text: "排水口通畅"), ChecklistItem(id: "B-2", text: "警示标志到位")]),
        ]), "陈卫东", Wall.at(prev, "09:00"))
        apply(.contactsImported(source: "contacts.csv", contacts: [
            FloodContact(id: "C-1", facility: "聚龙大街低洼处", type: "内涝点", street: "南华西街",
                         leader: ResponsiblePerson(name: "刘建新", phone: "138 0000 0101"),
                         technical: ResponsiblePerson(name: "陈志强", phone: "138 0000 0201"),
                         maintenance: ResponsiblePerson(name: "李家豪", phone: "138 0000 0202")),
        ]), "陈卫东", Wall.at(prev, "09:00"))

        apply(.alertRaised(AlertContent(id: "A-1", source: "电话报告", kind: "内涝", level: .orange, title: "聚龙大街积水过膝",
                                        body: "居民来电：积水约50厘米。\n请求排水。", street: "南华西街")), "罗惠玲", Wall.at(prev, "23:50"))
        apply(.alertAcknowledged(id: "A-1", note: ""), "罗惠玲", Wall.at(day, "00:05"))
        apply(.alertReported(id: "A-1", stage: .initial, note: "电话报区应急局"), "罗惠玲", Wall.at(day, "00:20"))
        apply(.alertResolved(id: "A-1", note: "排水恢复"), "罗惠玲", Wall.at(day, "07:10"))
        apply(.handoverSubmitted(id: "H-1", summary: "未结警情 0\n三查未完成 0", note: "凌晨积水已退"), "罗惠玲", Wall.at(day, "08:20"))
        apply(.handoverAnswered(id: "H-1", accepted: true, text: ""), "陈卫东", Wall.at(day, "08:35"))
        apply(.roundOpened(id: "R-1", title: "12月1日 雨前排查", phase: .before), "陈卫东", Wall.at(day, "13:00"))
        apply(.itemTicked(roundID: "R-1", pointID: "HP-1", phase: .before, itemID: "B-1", result: .problem, remark: "格栅堵塞"),
              "邓伟杰", Wall.at(day, "13:40"))
        apply(.alertRaised(AlertContent(id: "A-2", source: "cap", kind: "演练", level: .yellow, title: "*演练* | 暴雨\u{1B}[31m黄色",
                                        body: "", street: "海珠区", reality: .exercise)), "inbox", Wall.at(day, "14:00"))
        apply(.callLogged(id: "K-1", contactID: "C-1", role: .maintenance, outcome: .notReached, note: "=无人接听"), "邓伟杰", Wall.at(day, "15:00"))
        apply(.slotReassigned(slotID: "S-4", person: "谭雪莹", phone: "138 0000 0015", reason: "潘俊豪送医"), "陈卫东", Wall.at(day, "16:00"))
        // Another day's alert stays out.
        apply(.alertRaised(AlertContent(id: "A-3", source: "电话报告", kind: "其他", level: .blue, title: "次日警情", body: "", street: "海珠区")),
              "罗惠玲", Wall.at(day.adding(days: 1), "01:00"))
        return s
    }

    @Test func theMarkdownLogIsExactlyThis() {
        let md = DutyReport(Self.state(), day: Self.day, calendar: Self.cal).markdown()
        #expect(md == """
        # 海珠区应急管理局值班日志 2026-12-01 周二

        ## 值班人员

        | 班次 | 岗位 | 姓名 | 电话 |
        |---|---|---|---|
        | 30日17:30–08:30 | 带班领导 | 罗惠玲 | 138 0000 0009 |
        | 08:30–17:30 | 带班领导 | 陈卫东 | 138 0000 0008 |
        | 08:30–17:30 | 值班员 | 邓伟杰 | 138 0000 0012 |
        | 17:30–次日08:30 | 带班领导 | 罗惠玲 | 138 0000 0009 |
        | 17:30–次日08:30 | 值班员 | 谭雪莹（已调整） | 138 0000 0015 |

        - 排班调整 12-01 16:00 陈卫东: 潘俊豪 → 谭雪莹（潘俊豪送医）
        - **值班缺口 00:00–08:30 无值班员**

        ## 警情（2）

        ### 聚龙大街积水过膝

        橙 · 已解决 · 内涝 · 南华西街 · 来源 电话报告 · A-1

        > 居民来电：积水约50厘米。
        > 请求排水。

        - 11-30 23:50 罗惠玲 接报
        - 00:05 罗惠玲 确认
        - 00:20 罗惠玲 初报：电话报区应急局
        - 07:10 罗惠玲 解决：排水恢复

        ### \\*演练\\* | 暴雨^\\[\\[31m黄色

        黄 · 未确认 · 演练 · 演练 · 海珠区 · 来源 cap · A-2

        - 14:00 inbox 接报

        ## 电话调度（1）

        | 时间 | 人员 | 电话 | 结果 | 备注 |
        |---|---|---|---|---|
        | 15:00 | 李家豪（管护负责人） | 138 0000 0202 | 未接通 | =无人接听 |

        ## 三查

        ### 12月1日

        雨前排查 · 开启 13:00，进行中 · 完成 1/2

        | 街道 | 已查 | 问题 |
        |---|---|---|
        | 南华西街 | 1/2 | 1 |

        ## 交接班（1）

        - 08:20 罗惠玲 提交交班：凌晨积水已退
          - 未结警情 0
          - 三查未完成 0
        - 08:35 陈卫东 签收

        """)
    }

    @Test func theCSVOpensInExcelAsText() {
        let bytes = DutyReport(Self.state(), day: Self.day, calendar: Self.cal).csv()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows.first == "\"日期\",\"部分\",\"时间\",\"事项\",\"人员\",\"内容\",\"已查\",\"总数\",\"问题\"")
        #expect(rows.contains("\"2026-12-01\",\"值班人员\",\"17:30–08:30\",\"值班员\",\"谭雪莹\",\"138 0000 0015 （已调整）\",\"\",\"\",\"\""))
        #expect(rows.contains("\"2026-11-30\",\"警情\",\"23:50\",\"A-1 橙 聚龙大街积水过膝\",\"罗惠玲\",\"接报\",\"\",\"\",\"\""))
        // A note starting with = would run as a formula: kept as text.
        #expect(rows.contains("\"2026-12-01\",\"电话调度\",\"15:00\",\"李家豪（管护负责人）138 0000 0202\",\"邓伟杰\",\"未接通：=无人接听\",\"\",\"\",\"\""))
        #expect(text.contains("\"2026-12-01\",\"交接班\",\"08:20\",\"提交交班\",\"罗惠玲\",\"凌晨积水已退\n未结警情 0\n三查未完成 0\",\"\",\"\",\"\""))
        // 三查 figures are numbers in cells of their own, the streets in the district's order.
        let checks = rows.filter { $0.contains("\"三查\"") }
        #expect(!checks.isEmpty)
        for row in checks { #expect(row.range(of: #","[0-9]+","[0-9]+","[0-9]+"$"#, options: .regularExpression) != nil, "\(row)") }
        let streets = checks.compactMap { row in Haizhu.streets.first { row.contains($0) } }
        #expect(streets == Haizhu.streets.filter(streets.contains))
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("次日警情"))
        #expect(rows.last == "")
    }
}
