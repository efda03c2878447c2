import Foundation
import Testing

/// 交接班 from the command line: filled in from what is open, signed by the incoming lead, or
/// returned with a question and handed over again.
@Suite struct HandoverTests {
    static let csv = """
    日期,开始,结束,岗位,姓名,电话
    2026-12-01,08:30,17:30,带班领导,陈卫东,138 0000 0008
    2026-12-01,08:30,17:30,值班员,邓伟杰,138 0000 0012
    2026-12-01,17:30,08:30,带班领导,罗惠玲,138 0000 0009
    2026-12-01,17:30,08:30,值班员,潘俊豪,138 0000 0014

    """

    static func store() throws -> String {
        let store = try storeWithRoster(csv)
        for (level, title, street, at) in [("orange", "聚龙大街积水过膝", "南华西街", "2026-12-01T16:50:00+08:00"),
                                           ("blue", "树木倒伏阻塞车道", "瑞宝街", "2026-12-01T09:10:00+08:00")] {
            let r = try run(["alert", "raise", "--store", store, "--level", level, "--title", title, "--street", street, "--by", "邓伟杰",
                             "--kind", "内涝", "--at", at])
            #expect(r.status == 0, "\(r.err)")
        }
        return store
    }

    static func show(_ store: String) throws -> [String: Any] {
        let r = try run(["handover", "show", "--store", store, "--json", "--at", "2026-12-01T17:25:00+08:00"])
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    @Test func fromOpenToSignedWithWhatWasOpenFilledIn() throws {
        let store = try Self.store()
        // Orange: first report 30 minutes after receipt (17:20, missed at 17:25); blue: 120 minutes
        // after 09:10 (11:10, missed long ago).
        let expected = """
        未确认警情 2 起：橙 聚龙大街积水过膝；蓝 树木倒伏阻塞车道
        处置中/已确认未结 0 起
        三查：无进行中的一轮
        待上报 2 项：树木倒伏阻塞车道 初报 11:10前（已超时）；聚龙大街积水过膝 初报 17:20前（已超时）
        未接通电话 0 个
        本班接报 2 起，办结 0 起，电话 0 个，三查勾选 0 项
        重要警情：橙 聚龙大街积水过膝
        """
        let handOver = try run(["handover", "--store", store, "--by", "陈卫东", "--note", "南华西街积水待排", "--at", "2026-12-01T17:25:00+08:00"])
        #expect(handOver.status == 0, "\(handOver.err)")
        #expect(handOver.out == "已交班 H-20261201-room1-1725，待接班领导签收\n" + expected + "\n")

        let pending = try #require(try Self.show(store)["last"] as? [String: Any])
        #expect(pending["status"] as? String == "pending")
        #expect(pending["summary"] as? String == expected)
        #expect(pending["note"] as? String == "南华西街积水待排")
        #expect((pending["submitted"] as? [String: Any])?["by"] as? String == "陈卫东")
        // The text form shows the note too (issue 17), under the handover's line.
        let text = try run(["handover", "show", "--store", store, "--at", "2026-12-01T17:25:00+08:00"])
        #expect(text.out.hasPrefix("H-20261201-room1-1725 待签：陈卫东 2026-12-01T17:25:00+08:00\n  留言：南华西街积水待排\n\n"), "\(text.out)")

        // `status` says a handover waits, by whom and since when; once signed it no longer does.
        let waiting = try run(["status", "--store", store, "--at", "2026-12-01T17:40:00+08:00"])
        #expect(waiting.out.contains("\n交接待签 H-20261201-room1-1725：陈卫东 17:25 交班，已等15分\n"), "\(waiting.out)")

        // A second handover while one waits, and signing one's own, are refused.
        let again = try run(["handover", "--store", store, "--by", "陈卫东"])
        #expect(again.status == 1)
        #expect(again.err == "duty-watch: 陈卫东 提交的交接 H-20261201-room1-1725 尚未签收\n")
        let own = try run(["handover", "accept", "--store", store, "--by", "陈卫东"])
        #expect(own.status == 1)
        #expect(own.err == "duty-watch: 陈卫东 提交了交接 H-20261201-room1-1725，不能自己签收\n")

        let sign = try run(["handover", "accept", "--store", store, "--by", "罗惠玲", "--at", "2026-12-01T17:31:00+08:00"])
        #expect(sign.status == 0, "\(sign.err)")
        #expect(sign.out == "已签收 H-20261201-room1-1725：罗惠玲\n")
        #expect(try !run(["status", "--store", store, "--at", "2026-12-01T17:40:00+08:00"]).out.contains("交接待签"))
        let signed = try #require(try Self.show(store)["last"] as? [String: Any])
        #expect(signed["status"] as? String == "accepted")
        let replies = try #require(signed["replies"] as? [[String: Any]])
        #expect(replies.count == 1)
        #expect(replies.first?["by"] as? String == "罗惠玲")
        #expect(replies.first?["at"] as? String == "2026-12-01T17:31:00+08:00")
        #expect(replies.first?["accepted"] as? Bool == true)

        let none = try run(["handover", "accept", "--store", store, "--by", "罗惠玲"])
        #expect(none.status == 1)
        #expect(none.err == "duty-watch: 没有待签收的交接\n")
    }

    @Test func returnedWithAQuestionThenHandedOverAgain() throws {
        let store = try Self.store()
        _ = try run(["handover", "--store", store, "--by", "陈卫东", "--at", "2026-12-01T17:25:00+08:00"])
        let noQuestion = try run(["handover", "return", "--store", store, "--by", "罗惠玲", "--question", " "])
        #expect(noQuestion.status == 1)
        #expect(noQuestion.err == "duty-watch: --question is empty: say what must be answered\n")

        let back = try run(["handover", "return", "--store", store, "--by", "罗惠玲", "--question", "南华西街积水谁在跟进？",
                            "--at", "2026-12-01T17:28:00+08:00"])
        #expect(back.status == 0, "\(back.err)")
        #expect(back.out == "已退回 H-20261201-room1-1725：罗惠玲\n")
        let returned = try #require(try Self.show(store)["last"] as? [String: Any])
        #expect(returned["status"] as? String == "returned")
        #expect((returned["replies"] as? [[String: Any]])?.first?["text"] as? String == "南华西街积水谁在跟进？")
        // A returned handover cannot be signed; it is handed over again.
        let sign = try run(["handover", "accept", "--store", store, "--by", "罗惠玲"])
        #expect(sign.err == "duty-watch: 交接 H-20261201-room1-1725 已退回，待重新交班\n")

        let again = try run(["handover", "--store", store, "--by", "陈卫东", "--note", "邓伟杰在现场跟进", "--at", "2026-12-01T17:25:30+08:00"])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.hasPrefix("已交班 H-20261201-room1-1725-2，待接班领导签收\n"))
        #expect(try run(["handover", "accept", "--store", store, "--by", "罗惠玲"]).status == 0)
        #expect((try Self.show(store)["last"] as? [String: Any])?["status"] as? String == "accepted")
    }

    /// A store whose language is English says the same in English.
    @Test func anEnglishStoreSaysItInEnglish() throws {
        let store = try Self.store()
        let config = store + "/config.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "language = \"zh\"", with: "language = \"en\"").write(toFile: config, atomically: true, encoding: .utf8)
        let handOver = try run(["handover", "--store", store, "--by", "陈卫东", "--note", "n", "--at", "2026-12-01T17:25:00+08:00"])
        #expect(handOver.out.hasPrefix("handed over: H-20261201-room1-1725\n"), "\(handOver.out)")
        let shown = try run(["handover", "show", "--store", store, "--at", "2026-12-01T17:26:00+08:00"])
        #expect(shown.out.hasPrefix("H-20261201-room1-1725 pending: 陈卫东 2026-12-01T17:25:00+08:00\n  note: n\n"), "\(shown.out)")
        #expect(try run(["handover", "accept", "--store", store, "--by", "罗惠玲"]).out == "signed: H-20261201-room1-1725 by 罗惠玲\n")
        #expect(try run(["check", "--store", store]).out.hasPrefix("ok: "))
    }
}
