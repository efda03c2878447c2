import DutyCore
import DutyStore
import Foundation
import Glibc

// The district's consoles writing at once, each in a process of its own, as on the real share.
extension DistrictBench {
    /// Nanoseconds of the wall clock: the one clock every process of the machine shares.
    static func wallNanos() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// The same storm as `write`, but each console in a process of its own and all of them at
    /// once, as consoles on their own machines work: one's fsync waits while another computes.
    /// Their clocks step as the round-robin's do (console i's k-th change at step k·N + i).
    static func writeInProcesses(dir: String, share: String, consoles n: Int, perConsole: Int, syncEvery: Int, cap: Double) throws -> Written {
        var w = Written(consoles: n)
        let (stores, _, offsets) = try setUp(dir: dir, share: share, consoles: n, clock: StormClock(storm.ms))
        w.roots = stores.map(\.root)
        w.nodes = stores.map(\.node)
        // Every child starts at the same moment, once all are spawned and have opened their stores.
        let startAt = wallNanos() + 1_500_000_000
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var runs: [ChildRun?]
            init(_ n: Int) { runs = Array(repeating: nil, count: n) }
        }
        let box = Results(n)
        let group = DispatchGroup()
        for i in 0..<n {
            group.enter()
            let argv = [benchExecutable, "--child-write", stores[i].root, "\(i)", "\(n)", "\(perConsole)", "\(syncEvery)", "\(offsets[i])", "\(startAt)", "\(cap)"]
            Thread {
                let r = runChild(argv, cap: cap + 30)
                box.lock.lock()
                box.runs[i] = r
                box.lock.unlock()
                group.leave()
            }.start()
        }
        group.wait()
        let results = box.runs
        var end: UInt64 = startAt
        for (i, r) in results.enumerated() {
            guard let r, r.status == 0, let line = r.text.split(separator: "\n").last(where: { $0.hasPrefix("wrote ") }) else {
                w.firstRefusal = "console \(i): exit \(results[i]?.status ?? -1): \(results[i]?.text.suffix(300) ?? "")"
                continue
            }
            let f = line.split(separator: " ")
            guard f.count >= 7 else { continue }
            w.changes += Int(f[1]) ?? 0
            w.refused += Int(f[2]) ?? 0
            end = max(end, UInt64(f[4]) ?? 0)
            w.overCap = w.overCap || f[6] == "over"
            w.roundNanos += f.count > 7 ? f[7].split(separator: ",").compactMap { UInt64($0) } : []
            w.records += Int(f[5]) ?? 0
        }
        w.nanos = end - startAt
        w.segments = countSegments(share)
        return w
    }

    /// In the child: console `index` of `n` writes `perConsole` changes from `startAt` (wall
    /// nanoseconds). Prints "wrote changes refused start end seq capped roundNanos,…".
    static func childWrite(_ a: ArraySlice<String>) throws {
        let v = Array(a)
        guard v.count >= 8, let i = Int(v[1]), let n = Int(v[2]), let perConsole = Int(v[3]), let syncEvery = Int(v[4]),
              let offset = Int64(v[5]), let startAt = UInt64(v[6]), let cap = Double(v[7]) else { usage("--child-write: bad arguments") }
        let store = try Store.open(at: v[0], fs: RealFileSystem())
        let registers = DutyRegisters(store.state)
        let clock = StormClock(storm.ms)
        let round = SyncRound(store: store, clock: { Instant(ms: clock.ms + offset) })
        var work = DutyWork(node: store.node, index: i, registers: registers, day: stormDay, leadsRounds: i == 0)
        var rng = SeededRandom(state: 16 &+ UInt64(i))
        let t0 = storm.ms + 60_000
        while wallNanos() < startAt { usleep(1_000) }
        let start = wallNanos()
        var changes = 0, refused = 0, capped = false
        var rounds: [UInt64] = []
        for k in 0..<perConsole {
            clock.ms = t0 + Int64(k * n + i) * 35
            // Any of another console's alerts by its number, noted once this console has it.
            let peer = n > 1 ? (i + 1 + Int(rng.next() % UInt64(n - 1))) % n : i
            let number = 1 + Int(rng.next() % UInt64(max(1, k / 3)))
            let peerAlert = "A-\(stormDay.compact)-\(nodeName(peer))-\(zeroPadded(number, 2))"
            let op = work.next(store.state, peerAlert: peerAlert)
            do {
                try store.append([op], actor: work.actor, at: Instant(ms: clock.ms + offset))
                changes += 1
            } catch {
                refused += 1
            }
            if (k + 1 + i * syncEvery / n) % syncEvery == 0 {
                let t = monotonicNanos()
                _ = round.run()
                rounds.append(monotonicNanos() - t)
            }
            if Double(wallNanos() - start) > cap * 1e9 {
                capped = true
                break
            }
        }
        let end = wallNanos()
        // Whatever is left is published, so the share holds the journal whole (not timed).
        _ = round.run()
        print("wrote \(changes) \(refused) \(start) \(end) \(store.position.seq) \(capped ? "over" : "in") \(rounds.map(String.init).joined(separator: ","))")
    }

    /// This process's CPU time (user + system) so far.
    static func cpuNanos() -> UInt64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return timevalNanos(usage.ru_utime) + timevalNanos(usage.ru_stime)
    }

    /// (b) alone: N consoles writing at once, over `--runs`, with the CPU they spent beside the
    /// wall time (what waits for fsync and what computes, apart).
    static func writing(_ o: CaseOptions) throws {
        caseHeader("--writing-only: N consoles writing at once on one share (issue 15), \(o.records) changes each, sync round every 25 ops")
        let runs = o.runs ?? 3
        let base = Path.join(o.dir, "duty-bench-writing-\(getpid())")
        // Runs are removed together at the end: removing one just before the next would make
        // the next pay for it (ext4 without a journal scans past inodes freed in the last minute
        // on every file it creates, and a run creates thousands).
        defer { if !o.keep { try? FileManager.default.removeItem(atPath: base) } }
        print("stores and shares in \(o.dir) (\(fileSystemName(o.dir)))")
        var rows: [[String]] = []
        for n in o.consoles {
            var rates: [Double] = [], cpus: [Double] = [], lastTenth: [Double] = [], rounds: [UInt64] = []
            var changes = 0, refused = 0
            var apart: [Double] = [], apartRounds: [UInt64] = []
            let load = loadAverage()
            for run in 0..<runs {
                let pdir = "\(base)/p\(n)-\(run)"
                try FileManager.default.createDirectory(atPath: pdir, withIntermediateDirectories: true)
                let p = try writeInProcesses(dir: pdir + "/stores", share: pdir + "/share", consoles: n, perConsole: o.records, syncEvery: 25, cap: o.cap)
                apart.append(Double(p.changes) / (Double(p.nanos) / 1e9))
                apartRounds += p.roundNanos
                print("N=\(n) run \(run + 1), a process each: \(p.changes) changes\(p.overCap ? " (OVER CAP)" : "") in \(fmtMs(Double(p.nanos))), \(String(format: "%.0f/s", apart.last!)); \(p.refused) refused\(p.firstRefusal.map { " (\($0))" } ?? ""); \(p.records) records in \(p.segments) segments")
                let dir = "\(base)/n\(n)-\(run)"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let cpu = cpuNanos()
                let w = try write(dir: dir + "/stores", share: dir + "/share", consoles: n, perConsole: o.records, syncEvery: 25, cap: o.cap)
                cpus.append(Double(cpuNanos() - cpu) / Double(max(1, w.changes)))
                rates.append(Double(w.changes) / (Double(w.nanos) / 1e9))
                lastTenth.append(w.sliceRates.last ?? 0)
                rounds += w.roundNanos
                (changes, refused) = (w.changes, refused + w.refused)
                print("N=\(n) run \(run + 1): \(w.changes) changes\(w.overCap ? " (OVER CAP)" : "") in \(fmtMs(Double(w.nanos))), \(String(format: "%.0f/s", rates.last!)); per tenth \(w.sliceRates.map { String(format: "%.0f", $0) }.joined(separator: " "))")
            }
            let rate = Spread(rates), inProcesses = Spread(apart)
            rows.append([
                "\(n)", "\(changes)", inProcesses.show { String(format: "%.0f/s", $0) }, fmtRatio(inProcesses.median / 1_500),
                Spread(nanos: apartRounds).show { fmtMs($0) },
                rate.show { String(format: "%.0f/s", $0) },
                Spread(lastTenth).show { String(format: "%.0f/s", $0) },
                Spread(cpus).show { String(format: "%.0f µs", $0 / 1e3) }, Spread(nanos: rounds).show { fmtMs($0) }, "\(refused)", load,
            ])
        }
        print("")
        print("N consoles writing at once (\(runs) runs; min / median / max): each in a process of its own, all at once; then all in one process, round-robin (one waits while another's fsync runs; CPU is that process's, per change, rounds included)")
        printTable(["consoles", "changes", "changes/s, a process each", "÷ target 1,500/s", "sync round, a process each",
                    "changes/s, round-robin", "last tenth", "CPU a change", "sync round", "refused", "load at start"], rows)
        print("load (1 min) \(loadAverage()) at end")
    }
}
