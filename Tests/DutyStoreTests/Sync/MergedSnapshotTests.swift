import DutyCore
import Testing
@testable import DutyStore

/// A console with peers opens from a snapshot of everyone's records rather than folding every
/// file again: the snapshot holds what was settled, and where in each file that ends.
@Suite struct MergedSnapshotTests {
    static func ack(_ store: Store, _ rng: inout SeededRandom, step: Int) -> Op? {
        let id = "A-\(rng.next() % 5)"
        guard store.state.alerts[id] != nil else { return nil }
        return switch rng.next() % 4 {
        case 0: .alertAcknowledged(id: id, note: "")
        case 1: .alertNoted(id: id, text: "第\(step)步 \(store.node)")
        case 2: .alertHandling(id: id, note: "")
        default: .alertResolved(id: id, note: "")
        }
    }

    /// Three consoles at work with snapshots every 25 records; at every twentieth step each is
    /// opened again as a new process would: from its snapshot, with the same state as folding
    /// every file from the start.
    @Test(arguments: [11, 12])
    func openingFromAMergedSnapshotGivesTheStateOfEveryFile(seed: UInt64) throws {
        let (fs, s) = try SyncTests.cluster(["alpha", "bravo", "charlie"])
        for store in s { store.snapshotEvery = 25 }
        var rng = SeededRandom(state: seed)
        try s[0].append((0..<5).map { SyncTests.raise("A-\($0)") }, actor: "冼嘉怡", at: SyncTests.t0)
        _ = SyncTests.sync(s[0])
        var fromSnapshot = 0
        for step in 0..<400 {
            let store = s[Int(rng.next() % 3)]
            if rng.next() % 4 == 0 {
                _ = SyncTests.sync(store)
            } else if let op = Self.ack(store, &rng, step: step) {
                // Clocks up to a minute apart: the settled part is rarely everything.
                _ = try? store.append([op], actor: store.node, at: SyncTests.t0.adding(seconds: Int64(step) + Int64(rng.next() % 60)))
            }
            guard step % 20 == 19 else { continue }
            for st in s {
                let reopened = try Store.open(at: st.root, fs: fs)
                let folded = try Store.open(at: st.root, fs: fs, useSnapshot: false)
                #expect(reopened.digest == st.digest, "\(st.node) at step \(step)")
                #expect(folded.digest == st.digest)
                #expect(reopened.peerPositions == st.peerPositions)
                #expect(reopened.position == st.position)
                #expect(reopened.notices == [])
                if reopened.openedFrom != nil, st.hasPeers { fromSnapshot += 1 }
            }
        }
        #expect(fromSnapshot > 30)
        for store in s {
            let report = Store.check(root: store.root, fs: fs)
            #expect(report.problems == [])
            #expect(report.snapshotsChecked > 0)
            #expect(report.digest == store.digest)
        }
    }

    /// A console that worked offline joins late with records from before what the snapshot
    /// settled: opening notices, folds everything again, and loses nothing.
    @Test func aLateConsolesOldRecordsFoldEverythingAgain() throws {
        let (fs, s) = try SyncTests.cluster(["alpha", "bravo", "late"])
        let (alpha, bravo, late) = (s[0], s[1], s[2])
        alpha.snapshotEvery = 5
        try late.append([SyncTests.raise("L-1")], actor: "late", at: SyncTests.t0)
        try alpha.append((0..<3).map { SyncTests.raise("A-\($0)") }, actor: "alpha", at: SyncTests.t0.adding(seconds: 600))
        _ = SyncTests.sync(alpha)
        _ = SyncTests.sync(bravo)
        try bravo.append([.alertAcknowledged(id: "A-0", note: "")], actor: "bravo", at: SyncTests.t0.adding(seconds: 900))
        _ = SyncTests.sync(bravo)
        _ = SyncTests.sync(alpha)
        try alpha.append([.alertNoted(id: "A-1", text: "已派人")], actor: "alpha", at: SyncTests.t0.adding(seconds: 1200))
        try alpha.writeSnapshot()
        #expect(try Store.open(at: alpha.root, fs: fs).openedFrom != nil)
        // Another process of alpha's (`sync --once`) takes the late console in.
        _ = SyncTests.sync(late)
        let other = try Store.open(at: alpha.root, fs: fs)
        other.snapshotEvery = 1_000
        _ = SyncTests.sync(other)
        #expect(other.peerPositions["late"]?.seq == 1)
        let reopened = try Store.open(at: alpha.root, fs: fs)
        #expect(reopened.openedFrom == nil)
        #expect(reopened.notices.map(\.description).contains { $0.contains("everything folded again") })
        #expect(reopened.digest == other.digest)
        #expect(reopened.digest == Store.check(root: alpha.root, fs: fs).digest)
        #expect(reopened.state.alerts["L-1"] != nil)
    }

    /// `check` folds everyone's records to the point a merged snapshot names and compares.
    @Test func checkFindsAMergedSnapshotThatDisagreesWithTheFiles() throws {
        let (fs, s) = try SyncTests.cluster(["alpha", "bravo"])
        try s[1].append([SyncTests.raise("B-1")], actor: "bravo", at: SyncTests.t0)
        _ = SyncTests.sync(s[1])
        try s[0].append([SyncTests.raise("A-1")], actor: "alpha", at: SyncTests.t0.adding(seconds: 60))
        _ = SyncTests.sync(s[0])
        try s[0].writeSnapshot()
        #expect(Store.check(root: s[0].root, fs: fs).problems == [])
        // A snapshot claiming a state the records do not give (written by a faulty build).
        let name = try #require(try fs.list(s[0].root + "/snapshots").first)
        var snap = try Snapshot.decode(try fs.map(s[0].root + "/snapshots/" + name), eager: true) { _ in DutyState() }
        #expect(snap.peers.keys.sorted() == ["bravo"])
        snap.state.apply(SyncTests.raise("GHOST"), OpContext(actor: "x", at: SyncTests.t0, node: "alpha", seq: 99))
        try fs.replaceDurably(s[0].root + "/snapshots/" + name, snap.encode())
        let problems = Store.check(root: s[0].root, fs: fs).problems
        #expect(problems == ["snapshots/\(name): its state differs from everyone's records folded to \(snap.lastFolded.map { "\($0.node) \($0.seq)" } ?? "the start")"])
    }
}
