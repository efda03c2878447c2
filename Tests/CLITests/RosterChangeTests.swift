import Foundation
import Testing

/// Roster changes from the command line: each names who and why, shows as changed, and moves the
/// gaps in cover; mistakes change nothing.
@Suite struct RosterChangeTests {
    /// Two days: 12-01 fully covered; on 12-02 the day shift has a leader but no officer and the
    /// night has nobody.
    static let csv = HandoverTests.csv + "2026-12-02,08:30,17:30,带班领导,黎振邦,138 0000 0001\n"

    static func store() throws -> (store: String, ids: [String: String]) {
        let store = try storeWithRoster(csv)
        var ids: [String: String] = [:]
        for day in ["2026-12-01", "2026-12-02"] {
            let show = try run(["roster", "show", "--store", store, "--date", day, "--json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any])
            for s in try #require(json["slots"] as? [[String: Any]]) where s["date"] as? String == day {
                ids["\(day) \(s["start"]!) \(s["person"]!)"] = s["id"] as? String
            }
        }
        return (store, ids)
    }

    static func gaps(_ store: String) throws -> [[String: String]] {
        let r = try run(["roster", "gaps", "--store", store, "--from", "2026-12-01", "--days", "2", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        return try #require(json["gaps"] as? [[String: Any]]).map { g in
            ["start": g["start"] as! String, "end": g["end"] as! String, "missing": (g["missing"] as! [String]).joined(separator: ",")]
        }
    }

    @Test func gapsAreFoundAcrossMidnightAndCoverClosesThem() throws {
        let (store, _) = try Self.store()
        // The night before the roster starts is a gap too: nobody was imported for it.
        let before = ["start": "2026-12-01T00:00:00+08:00", "end": "2026-12-01T08:30:00+08:00", "missing": "带班领导,值班员"]
        #expect(try Self.gaps(store) == [
            before,
            ["start": "2026-12-02T08:30:00+08:00", "end": "2026-12-02T17:30:00+08:00", "missing": "值班员"],
            ["start": "2026-12-02T17:30:00+08:00", "end": "2026-12-03T00:00:00+08:00", "missing": "带班领导,值班员"],
        ])
        let text = try run(["roster", "gaps", "--store", store, "--from", "2026-12-01", "--days", "2"])
        #expect(text.out == """
        值班缺口 2026-12-01 起 2 天
          ！缺口 12-01 00:00–08:30 无带班领导、值班员
          ！缺口 12-02 08:30–17:30 无值班员
          ！缺口 12-02 17:30–24:00 无带班领导、值班员

        """)

        let cover = try run(["roster", "cover", "--store", store, "--date", "2026-12-02", "--start", "08:30", "--end", "17:30",
                             "--role", "值班员", "--name", "钟丽华", "--phone", "138 0000 0013", "--reason", "补足白班值班员",
                             "--by", "黎振邦", "--at", "2026-11-30T09:00:00+08:00"])
        #expect(cover.status == 0, "\(cover.err)")
        #expect(cover.out == "已补排 C-20261202-room1-1 2026-12-02 08:30–17:30 值班员 钟丽华\n")
        #expect(try Self.gaps(store) == [
            before,
            ["start": "2026-12-02T17:30:00+08:00", "end": "2026-12-03T00:00:00+08:00", "missing": "带班领导,值班员"],
        ])
    }

    @Test func givingAndSwappingAreShownAsChangedWithWhoAndWhy() throws {
        let (store, ids) = try Self.store()
        let night = try #require(ids["2026-12-01 17:30 潘俊豪"])
        let give = try run(["roster", "give", "--store", store, "--slot", night, "--to", "谭雪莹", "--phone", "138 0000 0015",
                            "--reason", "潘俊豪送医", "--by", "罗惠玲", "--at", "2026-12-01T18:05:00+08:00"])
        #expect(give.status == 0, "\(give.err)")
        #expect(give.out == "已改派 \(night) → 谭雪莹\n")

        let day = try #require(ids["2026-12-01 08:30 邓伟杰"])
        let swap = try run(["roster", "swap", "--store", store, "--slot", day, "--with", night, "--reason", "调休",
                            "--by", "陈卫东", "--at", "2026-12-01T18:10:00+08:00"])
        #expect(swap.status == 0, "\(swap.err)")
        #expect(swap.out == "已对调 \(day) 谭雪莹 ⇄ \(night) 邓伟杰\n")

        let show = try run(["roster", "show", "--store", store, "--date", "2026-12-01"])
        #expect(show.out.contains("  08:30–17:30            值班员     谭雪莹     138 0000 0015  \(day)  （已调整）\n"))
        #expect(show.out.contains("  17:30–次日08:30        值班员     邓伟杰     138 0000 0012  \(night)  （已调整）\n"))
        #expect(show.out.contains("  调整 12-01 18:05 罗惠玲：潘俊豪 → 谭雪莹（潘俊豪送医）\n"))
        #expect(show.out.contains("  调整 12-01 18:10 陈卫东：邓伟杰 ⇄ 谭雪莹（调休）\n"))

        // status shows the people on duty now, marked as changed.
        let status = try run(["status", "--store", store, "--at", "2026-12-01T20:00:00+08:00"])
        #expect(status.out.contains("  值班员     邓伟杰     138 0000 0012  （已调整）\n"))
        let json = try run(["status", "--store", store, "--at", "2026-12-01T20:00:00+08:00", "--json"])
        let onDuty = try #require((try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["onDuty"] as? [[String: Any]])
        #expect(onDuty.map { "\($0["person"]!) \($0["changed"]!)" } == ["罗惠玲 0", "邓伟杰 1"])
    }

    @Test func mistakesChangeNothing() throws {
        let (store, ids) = try Self.store()
        let before = journalBytes(store, node: "room1")
        let slot = try #require(ids["2026-12-01 08:30 陈卫东"])
        let cases: [([String], String)] = [
            (["roster", "give", "--slot", "S-nope", "--to", "某人", "--reason", "x", "--by", "陈卫东"], "duty-watch: 没有班次 S-nope\n"),
            (["roster", "give", "--slot", slot, "--to", "某人", "--reason", " ", "--by", "陈卫东"],
             "duty-watch: --reason is empty: a roster change needs a reason\n"),
            (["roster", "swap", "--slot", slot, "--with", slot, "--reason", "x", "--by", "陈卫东"],
             "duty-watch: 班次不能与自己对调\n"),
            (["roster", "cover", "--date", "2026-12-02", "--start", "25:00", "--end", "08:30", "--role", "值班员", "--name", "某人",
              "--reason", "x", "--by", "陈卫东"], "duty-watch: --start 25:00 is not a time (HH:MM)\n"),
        ]
        for (args, message) in cases {
            let r = try run(args + ["--store", store])
            #expect(r.status == 1, "\(args)")
            #expect(r.err == message)
        }
        #expect(journalBytes(store, node: "room1") == before)
    }

    @Test func theCalendarExportHasEverySlotAfterChanges() throws {
        let (store, ids) = try Self.store()
        let night = try #require(ids["2026-12-01 17:30 潘俊豪"])
        _ = try run(["roster", "give", "--store", store, "--slot", night, "--to", "谭雪莹", "--reason", "送医", "--by", "罗惠玲"])
        let out = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("roster.ics").path
        let all = try run(["export", "ical", "--store", store, "--out", out, "--at", "2026-12-01T00:00:00+08:00"])
        #expect(all.status == 0, "\(all.err)")
        #expect(all.out == "已写入 5 个班次：\(out)\n")
        let ics = try String(contentsOfFile: out, encoding: .utf8)
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == 5)
        #expect(ics.contains("UID:\(night)@duty-watch.haizhu\r\nDTSTAMP:20261130T160000Z\r\nDTSTART:20261201T093000Z\r\nDTEND:20261202T003000Z\r\nSEQUENCE:1\r\nSUMMARY:值班员 谭雪莹\r\n"))

        let mine = try run(["export", "ical", "--store", store, "--out", out, "--person", "谭雪莹"])
        #expect(mine.out == "已写入 1 个班次：\(out)\n")
        let nobody = try run(["export", "ical", "--store", store, "--out", out, "--person", "潘俊豪"])
        #expect(nobody.status == 1)
        #expect(nobody.err == "duty-watch: 排班表中没有 潘俊豪\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("SUMMARY:值班员 谭雪莹"), "a refused export leaves the file as it was")
    }
}
