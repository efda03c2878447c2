import DutyCore
import Foundation
import Synchronization
import Testing
@testable import DutyStore

/// The console's store thread: what it publishes, what an append through it returns, and that
/// the store is the caller's again after `stop`. These wait for a real thread, so they poll with
/// a generous deadline and assert what arrived, never how fast: when the threads look is
/// `WorkerScheduleTests`'.
@Suite struct StoreWorkerTests {
    /// The view is the open alerts' ids: enough to see that it was worked out from the state it
    /// came with.
    typealias Worker = StoreWorker<[String]>

    final class Count: Sendable {
        let value = Mutex(0)
    }

    static func worker(_ f: InboxFixture, derived: Count? = nil) -> Worker {
        Worker(store: f.store, language: .zh, idleWait: .milliseconds(20), publishEvery: .milliseconds(20),
               clock: { InboxFixture.now }, derive: { state in
                   derived?.value.withLock { $0 += 1 }
                   return state.alerts.live.keys.sorted()
               })
    }

    /// The first update that satisfies `ok`, within ten seconds.
    static func await(_ w: Worker, _ ok: (Worker.Update) -> Bool) -> Worker.Update? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let u = w.poll(), ok(u) { return u }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    static let flood = #"{"id":"F-1","source":"110联动","level":"red","kind":"内涝","title":"新港西路隧道水浸","street":"新港街","sent":"2026-06-01T08:00:00+08:00"}"#

    @Test func anInboxFileDroppedWhileRunningIsPublishedWithItsView() throws {
        let f = try InboxFixture()
        let w = Self.worker(f)
        w.start()
        defer { w.stop() }
        try f.drop("flood.json", Self.flood)
        let id = AlertIdentity.json(source: "110联动", id: "F-1")
        let u = try #require(Self.await(w) { $0.state.alerts[id] != nil })
        #expect(u.view == [id])
        #expect(u.state.alerts[id]?.content.title == "新港西路隧道水浸")
        #expect(f.files("done") == ["flood.json"])
    }

    @Test func anotherProcessesAppendIsPublished() throws {
        let f = try InboxFixture()
        let w = Self.worker(f)
        w.start()
        defer { w.stop() }
        // A second handle on the same files stands for `duty-watch alert raise` in a script.
        let other = try Store.open(at: f.root, fs: f.fs)
        try other.append([.alertRaised(AlertContent(id: "S-1", source: "脚本", kind: "内涝", level: .orange, title: "积水", body: "", street: "海珠区"))],
                         actor: "script", at: InboxFixture.now)
        let u = try #require(Self.await(w) { $0.state.alerts["S-1"] != nil })
        #expect(u.view == ["S-1"])
    }

    @Test func anAppendReturnsTheSavedStateAndNoOlderOneFollows() throws {
        let f = try InboxFixture()
        let w = Self.worker(f)
        w.start()
        try f.drop("flood.json", Self.flood)
        let id = AlertIdentity.json(source: "110联动", id: "F-1")
        _ = try #require(Self.await(w) { $0.state.alerts[id] != nil })
        let reply = w.perform([.acknowledge(alert: id, note: "已通知新港街")], actor: "冼嘉怡", at: InboxFixture.now.adding(seconds: 60))
        #expect(reply.error == nil)
        #expect(reply.update.state.alerts[id]?.status == .acknowledged)
        #expect(reply.update.view == [id])
        // Whatever is published after the reply holds the acknowledgement too.
        if let later = w.poll() { #expect(later.state.alerts[id]?.status == .acknowledged) }
        w.stop()
        // Saved for good: a fresh open of the files has it, and the store is usable again.
        #expect(try Store.open(at: f.root, fs: f.fs).state.alerts[id]?.status == .acknowledged)
        try f.store.writeSnapshot()
        // After stop an append is served in place rather than waiting for a thread that is gone.
        let late = w.perform([.resolve(alert: id, note: "积水已退")], actor: "冼嘉怡", at: InboxFixture.now.adding(seconds: 120))
        #expect(late.error == nil && late.update.state.alerts[id]?.status == .resolved)
    }

    @Test func nothingNewMeansNothingPublishedAndNoViewWorkedOut() throws {
        let f = try InboxFixture()
        let derived = Count()
        let w = Self.worker(f, derived: derived)
        w.start()
        // Watching says a look is over; its decision whether to publish comes before quitting.
        #expect(Self.until { w.isWatching })
        w.stop()
        #expect(w.poll() == nil)
        #expect(derived.value.withLock { $0 } == 0)
    }

    @Test func aRefusedFileAloneChangesNothing() throws {
        let f = try InboxFixture()
        let w = Self.worker(f)
        w.start()
        try f.drop("broken.xml", "<alert")
        let deadline = Date().addingTimeInterval(10)
        while f.files("rejected").isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        w.stop()
        #expect(f.files("rejected").contains("broken.xml"))
        #expect(w.poll() == nil)
    }

    /// With a shared directory the worker publishes what is saved here and brings in what the
    /// other consoles published, on its own.
    @Test func theWorkerExchangesWithTheSharedDirectory() throws {
        let (fs, stores) = try SyncTests.cluster(["alpha", "bravo"])
        let (a, b) = (stores[0], stores[1])
        let w = Worker(store: a, language: .zh, idleWait: .milliseconds(20), publishEvery: .milliseconds(20),
                       clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
        w.start()
        defer { w.stop() }
        _ = w.perform([.raise(SyncTests.content("A-1"))], actor: "冼嘉怡", at: InboxFixture.now)
        let deadline = Date().addingTimeInterval(10)
        while !fs.exists(SyncTests.share + "/nodes/alpha/seg/000000000001-000000000001.seg"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(fs.exists(SyncTests.share + "/nodes/alpha/seg/000000000001-000000000001.seg"))
        try b.append([SyncTests.raise("B-1")], actor: "潘俊豪", at: InboxFixture.now)
        _ = SyncTests.sync(b)
        let u = try #require(Self.await(w) { $0.state.alerts["B-1"] != nil })
        #expect(u.view == ["A-1", "B-1"])
        // Each change knows its console, for the timeline's marks.
        #expect(u.state.alerts["A-1"]?.events.map(\.origin) == [Origin(node: "alpha", seq: 1)])
        #expect(u.state.alerts["B-1"]?.events.map(\.origin) == [Origin(node: "bravo", seq: 1)])
        #expect(w.syncStatus?.offline == nil)
        #expect(w.syncStatus?.saved == 1)
        #expect(w.syncStatus?.published == 1)
        // bravo's checkpoint says it has alpha's record: seen.
        while w.syncStatus?.seenBy != ["bravo": 1], Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(w.syncStatus?.seenBy == ["bravo": 1])
        #expect(w.syncStatus?.seen == 1)
        // The share goes away: the worker says so, and since when.
        try fs.remove(SyncTests.share + "/.dutywatch-cluster")
        while w.syncStatus?.offline == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(w.syncStatus?.offlineSince == InboxFixture.now)
        // What a peer said it has is not taken back while the share is away.
        #expect(w.syncStatus?.seenBy == ["bravo": 1])
    }

    /// A share whose server has gone (calls into it never return): the officer's change is
    /// saved all the same, and published once the share answers again.
    @Test func aShareThatHangsNeverHoldsUpASave() throws {
        let (fs, stores) = try SyncTests.cluster(["alpha", "bravo"])
        let w = Worker(store: stores[0], language: .zh, idleWait: .milliseconds(20), publishEvery: .milliseconds(20),
                       clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
        w.start()
        defer {
            fs.stalled.withLock { $0 = nil }
            w.stop()
        }
        #expect(Self.until { w.syncStatus != nil })
        fs.stalled.withLock { $0 = SyncTests.share }
        #expect(Self.until { fs.stalledCalls.withLock { $0 } > 0 }, "a round is waiting on the share")
        let saved = DispatchSemaphore(value: 0)
        let reply = Mutex<Worker.SaveReply?>(nil)
        Thread {
            let r = w.perform([.raise(SyncTests.content("A-1"))], actor: "冼嘉怡", at: InboxFixture.now)
            reply.withLock { $0 = r }
            saved.signal()
        }.start()
        #expect(saved.wait(timeout: .now() + 10) == .success, "the save waited for the share")
        #expect(reply.withLock { $0?.error } == nil)
        #expect(reply.withLock { $0?.update.view } == ["A-1"])
        #expect(fs.stalledCalls.withLock { $0 } > 0, "the round is still waiting")
        #expect(w.syncStatus?.published == 0)
        fs.stalled.withLock { $0 = nil }
        #expect(Self.until { w.syncStatus?.published == 1 })
    }

    /// Quitting does not hang on a share that hangs: the share's thread is left behind.
    @Test func stoppingDoesNotWaitForeverForAShareThatHangs() throws {
        let (fs, stores) = try SyncTests.cluster(["alpha"])
        let w = Worker(store: stores[0], language: .zh, idleWait: .milliseconds(20), publishEvery: .milliseconds(20),
                       clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
        w.start()
        #expect(Self.until { w.syncStatus != nil })
        fs.stalled.withLock { $0 = SyncTests.share }
        #expect(Self.until { fs.stalledCalls.withLock { $0 } > 0 })
        #expect(w.stop(shareWait: .milliseconds(100)) == false)
        fs.stalled.withLock { $0 = nil }
    }

    // MARK: - Woken by changes

    /// A worker that would look only once a minute: what arrives must wake it.
    static func sleepyWorker(_ store: Store) -> Worker {
        Worker(store: store, language: .zh, idleWait: .seconds(60), watchedWait: .seconds(60), publishEvery: .milliseconds(20),
               clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
    }

    /// Until `ok` holds, within ten seconds.
    static func until(_ ok: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !ok(), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        return ok()
    }

    @Test func aPeersSegmentWakesTheWorker() throws {
        let (_, stores) = try SyncTests.cluster(["alpha", "bravo"])
        let (a, b) = (stores[0], stores[1])
        let w = Self.sleepyWorker(a)
        w.start()
        defer { w.stop() }
        #expect(Self.until { w.isWatching })
        // A peer that joins after the worker started, then one more of its segments.
        try b.append([SyncTests.raise("B-1")], actor: "潘俊豪", at: InboxFixture.now)
        _ = SyncTests.sync(b)
        #expect(Self.await(w) { $0.state.alerts["B-1"] != nil } != nil)
        try b.append([SyncTests.raise("B-2")], actor: "潘俊豪", at: InboxFixture.now)
        _ = SyncTests.sync(b)
        #expect(Self.await(w) { $0.state.alerts["B-2"] != nil }?.view == ["B-1", "B-2"])
        // And bravo's checkpoint, saying it has what alpha published.
        _ = w.perform([.raise(SyncTests.content("A-1"))], actor: "冼嘉怡", at: InboxFixture.now)
        #expect(Self.until { w.syncStatus?.published == 1 })
        _ = SyncTests.sync(b)
        #expect(Self.until { w.syncStatus?.seenBy == ["bravo": 1] })
    }

    /// A network share tells no watcher of other machines' writes: the worker looks every
    /// `idleWait` instead.
    @Test func aShareThatCannotBeWatchedIsPolled() throws {
        let (fs, stores) = try SyncTests.cluster(["alpha", "bravo"])
        fs.unwatchable.withLock { _ = $0.insert(SyncTests.share) }
        let w = Worker(store: stores[0], language: .zh, idleWait: .milliseconds(20), watchedWait: .seconds(60), publishEvery: .milliseconds(20),
                       clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
        w.start()
        defer { w.stop() }
        try stores[1].append([SyncTests.raise("B-1")], actor: "潘俊豪", at: InboxFixture.now)
        _ = SyncTests.sync(stores[1])
        #expect(Self.await(w) { $0.state.alerts["B-1"] != nil } != nil)
        #expect(!w.isWatching)
    }

    /// A share that is not mounted (or has lost its marker) is said to be offline, and found at
    /// a later look once it is back (how often it is looked at meanwhile: `WorkerScheduleTests`).
    @Test(arguments: [false, true]) func aShareThatIsGoneIsFoundWhenItIsBack(markerOnly: Bool) throws {
        let (fs, stores) = try SyncTests.cluster(["alpha"])
        let marker = SyncTests.share + "/.dutywatch-cluster"
        let markerBytes = try fs.read(marker)
        var taken: (files: [String: [UInt8]], directories: Set<String>)?
        if markerOnly { try fs.remove(marker) } else { taken = fs.takeAway(SyncTests.share) }
        let w = Worker(store: stores[0], language: .zh, clock: { InboxFixture.now }, derive: { $0.alerts.live.keys.sorted() })
        w.start()
        defer { w.stop() }
        #expect(Self.until { w.syncStatus?.offline != nil })
        #expect(!w.isWatching)
        if let taken { fs.putBack(taken) } else { fs.setContents(marker, markerBytes) }
        #expect(Self.until { w.syncStatus?.offline == nil })
        #expect(w.syncStatus?.offlineSince == nil)
    }

    /// On the disk, through inotify: another process's append, a file in the inbox and a
    /// peer's segment each wake a worker that would otherwise look once a minute.
    @Test func onTheDiskInotifyWakesTheWorker() throws {
        let base = NSTemporaryDirectory() + "dw-watch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let fs = RealFileSystem()
        let share = base + "/share"
        try fs.createDirectory(share)
        let stores = try ["alpha", "bravo"].map { name -> Store in
            try Store.create(at: base + "/" + name, node: name, fs: fs)
            try Store.join(root: base + "/" + name, shared: share, fs: fs)
            return try Store.open(at: base + "/" + name, fs: fs)
        }
        let w = Self.sleepyWorker(stores[0])
        w.start()
        defer { w.stop() }
        #expect(Self.until { w.isWatching })
        // Another process writing into alpha's journal (a script's `alert raise`).
        let other = try Store.open(at: base + "/alpha", fs: fs)
        try other.append([SyncTests.raise("A-SCRIPT")], actor: "脚本", at: InboxFixture.now)
        #expect(Self.await(w) { $0.state.alerts["A-SCRIPT"] != nil } != nil)
        // An alert file written in pieces (curl -o) is looked at once it is closed, not before.
        let path = base + "/alpha/inbox/f.json"
        let writer = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
        #expect(writer >= 0)
        let bytes = Array(Self.flood.utf8)
        #expect(bytes[..<40].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == 40)
        Thread.sleep(forTimeInterval: 0.3)
        // Not refused while still being written. (A look woken by the append above may claim it
        // and put it back unread, so whether it stands at its path at this instant is chance.)
        #expect(!fs.exists(base + "/alpha/inbox/rejected/f.json"), "refused while still being written")
        #expect(!fs.exists(base + "/alpha/inbox/done/f.json"), "taken while still being written")
        #expect(bytes[40...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == bytes.count - 40)
        close(writer)
        #expect(Self.await(w) { $0.state.alerts.live.keys.contains { $0.hasPrefix("J-") } } != nil)
        #expect(fs.exists(base + "/alpha/inbox/done/f.json"))
        try stores[1].append([SyncTests.raise("B-1")], actor: "潘俊豪", at: InboxFixture.now)
        _ = SyncTests.sync(stores[1])
        #expect(Self.await(w) { $0.state.alerts["B-1"] != nil } != nil)
    }

    @Test func networkFileSystemsAreToldFromLocalOnes() {
        #expect(InotifyWatcher.mountType(of: "/") != nil)
        #expect(!InotifyWatcher.isNetworkShare(NSTemporaryDirectory()))
        #expect(InotifyWatcher.mountType(of: "/no/such/folder") == nil)
    }
}
