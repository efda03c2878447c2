import DutyTestSupport
import Foundation
import Testing

/// `duty-watch ingest` and `alert list --json` on a real temporary store.
@Suite struct IngestCommandTests {
    static let samples = TestPaths.tests("DutyStoreTests/Inbox/Samples")

    func drop(_ store: String, _ name: String, _ data: Data) throws {
        try data.write(to: URL(fileURLWithPath: "\(store)/inbox/\(name)"))
    }

    func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func ingestTakesTheInboxInOnceAndListsWhatHappened() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        for name in ["tw-cwa-heavy-rain-zh-TW.xml", "bad-wrong-namespace-thunderstorm.xml"] {
            try drop(store, name, try Data(contentsOf: Self.samples.appendingPathComponent(name)))
        }
        try drop(store, "phone.json", Data(#"{"id":"7","source":"110联动","level":"red","kind":"内涝","title":"聚龙大街积水\u001b[2J","street":"南华西街","sent":"2026-06-01T07:58:00+08:00"}"#.utf8))
        try drop(store, "evil.json", Data(#"{"id":"8","source":"x","title":"t","level":"\u001b]0;pwned\u0007"}"#.utf8))
        try drop(store, "partial.json.part", Data("{".utf8))

        let first = try run(["ingest", "--store", store, "--lang", "en"])
        #expect(first.status == 1, "a refused file makes the status 1")
        let rain = "CAP-" + "19c82c41f0"
        let lines = first.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.contains("bad-wrong-namespace-thunderstorm.xml: refused: line 2: not CAP 1.2 (namespace http://www.incident.com/cap/1.0)"))
        #expect(lines.contains("evil.json: refused: \"level\" \"^[]0;pwned^G\" is not red, orange, yellow, blue or white (红/橙/黄/蓝/白)"))
        #expect(lines.contains("tw-cwa-heavy-rain-zh-TW.xml: taken in as new alert \(rain) (outside the district: not counted)"))
        let phone = try #require(lines.first { $0.hasPrefix("phone.json: taken in as new alert J-") })
        #expect(lines.last == "4 files: 2 new, 0 updated, 0 lifted, 0 duplicate, 2 refused")
        #expect(!first.out.contains("\u{1B}") && !first.out.contains("\u{07}"))
        #expect(listing("\(store)/inbox") == ["done", "partial.json.part", "rejected"])
        #expect(listing("\(store)/inbox/done") == ["phone.json", "tw-cwa-heavy-rain-zh-TW.xml"])
        #expect(listing("\(store)/inbox/rejected") == ["bad-wrong-namespace-thunderstorm.xml", "bad-wrong-namespace-thunderstorm.xml.reason",
                                                      "evil.json", "evil.json.reason"])
        #expect(String(decoding: FileManager.default.contents(atPath: "\(store)/inbox/rejected/bad-wrong-namespace-thunderstorm.xml.reason") ?? Data(), as: UTF8.self)
            == "line 2: not CAP 1.2 (namespace http://www.incident.com/cap/1.0)\n不是预警文件\n")

        // The same message again is a duplicate: status 0, nothing appended.
        let journal = journalBytes(store, node: "room1")
        try drop(store, "again.xml", try Data(contentsOf: Self.samples.appendingPathComponent("tw-cwa-heavy-rain-zh-TW.xml")))
        let second = try run(["ingest", "--store", store])
        #expect(second.status == 0)
        #expect(second.out == "again.xml: 重复，已有 \(rain)\n共 1 个文件：新警情 0，更新 0，解除 0，重复 1，拒收 0\n")
        #expect(journalBytes(store, node: "room1") == journal)

        // In Chinese a refusal says its sort first, then the detail that names the line.
        try drop(store, "404.xml", try Data(contentsOf: Self.samples.appendingPathComponent("bad-real-404-html-page.xml")))
        let third = try run(["ingest", "--store", store])
        #expect(third.status == 1)
        #expect(third.out == "404.xml: 拒收：不是预警文件（an HTML page, not an alert (a web server's error page saved in place of the file?)）\n"
            + "共 1 个文件：新警情 0，更新 0，解除 0，重复 0，拒收 1\n", "\(third.out)")

        let list = try run(["alert", "list", "--store", store, "--json", "--at", "2024-04-22T15:00:00+08:00"])
        #expect(list.status == 0, "\(list.err)")
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        #expect(alerts.count == 2)
        let phoneID = String(phone.dropFirst("phone.json: taken in as new alert ".count))
        let p = try #require(alerts.first { $0["id"] as? String == phoneID })
        #expect(p["level"] as? String == "red" && p["status"] as? String == "new" && p["kind"] as? String == "内涝")
        #expect(p["title"] as? String == "聚龙大街积水\u{1B}[2J", "kept as is in the journal and in JSON, escaped by the JSON writer")
        #expect(list.out.contains(#"聚龙大街积水\u001b[2J"#) || list.out.contains(#"聚龙大街积水\u001B[2J"#))
        #expect(p["street"] as? String == "南华西街" && p["source"] as? String == "110联动" && p["reality"] as? String == "actual")
        #expect(p["sent"] as? String == "2026-06-01T07:58:00+08:00" && p["expires"] is NSNull)
        #expect(p["expired"] as? Bool == false && p["lifted"] as? Bool == false)
        let r = try #require(alerts.first { $0["id"] as? String == rain })
        #expect(r["level"] as? String == "yellow" && r["kind"] as? String == "暴雨" && r["title"] as? String == "大雨特報")
        #expect(r["source"] as? String == "中央氣象署" && r["street"] as? String == "" && r["outside"] as? Bool == true)
        #expect(p["outside"] as? Bool == false)
        #expect(r["sent"] as? String == "2024-04-22T14:12:12+08:00" && r["expires"] as? String == "2024-04-22T17:00:00+08:00")
        #expect(r["expired"] as? Bool == false)
        let history = try #require(r["history"] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history[0]["event"] as? String == "raised" && history[0]["kind"] as? String == "raised")
        #expect(history[0]["by"] as? String == "inbox" && history[0]["actor"] as? String == "inbox" && history[0]["text"] as? String == "")
        #expect(history[0]["at"] is String && r["received"] is String)

        let later = try run(["alert", "list", "--store", store, "--json", "--at", "2024-04-22T17:00:00+08:00"])
        let expired = try #require(try JSONSerialization.jsonObject(with: Data(later.out.utf8)) as? [[String: Any]])
        #expect(expired.first { $0["id"] as? String == rain }?["expired"] as? Bool == true)

        // The yellow rainstorm signal had expired long before it was taken in: no 三查 round.
        let status = try run(["status", "--store", store, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        #expect(json["checks"] is NSNull)
    }

    @Test func updateAndCancelThroughTheCommandLine() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        func cap(_ id: String, _ type: String, _ refs: String, _ headline: String) -> Data {
            Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"><cap:identifier>\(id)</cap:identifier>
            <cap:sender>gz@gd121.cn</cap:sender><cap:sent>2026-06-01T08:00:00+08:00</cap:sent><cap:status>Actual</cap:status>
            <cap:msgType>\(type)</cap:msgType><cap:scope>Public</cap:scope>\(refs.isEmpty ? "" : "<cap:references>gz@gd121.cn,\(refs),2026-06-01T08:00:00+08:00</cap:references>")
            <cap:info><cap:category>Met</cap:category><cap:event>暴雨</cap:event><cap:urgency>Expected</cap:urgency>
            <cap:severity>Moderate</cap:severity><cap:certainty>Likely</cap:certainty><cap:headline>\(headline)</cap:headline></cap:info></cap:alert>
            """.utf8)
        }
        try drop(store, "1.xml", cap("M1", "Alert", "", "暴雨黄色预警信号"))
        try drop(store, "2.xml", cap("M2", "Update", "M1", "暴雨橙色预警信号"))
        try drop(store, "3.xml", cap("M3", "Cancel", "M2", "暴雨预警信号解除"))
        let out = try run(["ingest", "--store", store, "--lang", "en"])
        #expect(out.status == 0, "\(out.err)")
        let lines = out.out.split(separator: "\n").map(String.init)
        let id = try #require(lines.first?.components(separatedBy: "new alert ").last)
        #expect(lines == ["1.xml: taken in as new alert \(id)", "2.xml: updated \(id) (level yellow→orange; title: 暴雨橙色预警信号)",
                          "3.xml: lifted \(id)", "3 files: 1 new, 1 updated, 1 lifted, 0 duplicate, 0 refused"])
        let list = try run(["alert", "list", "--store", store, "--json"])
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        #expect(alerts.count == 1)
        #expect(alerts[0]["level"] as? String == "orange" && alerts[0]["lifted"] as? Bool == true)
        #expect((alerts[0]["history"] as? [[String: Any]])?.map { $0["event"] as? String } == ["raised", "updated", "lifted"])
        let status = try run(["status", "--store", store, "--json"])
        let checks = (try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])?["checks"] as? [String: Any]
        #expect(checks?["phase"] as? String == "after")
    }

    @Test func alertRaiseOfARainstormSignalOpensARound() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        let raised = try run(["alert", "raise", "--store", store, "--level", "orange", "--title", "暴雨橙色预警", "--kind", "暴雨"])
        #expect(raised.status == 0, "\(raised.err)")
        let status = try run(["status", "--store", store, "--json"])
        let checks = (try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])?["checks"] as? [String: Any]
        #expect(checks?["phase"] as? String == "during")
        #expect(checks?["title"] as? String == "暴雨橙色预警")
    }
}
