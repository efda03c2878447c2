import DutyTestSupport
import Foundation
import Testing

/// `--json` is read by scripts: every command's output is compared byte for byte with a file in
/// Golden/, so a renamed key, a value of another type, another number or time format, another key
/// order or escape all fail here. The files were written by the earlier `JSONSerialization` code,
/// so they also hold the new writer to what it printed. A missing file, or RECORD_SNAPSHOTS=1,
/// writes the file and fails the test, as the console's golden screens do.
@Suite struct JSONOutputTests {
    static let moment = "2026-06-05T21:37:41+08:00"

    /// The demo duty room at `moment`, with a roster change and an alert whose text needs escaping.
    static let store: Result<String, any Error> = Result {
        let store = tempStore()
        let steps: [[String]] = [
            ["init", "--store", store, "--demo", "--node", "room1", "--at", moment],
            ["roster", "give", "--store", store, "--slot", "S-20260605-N-3", "--to", "谭雪莹", "--phone", "138 0000 0015",
             "--reason", "家中急事", "--by", "陈卫东", "--at", "2026-06-05T18:02:00+08:00"],
            ["alert", "raise", "--store", store, "--level", "yellow", "--kind", "内涝", "--street", "南洲",
             "--title", "积水 \"40cm\" / 路口\t\u{1b}[31m红字\u{7f}", "--body", "第一行\n第二行\\末尾",
             "--source", "110联动", "--by", "冼嘉怡", "--at", "2026-06-05T21:30:00+08:00"],
        ]
        for args in steps {
            let r = try run(args)
            guard r.status == 0 else { throw CLIFailure("\(args.prefix(2).joined(separator: " ")) failed: \(r.err)") }
        }
        return store
    }

    static let commands: [String: [String]] = [
        "status": ["status", "--at", moment],
        "alert-list": ["alert", "list", "--at", moment],
        "alert-list-all": ["alert", "list", "--all", "--at", moment],
        "roster-show": ["roster", "show", "--date", "2026-06-05"],
        "roster-gaps": ["roster", "gaps", "--from", "2026-05-29", "--days", "15"],
        "handover-show": ["handover", "show", "--at", moment],
    ]

    static let golden = GoldenFiles(suite: "CLITests")

    /// Issue 17: `ingest`, `check` and `sync --once` speak JSON too, with the exit status of
    /// their text form.
    @Test func ingestCheckAndSyncSpeakJSON() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        let flood = #"{"id":"J-1","source":"110联动","level":"red","kind":"内涝","title":"工业大道隧道水浸","street":"南石头街","sent":"2026-06-01T08:00:00+08:00"}"#
        try Data(flood.utf8).write(to: URL(fileURLWithPath: "\(store)/inbox/a.json"))
        try Data("not json\u{1b}[2J".utf8).write(to: URL(fileURLWithPath: "\(store)/inbox/b.json"))

        let ingest = try run(["ingest", "--store", store, "--json"])
        #expect(ingest.status == 1)
        let taken = try #require(try JSONSerialization.jsonObject(with: Data(ingest.out.utf8)) as? [String: Any])
        #expect(taken["counts"] as? [String: Int] == ["duplicate": 0, "lifted": 0, "raised": 1, "refused": 1, "updated": 0])
        let files = try #require(taken["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["a.json", "b.json"])
        #expect(files[0]["result"] as? String == "raised" && (files[0]["alert"] as? String)?.hasPrefix("J-") == true)
        #expect(files[0]["movedTo"] as? String == "done/a.json")
        #expect(files[1]["result"] as? String == "refused" && files[1]["alert"] is NSNull && files[1]["movedTo"] as? String == "rejected/b.json")
        #expect(!(files[1]["text"] as? String ?? "").isEmpty)
        #expect(!ingest.out.contains("\u{1b}"))

        let check = try run(["check", "--store", store, "--json"])
        #expect(check.status == 0, "\(check.err)")
        let checked = try #require(try JSONSerialization.jsonObject(with: Data(check.out.utf8)) as? [String: Any])
        #expect(checked["ok"] as? Bool == true && checked["digest"] is NSNull && checked["problems"] as? [String] == [])
        #expect((checked["records"] as? Int ?? 0) > 0)
        let digest = try JSONSerialization.jsonObject(with: Data(try run(["check", "--store", store, "--json", "--digest"]).out.utf8)) as? [String: Any]
        #expect((digest?["digest"] as? String)?.count == 64)

        let sync = try run(["sync", "--store", store, "--once", "--json"])
        #expect(sync.status == 1)
        let round = try #require(try JSONSerialization.jsonObject(with: Data(sync.out.utf8)) as? [String: Any])
        #expect(round["ok"] as? Bool == false && round["offline"] as? String == "this store has no shared directory (duty-watch init --shared)")
        #expect(try run(["sync", "--store", store, "--json"]).err == "duty-watch: --json needs --once (see duty-watch sync --help)\n")
    }

    @Test(arguments: ["status", "alert-list", "alert-list-all", "roster-show", "roster-gaps", "handover-show"])
    func matchesGolden(_ name: String) throws {
        let store = try Self.store.get()
        let r = try run(Self.commands[name]! + ["--json", "--store", store])
        #expect(r.status == 0, "\(r.err)")
        let bytes = Data(r.out.utf8)
        let parsed = try JSONSerialization.jsonObject(with: bytes)
        #expect(parsed is [String: Any] || parsed is [Any])
        Self.golden.check(bytes, name + ".json", what: "\(name) --json")
    }

    /// What Foundation writes for the same values with the options the command line used before:
    /// key order (Foundation sorts case-insensitively, the writer by code point), escapes, layout.
    @Test(arguments: ["status", "alert-list-all", "roster-show", "handover-show"])
    func isWhatFoundationWrites(_ name: String) throws {
        let store = try Self.store.get()
        let r = try run(Self.commands[name]! + ["--json", "--store", store])
        let bytes = Data(r.out.utf8)
        let parsed = try JSONSerialization.jsonObject(with: bytes)
        var expected = try JSONSerialization.data(withJSONObject: parsed, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        expected.append(UInt8(ascii: "\n"))
        #expect(bytes == expected, "\(name) differs from Foundation's writing at line \(GoldenFiles.firstDifferingLine(bytes, expected))")
    }

    /// Every control character, DEL, line and paragraph separators, quotes, backslash, slash,
    /// combining marks and astral characters, as text a publisher may send: written as Foundation
    /// wrote them.
    @Test func escapesAsFoundationDid() throws {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        let controls = String(String.UnicodeScalarView((0x01..<0x20).compactMap(Unicode.Scalar.init)))
        let body = controls + "\u{7f}\u{85}\u{2028}\u{2029}\"\\/e\u{301}😀\u{feff}中文"
        let raised = try run(["alert", "raise", "--store", store, "--level", "red", "--title", "标题", "--body", body])
        #expect(raised.status == 0, "\(raised.err)")
        let r = try run(["alert", "list", "--json", "--store", store])
        let bytes = Data(r.out.utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: bytes) as? [[String: Any]])
        #expect(parsed.first?["body"] as? String == body)
        var expected = try JSONSerialization.data(withJSONObject: parsed, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        expected.append(UInt8(ascii: "\n"))
        #expect(bytes == expected, "differs at line \(GoldenFiles.firstDifferingLine(bytes, expected))")
        #expect(r.out.contains(#""body" : "\u0001\u0002"#))
    }
}
