import DutyCore
import Foundation

/// The store on a thread of its own, for the console, so the key loop never waits for the disk,
/// the inbox or the working out of a big queue: between requests the thread picks up what other
/// processes saved, takes the inbox in batch by batch, and publishes each new state with
/// `derive`'s view of it; the key loop collects the newest with `poll`, which never waits.
/// Appends are the one thing the key loop waits for: the officer's own change must be saved
/// before the screen says so. With a shared directory a second thread exchanges with it; the
/// two take turns with the store under one lock, held by the share's thread only around each
/// touch of the store. When each thread does what is `WorkerSchedule`'s to say: the threads ask
/// it for a turn, carry the turn out and tell it what they found.
public final class StoreWorker<View: Sendable>: @unchecked Sendable {
    public struct Update: Sendable {
        public let state: DutyState
        public let view: View
    }

    /// What a save did, and the state after it.
    public struct SaveReply: Sendable {
        /// Nil when saved; else why not, and the store's read-only reason when it has one.
        public let error: StoreError?
        public let readOnlyReason: String?
        public let update: Update
    }

    private let store: Store
    private let inbox: Inbox
    private let clock: @Sendable () -> Instant
    private let derive: @Sendable (DutyState) -> View
    private var watcher: DirectoryWatcher?
    private let watch: Bool

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var schedule: WorkerSchedule<Request>
    private var latest: Update?
    /// The update the key loop holds, and the ones it has let go of. The worker drops those
    /// itself: freeing a view of thousands of alerts is milliseconds of work, and done on the
    /// key loop's thread it would also contend for the allocator with this one.
    private var handedOut: Update?
    private var retired: [Update] = []
    private var running = false
    /// Held around each use of the store: the store thread's, and the share thread's brief
    /// touches (never around the share's own reads and writes, which may be slow).
    private let storeLock = NSLock()
    private let shareFinished = DispatchSemaphore(value: 0)
    private var filesTaken = 0
    /// The inbox's refused files, listed again only when `rejected/` changed.
    private var refused: [RefusedFile] = []
    private var refusedMarker: String?
    private var sync: SyncStatus?
    /// The exchange with the shared directory, when the store has one: the share thread's.
    private let syncRound: SyncRound?
    private let finished = DispatchSemaphore(value: 0)

    private final class Request: @unchecked Sendable {
        let intents: [Intent]
        let actor: String
        let at: Instant
        var reply: SaveReply?
        let done = DispatchSemaphore(value: 0)
        init(intents: [Intent], actor: String, at: Instant) {
            self.intents = intents
            self.actor = actor
            self.at = at
        }
    }

    /// Takes over `store`: from `start` on, only the worker's threads touch it, until `stop`
    /// returns.
    /// `idleWait`, `watchedWait` and `publishEvery` pace the threads: see `WorkerSchedule`.
    /// `watch: false` polls every `idleWait` even where inotify could tell: as on a network share.
    public init(store: Store, language: Language, idleWait: Duration = .milliseconds(200), watchedWait: Duration = .seconds(2),
                publishEvery: Duration = .milliseconds(250), watch: Bool = true,
                clock: @escaping @Sendable () -> Instant, derive: @escaping @Sendable (DutyState) -> View) {
        self.store = store
        inbox = Inbox(store: store, language: language)
        syncRound = store.config.shared.isEmpty ? nil : SyncRound(store: store, clock: clock, withStore: StoreAccess(lock: storeLock))
        self.clock = clock
        self.derive = derive
        schedule = WorkerSchedule(idleWait: idleWait, watchedWait: watchedWait, publishEvery: publishEvery, sharing: syncRound != nil)
        self.watch = watch
    }

    /// Whether the worker is woken by changes rather than looking every `idleWait`.
    public var isWatching: Bool {
        condition.lock()
        defer { condition.unlock() }
        return schedule.isWatching
    }

    public func start() {
        condition.lock()
        running = true
        condition.unlock()
        if watch { watcher = store.fs.makeWatcher { [weak self] in self?.wake() } }
        let thread = Thread { [self] in
            #if os(Linux)
            // Behind the key loop when both want a core: a key waits for nothing, the inbox can. The
            // nicest there is: at 10 a flood still held keys up past 2 ms now and then.
            // (On Linux the nice value is per thread, and 0 names the calling one.)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            loop()
            finished.signal()
        }
        thread.name = "duty-store"
        thread.start()
        if syncRound != nil {
            // The share on a thread of its own: a share that is slow or hangs (a network share
            // whose server is gone) holds up that thread only, never a save.
            let share = Thread { [self] in
                #if os(Linux)
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                #endif
                shareLoop(syncRound!)
                shareFinished.signal()
            }
            share.name = "duty-share"
            share.start()
        }
    }

    /// Ends the threads after the batch under way; the store is the caller's again on return,
    /// true. A round stuck in a share that hangs (a hard NFS mount whose server is gone) is
    /// waited for `shareWait` at most, then left behind: false, and the store must not be used
    /// again (a console quitting ends the process; quitting must not hang on the share).
    @discardableResult
    public func stop(shareWait: Duration = .seconds(3)) -> Bool {
        condition.lock()
        let wasRunning = running
        schedule.stop()
        condition.broadcast()
        condition.unlock()
        var shareEnded = true
        if wasRunning {
            finished.wait()
            if syncRound != nil {
                shareEnded = shareFinished.wait(timeout: .now() + .milliseconds(Int(shareWait.seconds * 1000))) == .success
            }
        }
        if shareEnded {
            watcher?.stop()
            watcher = nil
        }
        return shareEnded
    }

    private func wake() {
        tell { $0.filesChanged() }
    }

    /// Tells the schedule what happened, and wakes the threads to ask it again.
    private func tell(_ event: (inout WorkerSchedule<Request>) -> Void) {
        condition.lock()
        event(&schedule)
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps until `end` or until the threads are woken, whichever comes first; `condition`
    /// held. A wake-up with nothing to do asks the schedule again and is told the same end.
    private func sleep(until end: WorkerSchedule<Request>.Moment) {
        _ = condition.wait(until: Date(timeIntervalSinceNow: (end - ContinuousClock.now).seconds))
    }

    /// (Re)watches the store's own folders: again each turn, so a folder made since is watched
    /// too. True when all of them are.
    private func watchLocalFolders() -> Bool {
        guard let watcher else { return false }
        // Other processes append to the journal holding it open; inbox files must be read only
        // once whole.
        let local: [(String, WatchedChanges)] = [("journal", .everyWrite), ("peers", .everyWrite), ("inbox", .finishedFiles)]
        return local.allSatisfy { name, changes in
            let dir = Path.join(store.root, name)
            return !store.fs.isDirectory(dir) || watcher.watch(dir, for: changes)
        }
    }

    /// (Re)watches the share's folders, so that a peer that joined or a share mounted again is
    /// watched too. True when all of them are.
    private func watchShareFolders(_ round: SyncRound, online: Bool) -> Bool {
        // Offline, a folder may be a bare mount point: mounting over it tells no watch.
        guard let watcher, online else { return false }
        // A folder not made yet (a peer's seg/ before its first segment) is seen being made by
        // the watch on its parent.
        func watch(_ dir: String, _ changes: WatchedChanges) -> Bool {
            !store.fs.isDirectory(dir) || watcher.watch(dir, for: changes)
        }
        var all = watcher.watch(round.shared.root, for: .everyWrite) && watch(Path.join(round.shared.root, "nodes"), .everyWrite)
        for peer in round.peers where all {
            all = watcher.watch(round.shared.nodeDir(peer), for: .everyWrite)
                && watch(Path.join(round.shared.nodeDir(peer), "seg"), .finishedFiles)
        }
        return all
    }

    /// The newest state published since the last call, if any. Never waits for the thread.
    public func poll() -> Update? {
        condition.lock()
        defer { condition.unlock() }
        guard let u = latest else { return nil }
        latest = nil
        hand(u)
        return u
    }

    /// How the exchange with the shared directory stands; nil when the store has none.
    public var syncStatus: SyncStatus? {
        condition.lock()
        defer { condition.unlock() }
        return sync
    }

    /// Every file the inbox refused, newest first.
    public var refusedFiles: [RefusedFile] {
        condition.lock()
        defer { condition.unlock() }
        return refused
    }

    /// Inbox files taken in or refused since `start`.
    public var inboxFilesHandled: Int {
        condition.lock()
        defer { condition.unlock() }
        return filesTaken
    }

    /// Plans and saves what `actor` means (fsynced) on the worker's thread and returns the state
    /// after it. Waits for the batch under way, which is kept short for this.
    public func perform(_ intents: [Intent], actor: String, at: Instant) -> SaveReply {
        let r = Request(intents: intents, actor: actor, at: at)
        condition.lock()
        guard running, !schedule.stopping else {
            condition.unlock()
            serve(r)
            return r.reply!
        }
        schedule.requestArrived(r)
        condition.broadcast()
        condition.unlock()
        r.done.wait()
        return r.reply!
    }

    /// Guarded by `condition`.
    private func hand(_ u: Update) {
        if let h = handedOut { retired.append(h) }
        handedOut = u
    }

    private func loop() {
        while true {
            condition.lock()
            let turn = schedule.next(now: .now)
            if case .sleep(let end) = turn { sleep(until: end) }
            var finished = retired
            retired = []
            condition.unlock()
            // Dropped here, on this thread, while the key loop goes on.
            finished.removeAll()
            switch turn {
            case .serve(let r): serve(r)
            case .look: look()
            case .publish: publish()
            case .sleep: break
            case .quit: return
            }
        }
    }

    private func look() {
        storeLock.lock()
        let refreshed = (try? store.refresh()) == true
        let outcomes = (try? inbox.takeIn(maxFiles: InboxBatch.files, budget: InboxBatch.budget, now: clock())) ?? []
        // Refused here or by another process (`ingest` beside the console): the folder says so.
        let marker = inbox.refusedMarker
        // A folder without a marker (the in-memory file system, or none yet) is listed each time.
        let listed = marker != nil && marker == refusedMarker ? nil : inbox.refusedFiles()
        refusedMarker = marker
        storeLock.unlock()
        let all = watchLocalFolders()
        tell { schedule in
            if let listed { refused = listed }
            filesTaken += outcomes.count
            schedule.looked(refreshed: refreshed, filesHandled: outcomes.count, alertsTaken: outcomes.contains { !$0.isRefused },
                            allWatched: all)
        }
    }

    private func publish() {
        let update = current()
        condition.lock()
        latest = update
        schedule.published(at: .now)
        condition.unlock()
    }

    /// The store's state now, with its view (worked out outside the lock: tens of milliseconds
    /// for a big queue).
    private func current() -> Update {
        storeLock.lock()
        let state = store.state
        storeLock.unlock()
        return Update(state: state, view: derive(state))
    }

    private func shareLoop(_ round: SyncRound) {
        while true {
            condition.lock()
            let turn = schedule.nextShareTurn(now: .now)
            if case .sleep(let end) = turn { sleep(until: end) }
            condition.unlock()
            switch turn {
            case .exchange: shareRound(round)
            case .sleep: break
            case .quit: return
            }
        }
    }

    private func shareRound(_ round: SyncRound) {
        let (tookIn, online) = exchange(round)
        if tookIn {
            storeLock.lock()
            store.snapshotIfDue()
            storeLock.unlock()
        }
        let peers = watchShareFolders(round, online: online) ? round.peers : nil
        tell { $0.exchanged(tookIn: tookIn, watchedPeers: peers) }
    }

    /// One round with the shared directory: whether peers' records came in, and whether the
    /// share was there.
    private func exchange(_ round: SyncRound) -> (tookIn: Bool, online: Bool) {
        let report = round.run()
        var status = SyncStatus()
        storeLock.lock()
        status.saved = store.position.seq
        storeLock.unlock()
        condition.lock()
        let before = sync
        condition.unlock()
        if let offline = report.offline {
            status.offline = offline
            status.offlineSince = before?.offlineSince ?? clock()
        }
        // A round that could not read the share keeps what was last seen: a peer's checkpoint
        // does not take back what it said.
        status.seenBy = report.offline == nil ? (before?.seenBy ?? [:]).merging(report.seenBy, uniquingKeysWith: max) : before?.seenBy ?? [:]
        status.seen = status.seenBy.values.max() ?? 0
        status.skew = report.skew
        status.problem = report.trouble
        status.published = report.offline == nil ? round.publishedThrough : (before?.published ?? 0)
        condition.lock()
        sync = status
        condition.unlock()
        return (!report.takenIn.isEmpty, report.offline == nil)
    }

    private func serve(_ r: Request) {
        var error: StoreError?
        storeLock.lock()
        do {
            try store.perform(r.intents, actor: r.actor, at: r.at)
        } catch let e {
            error = e
        }
        // The reply carries everything saved so far, so an older published state must not follow it.
        _ = try? store.refresh()
        let state = store.state
        let readOnly = store.readOnlyReason
        storeLock.unlock()
        if error == nil { tell { $0.recordsSaved() } }
        let update = Update(state: state, view: derive(state))
        condition.lock()
        latest = nil
        hand(update)
        condition.unlock()
        r.reply = SaveReply(error: error, readOnlyReason: readOnly, update: update)
        r.done.signal()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
