import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `--json` output of the real `duty-watch` with a district's worth of open alerts: each run is a
/// fresh process, so start-up, the store's open and the write all count, and its peak memory is
/// its own.
enum JSONBench {
    struct Run {
        var nanos: UInt64
        /// User and system time: on a machine shared with builds, wall time says more about them.
        var cpuNanos: UInt64
        var peakKB: Int
        var bytes: Int
    }

    /// The demo's roster, points and round, then `openAlerts` alerts raised in the hours before
    /// `now`; a quarter acknowledged and a tenth from a publisher, so timelines, acknowledgements
    /// and the nullable times all have work to do.
    static func makeStore(dir: String, openAlerts: Int, now: Instant) throws {
        let fs = RealFileSystem()
        try? FileManager.default.removeItem(atPath: dir)
        try Store.create(at: dir, node: "bench", fs: fs)
        let store = try Store.open(at: dir, fs: fs)
        try store.append(DemoData.entries(now: now.adding(minutes: -openAlerts / 60 - 60), calendar: store.calendar))
        let kinds = ["暴雨", "内涝", "树木倒伏", "燃气泄漏", "交通事故", "火灾", "上级指令", "雷雨大风"]
        var batch: [PendingOp] = []
        for i in 0..<openAlerts {
            let street = Haizhu.streets[i % Haizhu.streets.count]
            let received = now.adding(seconds: Int64(i - openAlerts))
            let id = "A-bench-\(i)"
            var content = AlertContent(id: id, source: "电话报告", kind: kinds[i % kinds.count], level: AlertLevel.allCases[i % 4],
                                       title: "\(street)积水报告 第\(i)号 \"深约40cm\" / 车辆绕行", body: "聚龙大街\t路段积水，已通知交警。\n第二行", street: street)
            if i % 10 == 0 {
                content.sent = received.adding(seconds: -30)
                content.expires = received.adding(minutes: 180)
                content.reality = i % 50 == 0 ? .exercise : .actual
            }
            batch.append(PendingOp(op: .alertRaised(content), actor: "系统", at: received))
            if i % 4 == 1 {
                batch.append(PendingOp(op: .alertAcknowledged(id: id, note: "已电话核实"), actor: "冼嘉怡", at: received.adding(seconds: 1)))
            }
            if batch.count >= 1_000 {
                try store.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.append(batch)
        try store.writeSnapshot()
    }

    /// Runs `binary arguments` with its stdout in `outputPath`; the wall time from spawn to reap
    /// and the child's peak RSS from `wait4`, which `Process` cannot give (it reaps on its own).
    /// Linux carries the spawning process's high-water mark into the child's `ru_maxrss` (glibc
    /// spawns with the parent's memory, and exec keeps that memory's peak), so this is called from
    /// a small launcher process (`--spawn-measure`), never from the bench that built the store.
    static func spawn(_ binary: String, _ arguments: [String], outputPath: String) throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = monotonicNanos()
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw BenchFailure("posix_spawn \(binary): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchFailure("wait4: \(String(cString: strerror(errno)))") }
        }
        let elapsed = monotonicNanos() - start
        // WIFEXITED and WEXITSTATUS are macros Swift does not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchFailure("\(binary) \(arguments.joined(separator: " ")) ended with wait status \(status)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int) ?? 0
        // ru_maxrss is in kilobytes on Linux.
        let cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return Run(nanos: elapsed, cpuNanos: UInt64(cpu) * 1000, peakKB: usage.ru_maxrss, bytes: size)
    }

    /// `spawn` in a fresh launcher, whose own small peak is all the child can inherit.
    static func measured(_ binary: String, _ arguments: [String], outputPath: String) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/")
            ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
        p.arguments = ["--spawn-measure", outputPath, binary] + arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let parts = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard p.terminationStatus == 0, parts.count == 4 else {
            throw BenchFailure("\(binary) \(arguments.joined(separator: " ")) failed under the launcher")
        }
        return Run(nanos: UInt64(parts[0]), cpuNanos: UInt64(parts[1]), peakKB: parts[2], bytes: parts[3])
    }

    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").first.map(String.init) ?? "n/a"
    }

    /// Builds the store, then times each command `runs` times; prints one line per command.
    static func run(dutyWatch: String, dir: String, openAlerts: Int, runs: Int, keep: Bool) throws {
        let now = Instant(ms: 1_780_000_000_000)
        let buildStart = monotonicNanos()
        try makeStore(dir: dir, openAlerts: openAlerts, now: now)
        let calendar = try Store.open(at: dir, fs: RealFileSystem()).calendar
        print("json: store of \(openAlerts) open alerts built in \(ms(monotonicNanos() - buildStart)); load average \(loadAverage())")
        let at = calendar.iso8601(now)
        let commands: [(String, [String])] = [
            ("alert list --json", ["alert", "list", "--json", "--at", at, "--store", dir]),
            ("status --json", ["status", "--json", "--at", at, "--store", dir]),
        ]
        for (name, arguments) in commands {
            let output = dir + "-out.json"
            var results: [Run] = []
            for _ in 0..<runs { results.append(try measured(dutyWatch, arguments, outputPath: output)) }
            // Checked once, outside the timing: a fast run that wrote something else is no result.
            let data = try Data(contentsOf: URL(fileURLWithPath: output))
            _ = try JSONSerialization.jsonObject(with: data)
            try? FileManager.default.removeItem(atPath: output)
            let times = results.map(\.nanos).sorted()
            let peaks = results.map(\.peakKB).sorted()
            print("json: \(name): min \(ms(times.first!)) median \(ms(median(times))) max \(ms(times.last!)); "
                + "CPU median \(ms(median(results.map(\.cpuNanos)))); "
                + "peak RSS min \(mb(peaks.first! * 1024)) max \(mb(peaks.last! * 1024)); \(mb(results[0].bytes)) written; "
                + "load average \(loadAverage())")
        }
        if !keep { try? FileManager.default.removeItem(atPath: dir) }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
