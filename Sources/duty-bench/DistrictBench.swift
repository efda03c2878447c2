import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Issue 15, district scale: N consoles on one shared directory. For each N, the consoles write a
/// storm's duty work at once, round-robin in this process, each running its sync round every 25
/// of its ops; then a fresh console joins the share and takes everything in (in a child of its
/// own, so its time and peak memory are its own and a cap can stop it). Then the same volume from
/// two consoles, published as many small segments and as a few large ones.
enum DistrictBench {
    /// The simulated time of the storm: every console's clock is this plus its own small offset,
    /// so consoles' records interleave as they would in a duty room.
    final class StormClock {
        var ms: Int64
        init(_ ms: Int64) { self.ms = ms }
    }

    struct Console {
        let store: Store
        let round: SyncRound
        var work: DutyWork
        let offsetMs: Int64
        var made = 0
    }

    struct Written {
        var consoles: Int
        var changes = 0
        var refused = 0
        var firstRefusal: String?
        var nanos: UInt64 = 0
        var overCap = false
        /// Changes per second over each tenth of the run: whether writing slows as the share fills.
        var sliceRates: [Double] = []
        /// Each console's sync round while the others write.
        var roundNanos: [UInt64] = []
        /// Records in the consoles' own journals: what a fresh console has to take in.
        var records = 0
        var segments = 0
        var roots: [String] = []
        var nodes: [String] = []
    }

    static let storm = LocalCalendar.shanghai.instant(LocalDate(year: 2026, month: 6, day: 1)!, LocalTime(hour: 8, minute: 0)!)

    static func nodeName(_ i: Int) -> String { i == 0 ? "district" : "street\(zeroPadded(i, 2))" }

    /// N consoles joined to `share` (stores under `dir`), each making `perConsole` changes, a sync
    /// round after every `syncEvery` of its own. Stops at `cap` seconds.
    /// N consoles joined to `share` (stores under `dir`) as `init --shared` does it, the district
    /// room's registers and 三查 round taken in by all of them.
    static func setUp(dir: String, share: String, consoles n: Int, clock: StormClock) throws -> (stores: [Store], registers: DutyRegisters, offsets: [Int64]) {
        let fs = RealFileSystem()
        try fs.createDirectory(dir)
        try fs.createDirectory(share)
        var stores: [Store] = []
        for i in 0..<n {
            let root = "\(dir)/\(nodeName(i))"
            try Store.create(at: root, node: nodeName(i), fs: fs)
            try Store.join(root: root, shared: share, fs: fs)
            stores.append(try Store.open(at: root, fs: fs))
        }
        // The district room loads the registers and opens the 三查 round; every console takes them
        // in with its first round, before the storm's work starts.
        try stores[0].append(DutyRegisters.setupOps(at: storm, calendar: stores[0].calendar))
        var rng = SeededRandom(state: 15)
        let offsets = stores.map { _ in Int64(rng.next() % 1_600) - 800 }
        let rounds = zip(stores, offsets).map { s, offset in SyncRound(store: s, clock: { Instant(ms: clock.ms + offset) }) }
        for r in rounds { _ = r.run() }
        for r in rounds { _ = r.run() }
        return (stores, DutyRegisters(stores[0].state), offsets)
    }

    static let stormDay = LocalDate(year: 2026, month: 6, day: 1)!

    static func write(dir: String, share: String, consoles n: Int, perConsole: Int, syncEvery: Int, cap: Double) throws -> Written {
        let clock = StormClock(storm.ms)
        var w = Written(consoles: n)
        let (stores, registers, offsets) = try setUp(dir: dir, share: share, consoles: n, clock: clock)
        w.roots = stores.map(\.root)
        w.nodes = stores.map(\.node)
        var rng = SeededRandom(state: 16)
        var consoles: [Console] = []
        for (i, s) in stores.enumerated() {
            let offset = offsets[i]
            let round = SyncRound(store: s, clock: { Instant(ms: clock.ms + offset) })
            consoles.append(Console(store: s, round: round, work: DutyWork(node: s.node, index: i, registers: registers, day: stormDay,
                                                                           leadsRounds: i == 0), offsetMs: offset))
        }

        let total = n * perConsole
        let start = monotonicNanos()
        var sliceStart = start, sliceStep = 0
        for step in 0..<total {
            let i = step % n
            // A storm at the district's pace: the rate measured here is hundreds of changes a
            // second, so their stamps are tens of milliseconds apart. (Seconds apart, each console's
            // round every 25 of its changes would stamp its checkpoint half an hour after the
            // last, and the others would stop waiting for it as for a console switched off.)
            clock.ms += 10 + Int64(rng.next() % 50)
            let peer = n > 1 ? (i + 1 + Int(rng.next() % UInt64(n - 1))) % n : i
            // Any of another console's alerts, noted once this console has taken it in.
            let theirs = consoles[peer].work.raised
            let peerAlert = theirs.isEmpty ? nil : theirs[Int(rng.next() % UInt64(theirs.count))]
            let op = consoles[i].work.next(consoles[i].store.state, peerAlert: peerAlert)
            do {
                try consoles[i].store.append([op], actor: consoles[i].work.actor, at: Instant(ms: clock.ms + consoles[i].offsetMs))
                w.changes += 1
            } catch {
                w.refused += 1
                if w.firstRefusal == nil { w.firstRefusal = "\(op.name): \(error)" }
            }
            consoles[i].made += 1
            // Rounds staggered over the consoles, as unsynchronised machines would run them.
            if (consoles[i].made + i * syncEvery / n) % syncEvery == 0 {
                let t = monotonicNanos()
                _ = consoles[i].round.run()
                w.roundNanos.append(monotonicNanos() - t)
            }
            if (step + 1) * 10 / total != step * 10 / total {
                let now = monotonicNanos()
                w.sliceRates.append(Double(step + 1 - sliceStep) / (Double(now - sliceStart) / 1e9))
                (sliceStart, sliceStep) = (now, step + 1)
            }
            if monotonicNanos() - start > UInt64(cap * 1e9) {
                w.overCap = true
                break
            }
        }
        w.nanos = monotonicNanos() - start
        // Whatever is left is published, so the share holds every console's journal whole.
        for c in consoles { _ = c.round.run() }
        w.records = consoles.reduce(0) { $0 + $1.store.position.seq }
        w.segments = countSegments(share)
        return w
    }

    static func countSegments(_ share: String) -> Int {
        let nodes = (try? FileManager.default.contentsOfDirectory(atPath: share + "/nodes")) ?? []
        return nodes.reduce(0) { sum, node in
            sum + ((try? FileManager.default.contentsOfDirectory(atPath: "\(share)/nodes/\(node)/seg")) ?? []).filter { $0.hasSuffix(".seg") }.count
        }
    }

    // MARK: - A fresh console joining

    struct Joined {
        var runs: [ChildRun] = []
        var takeInNanos: [UInt64] = []
        /// The child's CPU time (whole process: joining and opening too, a few ms).
        var cpuNanos: [UInt64] = []
        var records: Int = 0
        var rounds: Int = 0
        var peakKB = 0
        var overCap: Bool { runs.contains { $0.overCap } }
        var failure: String?
    }

    /// In the child: a fresh store joins `share` as `init --shared` does and runs rounds until one
    /// brings nothing new. Prints "roundsNanos records rounds peakKB".
    static func childJoin(share: String, dir: String) throws {
        let fs = RealFileSystem()
        try Store.create(at: dir, node: "fresh", fs: fs)
        try Store.join(root: dir, shared: share, fs: fs)
        let store = try Store.open(at: dir, fs: fs)
        let round = SyncRound(store: store, clock: { Instant(Date()) })
        var taken = 0, rounds = 0
        let start = monotonicNanos()
        while rounds < 1_000 {
            let r = round.run()
            rounds += 1
            for p in r.problems + r.quarantined + r.conflicts { FileHandle.standardError.write(Data("round \(rounds): \(p)\n".utf8)) }
            let n = r.takenIn.values.reduce(0, +)
            taken += n
            if n == 0 { break }
        }
        print("\(monotonicNanos() - start) \(taken) \(rounds) \(peakMemoryKB())")
    }

    static func join(share: String, dir: String, runs: Int, cap: Double, expect: Int) -> Joined {
        var j = Joined()
        for run in 0..<runs {
            let d = "\(dir)/fresh-\(run)"
            let r = runChild([benchExecutable, "--child-join", share, d], cap: cap)
            try? FileManager.default.removeItem(atPath: d)
            // The fresh console left its key and checkpoint on the share: gone again, so the next
            // run joins the same share as a console never seen there.
            try? FileManager.default.removeItem(atPath: "\(share)/nodes/fresh")
            j.runs.append(r)
            if r.overCap { break }
            let line = r.text.split(separator: "\n").last { $0.split(separator: " ").count == 4 && Int($0.split(separator: " ")[0]) != nil }
            guard r.status == 0, let parts = line?.split(separator: " ").compactMap({ Int($0) }), parts.count == 4 else {
                j.failure = "fresh console: exit \(r.status): \(r.text.suffix(400))"
                break
            }
            j.takeInNanos.append(UInt64(parts[0]))
            j.cpuNanos.append(r.cpuNanos)
            j.records = parts[1]
            j.rounds = parts[2]
            // The child's own high-water mark: wait4's would be this process's, consoles and all.
            j.peakKB = max(j.peakKB, parts[3])
            if parts[1] != expect { j.failure = "fresh console took in \(parts[1]) records, the share holds \(expect)" }
        }
        return j
    }

    // MARK: - The same records in large segments

    /// Publishes the written consoles' journals again, whole, on a new share: copies of the stores
    /// leave the old share (as SyncBench does with a kept year) and join the new one, and one
    /// round publishes each journal in segments as large as a round makes them.
    static func republish(_ w: Written, dir: String, share: String) throws -> Int {
        let fs = RealFileSystem()
        try fs.createDirectory(dir)
        try fs.createDirectory(share)
        for root in w.roots {
            let copy = "\(dir)/\(URL(fileURLWithPath: root).lastPathComponent)"
            try copyTree(root, to: copy)
            try rejoin(copy, share: share, fs: fs)
            let s = try Store.open(at: copy, fs: fs)
            _ = SyncRound(store: s, clock: { Instant(Date()) }).run()
        }
        return countSegments(share)
    }

    // MARK: - The case

    static func run(_ o: CaseOptions) throws {
        caseHeader("--consoles-only: N consoles on one share (issue 15), \(o.records) records per console, sync round every 25 ops, cap \(Int(o.cap)) s per part")
        let runs = o.runs ?? 3
        let base = NSTemporaryDirectory() + "duty-bench-district-\(getpid())"
        defer { if !o.keep { try? FileManager.default.removeItem(atPath: base) } }
        var takeRows: [[String]] = []
        var writeRows: [[String]] = []
        var perRecordAtTwo: Double?
        for n in o.consoles {
            let dir = "\(base)/n\(n)"
            let loadBefore = loadAverage()
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            print("N=\(n): load (1 min) \(loadBefore), fsync of a 200-byte append p50 \(fmtMs(fsyncProbe(dir: dir)))")
            let w = try write(dir: dir + "/stores", share: dir + "/share", consoles: n, perConsole: o.records, syncEvery: 25, cap: o.cap)
            let rate = Double(w.changes) / (Double(w.nanos) / 1e9)
            let rounds = Spread(nanos: w.roundNanos)
            print("N=\(n): wrote \(w.changes) changes\(w.overCap ? " (OVER CAP: stopped after \(Int(o.cap)) s)" : "") in \(fmtMs(Double(w.nanos))), \(String(format: "%.0f", rate))/s; \(w.refused) refused\(w.firstRefusal.map { " (first: \($0))" } ?? ""); share: \(w.records) records in \(w.segments) segments")
            let j = join(share: dir + "/share", dir: dir, runs: runs, cap: o.cap, expect: w.records)
            if let f = j.failure { print("N=\(n): \(f)") }
            let take = Spread(nanos: j.takeInNanos)
            let perRecord = take.isEmpty ? Double.nan : take.median / 1e3 / Double(max(1, j.records))
            if n == 2 || perRecordAtTwo == nil { perRecordAtTwo = perRecord }
            let peak = j.peakKB
            print("N=\(n): fresh console: \(j.overCap ? "OVER CAP (\(Int(o.cap)) s)" : "\(j.records) records in \(take.show { fmtMs($0) }) (\(j.rounds) rounds), peak \(fmtMB(Double(peak)))"); load \(loadBefore) → \(loadAverage())")
            takeRows.append([
                "\(n)", "\(w.records)", "\(w.segments)",
                j.overCap && take.isEmpty ? "over cap (> \(Int(o.cap)) s)" : take.show { fmtMs($0) },
                perRecord.isNaN ? "–" : String(format: "%.1f µs", perRecord),
                perRecord.isNaN ? "–" : fmtRatio(perRecord / 20),
                perRecord.isNaN || perRecordAtTwo == nil ? "–" : fmtRatio(perRecord / perRecordAtTwo!),
                Spread(nanos: j.cpuNanos).show { fmtMs($0) }, fmtMB(Double(peak)), loadAverage(),
            ])
            writeRows.append([
                "\(n)", "\(w.changes)\(w.overCap ? " (over cap)" : "")", String(format: "%.0f/s", rate),
                Spread(w.sliceRates).show { String(format: "%.0f", $0) }, fmtRatio(rate / 1_500),
                rounds.show { fmtMs($0) }, "\(w.refused)", loadBefore,
            ])
            if !o.keep { try? FileManager.default.removeItem(atPath: dir) }
        }
        print("")
        print("(a) a fresh console joins the share and takes everything in (\(runs) runs, each in a fresh child; min / median / max)")
        printTable(["consoles", "records", "segments", "take-in", "µs/record (median)", "÷ target 20 µs", "÷ N=2 per record", "child CPU (user+sys)", "peak RSS", "load"], takeRows)
        print("")
        print("(b) N consoles writing at once, round-robin, each with its sync round every 25 ops (rate over the run; over each tenth: min / median / max)")
        printTable(["consoles", "changes", "changes/s", "per tenth", "÷ target 1,500/s", "sync round min / median / max", "refused", "load at start"], writeRows)
        print("")
        try segmentsCase(base: base, o: o, runs: runs)
        print("load (1 min) \(loadAverage()) at end")
    }

    /// (c) The same records as many small segments and as a few large ones; and ≥ 1,000
    /// one-record segments against one segment per console.
    static func segmentsCase(base: String, o: CaseOptions, runs: Int) throws {
        var rows: [[String]] = []
        for (label, perConsole, every) in [("2 consoles, sync every 25 ops", 10 * o.records, 25), ("2 consoles, sync after every op", 500, 1)] {
            let dir = "\(base)/c-\(every)"
            // Only the taking in is measured here: the shares are written on tmpfs where there is
            // one (a round per op waits for a dozen fsyncs on a busy disk), then copied to disk.
            let shm = FileManager.default.isWritableFile(atPath: "/dev/shm")
            let setup = shm ? "/dev/shm/duty-bench-segments-\(getpid())-\(every)" : dir
            defer { if shm { try? FileManager.default.removeItem(atPath: setup) } }
            let w = try write(dir: setup + "/stores", share: setup + "/small", consoles: 2, perConsole: perConsole, syncEvery: every, cap: o.cap * 5)
            print("(c) \(label): wrote \(w.changes) changes\(w.overCap ? " (OVER CAP: stopped after \(Int(o.cap * 5)) s)" : "") in \(fmtMs(Double(w.nanos)))\(shm ? " on tmpfs" : ""); \(w.records) records in \(w.segments) segments")
            let large = try republish(w, dir: setup + "/copies", share: setup + "/large")
            if shm {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try copyTree(setup + "/small", to: dir + "/small")
                try copyTree(setup + "/large", to: dir + "/large")
            }
            let small = join(share: dir + "/small", dir: dir, runs: runs, cap: o.cap, expect: w.records)
            let big = join(share: dir + "/large", dir: dir, runs: runs, cap: o.cap, expect: w.records)
            for f in [small.failure, big.failure].compactMap({ $0 }) { print("(c) \(f)") }
            let perSmall = Spread(nanos: small.takeInNanos).median / 1e3 / Double(max(1, w.records))
            let perLarge = Spread(nanos: big.takeInNanos).median / 1e3 / Double(max(1, w.records))
            for (name, segs, j, per) in [("small segments", w.segments, small, perSmall), ("large segments", large, big, perLarge)] {
                rows.append([
                    "\(label): \(name)", "\(w.records)", "\(segs)", "\(w.records / max(1, segs))",
                    j.takeInNanos.isEmpty ? (j.overCap ? "over cap (> \(Int(o.cap)) s)" : "failed") : Spread(nanos: j.takeInNanos).show { fmtMs($0) },
                    j.takeInNanos.isEmpty ? "–" : String(format: "%.1f µs", per),
                    name == "small segments" && !small.takeInNanos.isEmpty && !big.takeInNanos.isEmpty ? fmtRatio(perSmall / perLarge) : "1.0×",
                    Spread(nanos: j.cpuNanos).show { fmtMs($0) }, loadAverage(),
                ])
            }
            if !o.keep { try? FileManager.default.removeItem(atPath: dir) }
        }
        print("(c) the same records published as small and as large segments, taken in by a fresh console (\(runs) runs; target: small ≤ 3× large per record)")
        printTable(["layout", "records", "segments", "records/segment", "take-in min / median / max", "µs/record (median)", "÷ large, per record", "child CPU (user+sys)", "load"], rows)
    }
}
