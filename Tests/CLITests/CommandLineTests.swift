import DutyTestSupport
import Foundation
import Testing

/// The `duty-watch` binary beside the test bundle (SwiftPM builds it for this target).
func dutyWatchBinary() throws -> URL {
    let found = TestPaths.dutyWatch()
    guard let path = found.path else {
        throw CLIFailure("duty-watch binary not found (looked at \(found.looked.joined(separator: ", "))); run `swift build` first")
    }
    return URL(fileURLWithPath: path)
}

struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

struct Run {
    var status: Int32
    var out: String
    var err: String
}

func run(_ args: [String], env: [String: String] = [:]) throws -> Run {
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "DUTYWATCH_STORE")
    for (k, v) in env { environment[k] = v }
    let r = try runChild(try dutyWatchBinary(), args, environment: environment)
    return Run(status: r.status, out: String(decoding: r.out, as: UTF8.self), err: String(decoding: r.err, as: UTF8.self))
}

func tempStore() -> String {
    TempDir.path("dw-cli") + "/store"
}

/// A new store (node `room1`) with `csv` imported as its roster.
func storeWithRoster(_ csv: String) throws -> String {
    let store = tempStore()
    #expect(try run(["init", "--store", store, "--node", "room1"]).status == 0)
    let file = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("roster.csv")
    try Data(csv.utf8).write(to: file)
    let imported = try run(["import", "roster", file.path, "--store", store])
    #expect(imported.status == 0, "\(imported.err)")
    return store
}

func journalBytes(_ store: String, node: String) -> Data? {
    FileManager.default.contents(atPath: "\(store)/journal/\(node).jsonl")
}

@Suite struct CommandLineTests {
    @Test func demoStoreReportsWhoIsOnDutyAndChecksClean() throws {
        let store = tempStore()
        let initRun = try run(["init", "--store", store, "--demo", "--node", "room1"])
        #expect(initRun.status == 0, "\(initRun.err)")
        #expect(initRun.out.hasPrefix("created demo store \(store) (node room1): "))

        let status = try run(["status", "--store", store, "--json"])
        #expect(status.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        let onDuty = try #require(json["onDuty"] as? [[String: Any]])
        #expect(onDuty.contains { $0["role"] as? String == "带班领导" })
        #expect(onDuty.contains { $0["role"] as? String == "值班员" })
        #expect(json["leaderOnDuty"] as? Bool == true)
        let open = try #require(json["openAlerts"] as? [String: Any])
        #expect((open["total"] as? Int ?? 0) >= 4)
        #expect(json["checks"] is [String: Any])

        let check = try run(["check", "--store", store, "--digest"])
        #expect(check.status == 0, "\(check.out)")
        let lines = check.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("完好：") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("digest: ") == true && lines.last!.count == "digest: ".count + 64)
    }

    @Test func statusAtAFixedTimeNamesTheNightShift() throws {
        let store = tempStore()
        _ = try run(["init", "--store", store, "--node", "room1"])
        let csv = "日期,开始,结束,岗位,姓名,电话\n2026-12-01,08:30,17:30,带班领导,黎振邦,138 0000 0001\n"
            + "2026-12-01,17:30,08:30,带班领导,司徒建华,138 0000 0003\n2026-12-01,17:30,08:30,值班员,冼嘉怡,138 0000 0004\n"
            + "2026-12-02,08:30,17:30,带班领导,黎振邦,138 0000 0001\n"
        let file = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("roster.csv")
        try Data(csv.utf8).write(to: file)
        let imported = try run(["import", "roster", file.path, "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out == "imported roster.csv: 4 slots, 2026-12-01…2026-12-02 (replacing those dates); read as UTF-8\n")

        let status = try run(["status", "--store", store, "--at", "2026-12-02T03:00:00+08:00", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        let names = (json["onDuty"] as? [[String: Any]])?.compactMap { $0["person"] as? String }
        #expect(names == ["司徒建华", "冼嘉怡"])
        let next = try #require(json["next"] as? [String: Any])
        #expect(next["start"] as? String == "2026-12-02T08:30:00+08:00")
        #expect(json["at"] as? String == "2026-12-02T03:00:00+08:00")

        let zh = try run(["status", "--store", store, "--at", "2026-12-02T03:00:00+08:00"])
        #expect(zh.out.split(separator: "\n", omittingEmptySubsequences: false).prefix(12) == [
            "海珠区应急值守台  2026-12-02 周三 03:00  (Asia/Shanghai)",
            "",
            "当前值班 17:30–次日08:30",
            "  带班领导   司徒建华   138 0000 0003",
            "  值班员     冼嘉怡     138 0000 0004",
            "下一班 08:30 接班（还有5时30分）",
            "  带班领导   黎振邦     138 0000 0001",
            "值班缺口（14天内）2 处",
            "  ！缺口 12-02 08:30–17:30 无值班员",
            // The roster ends with 12-02's day shift: from then on nobody, to the end of the 14th day.
            "  ！缺口 12-02 17:30–12-16 00:00 无带班领导、值班员",
            "",
            "未结警情 0（红 0  橙 0  黄 0  蓝 0  白 0）  未确认 0",
        ])
        let en = try run(["status", "--store", store, "--at", "2026-12-02T03:00:00+08:00", "--lang", "en"])
        #expect(en.out.contains("On duty 17:30–08:30 (+1 day)\n  Leader on duty     司徒建华   138 0000 0003\n"))
        #expect(en.out.contains("Next shift at 08:30 (in 5h30m)\n"))
    }

    @Test func badRosterChangesNothingAndNamesEveryBadRow() throws {
        let store = tempStore()
        _ = try run(["init", "--store", store, "--demo", "--node", "room1"])
        let before = journalBytes(store, node: "room1")
        let csv = "date,start,end,role,name,phone\r\n2026-12-01,08:30,17:30,leader,Li,13800000001\r\n"
            + "2026-12-01,25:00,17:30,officer,Wang,13800000002\r\n2026-12-01,08:30,17:30,officer,,13800000003\r\n"
        let file = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("roster.csv")
        try Data(csv.utf8).write(to: file)
        let r = try run(["import", "roster", file.path, "--store", store])
        #expect(r.status == 1)
        #expect(r.err == "roster.csv:3: start time 25:00 is not a time\nroster.csv:4: name is empty\nduty-watch: roster.csv: 2 problems; nothing was imported\n")
        #expect(journalBytes(store, node: "room1") == before)
    }

    @Test func alertLifecycleThroughTheEnvironmentStore() throws {
        let store = tempStore()
        _ = try run(["init", "--store", store, "--node", "room1"])
        let env = ["DUTYWATCH_STORE": store]
        let raised = try run(["alert", "raise", "--level", "橙", "--title", "聚龙大街积水过膝", "--street", "南华西", "--kind", "内涝"], env: env)
        #expect(raised.status == 0, "\(raised.err)")
        let id = raised.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.range(of: #"^A-\d{8}-room1-\d{2}$"#, options: .regularExpression) != nil)

        #expect(try run(["alert", "ack", id, "--by", "冼嘉怡", "--note", "已核实"], env: env).out == "\(id)：已确认（冼嘉怡）\n")
        let again = try run(["alert", "ack", id, "--by", "冼嘉怡"], env: env)
        #expect(again.status == 1)
        // A Chinese store refuses in Chinese.
        #expect(again.err == "duty-watch: 警情 \(id) 已是“已确认”\n")
        #expect(try run(["alert", "resolve", id, "--by", "司徒建华"], env: env).status == 0)
        #expect(try run(["alert", "list", "--json"], env: env).out.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")

        let all = try run(["alert", "list", "--all", "--json"], env: env)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        let a = list[0]
        #expect(a["id"] as? String == id)
        #expect(a["level"] as? String == "orange")
        #expect(a["status"] as? String == "resolved")
        #expect(a["street"] as? String == "南华西街")
        #expect(a["kind"] as? String == "内涝")
        let history = (a["history"] as? [[String: Any]])?.map { "\($0["event"]!) \($0["by"]!) \($0["text"]!)" }
        #expect(history == ["raised 系统 ", "acknowledged 冼嘉怡 已核实", "resolved 司徒建华 "])
    }

    @Test func mistakesEndWithAMessageAndStatusOne() throws {
        let missing = try run(["status", "--store", "/nonexistent/store"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("is not a DutyWatch store: config.toml is missing"))
        let noStore = try run(["status"])
        #expect(noStore.status == 1)
        #expect(noStore.err == "duty-watch: no store given: pass --store DIR or set DUTYWATCH_STORE\n")

        let store = tempStore()
        _ = try run(["init", "--store", store, "--node", "room1"])
        let level = try run(["alert", "raise", "--store", store, "--level", "purple", "--title", "x"])
        #expect(level.status == 1)
        #expect(level.err == "duty-watch: The value 'purple' is invalid for '--level <level>'. Please provide one of 'red', 'orange', 'yellow', 'blue' or 'white'. (see duty-watch alert raise --help)\n")
        // The Chinese names are understood too; help lists the values.
        #expect(try run(["alert", "raise", "--store", store, "--level", "红色", "--title", "x"]).status == 0)
        let help = try run(["alert", "raise", "--help"]).out
        #expect(help.contains("(values:") && help.contains("red, orange, yellow, blue, white)"))
        #expect(try run(["report", "--help"]).out.contains("(values: md, csv; default: md)"))
        let twice = try run(["init", "--store", store])
        #expect(twice.status == 1)
        #expect(twice.err == "duty-watch: \(store) already holds a store (config.toml exists)\n")
        let badAt = try run(["status", "--store", store, "--at", "yesterday"])
        #expect(badAt.err == "duty-watch: --at yesterday is not a time (ISO 8601, e.g. 2026-12-02T03:00:00+08:00)\n")
    }

    /// Issue 17: a mistake in the arguments themselves is a mistake like any other — one line on
    /// stderr naming the help to read, status 1, nothing on stdout.
    @Test func badArgumentsEndWithOneLineAndStatusOne() throws {
        let lang = try run(["--lang", "fr", "--demo"])
        #expect(lang.status == 1 && lang.out.isEmpty)
        #expect(lang.err == "duty-watch: The value 'fr' is invalid for '--lang <lang>'. Please provide one of 'zh' and 'en'. (see duty-watch console --help)\n")
        let option = try run(["status", "--bogus"])
        #expect(option.status == 1 && option.out.isEmpty)
        #expect(option.err == "duty-watch: Unknown option '--bogus' (see duty-watch status --help)\n")
        let missing = try run(["alert", "raise", "--store", "/nonexistent", "--level", "red"])
        #expect(missing.status == 1)
        #expect(missing.err == "duty-watch: Missing expected argument '--title <title>' (see duty-watch alert raise --help)\n")
        // Asking for help is not a mistake.
        let help = try run(["status", "--help"])
        #expect(help.status == 0 && help.out.contains("USAGE: duty-watch status") && help.err.isEmpty)
    }

    /// Issue 17: help says each option's default once (ArgumentParser adds `(default: …)` itself).
    @Test func helpNeverSaysADefaultTwice() throws {
        for command in [["alert", "raise"], ["import", "roster"], ["snapshot"], ["roster", "gaps"], ["status"], ["console"]] {
            let help = try run(command + ["--help"]).out
            // One option's text runs from its name to the next option's.
            let collapsed = help.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            for option in collapsed.components(separatedBy: " --").dropFirst() {
                let said = option.components(separatedBy: "(default").count - 1
                #expect(said <= 1, "\(command.joined(separator: " ")): --\(option)")
            }
        }
    }

    @Test func versionPrintsTheVersion() throws {
        let version = try run(["--version"])
        #expect(version.status == 0 && version.err.isEmpty)
        #expect(version.out == "0.16.0\n")
    }

    @Test func escapeSequencesInTitlesArePrintedInert() throws {
        let store = tempStore()
        _ = try run(["init", "--store", store, "--node", "room1"])
        _ = try run(["alert", "raise", "--store", store, "--level", "red", "--title", "水浸\u{1B}[2J\u{07}街"])
        let list = try run(["alert", "list", "--store", store])
        #expect(!list.out.contains("\u{1B}"))
        #expect(!list.out.contains("\u{07}"))
        #expect(list.out.contains("水浸^[[2J^G街"))
    }
}
