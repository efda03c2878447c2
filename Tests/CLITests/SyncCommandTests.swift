import DutyTestSupport
import Foundation
import Testing

/// `init --shared` and `sync --once` as scripts and operators use them.
@Suite struct SyncCommandTests {
    /// A folder for the share and two stores beside it.
    static func setUp() throws -> (share: String, a: String, b: String) {
        let base = URL(fileURLWithPath: tempStore()).deletingLastPathComponent().path
        let share = base + "/share"
        try FileManager.default.createDirectory(atPath: share, withIntermediateDirectories: true)
        return (share, base + "/a", base + "/b")
    }

    @Test func twoStoresExchangeThroughTheShare() throws {
        let (share, a, b) = try Self.setUp()
        let ja = try run(["init", "--store", a, "--node", "alpha", "--shared", share])
        #expect(ja.status == 0)
        #expect(ja.out.hasPrefix("joined \(share) (cluster c-"))
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", share]).status == 0)
        let id = try run(["alert", "raise", "--store", a, "--level", "red", "--title", "隧道水浸", "--street", "新港街"]).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let pa = try run(["sync", "--store", a, "--once"])
        #expect(pa.status == 0)
        #expect(pa.out == "published 1 records: 000000000001-000000000001.seg\n")
        let pb = try run(["sync", "--store", b, "--once"])
        #expect(pb.out == "new console alpha: its key is now bound to its name\ntook in 1 records from alpha\n")
        #expect(try run(["alert", "list", "--store", b]).out.contains(id))
        #expect(try run(["sync", "--store", b, "--once"]).out == "nothing new (published through 0; peers: alpha 1)\n")
        let da = try run(["check", "--store", a, "--digest"]).out.split(separator: "\n").last
        let db = try run(["check", "--store", b, "--digest"]).out.split(separator: "\n").last
        #expect(da != nil && da == db)
    }

    static func digest(_ store: String) throws -> Substring? { try run(["check", "--store", store, "--digest"]).out.split(separator: "\n").last }

    /// A second store given a name already publishing on the share published nothing (its numbers
    /// were taken), overwrote the other's checkpoint, and no one said a word.
    @Test func aSecondStoreWithANameInUseIsRefused() throws {
        let (share, a, _) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "x", "--shared", share]).status == 0)
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "一"])
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "二"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        let dup = URL(fileURLWithPath: a).deletingLastPathComponent().path + "/dup"
        let refused = try run(["init", "--store", dup, "--shared", share, "--node", "x"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("the node name x is already used on \(share) by another console (it has published records 1–2)"), "\(refused.err)")
        // Pointed at the share by hand all the same: the round refuses to write under that name.
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: share + "/nodes/x/checkpoint"))
        let config = try String(contentsOfFile: a + "/config.toml", encoding: .utf8)
        try config.write(toFile: dup + "/config.toml", atomically: true, encoding: .utf8)
        _ = try run(["alert", "raise", "--store", dup, "--level", "red", "--title", "三"])
        let round = try run(["sync", "--store", dup, "--once"])
        #expect(round.status == 1)
        #expect(round.err.hasPrefix("duty-watch: CONFLICT: another console publishes as x with another key: two histories of one console"), "\(round.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: share + "/nodes/x/checkpoint")) == checkpoint)
        #expect(try run(["check", "--store", dup]).status == 1)
    }

    /// A store put back from an older backup never got back its own three changes, and its next
    /// change (a red alert) never left it.
    @Test func aStorePutBackFromABackupTakesBackItsOwnRecordsAndGoesOn() throws {
        let (share, a, b) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", share]).status == 0)
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "备份前"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        let backup = URL(fileURLWithPath: a).deletingLastPathComponent().path + "/backup"
        try FileManager.default.copyItem(atPath: a, toPath: backup)
        for t in ["一", "二", "三"] { _ = try run(["alert", "raise", "--store", a, "--level", "yellow", "--title", t]) }
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        try FileManager.default.removeItem(atPath: a)
        try FileManager.default.moveItem(atPath: backup, toPath: a)
        let healed = try run(["sync", "--store", a, "--once"])
        #expect(healed.status == 0)
        #expect(healed.out.hasPrefix("took back 3 of this console's own records from the share"), "\(healed.out)")
        let red = try run(["alert", "raise", "--store", a, "--level", "red", "--title", "隧道水浸"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(red == "A-\(red.dropFirst(2).prefix(8))-alpha-05")
        #expect(try run(["sync", "--store", a, "--once"]).out.hasPrefix("published 1 records"))
        #expect(try run(["sync", "--store", b, "--once"]).status == 0)
        let list = try run(["alert", "list", "--store", b]).out
        for t in ["备份前", "一", "二", "三", "隧道水浸"] { #expect(list.contains(t), "\(t)") }
        #expect(try Self.digest(a) == Self.digest(b))
        #expect(try run(["check", "--store", a]).status == 0)
    }

    /// Put back and changed before it synced: two histories. Nothing is thrown away or published
    /// over the other; the round and `check` say so.
    @Test func aBackupChangedBeforeItSyncedIsAConflictNotALoss() throws {
        let (share, a, _) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "备份前"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        let backup = URL(fileURLWithPath: a).deletingLastPathComponent().path + "/backup"
        try FileManager.default.copyItem(atPath: a, toPath: backup)
        _ = try run(["alert", "raise", "--store", a, "--level", "yellow", "--title", "之后"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        try FileManager.default.removeItem(atPath: a)
        try FileManager.default.moveItem(atPath: backup, toPath: a)
        _ = try run(["alert", "raise", "--store", a, "--level", "red", "--title", "放回后"])
        let round = try run(["sync", "--store", a, "--once"])
        #expect(round.status == 1)
        #expect(round.err.contains("duty-watch: CONFLICT: record 2 of alpha on the share differs from this journal's"), "\(round.err)")
        #expect(try run(["check", "--store", a]).status == 1)
        #expect(try run(["alert", "list", "--store", a]).out.contains("放回后"))

        // Settled: the share's history stays, the local change comes after it, marked restored;
        // every console then holds every change once and the digests agree.
        let settled = try run(["sync", "settle", "--store", a, "--by", "罗惠玲"])
        #expect(settled.status == 0, "\(settled.err)")
        #expect(settled.out == "settled from record 2: kept the share's records 2–2 of this console, re-issued 1 local change after them as restored; the records set aside are in quarantine/settled-alpha-2-2.jsonl\n")
        #expect(try run(["sync", "--store", a, "--once"]).out.hasPrefix("published 1 records: 000000000003-000000000003.seg"))
        let b = URL(fileURLWithPath: a).deletingLastPathComponent().path + "/b"
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", share]).status == 0)
        #expect(try run(["sync", "--store", b, "--once"]).status == 0)
        for store in [a, b] {
            let list = try run(["alert", "list", "--store", store]).out
            for t in ["备份前", "之后", "放回后"] { #expect(list.contains(t), "\(store): \(t)") }
            #expect(try run(["check", "--store", store]).status == 0)
        }
        #expect(try Self.digest(a) == Self.digest(b))
        let json = try run(["alert", "list", "--store", a, "--json"]).out
        #expect(json.contains("\"by\" : \"系统\"") || json.contains("系统"), "the change keeps who made it")
    }

    /// One byte changed in a published segment: quarantined (good), but its writer never
    /// published a good copy, and its later records waited for ever.
    @Test func aDamagedSegmentIsRepublishedAndTakenIn() throws {
        let (share, a, b) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", share]).status == 0)
        for t in ["一", "二", "三"] { _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", t]) }
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        let seg = share + "/nodes/alpha/seg/000000000001-000000000003.seg"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: seg))
        let i = try #require(bytes.firstIndex(of: "一".utf8.first!))
        bytes[i] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: seg))
        let first = try run(["sync", "--store", b, "--once"])
        #expect(first.status == 1)
        #expect(first.err.contains("duty-watch: quarantined quarantine/shared-alpha-000000000001-000000000003.seg: "), "\(first.err)")
        let checkpoint = try String(contentsOfFile: share + "/nodes/bravo/checkpoint", encoding: .utf8)
        #expect(checkpoint.contains("bad alpha 000000000001-000000000003.seg\n"))
        let unsettled = try run(["check", "--store", b])
        #expect(unsettled.status == 1)
        #expect(unsettled.out.contains("problem: quarantine/shared-alpha-000000000001-000000000003.seg: a damaged copy of alpha's records 1–3, not yet replaced"), "\(unsettled.out)")
        // Alpha reads bravo's checkpoint and publishes a good copy beside the damaged one.
        let fix = try run(["sync", "--store", a, "--once"])
        #expect(fix.out.contains("republished 000000000001-000000000003.r1.seg"), "\(fix.out)")
        _ = try run(["alert", "raise", "--store", a, "--level", "red", "--title", "四"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        let healed = try run(["sync", "--store", b, "--once"])
        #expect(healed.out.contains("took in 4 records from alpha"), "\(healed.out)")
        #expect(FileManager.default.fileExists(atPath: seg), "the damaged copy stays as evidence")
        let settled = try run(["check", "--store", b])
        #expect(settled.status == 0, "\(settled.out)")
        #expect(settled.out.contains("note: quarantine/shared-alpha-000000000001-000000000003.seg: a damaged copy of alpha's records 1–3, since replaced by a good one"))
        #expect(try Self.digest(a) == Self.digest(b))
        #expect(!(try String(contentsOfFile: share + "/nodes/bravo/checkpoint", encoding: .utf8)).contains("bad alpha"))
    }

    /// A segment deleted from the share: the records after it waited for ever.
    @Test func aMissingSegmentIsPublishedAgain() throws {
        let (share, a, b) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", share]).status == 0)
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "一"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        _ = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "二"])
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        try FileManager.default.removeItem(atPath: share + "/nodes/alpha/seg/000000000001-000000000001.seg")
        // Waiting for an earlier segment is what a replicator's order also causes: said, not failed.
        let waiting = try run(["sync", "--store", b, "--once"])
        #expect(waiting.status == 0)
        #expect(waiting.out.contains("waiting: alpha: segment 000000000002-000000000002.seg does not follow record 0"), "\(waiting.out)")
        #expect(try run(["sync", "--store", a, "--once"]).out.contains("republished 000000000001-000000000001.seg"))
        #expect(try run(["sync", "--store", b, "--once"]).out.contains("took in 2 records from alpha"))
        #expect(try Self.digest(a) == Self.digest(b))
    }

    /// Two consoles each took a phone report while the share was away; after the sync one report
    /// was gone from both (one id given out twice). Ids carry the console's name now.
    @Test func reportsTakenOnTwoConsolesWhileApartAreBothKept() throws {
        let (share, a, b) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "district", "--shared", share]).status == 0)
        #expect(try run(["init", "--store", b, "--node", "nanzhou", "--shared", share]).status == 0)
        let at = "2026-12-02T02:10:00+08:00"
        let ia = try run(["alert", "raise", "--store", a, "--level", "orange", "--title", "聚龙大街积水", "--at", at]).out
        let ib = try run(["alert", "raise", "--store", b, "--level", "orange", "--title", "新港西路树木倒伏", "--at", at]).out
        #expect(ia == "A-20261202-district-01\n")
        #expect(ib == "A-20261202-nanzhou-01\n")
        for store in [a, b, a] { #expect(try run(["sync", "--store", store, "--once"]).status == 0) }
        for store in [a, b] {
            let list = try run(["alert", "list", "--store", store]).out
            #expect(list.contains("聚龙大街积水") && list.contains("新港西路树木倒伏"), "\(list)")
        }
        let da = try run(["check", "--store", a, "--digest"]).out.split(separator: "\n").last
        let db = try run(["check", "--store", b, "--digest"]).out.split(separator: "\n").last
        #expect(da != nil && da == db)
    }

    /// `sync` without `--once` used to publish only what the journal held when it started: three
    /// `alert raise` from a script while it ran never left the console.
    @Test func theSyncLoopPublishesWhatOtherProcessesAppendWhileItRuns() throws {
        let (share, a, _) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        let loop = Process()
        loop.executableURL = try dutyWatchBinary()
        loop.arguments = ["sync", "--store", a]
        loop.standardOutput = FileHandle.nullDevice
        loop.standardError = FileHandle.nullDevice
        try loop.run()
        defer {
            // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
            kill(loop.processIdentifier, SIGKILL)
            loop.waitUntilExit()
        }
        for title in ["隧道水浸", "树木倒伏", "燃气异味"] {
            #expect(try run(["alert", "raise", "--store", a, "--level", "yellow", "--title", title]).status == 0)
        }
        // A round a second: the three records are on the share within a few rounds.
        let seg = share + "/nodes/alpha/seg"
        var published = 0
        for _ in 0..<100 where published < 3 {
            Thread.sleep(forTimeInterval: 0.1)
            published = ((try? FileManager.default.contentsOfDirectory(atPath: seg)) ?? [])
                .compactMap { Int($0.dropFirst(13).prefix(12)) }.max() ?? 0
        }
        #expect(published == 3)
    }

    @Test func aShareThatIsNotMountedIsOfflineWithStatusOne() throws {
        let (share, a, _) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        try FileManager.default.removeItem(atPath: share + "/.dutywatch-cluster")
        let r = try run(["sync", "--store", a, "--once"])
        #expect(r.status == 1)
        #expect(r.err == "duty-watch: offline: \(share): no .dutywatch-cluster (is the share mounted?)\n" && r.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: share + "/nodes"))
    }

    @Test func anotherClustersShareIsRefused() throws {
        let (share, a, b) = try Self.setUp()
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        let other = URL(fileURLWithPath: share).deletingLastPathComponent().path + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        #expect(try run(["init", "--store", b, "--node", "bravo", "--shared", other]).status == 0)
        let r = try run(["init", "--store", b, "--shared", share])
        #expect(r.status != 0)
        #expect(r.err.contains("belongs to cluster"))
    }

    /// Three stores on one shared directory, each changing the same alerts, round items and roster
    /// slots from its own process at the same time, syncing as it goes: after a last round each,
    /// one digest, and every record of every console present everywhere.
    @Test func threeConsolesInSeparateProcessesConverge() throws {
        let (share, a, b) = try Self.setUp()
        let c = URL(fileURLWithPath: a).deletingLastPathComponent().path + "/c"
        #expect(try run(["init", "--store", a, "--node", "alpha", "--demo", "--shared", share]).status == 0)
        #expect(try run(["sync", "--store", a, "--once"]).status == 0)
        for (store, node) in [(b, "bravo"), (c, "charlie")] {
            #expect(try run(["init", "--store", store, "--node", node, "--shared", share]).status == 0)
            #expect(try run(["sync", "--store", store, "--once"]).status == 0)
        }
        let stores = [a, b, c]
        let runs = try stores.enumerated().map { i, store -> Process in
            let p = Process()
            p.executableURL = try dutyWatchBinary()
            p.arguments = ["stress-sync", "--store", store, "--count", "1200", "--every", "20", "--seed", "\(i + 7)"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in runs { p.waitUntilExit() }
        #expect(runs.map(\.terminationStatus) == [0, 0, 0])
        for _ in 0..<2 { for store in stores { _ = try run(["sync", "--store", store, "--once"]) } }

        let digests = try stores.map { try run(["check", "--store", $0, "--digest"]).out.split(separator: "\n").last.map(String.init) }
        #expect(Set(digests).count == 1, "\(digests)")
        // Every console's records, everywhere: its own journal and the others' copies agree.
        func records(_ path: String) -> Int {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        let own = zip(stores, ["alpha", "bravo", "charlie"]).map { records("\($0)/journal/\($1).jsonl") }
        #expect(own.reduce(0, +) > 2_000, "\(own)")
        for (store, node) in zip(stores, ["alpha", "bravo", "charlie"]) {
            for (other, otherNode) in zip(stores, ["alpha", "bravo", "charlie"]) where other != store {
                #expect(records("\(store)/peers/\(otherNode).jsonl") == records("\(other)/journal/\(otherNode).jsonl"), "\(node) has \(otherNode)")
            }
        }
    }

    // MARK: - A share that is full or read-only (a small tmpfs, where this machine lets us mount)

    static func sh(_ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: args[0])
        p.arguments = Array(args.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static let canMount: Bool = {
        let dir = TempDir.path("dw-mount-probe")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard sh(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]) == 0 else { return false }
        return sh(["/bin/umount", dir]) == 0
    }()

    @Test(.enabled(if: canMount)) func aFullOrReadOnlyShareLosesNothingAndRecovers() throws {
        let (share, a, _) = try Self.setUp()
        #expect(Self.sh(["/bin/mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", share]) == 0)
        defer { _ = Self.sh(["/bin/umount", "-l", share]) }
        #expect(try run(["init", "--store", a, "--node", "alpha", "--shared", share]).status == 0)
        // Full: what is left of the share is less than the records to publish.
        let filler = share + "/filler"
        FileManager.default.createFile(atPath: filler, contents: Data(count: 200 * 1024))
        for i in 0..<40 {
            let r = try run(["alert", "raise", "--store", a, "--level", "blue", "--title", "积水 \(i)", "--body", String(repeating: "路面积水较深，请绕行。", count: 40)])
            #expect(r.status == 0)
        }
        let full = try run(["sync", "--store", a, "--once"])
        #expect(full.status == 1)
        #expect(full.err.hasPrefix("duty-watch: problem: share full: "), "\(full.err)")
        #expect(try run(["alert", "list", "--store", a]).out.split(separator: "\n").count == 40)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: share + "/nodes/alpha/tmp")) ?? [] == [])
        try FileManager.default.removeItem(atPath: filler)

        // Read-only: nothing written, said so; writable again: the backlog goes out.
        #expect(Self.sh(["/bin/mount", "-o", "remount,ro", share]) == 0)
        let ro = try run(["sync", "--store", a, "--once"])
        #expect(ro.status == 1)
        #expect(ro.err.hasPrefix("duty-watch: problem: share read-only: "), "\(ro.err)")
        #expect(Self.sh(["/bin/mount", "-o", "remount,rw", share]) == 0)
        let back = try run(["sync", "--store", a, "--once"])
        #expect(back.status == 0)
        #expect(back.out.hasPrefix("published 40 records: 000000000001-000000000040.seg"), "\(back.out)")
    }
}
