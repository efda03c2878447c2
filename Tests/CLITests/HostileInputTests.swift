import DutyTestSupport
import Foundation
import Testing

/// Hostile files and sheets through the real binary: no signal, a clear refusal naming the file
/// and line, nothing already saved lost, and nothing from outside reaching the terminal raw.
@Suite struct HostileInputTests {
    static func write(_ path: String, _ bytes: Data) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    static func newStore() throws -> String {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
        return store
    }

    /// Depth 100,000 ended `ingest` (and the console) with SIGSEGV, every time it was started.
    @Test func deepXMLIsRefusedAndTheRedAlertBesideItIsTakenIn() throws {
        let store = try Self.newStore()
        let depth = 100_000
        let deep = #"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">"# + String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
        try Self.write("\(store)/inbox/deep.xml", Data(deep.utf8))
        try Self.write("\(store)/inbox/red.json", Data(#"{"id":"R-1","source":"110联动","level":"red","title":"南洲路隧道水浸","street":"南洲街"}"#.utf8))
        let r = try run(["ingest", "--store", store, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.out.contains("deep.xml: refused: line 1: nested too deep (more than 32 levels of elements): not an alert"), "\(r.out)")
        #expect(r.out.contains("red.json: taken in as new alert J-"))
        let reason = try String(contentsOfFile: "\(store)/inbox/rejected/deep.xml.reason", encoding: .utf8)
        #expect(reason == "line 1: nested too deep (more than 32 levels of elements): not an alert\n文件损坏或不完整\n")
        #expect(try run(["alert", "list", "--store", store]).out.contains("南洲路隧道水浸"))
    }

    /// A file held by a reader that died, and then by a second reader that died too, is refused
    /// for good instead of being claimed (and crashing) again.
    @Test func aFileThatStoppedTwoReadersIsRefusedForGood() throws {
        let store = try Self.newStore()
        // A pid that surely belongs to no process: one that has ended and been reaped.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let pid = gone.processIdentifier
        try Self.write("\(store)/inbox/.taking/\(pid)-dead.first.json", Data(#"{"id":"F-1","source":"s","title":"第一次"}"#.utf8))
        try Self.write("\(store)/inbox/.taking/\(pid)-dead+.second.json", Data(#"{"id":"F-2","source":"s","title":"第二次"}"#.utf8))
        let r = try run(["ingest", "--store", store, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.out.contains("second.json: refused: the reader stopped while reading this file"), "\(r.out)")
        #expect(r.out.contains("first.json: taken in as new alert"), "\(r.out)")
        #expect(try String(contentsOfFile: "\(store)/inbox/rejected/second.json.reason", encoding: .utf8) == "the reader stopped while reading this file\n读取时进程两次中止（文件可能有害）\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(store)/inbox/.taking") == [])
    }

    @Test func aRosterCellWithEscapesIsQuotedInertOnOneLine() throws {
        let store = try Self.newStore()
        let file = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("evil.csv").path
        try Self.write(file, Data("date,start,end,role,name,phone\n2026-12-02,\u{1B}]0;pwned\u{07}\u{1B}[2J08:30,17:30,带班领导,欧阳,13800000001\n".utf8))
        let r = try run(["import", "roster", file, "--store", store])
        #expect(r.status == 1)
        #expect(r.err == "evil.csv:2: start time ^[]0;pwned^G^[[2J08:30 is not a time\nduty-watch: evil.csv: 1 problem; nothing was imported\n")
    }

    /// 欧阳 and 李明 with one damaged byte were imported as 娆ч槼 and the rest.
    @Test func aUTF8SheetWithADamagedByteIsRefusedAndAGB18030OneIsSaidToBeSo() throws {
        let store = try Self.newStore()
        let dir = URL(fileURLWithPath: store).deletingLastPathComponent()
        var bytes = Array("date,start,end,role,name,phone\n2026-12-02,08:30,17:30,带班领导,欧阳,13800000001\n2026-12-02,08:30,17:30,值班员,李明,13800000002\n".utf8)
        let li = try #require(bytes.indices.first { bytes[$0...].starts(with: [0xE6, 0x9D, 0x8E]) })
        bytes[li + 1] = 0xE0
        try Self.write(dir.appendingPathComponent("r2.csv").path, Data(bytes))
        let bad = try run(["import", "roster", dir.appendingPathComponent("r2.csv").path, "--store", store])
        #expect(bad.status == 1)
        #expect(bad.err.hasPrefix("r2.csv:3: byte \(li + 1) (0xE6, column 28) is not UTF-8, though the file is UTF-8 elsewhere"), "\(bad.err)")
        #expect(try run(["roster", "show", "--store", store, "--date", "2026-12-02"]).out.contains("欧阳") == false)

        let gb = "date,start,end,role,name,phone\n2026-12-02,08:30,17:30,带班领导,欧阳,13800000001\n".data(using: String.Encoding(rawValue: 0x8000_0632))!
        try Self.write(dir.appendingPathComponent("gb.csv").path, gb)
        let good = try run(["import", "roster", dir.appendingPathComponent("gb.csv").path, "--store", store])
        #expect(good.status == 0)
        #expect(good.out == "imported gb.csv: 1 slots, 2026-12-02…2026-12-02 (replacing those dates); read as GB18030\n")
    }

    /// `[[`x]]` ended the process with SIGABRT inside the TOML library, in every TOML reader.
    @Test func malformedTOMLHeadersAreRefusedWithTheirLineNeverWithASignal() throws {
        let store = try Self.newStore()
        let dir = URL(fileURLWithPath: store).deletingLastPathComponent().path
        let cases = [
            ("[[`x]]\n", "h.toml:1: TOML syntax error at column 3: a table header must be a key, e.g. [name]"),
            ("# points\n[确认]\n", "h.toml:2: TOML syntax error at column 2: 确认 is not a bare key (those use only A-Z a-z 0-9 _ -): quote it, e.g. [\"确认\"]"),
            ("[[[[x]]\n", "h.toml:1: TOML syntax error at column 3: a table header must be a key, e.g. [name]"),
        ]
        let config = try String(contentsOfFile: store + "/config.toml", encoding: .utf8)
        for (text, message) in cases {
            try Self.write(dir + "/h.toml", Data(text.utf8))
            for kind in ["hazard-points", "checklists"] {
                let r = try run(["import", kind, dir + "/h.toml", "--store", store])
                #expect(r.status == 1, "\(kind) \(text)")
                #expect(r.err == message + "\nduty-watch: h.toml: 1 problem; nothing was imported\n")
            }
            // The same in config.toml: commands name the file and line instead of aborting.
            try Self.write(store + "/config.toml", Data((config + text).utf8))
            let configLine = config.split(separator: "\n", omittingEmptySubsequences: false).count - 1 + Int(message.split(separator: ":")[1])!
            for args in [["status"], ["alert", "raise", "--level", "red", "--title", "x"]] {
                let r = try run(args + ["--store", store])
                #expect(r.status == 1)
                #expect(r.err.hasPrefix("duty-watch: \(store)/config.toml:\(configLine): TOML syntax error"), "\(r.err)")
            }
            try Self.write(store + "/config.toml", Data(config.utf8))
            // And as a theme file.
            try Self.write(dir + "/t.toml", Data(text.utf8))
            let theme = try run(["--store", store, "--theme", dir + "/t.toml"])
            #expect(theme.status == 1)
            #expect(theme.err == "duty-watch: t" + message.dropFirst() + "\n")
        }
        #expect(try run(["status", "--store", store]).status == 0)
    }

    @Test func aHugeTitleIsCutWhereItComesInAndSaidSo() throws {
        let store = try Self.newStore()
        let title = String(repeating: "长", count: 30_000)
        let r = try run(["alert", "raise", "--store", store, "--level", "blue", "--title", title])
        #expect(r.status == 0)
        #expect(r.err == "duty-watch: title cut to 200 of its 30000 characters\n")
        let list = try run(["alert", "list", "--store", store])
        #expect(list.out.contains(String(repeating: "长", count: 199) + "…"))
        #expect(list.out.utf8.count < 1_000)
    }

    /// A store on a read-only file system opened showing 已保存.
    @Test(.enabled(if: SyncCommandTests.canMount)) func aStoreOnAReadOnlyDiskSaysSoFromTheStart() throws {
        let dir = TempDir.path("dw-ro")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(SyncCommandTests.sh(["/bin/mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir]) == 0)
        defer { _ = SyncCommandTests.sh(["/bin/umount", "-l", dir]) }
        let store = dir + "/store"
        #expect(try run(["init", "--store", store, "--demo", "--node", "room1"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: store + "/journal/room1.jsonl"))
        #expect(SyncCommandTests.sh(["/bin/mount", "-o", "remount,ro", dir]) == 0)
        let screen = try run(["snapshot", "--store", store, "--size", "120x40"])
        #expect(screen.status == 0, "\(screen.err)")
        let header = screen.out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("只读") && !header.contains("已保存"), "\(header)")
        let raise = try run(["alert", "raise", "--store", store, "--level", "red", "--title", "隧道水浸"])
        #expect(raise.status == 1)
        #expect(raise.err.contains("read-only"), "\(raise.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store + "/journal/room1.jsonl")) == before)
        #expect(SyncCommandTests.sh(["/bin/mount", "-o", "remount,rw", dir]) == 0)
        #expect(try run(["alert", "raise", "--store", store, "--level", "red", "--title", "隧道水浸"]).status == 0)
    }
}
