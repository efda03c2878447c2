import DutyCore
import DutyStore
import Foundation

/// Two consoles on one shared directory on the local disk: how long an op made on one takes to
/// reach the other's store worker (what the screen shows next), and how long a console takes to
/// take in a peer's year.
enum SyncBench {
    struct Figures {
        var propagationNanos: [UInt64]
        var yearRecords: Int
        var publishYearNanos: UInt64
        var takeInYearNanos: UInt64
    }

    static func run(dir: String, year: String, now: Instant) throws -> Figures {
        let fs = RealFileSystem()
        let clock: @Sendable () -> Instant = { Instant(Date()) }
        let share = dir + "/share"
        try fs.createDirectory(share)
        // 1. Propagation: each console's worker running as in the console; an acknowledgement-sized
        // op saved on one until the other's worker has published a state holding it.
        for n in ["a", "b"] {
            try Store.create(at: "\(dir)/\(n)", node: "bench-\(n)", fs: fs)
            try Store.join(root: "\(dir)/\(n)", shared: share, fs: fs)
        }
        let wa = StoreWorker(store: try Store.open(at: dir + "/a", fs: fs), language: "zh", clock: clock) { $0.alerts.live.count }
        let wb = StoreWorker(store: try Store.open(at: dir + "/b", fs: fs), language: "zh", clock: clock) { $0.alerts.live.count }
        wa.start()
        wb.start()
        var times: [UInt64] = []
        for i in 0..<60 {
            let t = monotonicNanos()
            _ = wa.append([.alertRaised(AlertContent(id: "P-\(i)", source: "bench", kind: "内涝", level: .red, title: "传播 \(i)",
                                                     body: "", street: "海珠区"))], actor: "bench", at: clock())
            while true {
                if let u = wb.poll(), u.state.alerts["P-\(i)"] != nil { break }
                usleep(1000)
            }
            times.append(monotonicNanos() - t)
            // Ops at random moments of the workers' turns, not in step with them.
            usleep(UInt32.random(in: 50_000...250_000))
        }
        wa.stop()
        wb.stop()

        // 2. A peer's year: the generated year's journal published, then taken in by a new console.
        try Store.join(root: year, shared: share, fs: fs)
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
        return Figures(propagationNanos: times, yearRecords: r.takenIn[y.node] ?? 0, publishYearNanos: publish, takeInYearNanos: takeIn)
    }
}
