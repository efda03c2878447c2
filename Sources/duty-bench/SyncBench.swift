import DutyCore
import DutyStore
import Foundation

/// Two consoles on one shared directory on the local disk: how long an op made on one takes to
/// reach the other's store worker (what the screen shows next), and how long a console takes to
/// take in a peer's year.
enum SyncBench {
    struct Figures {
        /// Woken by inotify, as on a local or Syncthing folder.
        var propagationNanos: [UInt64]
        /// Looking every 200 ms, as on a network share (NFS, SMB).
        var polledPropagationNanos: [UInt64]
        var yearRecords: Int
        var publishYearNanos: UInt64
        var takeInYearNanos: UInt64
        /// The console that took the year in: writing its snapshot, then opening from it, and
        /// opening by folding every file.
        var snapshotYearNanos: UInt64
        var openYearNanos: UInt64
        var refoldYearNanos: UInt64
    }

    static func run(dir: String, year: String, now: Instant) throws -> Figures {
        let fs = RealFileSystem()
        let clock: @Sendable () -> Instant = { Instant(Date()) }
        // 1. Propagation between two consoles, woken by inotify and then polling, each pair on a
        // share of its own.
        var times: [[UInt64]] = []
        for (round, watch) in [true, false].enumerated() {
            let (a, b) = ("\(dir)/a\(round)", "\(dir)/b\(round)")
            let share = "\(dir)/share\(round)"
            try fs.createDirectory(share)
            for (root, n) in [(a, "a"), (b, "b")] {
                try Store.create(at: root, node: "bench-\(n)", fs: fs)
                try Store.join(root: root, shared: share, fs: fs)
            }
            times.append(try propagation(from: try Store.open(at: a, fs: fs), to: try Store.open(at: b, fs: fs), watch: watch, clock: clock))
        }

        // 2. A peer's year: the generated year's journal published, then taken in by a new console.
        let share = dir + "/share"
        try fs.createDirectory(share)
        // A year kept from an earlier run joined that run's share, gone now: joined afresh.
        try rejoin(year, share: share, fs: fs)
        let y = try Store.open(at: year, fs: fs)
        var t = monotonicNanos()
        _ = SyncRound(store: y, clock: clock).run()
        let publish = monotonicNanos() - t
        try Store.create(at: dir + "/c", node: "bench-c", fs: fs)
        try Store.join(root: dir + "/c", shared: share, fs: fs)
        let c = try Store.open(at: dir + "/c", fs: fs)
        t = monotonicNanos()
        let r = SyncRound(store: c, clock: clock).run()
        let takeIn = monotonicNanos() - t
        t = monotonicNanos()
        c.snapshotIfDue()
        let snapshot = monotonicNanos() - t
        t = monotonicNanos()
        let opened = try Store.open(at: dir + "/c", fs: fs)
        let open = monotonicNanos() - t
        guard opened.openedFrom != nil else { throw BenchFailure("the console with a peer's year did not open from its snapshot") }
        t = monotonicNanos()
        let refolded = try Store.open(at: dir + "/c", fs: fs, useSnapshot: false)
        let refold = monotonicNanos() - t
        guard refolded.digest == opened.digest else { throw BenchFailure("opening from the merged snapshot gave another state") }
        return Figures(propagationNanos: times[0], polledPropagationNanos: times[1], yearRecords: r.takenIn[y.node] ?? 0, publishYearNanos: publish, takeInYearNanos: takeIn,
                       snapshotYearNanos: snapshot, openYearNanos: open, refoldYearNanos: refold)
    }

    /// Each console's worker running as in the console; an acknowledgement-sized op saved on one
    /// until the other's worker has published a state holding it.
    private static func propagation(from one: Store, to other: Store, watch: Bool, clock: @escaping @Sendable () -> Instant) throws -> [UInt64] {
        let wa = StoreWorker(store: one, language: .zh, watch: watch, clock: clock) { $0.alerts.live.count }
        let wb = StoreWorker(store: other, language: .zh, watch: watch, clock: clock) { $0.alerts.live.count }
        wa.start()
        wb.start()
        defer {
            wa.stop()
            wb.stop()
        }
        var times: [UInt64] = []
        for i in 0..<60 {
            let t = monotonicNanos()
            _ = wa.perform([.raise(AlertContent(id: "P-\(i)", source: "bench", kind: "内涝", level: .red, title: "传播 \(i)",
                                                     body: "", street: "海珠区"))], actor: "bench", at: clock())
            while true {
                if let u = wb.poll(), u.state.alerts["P-\(i)"] != nil { break }
                usleep(1000)
            }
            times.append(monotonicNanos() - t)
            // Ops at random moments of the workers' turns, not in step with them.
            usleep(UInt32.random(in: 50_000...250_000))
        }
        return times
    }
}

/// Joins a store to `share` afresh, as `init --shared` would a store that never had one: whatever
/// share and cluster its config named (a kept store's, gone since) are forgotten first.
func rejoin(_ root: String, share: String, fs: RealFileSystem) throws {
    let configPath = root + "/config.toml"
    let config = String(decoding: try fs.read(configPath), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("shared = ") && !$0.hasPrefix("cluster = ") }.joined(separator: "\n")
    try fs.replaceDurably(configPath, Array(config.utf8))
    try Store.join(root: root, shared: share, fs: fs)
}
