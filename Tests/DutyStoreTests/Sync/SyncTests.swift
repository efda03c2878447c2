import DutyCore
import Foundation
import Testing
@testable import DutyStore

/// Stores exchanging journals through one shared directory, in memory: joining, publishing,
/// taking in, convergence, bad segments, a share that is not there.
@Suite struct SyncTests {
    static let share = "/share/duty"
    static let t0 = Instant(ms: 1_780_000_000_000)

    /// `n` stores joined to one shared directory on one in-memory file system.
    static func cluster(_ names: [String]) throws -> (MemoryFileSystem, [Store]) {
        let fs = MemoryFileSystem()
        try fs.createDirectory(share)
        let stores = try names.map { name -> Store in
            let root = "/stores/\(name)"
            try Store.create(at: root, node: name, fs: fs)
            try Store.join(root: root, shared: share, fs: fs)
            return try Store.open(at: root, fs: fs)
        }
        return (fs, stores)
    }

    static func refusal(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func sync(_ s: Store) -> SyncRound.Report { SyncRound(store: s) { Self.t0 }.run() }

    static func raise(_ id: String, _ level: AlertLevel = .orange) -> Op { .alertRaised(content(id, level)) }

    static func content(_ id: String, _ level: AlertLevel = .orange) -> AlertContent {
        AlertContent(id: id, source: "电话报告", kind: "内涝", level: level, title: "积水 \(id)", body: "", street: "南洲街")
    }

    // MARK: - Keys

    /// A forged segment: a record altered and every hash and link recomputed so the chain looks
    /// whole. Only the signature can tell, and it does.
    @Test func aForgedSegmentIsRefusedByItsSignature() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        try s[0].append([Self.raise("A-1", .red)], actor: "a", at: Self.t0)
        try s[0].append([Self.raise("A-2", .blue)], actor: "a", at: Self.t0)
        _ = Self.sync(s[0])
        let path = Self.share + "/nodes/alpha/seg/000000000001-000000000002.seg"
        let good = try fs.read(path)
        // Re-encode both records with the red alert turned blue, each hash and link made anew.
        var forged: [UInt8] = []
        var prev = JournalRecord.genesis
        for line in good.split(separator: 0x0A) {
            let r = try RecordCodec.decode(Array(line))
            var op = r.op
            if case .alertRaised(var c) = op, c.id == "A-1" {
                c.level = .blue
                c.title = "无事"
                op = .alertRaised(c)
            }
            let (bytes, record) = RecordCodec.encode(node: r.node, seq: r.seq, hlc: r.hlc, wall: r.wall, actor: r.actor, prev: prev, op: op)
            forged += bytes
            prev = record.hash
        }
        #expect(forged != good)
        #expect(SyncRound.quarantineReason(segment: forged, peer: "alpha", first: 1, last: 2) == nil, "framing, hashes and chain all pass")
        fs.setContents(path, forged)
        let r = Self.sync(s[1])
        #expect(r.takenIn.isEmpty)
        #expect(r.quarantined == ["quarantine/shared-alpha-000000000001-000000000002.seg: nodes/alpha/seg/000000000001-000000000002.seg: its signature does not verify with alpha's key (altered, or written by another console as alpha)"])
        #expect(s[1].state.alerts.isEmpty)
    }

    /// Taking in a run of segments checks one signature, the last's, and the chain back from it,
    /// before any of the run is taken. A forger who rewrites an earlier segment and every one
    /// after it (each hash and link made anew) cannot sign the last; one who rewrites only an
    /// earlier segment breaks the link the next one holds. Either way each segment is then
    /// checked alone: the good ones before the forged one are taken in, the forged one is
    /// quarantined by its signature.
    @Test(arguments: [false, true])
    func aForgedSegmentInsideARunIsFound(rewriteTheRest: Bool) throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        for i in 1...3 {
            try s[0].append([Self.raise("A-\(i)", .red)], actor: "a", at: Self.t0)
            _ = Self.sync(s[0])
        }
        let dir = Self.share + "/nodes/alpha/seg/"
        let names = (1...3).map { String(format: "%012d-%012d.seg", $0, $0) }
        var prev = try RecordCodec.decode(Array(try fs.read(dir + names[0]).dropLast())).hash
        for (k, name) in names.enumerated().dropFirst() where k == 1 || rewriteTheRest {
            let r = try RecordCodec.decode(Array(try fs.read(dir + name).dropLast()))
            var op = r.op
            if k == 1, case .alertRaised(var c) = op { c.level = .blue; op = .alertRaised(c) }
            let (bytes, record) = RecordCodec.encode(node: r.node, seq: r.seq, hlc: r.hlc, wall: r.wall, actor: r.actor, prev: prev, op: op)
            fs.setContents(dir + name, bytes)
            prev = record.hash
        }
        let r = Self.sync(s[1])
        #expect(r.takenIn == ["alpha": 1])
        #expect(s[1].state.alerts.live.keys.sorted() == ["A-1"])
        #expect(r.quarantined.count == 1)
        #expect(r.quarantined.first?.contains(names[1]) == true, "\(r.quarantined)")
        #expect(r.quarantined.first?.contains("its signature does not verify with alpha's key") == true, "\(r.quarantined)")
    }

    /// A name first seen with a key is bound to it: the same name with another key later is
    /// refused, and nothing of it is taken in.
    @Test func aNameIsBoundToTheKeyItWasFirstSeenWith() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        try s[0].append([Self.raise("A-1")], actor: "a", at: Self.t0)
        _ = Self.sync(s[0])
        #expect(Self.sync(s[1]).newConsoles == ["alpha"])
        #expect(Self.sync(s[1]).newConsoles == [])
        // Another console writes a key of its own under alpha's name.
        try fs.replaceDurably(Self.share + "/nodes/alpha/key.pub", Array((String(repeating: "ab", count: 32) + "\n").utf8))
        try s[0].append([Self.raise("A-2")], actor: "a", at: Self.t0)
        let r = Self.sync(s[1])
        #expect(r.conflicts == ["alpha now publishes with another key than the one it was first seen with: another console using its name? Nothing of it is taken in."])
        #expect(Store.check(root: "/stores/bravo", fs: fs).isClean == false)
        // And alpha itself refuses to publish under a name whose key is not its own.
        #expect(Self.sync(s[0]).conflicts.first?.hasPrefix("another console publishes as alpha with another key") == true)
    }

    // MARK: - Joining

    @Test func theFirstStoreWritesTheMarkerAndOthersJoinItsCluster() throws {
        let (fs, stores) = try Self.cluster(["alpha", "bravo"])
        let marker = String(decoding: try fs.read(Self.share + "/.dutywatch-cluster"), as: UTF8.self)
        let id = try #require(SharedDirectory(root: Self.share, fs: fs).cluster())
        #expect(marker.contains("cluster = \(id)"))
        #expect(stores.map(\.config.cluster) == [id, id])
        #expect(stores.map(\.config.shared) == [Self.share, Self.share])
        // Joining again is harmless; another cluster's folder is refused with the reason.
        #expect(try Store.join(root: "/stores/alpha", shared: Self.share, fs: fs) == id)
        try fs.createDirectory("/other")
        try fs.replaceDurably("/other/.dutywatch-cluster", Array("cluster = c-0000\n".utf8))
        #expect(Self.refusal { try Store.join(root: "/stores/alpha", shared: "/other", fs: fs) }
            == "/other belongs to cluster c-0000, not to this store's cluster \(id)")
        // A folder with things in it but no marker may be a bare mount point: never written into.
        try fs.createDirectory("/mnt/bare/lost+found")
        #expect(throws: StoreError.self) { try Store.join(root: "/stores/bravo", shared: "/mnt/bare", fs: fs) }
        #expect(!fs.exists("/mnt/bare/.dutywatch-cluster"))
        #expect(Self.refusal { try Store.join(root: "/stores/bravo", shared: "/nowhere", fs: fs) }
            == "/nowhere: the shared directory does not exist (is the share mounted?)")
    }

    // MARK: - Exchange

    @Test func recordsPublishedByOneAreTakenInByTheOther() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        let (a, b) = (s[0], s[1])
        try a.append([Self.raise("A-1", .red)], actor: "冼嘉怡", at: Self.t0)
        try a.append([.alertAcknowledged(id: "A-1", note: "已通知街道")], actor: "冼嘉怡", at: Self.t0.adding(seconds: 30))
        let ra = Self.sync(a)
        #expect(ra.offline == nil && ra.problems == [])
        #expect(ra.published == ["000000000001-000000000002.seg"])
        #expect(fs.exists(Self.share + "/nodes/alpha/seg/000000000001-000000000002.seg"))
        #expect((try fs.list(Self.share + "/nodes/alpha/tmp")).isEmpty)
        // The segment holds alpha's journal lines byte for byte.
        #expect(try fs.read(Self.share + "/nodes/alpha/seg/000000000001-000000000002.seg") == fs.read(a.journalPath))

        let rb = Self.sync(b)
        #expect(rb.takenIn == ["alpha": 2])
        #expect(b.state.alerts["A-1"]?.status == .acknowledged)
        #expect(b.state.alerts["A-1"]?.acknowledgements.map(\.actor) == ["冼嘉怡"])
        #expect(b.peerPositions["alpha"]?.seq == 2)
        // Nothing new: a second round does nothing, and says bravo has none of alpha's yet... until
        // alpha reads bravo's checkpoint: bravo has alpha's two records.
        var quiet = SyncRound.Report()
        quiet.seenBy = ["alpha": 0]
        #expect(Self.sync(b) == quiet)
        #expect(Self.sync(a).seenBy == ["bravo": 2])
        // Acknowledged on both consoles before either saw the other's: both names are kept.
        try a.append([Self.raise("A-2")], actor: "冼嘉怡", at: Self.t0.adding(seconds: 50))
        _ = Self.sync(a)
        _ = Self.sync(b)
        try a.append([.alertAcknowledged(id: "A-2", note: "")], actor: "冼嘉怡", at: Self.t0.adding(seconds: 61))
        try b.append([.alertAcknowledged(id: "A-2", note: "")], actor: "潘俊豪", at: Self.t0.adding(seconds: 60))
        _ = Self.sync(b)
        _ = Self.sync(a)
        _ = Self.sync(b)
        #expect(a.state.alerts["A-2"]?.acknowledgements.map(\.actor) == ["潘俊豪", "冼嘉怡"])
        #expect(b.state.alerts["A-2"] == a.state.alerts["A-2"])
        #expect(a.digest == b.digest)
        #expect(Store.check(root: "/stores/alpha", fs: fs).digest == Store.check(root: "/stores/bravo", fs: fs).digest)
        // A fresh open of either store gives the same state.
        #expect(try Store.open(at: "/stores/bravo", fs: fs).digest == a.digest)
    }

    /// Peers' records are kept as copies, not waited for on disk: a crash may tear the copy's
    /// last line or lose its last lines. Neither hides a record: the torn bytes are cut before
    /// the next append, and what was lost is fetched again from the share, even from inside a
    /// segment whose first records are still here. Every byte of the copy ends as the peer wrote it.
    @Test(arguments: ["torn", "lost"])
    func aCopyOfAPeersRecordsDamagedByACrashIsMadeWholeAgain(damage: String) throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        let a = s[0]
        for (i, id) in ["A-1", "A-2", "A-3"].enumerated() {
            try a.append([Self.raise(id)], actor: "冼嘉怡", at: Self.t0.adding(seconds: Int64(10 * i)))
        }
        _ = Self.sync(a)
        #expect(Self.sync(s[1]).takenIn == ["alpha": 3])
        let copy = "/stores/bravo/peers/alpha.jsonl"
        var bytes = try fs.read(copy)
        if damage == "torn" {
            bytes += Array(#"{"node":"alpha","seq":4,"hl"#.utf8)
        } else {
            // The last record's line gone, as a crash before the copy was synced may leave it.
            bytes.removeLast(1)
            bytes.removeSubrange((bytes.lastIndex(of: 0x0A)! + 1)...)
        }
        try fs.replaceDurably(copy, bytes)
        let b = try Store.open(at: "/stores/bravo", fs: fs)
        #expect(b.state.alerts["A-3"] == nil || damage == "torn")
        try a.append([Self.raise("A-4")], actor: "冼嘉怡", at: Self.t0.adding(seconds: 40))
        _ = Self.sync(a)
        let round = Self.sync(b)
        #expect(round.problems == [] && round.conflicts == [] && round.quarantined == [])
        #expect(round.takenIn == ["alpha": damage == "torn" ? 1 : 2])
        let reopened = try Store.open(at: "/stores/bravo", fs: fs)
        #expect(reopened.state.alerts.live.keys.sorted() == ["A-1", "A-2", "A-3", "A-4"])
        #expect(try fs.read(copy) == fs.read(a.journalPath))
        #expect(reopened.digest == a.digest)
    }

    /// A slot given to two people at once on two consoles keeps both, as a conflict on both
    /// consoles, until a lead gives it again.
    @Test func aSlotGivenTwiceAtOnceIsAConflictUntilALeadSettlesIt() throws {
        let (_, s) = try Self.cluster(["alpha", "bravo"])
        let (a, b) = (s[0], s[1])
        let slot = DutySlot(id: "S-1", date: LocalDate(year: 2026, month: 6, day: 5)!, start: LocalTime(hour: 8, minute: 30)!,
                            end: LocalTime(hour: 17, minute: 30)!, role: .officer, person: "潘俊豪", phone: "138 0000 0014")
        try a.append([.rosterImported(source: "roster.csv", slots: [slot])], actor: "a", at: Self.t0)
        _ = Self.sync(a)
        _ = Self.sync(b)
        try a.append([.slotReassigned(slotID: "S-1", person: "谭雪莹", phone: "1", reason: "送医", from: "潘俊豪")], actor: "陈卫东", at: Self.t0.adding(seconds: 10))
        try b.append([.slotReassigned(slotID: "S-1", person: "苏婉仪", phone: "2", reason: "送医", from: "潘俊豪")], actor: "罗惠玲", at: Self.t0.adding(seconds: 11))
        _ = Self.sync(a)
        _ = Self.sync(b)
        _ = Self.sync(a)
        #expect(a.digest == b.digest)
        #expect(a.state.slotConflicts["S-1"]?.map(\.person) == ["谭雪莹", "苏婉仪"])
        #expect(b.state.slotConflicts == a.state.slotConflicts)
        // The lead settles it: given again by one who saw who is on it now.
        let now = try #require(b.state.slots["S-1"]?.person)
        try b.append([.slotReassigned(slotID: "S-1", person: "谭雪莹", phone: "1", reason: "带班领导确定", from: now)], actor: "罗惠玲", at: Self.t0.adding(seconds: 60))
        _ = Self.sync(b)
        _ = Self.sync(a)
        #expect(a.state.slotConflicts.isEmpty && b.state.slotConflicts.isEmpty)
        #expect(a.state.slots["S-1"]?.person == "谭雪莹")
        #expect(a.digest == b.digest)
        // The conflict survives a snapshot and a fresh open like everything else.
        try a.append([.slotReassigned(slotID: "S-1", person: "黄梓轩", phone: "3", reason: "r", from: "别人")], actor: "a", at: Self.t0.adding(seconds: 90))
        #expect(try Store.open(at: a.root, fs: a.fs).state.slotConflicts == a.state.slotConflicts)
    }

    /// A console whose clock is more than five minutes off is named, with by how much, once its
    /// checkpoint is seen to change (an old checkpoint is no measure of anyone's clock).
    @Test func aClockFarOffIsShown() throws {
        let (_, s) = try Self.cluster(["alpha", "bravo"])
        let (a, b) = (s[0], s[1])
        let ahead = Self.t0.adding(seconds: 7 * 60)
        let ra = SyncRound(store: a) { ahead }
        let rb = SyncRound(store: b) { Self.t0 }
        _ = ra.run()
        #expect(rb.run().skew == [:])
        try a.append([Self.raise("A-1")], actor: "a", at: ahead)
        _ = ra.run()
        #expect(rb.run().skew == ["alpha": 7 * 60_000])
        // bravo took A-1 in and said so: seen from alpha, bravo is seven minutes behind.
        #expect(ra.run().skew == ["bravo": -7 * 60_000])
        // Clocks put right: the next fresh checkpoint clears it.
        let rb2 = SyncRound(store: b) { ahead }
        _ = rb2.run()
        try b.append([.alertAcknowledged(id: "A-1", note: "")], actor: "b", at: ahead)
        _ = rb2.run()
        #expect(ra.run().skew == [:])
    }

    /// A slow clock on one console never puts its answer before the question it saw.
    @Test func aConsoleWithASlowClockStillActsAfterWhatItSaw() throws {
        let (_, s) = try Self.cluster(["alpha", "bravo"])
        let (a, b) = (s[0], s[1])
        try a.append([Self.raise("A-1")], actor: "冼嘉怡", at: Self.t0)
        _ = Self.sync(a)
        _ = Self.sync(b)
        // bravo's clock is ten minutes behind.
        let records = try b.append([.alertResolved(id: "A-1", note: "已处置")], actor: "潘俊豪", at: Self.t0.adding(seconds: -600))
        #expect(records[0].hlc > a.position.hlc)
        _ = Self.sync(b)
        _ = Self.sync(a)
        #expect(a.state.alerts["A-1"]?.status == .resolved)
        #expect(a.digest == b.digest)
    }

    /// Three consoles making changes on the same alerts, exchanging in a random order of rounds:
    /// after a last round everywhere, one state and every record present.
    @Test(arguments: [1, 2, 3])
    func threeConsolesConverge(seed: UInt64) throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo", "charlie"])
        var rng = SeededRandom(state: seed)
        try s[0].append((0..<5).map { Self.raise("A-\($0)") }, actor: "冼嘉怡", at: Self.t0)
        _ = Self.sync(s[0])
        for step in 0..<300 {
            let i = Int(rng.next() % 3)
            let store = s[i]
            if rng.next() % 4 == 0 {
                _ = Self.sync(store)
                continue
            }
            let id = "A-\(rng.next() % 5)"
            guard store.state.alerts[id] != nil else { continue }
            let op: Op = switch rng.next() % 4 {
            case 0: .alertAcknowledged(id: id, note: "")
            case 1: .alertNoted(id: id, text: "第\(step)步 \(store.node)")
            case 2: .alertHandling(id: id, note: "")
            default: .alertResolved(id: id, note: "")
            }
            // Each console's clock runs on its own, up to a minute apart.
            let at = Self.t0.adding(seconds: Int64(step) + Int64(rng.next() % 60))
            _ = try? store.append([op], actor: store.node, at: at)
        }
        for _ in 0..<2 { for store in s { _ = Self.sync(store) } }
        let digests = Set(s.map(\.digest))
        #expect(digests.count == 1)
        let total = s.map(\.position.seq).reduce(0, +)
        for store in s {
            #expect(store.position.seq + store.peerPositions.values.map(\.seq).reduce(0, +) == total)
            #expect(Store.check(root: store.root, fs: fs).digest == store.digest)
        }
    }

    /// The console and a `sync --once` beside it, on one store: a segment is taken in once, and
    /// counted by the one that took it.
    @Test func twoProcessesOfOneStoreTakeASegmentInOnce() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        try s[1].append((0..<4).map { Self.raise("B-\($0)") }, actor: "bravo", at: Self.t0)
        _ = Self.sync(s[1])
        let beside = try Store.open(at: s[0].root, fs: fs)
        let first = Self.sync(beside)
        let second = Self.sync(s[0])
        #expect(first.takenIn == ["bravo": 4])
        #expect(second.takenIn == [:])
        #expect(s[0].peerPositions["bravo"]?.seq == 4)
        #expect(s[0].digest == beside.digest)
        #expect(Store.check(root: s[0].root, fs: fs).records == 0)
        #expect(try fs.read(s[0].root + "/peers/bravo.jsonl") == fs.read(s[1].journalPath))
    }

    // MARK: - Bad segments and a missing share

    @Test func aCorruptSegmentIsQuarantinedAndOtherPeersGoOn() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo", "charlie"])
        try s[0].append([Self.raise("A-1")], actor: "a", at: Self.t0)
        try s[1].append([Self.raise("B-1")], actor: "b", at: Self.t0)
        _ = Self.sync(s[0])
        _ = Self.sync(s[1])
        let path = Self.share + "/nodes/alpha/seg/000000000001-000000000001.seg"
        var bytes = try fs.read(path)
        bytes[bytes.count / 2] ^= 0x01
        fs.setContents(path, bytes)
        // Syncthing's leftovers beside it are never read.
        fs.setContents(Self.share + "/nodes/bravo/seg/.syncthing.000000000002-000000000002.seg.tmp", [1, 2, 3])
        fs.setContents(Self.share + "/nodes/bravo/seg/000000000002-000000000002.sync-conflict-20261129-101500-ABCDEF.seg", [1, 2, 3])

        let r = Self.sync(s[2])
        #expect(r.takenIn == ["bravo": 1])
        #expect(r.quarantined.count == 1)
        // Its signature fails before anything else is read of it.
        #expect(r.quarantined.first == "quarantine/shared-alpha-000000000001-000000000001.seg: nodes/alpha/seg/000000000001-000000000001.seg: its signature does not verify with alpha's key (altered, or written by another console as alpha)")
        let reason = String(decoding: try fs.read("/stores/charlie/quarantine/shared-alpha-000000000001-000000000001.seg.reason"), as: UTF8.self)
        #expect(reason.contains("reason: "))
        #expect(s[2].state.alerts["B-1"] != nil && s[2].state.alerts["A-1"] == nil)
        // Mended (a good copy published again): taken in on the next round.
        fs.setContents(path, try fs.read(s[0].journalPath))
        #expect(Self.sync(s[2]).takenIn == ["alpha": 1])
        #expect(s[2].state.alerts["A-1"] != nil)
    }

    /// A console whose store was restored from an old backup publishes a second history under
    /// its name: the records that differ are never merged, and the alarm shows in the round and in
    /// `check`.
    @Test func theSameRecordWithOtherContentIsAnAlarm() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        try s[0].append([Self.raise("A-1")], actor: "a", at: Self.t0)
        _ = Self.sync(s[0])
        _ = Self.sync(s[1])
        // alpha's journal is lost and made again: record 1 again, different, then record 2.
        try fs.remove(s[0].journalPath)
        try fs.remove(Self.share + "/nodes/alpha/seg/000000000001-000000000001.seg")
        let again = try Store.open(at: "/stores/alpha", fs: fs)
        try again.append([Self.raise("A-9"), Self.raise("A-10")], actor: "a", at: Self.t0.adding(seconds: 5))
        _ = Self.sync(again)
        let r = Self.sync(s[1])
        #expect(r.conflicts == ["alpha: record 1 in 000000000001-000000000002.seg differs from the one taken in before: two histories of one console (restored from an old backup, or two consoles named alpha?). Nothing of it was merged."])
        #expect(s[1].state.alerts["A-9"] == nil && s[1].state.alerts["A-1"] != nil)
        let check = Store.check(root: "/stores/bravo", fs: fs)
        #expect(check.problems.contains { $0.hasPrefix("quarantine/conflict-alpha-000000000001-000000000002.seg: conflict: alpha: record 1") })
    }

    @Test func aTruncatedSegmentIsNotTakenIn() throws {
        let (fs, s) = try Self.cluster(["alpha", "bravo"])
        try s[0].append([Self.raise("A-1"), Self.raise("A-2")], actor: "a", at: Self.t0)
        _ = Self.sync(s[0])
        let path = Self.share + "/nodes/alpha/seg/000000000001-000000000002.seg"
        let bytes = try fs.read(path)
        fs.setContents(path, Array(bytes.prefix(bytes.count - 20)))
        let r = Self.sync(s[1])
        #expect(r.takenIn.isEmpty)
        #expect(r.quarantined.count == 1)
        #expect(s[1].state.alerts.isEmpty)
    }

    @Test func aShareWithoutItsMarkerIsOfflineAndNeverWrittenInto() throws {
        let (fs, s) = try Self.cluster(["alpha"])
        try fs.remove(Self.share + "/.dutywatch-cluster")
        try s[0].append([Self.raise("A-1")], actor: "a", at: Self.t0)
        let r = Self.sync(s[0])
        #expect(r.offline == "\(Self.share): no .dutywatch-cluster (is the share mounted?)")
        #expect(!fs.exists(Self.share + "/nodes/alpha/seg"))
        // Back: the backlog is published.
        try fs.replaceDurably(Self.share + "/.dutywatch-cluster", Array("cluster = \(s[0].config.cluster)\n".utf8))
        #expect(Self.sync(s[0]).publishedRecords == 1)
    }

    // MARK: - Order

    /// Seeded random records from three consoles, delivered in 1,000 shuffled orders with
    /// duplicates: one state.
    @Test func anyOrderOfArrivalGivesOneState() throws {
        var rng = SeededRandom(state: 42)
        let records = Self.randomRecords(&rng)
        let reference = stateDigest(JournalRecord.fold(records))
        for _ in 0..<1_000 {
            var delivered = records.shuffled(using: &rng)
            delivered += delivered.prefix(Int(rng.next() % 40))
            #expect(stateDigest(JournalRecord.fold(delivered.shuffled(using: &rng))) == reference)
        }
    }

    /// The fold kept up to date as each console's records arrive in sequence, in batches from
    /// consoles taking turns at random, is at every step the fold of what has arrived.
    @Test(arguments: [5, 6, 7])
    func theIncrementalFoldIsTheFoldOfWhatArrived(seed: UInt64) throws {
        var rng = SeededRandom(state: seed)
        let records = Self.randomRecords(&rng)
        var queues = Dictionary(grouping: records, by: \.node).mapValues { $0.sorted { $0.seq < $1.seq } }
        var merge = MergeFold([])
        var arrived: [JournalRecord] = []
        while let node = queues.keys.sorted().filter({ !queues[$0]!.isEmpty }).randomElement(using: &rng) {
            let n = 1 + Int(rng.next() % 8)
            let batch = Array(queues[node]!.prefix(n))
            queues[node]!.removeFirst(batch.count)
            arrived += batch
            // A batch again now and then: duplicates change nothing.
            let delivered = rng.next() % 5 == 0 ? batch + batch : batch
            if !merge.add(delivered) { merge = MergeFold(arrived) }
            #expect(stateDigest(merge.state) == stateDigest(JournalRecord.fold(arrived)))
        }
        #expect(arrived.count == records.count)
    }

    /// Every console's records cut into segments of any size, the segments arriving in any order
    /// that keeps each console's in sequence, as a round takes them in (several consoles' at
    /// once, or one by one): the same digest every time, no fold of everything again, and each
    /// record folded into the kept part exactly once. The consoles on the share are known (their
    /// checkpoints say so), and at the end each says a floor past all its records.
    @Test(arguments: [11, 12, 13, 14])
    func anyOrderAndAnyCutFoldsEachRecordOnce(seed: UInt64) throws {
        var rng = SeededRandom(state: seed)
        let records = Self.randomRecords(&rng)
        let reference = stateDigest(JournalRecord.fold(records))
        let nodes = Set(records.map(\.node))
        for _ in 0..<50 {
            var segments = Dictionary(grouping: records, by: \.node).mapValues { all -> [[JournalRecord]] in
                var cut: [[JournalRecord]] = []
                var rest = all.sorted { $0.seq < $1.seq }[...]
                while !rest.isEmpty {
                    let n = rng.next() % 3 == 0 ? 1 : 1 + Int(rng.next() % 25)
                    cut.append(Array(rest.prefix(n)))
                    rest = rest.dropFirst(n)
                }
                return cut
            }
            var merge = MergeFold([])
            merge.update(MergeFold.Frontier(known: nodes))
            var arrived = 0
            while let node = segments.keys.sorted().filter({ !segments[$0]!.isEmpty }).randomElement(using: &rng) {
                // A round takes one to three segments in together, from one console or several.
                var round = segments[node]!.removeFirst()
                if rng.next() % 2 == 0, let other = segments.keys.sorted().filter({ !segments[$0]!.isEmpty }).randomElement(using: &rng) {
                    round += segments[other]!.removeFirst()
                }
                arrived += round.count
                let inOrder = merge.add(round)
                #expect(inOrder, "a record sorted before what had settled")
            }
            #expect(arrived == records.count)
            #expect(stateDigest(merge.state) == reference)
            let end = records.map(\.hlc).max()!
            merge.update(MergeFold.Frontier(floors: Dictionary(uniqueKeysWithValues: nodes.map { ($0, MergeKey.floor(end)) }), known: nodes))
            #expect(merge.settledFolds == records.count)
            #expect(stateDigest(merge.stableState) == reference)
        }
    }

    /// Records that arrive among unsettled ones they share no part of the state with (each
    /// console working its own alerts) are folded where they land: nothing is folded again, and
    /// the state is the fold of everything in the one order. One that shares an alert with a
    /// record folded after it makes the unsettled part fold again.
    @Test func recordsThatCommuteAreNotFoldedAgain() throws {
        func record(_ node: String, _ seq: Int, _ ms: Int64, _ op: Op, prev: String) -> JournalRecord {
            RecordCodec.encode(node: node, seq: seq, hlc: HLC(ms: ms, counter: 0), wall: Instant(ms: ms), actor: node, prev: prev, op: op).1
        }
        var a: [JournalRecord] = [], b: [JournalRecord] = []
        for i in 1...20 {
            a.append(record("alpha", i, 1_000 + Int64(i) * 10, i == 1 ? Self.raise("A") : .alertNoted(id: "A", text: "a\(i)"),
                            prev: a.last?.hash ?? JournalRecord.genesis))
            b.append(record("bravo", i, 1_005 + Int64(i) * 10, i == 1 ? Self.raise("B") : .alertNoted(id: "B", text: "b\(i)"),
                            prev: b.last?.hash ?? JournalRecord.genesis))
        }
        var merge = MergeFold([])
        merge.update(MergeFold.Frontier(known: ["alpha", "bravo"]))
        // alpha's twenty first, then bravo's, which sort among them.
        let added = [merge.add(a), merge.add(Array(b.prefix(10))), merge.add(Array(b.dropFirst(10)))]
        #expect(added == [true, true, true])
        #expect(merge.refoldedRecords == 0)
        #expect(stateDigest(merge.state) == stateDigest(JournalRecord.fold(a + b)))
        // A third console's note on bravo's alert, stamped before bravo's last (the one record not
        // yet settled): they share the alert, so the unsettled part is folded again.
        let late = record("charlie", 1, 1_202, .alertNoted(id: "B", text: "c"), prev: JournalRecord.genesis)
        let lateAdded = merge.add([late])
        #expect(lateAdded)
        #expect(merge.refoldedRecords > 0)
        #expect(stateDigest(merge.state) == stateDigest(JournalRecord.fold(a + b + [late])))
    }

    /// A street console that wrote once and has been quiet since (the night): its checkpoint's
    /// floor moves with what it takes in, so the others settle past its one record; before
    /// floors, everything after that record stayed unsettled and was folded again with every
    /// arrival out of order.
    @Test func aQuietConsoleDoesNotHoldBackWhatSettles() throws {
        let (_, s) = try Self.cluster(["alpha", "bravo", "quiet"])
        let rounds = s.map { store in SyncRound(store: store) { Self.t0 } }
        try s[2].append([Self.raise("Q-1")], actor: "街道", at: Self.t0)
        for r in rounds { _ = r.run() }
        var written = 1
        for step in 0..<10 {
            for (i, name) in ["A", "B"].enumerated() {
                try s[i].append([Self.raise("\(name)-\(step)")], actor: name, at: Self.t0.adding(seconds: Int64(60 * step + i)))
                written += 1
            }
            for r in rounds { _ = r.run() }
        }
        for r in rounds { _ = r.run() }
        // Everyone holds everything; all but what the last round could not yet vouch for is
        // settled, each record once.
        #expect(s.allSatisfy { $0.state.alerts.live.count == written })
        #expect(s[0].settledFolds >= written - 2, "alpha settled \(s[0].settledFolds) of \(written)")
        #expect(s[0].settledFolds <= written)
        #expect(Set(s.map(\.digest)).count == 1)
    }

    /// Sixty records from each of three consoles on six alerts, clocks up to five minutes apart.
    static func randomRecords(_ rng: inout SeededRandom) -> [JournalRecord] {
        var records: [JournalRecord] = []
        for node in ["alpha", "bravo", "charlie"] {
            var prev = JournalRecord.genesis
            var hlc = HLC.zero
            for seq in 1...60 {
                let id = "A-\(rng.next() % 6)"
                let op: Op = switch rng.next() % 6 {
                case 0: Self.raise(id, AlertLevel.allCases[Int(rng.next() % 4)])
                case 1: .alertAcknowledged(id: id, note: node)
                case 2: .alertHandling(id: id, note: "")
                case 3: .alertResolved(id: id, note: "")
                case 4: .alertReopened(id: id, note: "再次积水")
                default: .alertNoted(id: id, text: "\(node) \(seq)")
                }
                hlc = hlc.next(now: Self.t0.adding(seconds: Int64(rng.next() % 300)))
                let (_, r) = RecordCodec.encode(node: node, seq: seq, hlc: hlc, wall: Instant(ms: hlc.ms), actor: node, prev: prev, op: op)
                prev = r.hash
                records.append(r)
            }
        }
        return records
    }
}

/// Segment names as the share holds them: read byte by byte, anything else is not a segment.
@Suite struct SegmentNameTests {
    @Test func segmentNamesAreReadExactly() {
        typealias S = SharedDirectory.Segment
        #expect(S.parse("000000000001-000000000025.seg") == S(first: 1, last: 25))
        #expect(S.parse("000000000026-000000000026.r2.seg") == S(first: 26, last: 26, revision: 2))
        #expect(S.parse("000000000026-000000000030.r12.seg")?.revision == 12)
        for bad in ["000000000001-000000000025.se", "00000000001-0000000000250.seg", "000000000000-000000000001.seg",
                    "000000000005-000000000004.seg", "00000000000a-000000000025.seg", "000000000001_000000000025.seg",
                    "000000000001-000000000025.r0.seg", "000000000001-000000000025.r01.seg", "000000000001-000000000025.r.seg",
                    "000000000001-000000000025.x2.seg", "000000000001-000000000025.r-2.seg", "000000000001-000000000025.seg.tmp",
                    "000000000001-000000000025.r1234567890.seg", "٠٠٠٠٠٠٠٠٠٠٠١-000000000025.seg", ""] {
            #expect(S.parse(bad) == nil, "\(bad)")
        }
        for s in [S(first: 1, last: 1), S(first: 123, last: 4_567, revision: 3)] { #expect(S.parse(s.name) == s) }
    }
}
