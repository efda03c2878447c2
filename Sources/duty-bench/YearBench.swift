import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The cases over a busy year's store that run alone: opening with records after the snapshot,
/// the command line's latency, and the console's first frame in a pseudo-terminal.
enum YearBench {
    /// In a child, so that the parent never holds a year: wait4's peak memory of a child
    /// spawned by a big parent is the parent's (the kernel carries the old memory's high-water
    /// mark across exec), and the commands' figures are to be their own.
    /// A busy-year store at `dir` with a snapshot of all of it (a copy of `--year DIR`, or
    /// generated at `--scale`), then `--after N` records of duty work after that snapshot.
    /// Prints "records snapshotSeq nanos".
    static func childYear(dir: String, _ o: CaseOptions) throws {
        let fs = RealFileSystem()
        let start = monotonicNanos()
        let store: Store
        if fs.exists(dir + "/config.toml") {
            store = try Store.open(at: dir, fs: fs)
        } else if let year = o.year {
            try copyTree(year, to: dir)
            store = try Store.open(at: dir, fs: fs)
            try store.writeSnapshot()
        } else {
            try Store.create(at: dir, node: "bench", fs: fs)
            store = try Store.open(at: dir, fs: fs)
            _ = try BusyYear.scaled(o.scale).generate { batch in try store.append(batch) }
            try store.writeSnapshot()
        }
        let snapshotSeq = Int(URL(fileURLWithPath: try newestSnapshot(dir)).deletingPathExtension().lastPathComponent) ?? 0
        var work = DutyWork(node: store.node, index: 0, registers: DutyRegisters(store.state),
                            day: store.calendar.localDate(Instant(ms: store.position.hlc.ms)), numberFrom: store.position.seq)
        // Each op its own fsynced save as at the console, a minute of the store's clock apart.
        while store.position.seq - snapshotSeq < o.after {
            let at = Instant(ms: store.position.hlc.ms + 60_000)
            try store.append([work.next(store.state, peerAlert: nil)], actor: work.actor, at: at)
        }
        print("\(store.position.seq) \(snapshotSeq) \(monotonicNanos() - start)")
    }

    /// Runs `childYear`; returns the store's records and where its snapshot is.
    @discardableResult
    static func prepare(_ o: CaseOptions, dir: String, after: Int = 0) throws -> (records: Int, snapshotSeq: Int) {
        var argv = [benchExecutable, "--child-year", dir, "--scale", "\(o.scale)", "--after", "\(after)"]
        if let year = o.year { argv += ["--year", year] }
        let r = runChild(argv, cap: 3_600)
        let parts = r.text.split(separator: "\n").last?.split(separator: " ").compactMap { Int($0) } ?? []
        guard r.status == 0, parts.count == 3 else { throw BenchFailure("preparing the year: exit \(r.status): \(r.text.suffix(400))") }
        if after == 0 {
            print("year: \(o.year.map { "a copy of \($0)" } ?? "generated at scale \(o.scale)"), \(parts[0]) records, snapshot at \(parts[1]) (\(fmtMs(Double(parts[2]))))")
        }
        return (parts[0], parts[1])
    }

    /// The kind of the journal's last op (`"t":"alertRaised"`), read from its last line.
    static func lastOpName(journal: String) -> String {
        guard let data = FileManager.default.contents(atPath: journal) else { return "?" }
        let lastLine = data.dropLast().split(separator: 0x0A).last.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard let r = lastLine.range(of: #""op":{"t":""#) else { return "?" }
        return String(lastLine[r.upperBound...].prefix { $0 != "\"" })
    }

    static func newestSnapshot(_ dir: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/snapshots").filter { $0.hasSuffix(".snap") }.sorted()
        guard let last = names.last else { throw BenchFailure("\(dir): no snapshot") }
        return "\(dir)/snapshots/\(last)"
    }

    // MARK: - Opening with records after the snapshot

    static func openAfter(_ o: CaseOptions) throws {
        caseHeader("--open-after-only: open from the snapshot with 0, 1 and 1,000 records after it, each open in a fresh child")
        let runs = o.runs ?? 5
        let base = NSTemporaryDirectory() + "duty-bench-open-after-\(getpid())"
        defer { if !o.keep { try? FileManager.default.removeItem(atPath: base) } }
        let dir = base + "/year"
        let (snapshotRecords, snapshotSeq) = try prepare(o, dir: dir)
        let snapshot = try newestSnapshot(dir)
        let snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int) ?? 0
        var rows: [[String]] = []
        var baseline: Double?
        var firstAfter = "–"
        for after in [0, 1, 1_000] {
            let records = after == 0 ? snapshotRecords : try prepare(o, dir: dir, after: after).records
            if after == 1 { firstAfter = lastOpName(journal: "\(dir)/journal/bench.jsonl") }
            // Warm the page cache (the console is opened again and again on a warm machine).
            _ = rawRead(["\(dir)/journal/bench.jsonl", snapshot])
            _ = runChild([benchExecutable, "--child-open", dir, "snapshot"], cap: o.cap)
            var opens: [Double] = [], walls: [Double] = [], peaks: [Double] = [], raws: [Double] = [], warms: [Double] = []
            var from = "?"
            var problem: String?
            for _ in 0..<runs {
                raws.append(Double(rawRead([snapshot])))
                let r = runChild([benchExecutable, "--child-open", dir, "snapshot"], cap: o.cap)
                let parts = r.text.split(separator: "\n").last?.split(separator: " ") ?? []
                guard r.exitedCleanly, parts.count >= 5, let nanos = Double(parts[0]), Int(parts[1]) == records else {
                    problem = r.overCap ? "over cap" : "child: exit \(r.status): \(r.text.suffix(300))"
                    break
                }
                opens.append(nanos)
                walls.append(Double(r.nanos))
                // The child's own high-water mark (VmHWM), which wait4 would mix with this process's.
                peaks.append(Double(parts[2]) ?? 0)
                from = String(parts[4])
                if parts.count >= 6, let warm = Double(parts[5]) { warms.append(warm) }
            }
            if let problem { print("\(after) after: \(problem)") }
            let open = Spread(opens), raw = Spread(raws), warm = Spread(warms)
            if after == 0 { baseline = open.median }
            rows.append([
                "\(after)", open.show { fmtMs($0) }, Spread(walls).show { fmtMs($0) }, fmtMB(peaks.max() ?? 0),
                raw.show { fmtMs($0) }, fmtRatio(open.median / raw.median),
                warm.isEmpty ? "–" : warm.show { fmtMs($0) }, warm.isEmpty ? "–" : fmtRatio(warm.median / raw.median),
                baseline.map { fmtRatio(open.median / $0) } ?? "–",
                from == "-" ? "no (folded the journal)" : "yes", loadAverage(),
            ])
        }
        print("snapshot \(fmtMB(Double(snapshotBytes) / 1024)) at record \(snapshotSeq); \(runs) runs each (min / median / max); open timed inside the child, spawn → exit from the parent")
        printTable(["records after snapshot", "open", "spawn → exit", "peak RSS (max)", "raw read of snapshot", "open ÷ raw read (median)",
                    "open again, same process", "again ÷ raw read", "÷ 0 after", "from snapshot", "load"], rows)
        print("\"open\" is the first open in a fresh process, and pays that process's first use of the Swift runtime's types and the linker's symbols; \"open again\" is the store's own work")
        print("the first record after the snapshot: \(firstAfter); the 1,000: the generator's mix (raises, acknowledgements, notes, 三查 ticks, calls, roster changes)")
        print("targets: open < 300 ms and ≤ 3× the raw read; peak < 150 MB. load (1 min) \(loadAverage()) at end")
    }

    // MARK: - The command line

    static func commands(_ o: CaseOptions) throws {
        caseHeader("--commands-only: the real duty-watch from the shell, on the year store and on a demo store")
        let runs = o.runs ?? 7
        let dw = dutyWatchBinary()
        let base = NSTemporaryDirectory() + "duty-bench-commands-\(getpid())"
        defer { if !o.keep { try? FileManager.default.removeItem(atPath: base) } }
        let year = base + "/year"
        let (yearRecords, _) = try prepare(o, dir: year)
        let demo = base + "/demo"
        let made = runChild([dw, "init", "--store", demo, "--demo"], env: shellEnvironment(), cap: o.cap)
        guard made.status == 0 else { throw BenchFailure("duty-watch init --demo: \(made.text)") }
        // `alert raise` writes: it runs on copies, so the other commands see the stores as made.
        try copyTree(year, to: base + "/year-raise")
        try copyTree(demo, to: base + "/demo-raise")
        let commands: [(String, (String) -> [String])] = [
            ("status", { ["status", "--store", $0] }),
            ("alert list", { ["alert", "list", "--store", $0] }),
            ("alert raise", { ["alert", "raise", "--store", $0 + "-raise", "--level", "yellow", "--title", "南洲街积水报告", "--kind", "内涝", "--street", "南洲街", "--by", "冼嘉怡"] }),
            ("check", { ["check", "--store", $0] }),
            ("roster show", { ["roster", "show", "--store", $0] }),
        ]
        var rows: [[String]] = []
        for (name, args) in commands {
            var times: [String: [Double]] = [:], rss: [String: [Double]] = [:], bytes: [String: Int] = [:]
            var notes: [String] = []
            for (label, dir) in [("year", year), ("demo", demo)] {
                for _ in 0..<runs {
                    let r = runChild([dw] + args(dir), env: shellEnvironment(), cap: o.cap)
                    if r.overCap { notes.append("\(label): over cap"); break }
                    if r.status != 0 { notes.append("\(label): exit \(r.status): \(InertText.line(String(r.text.suffix(160))))") }
                    times[label, default: []].append(Double(r.nanos))
                    rss[label, default: []].append(Double(r.maxRSSKB))
                    bytes[label] = r.output.count
                }
            }
            let y = Spread(times["year"] ?? []), d = Spread(times["demo"] ?? [])
            rows.append([
                name, y.show { fmtMs($0) }, d.show { fmtMs($0) }, fmtRatio(y.median / d.median),
                fmtMB(rss["year"]?.max() ?? 0), fmtMB(rss["demo"]?.max() ?? 0), fmtRatio((rss["year"]?.max() ?? 0) / (rss["demo"]?.max() ?? 1)),
                "\(bytes["year"] ?? 0) / \(bytes["demo"] ?? 0) B", Array(Set(notes)).sorted().joined(separator: "; "), loadAverage(),
            ])
        }
        print("year store: \(yearRecords) records, snapshot at the end; demo store: duty-watch init --demo. \(runs) runs each, spawn → reaped (wait4), output read from a pipe")
        printTable(["command", "year min / p50 / max", "demo min / p50 / max", "year ÷ demo (p50)", "peak RSS year", "peak RSS demo", "RSS ÷", "output year / demo", "notes", "load"], rows)
        print("targets: each within 2× of the demo store; alert raise p50 < 50 ms. load (1 min) \(loadAverage()) at end")
    }

    // MARK: - The console's first frame

    /// Runs `argv` in a pseudo-terminal of 120×40 and reads what it draws until the tab bar (the
    /// header's console name gives way to the signals and countdown, so it is not always drawn)
    /// and, after it, the footer's last word (the bottom row: the whole first frame is out). Returns
    /// the times from spawn to each, and the bytes up to the frame's end.
    static func firstFrame(_ argv: [String], env: [String: String], cap: Double) -> (title: UInt64?, frame: UInt64?, bytes: Int) {
        // Everything the child needs is made before the fork: between fork and exec it may only
        // call exec (other threads of this process may hold the allocator's locks).
        let cArgs = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: argv.count + 1)
        for (i, a) in argv.enumerated() { cArgs[i] = strdup(a) }
        cArgs[argv.count] = nil
        let pairs = env.map { "\($0.key)=\($0.value)" }
        let cEnv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: pairs.count + 1)
        for (i, p) in pairs.enumerated() { cEnv[i] = strdup(p) }
        cEnv[pairs.count] = nil
        defer {
            for i in 0..<argv.count { free(cArgs[i]) }
            for i in 0..<pairs.count { free(cEnv[i]) }
            cArgs.deallocate()
            cEnv.deallocate()
        }
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        var master: Int32 = -1
        let start = monotonicNanos()
        let pid = forkpty(&master, nil, nil, &size)
        if pid == 0 {
            execve(cArgs[0]!, cArgs, cEnv)
            _exit(127)
        }
        guard pid > 0 else { return (nil, nil, 0) }
        let title = Array("1 总览".utf8), footer = Array("退出".utf8)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var titleAt: UInt64?, frameAt: UInt64?
        var titleIndex: Int?
        let deadline = start + UInt64(cap * 1e9)
        while frameAt == nil {
            let now = monotonicNanos()
            if now >= deadline { break }
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(min(1_000, (deadline - now) / 1_000_000 + 1)))
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { continue }
            let n = read(master, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            // EIO: the child is gone and the pty closed.
            guard n > 0 else { break }
            let t = monotonicNanos()
            let from = max(0, output.count - 32)
            output += buffer[0..<n]
            if titleIndex == nil, let i = index(of: title, in: output, from: from) {
                titleIndex = i
                titleAt = t
            }
            if let ti = titleIndex, index(of: footer, in: output, from: max(ti, from)) != nil {
                frameAt = t
            }
        }
        // Killed, not quit: quitting writes a snapshot, and the next run is to find the record
        // after the snapshot still there.
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        close(master)
        return (titleAt.map { $0 - start }, frameAt.map { $0 - start }, output.count)
    }

    static func firstFrames(_ o: CaseOptions) throws {
        caseHeader("--first-frame-only: the real duty-watch in a pseudo-terminal (forkpty, 120×40, TERM=xterm-256color), spawn until the whole first frame is out")
        let runs = o.runs ?? 5
        let dw = dutyWatchBinary()
        let base = NSTemporaryDirectory() + "duty-bench-frame-\(getpid())"
        defer { if !o.keep { try? FileManager.default.removeItem(atPath: base) } }
        let year = base + "/year"
        try prepare(o, dir: year)
        try prepare(o, dir: year, after: 1)
        let demo = base + "/demo"
        let made = runChild([dw, "init", "--store", demo, "--demo"], env: shellEnvironment(), cap: o.cap)
        guard made.status == 0 else { throw BenchFailure("duty-watch init --demo: \(made.text)") }
        var rows: [[String]] = []
        var demoMedian: Double?
        for (label, dir) in [("demo", demo), ("year, 1 record after the snapshot", year)] {
            // One run unmeasured: the binary and the store in the page cache, as on a console in use.
            _ = firstFrame([dw, "--store", dir], env: shellEnvironment(), cap: o.cap)
            var titles: [Double] = [], frames: [Double] = [], bytes = 0, missed = 0
            for _ in 0..<runs {
                let r = firstFrame([dw, "--store", dir], env: shellEnvironment(), cap: o.cap)
                guard let f = r.frame, let t = r.title else {
                    missed += 1
                    continue
                }
                titles.append(Double(t))
                frames.append(Double(f))
                bytes = r.bytes
            }
            let f = Spread(frames)
            if label == "demo" { demoMedian = f.median }
            rows.append([
                label, Spread(titles).show { fmtMs($0) }, f.show { fmtMs($0) }, "\(bytes) B",
                demoMedian.map { fmtRatio(f.median / $0) } ?? "–", missed > 0 ? "\(missed) runs without a frame within \(Int(o.cap)) s" : "", loadAverage(),
            ])
        }
        print("\(runs) runs each (min / median / max), after one unmeasured run")
        printTable(["store", "tab bar seen", "whole first frame", "bytes to the frame's end", "÷ demo (median)", "notes", "load"], rows)
        print("target: first full frame < 150 ms. load (1 min) \(loadAverage()) at end")
    }
}
