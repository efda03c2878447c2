import DutyTestSupport
import Foundation
import Testing

/// The three foreign alerts taken into a demo store through the real binary: `status`
/// counts as before, lists them last as 区外; `alert list` does the same; the JSON says
/// `outside` and leaves them out of the counts.
@Suite struct OutsideAlertCommandTests {
    static let foreign = ["oasis-a4-amber-alert-two-languages.xml", "tw-cwb-typhoon-sea-warning-zh-TW.xml", "oasis-a3-earthquake-update-circle.xml"]
    static let at = "2026-06-05T21:40:00+08:00"

    @Test func foreignAlertsAreListedLastAndNeverCounted() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--demo", "--at", "2026-06-05T21:37:00+08:00", "--node", "room1"]).status == 0)
        let before = try run(["status", "--store", store, "--at", Self.at, "--json"])
        for name in Self.foreign {
            let data = try Data(contentsOf: IngestCommandTests.samples.appendingPathComponent(name))
            try data.write(to: URL(fileURLWithPath: "\(store)/inbox/\(name)"))
        }
        let ingest = try run(["ingest", "--store", store])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(ingest.out.split(separator: "\n").filter { $0.hasSuffix("（区外，不计入）") }.count == 3, "\(ingest.out)")

        let json = try run(["status", "--store", store, "--at", Self.at, "--json"])
        func open(_ r: Run) throws -> [String: Any] {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            return try #require(o["openAlerts"] as? [String: Any])
        }
        let (was, now) = (try open(before), try open(json))
        #expect(now["total"] as? Int == was["total"] as? Int && now["unacknowledged"] as? Int == was["unacknowledged"] as? Int)
        #expect(NSDictionary(dictionary: now["byLevel"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: was["byLevel"] as? [String: Any] ?? [:]))
        let rows = try #require(now["alerts"] as? [[String: Any]])
        #expect(rows.count == ((was["alerts"] as? [Any])?.count ?? 0) + 3)
        #expect(rows.suffix(3).allSatisfy { $0["outside"] as? Bool == true && $0["street"] as? String == "" })
        #expect(rows.dropLast(3).allSatisfy { $0["outside"] as? Bool == false })

        let text = try run(["status", "--store", store, "--at", Self.at])
        let lines = text.out.split(separator: "\n").map(String.init)
        let countLine = try #require(lines.first { $0.hasPrefix("未结警情") })
        #expect(countLine.hasSuffix("区外 3（不计入）"), "\(countLine)")
        let listed = lines.filter { $0.contains("[CAP-") || $0.contains("[A-") }
        #expect(listed.suffix(3).allSatisfy { $0.contains(" 区外 ") }, "\(listed)")
        #expect(listed.suffix(3).contains { $0.contains("Amber Alert in Los Angeles County") })

        let list = try run(["alert", "list", "--store", store, "--lang", "en"])
        let last = list.out.split(separator: "\n").suffix(3)
        #expect(last.allSatisfy { $0.contains(" outside ") }, "\(list.out)")
    }
}
