/// When the store worker's two threads do what, as a value: the threads only carry out its
/// turns and tell it what they found, so its timing is tested on instants a test names, with
/// neither threads nor sleeps. The store's thread asks `next(now:)`, the share's thread
/// `nextShareTurn(now:)`; a request, a file event and quitting are told to it as they happen.
/// It does no locking of its own: the worker keeps it under the lock both threads wait on.
struct WorkerSchedule<Request> {
    typealias Moment = ContinuousClock.Instant

    /// What the store's thread does next.
    enum Turn {
        /// Save what the key loop asked for. Before anything else: the key loop waits for it.
        case serve(Request)
        /// Pick up what other processes saved, take an inbox batch in and (re)watch the store's
        /// folders; then `looked`.
        case look
        /// Work out the view of the store's state and hand both to the key loop; then `published`.
        case publish
        /// Nothing to do before then, unless told of something first.
        case sleep(until: Moment)
        case quit
    }

    /// What the share's thread does next.
    enum ShareTurn: Equatable {
        /// One round with the shared directory; then `exchanged`.
        case exchange
        case sleep(until: Moment)
        case quit
    }

    /// How long a thread sleeps when a folder it looks at cannot be watched (a network share,
    /// no inotify): other processes' changes, new inbox files and peers' segments are seen
    /// within this.
    let idleWait: Duration
    /// How long it sleeps when every folder it looks at is watched and changes wake it: it still
    /// looks now and then, for what a watch cannot see (a share mounted again).
    let watchedWait: Duration
    /// While a flood of files is being taken in, a new view at most this often: working one out
    /// for thousands of open alerts is itself tens of milliseconds.
    let publishEvery: Duration
    /// Whether there is a share thread, whose folders must be watched too for `isWatching`.
    let sharing: Bool

    private enum Round: Equatable {
        /// Between looks; the end of the sleep is fixed when the thread first asks, so that a
        /// wake-up with nothing to do does not push it back.
        case idle(until: Moment?)
        case looking
        /// Looked: whether to publish is decided next, before anything but a request.
        case looked
    }

    private var round = Round.idle(until: nil)
    private var requests: [Request] = []
    private(set) var stopping = false
    /// Something happened that the store's next look must see: a watched folder changed or a
    /// request was served. True at the start: the first look comes at once.
    private var lookDue = true
    /// Peers' records the share's thread took in since the store's thread last looked.
    private var peersArrived = false
    /// The store holds what the key loop has not been given yet.
    private var unpublished = false
    /// The last look took inbox files in: more may wait, so the next look comes at once.
    private var inboxBusy = false
    private var lastPublish: Moment?
    /// Whether the last look could watch every folder of the store itself. Kept apart from the
    /// share's: the share's thread looks at a share it cannot watch on its own, so a share that
    /// is gone must not make the store's thread look again and again.
    private var localWatched = false

    /// A round with the share is due at once (at the start too).
    private var shareDue = true
    private var shareSleep: Moment?
    /// Whether every folder of the share could be watched in the last round.
    private var shareWatched = false
    private var watchedPeers: Set<String> = []

    init(idleWait: Duration, watchedWait: Duration, publishEvery: Duration, sharing: Bool) {
        self.idleWait = idleWait
        self.watchedWait = watchedWait
        self.publishEvery = publishEvery
        self.sharing = sharing
    }

    /// Whether the threads are woken by changes rather than looking every `idleWait`.
    var isWatching: Bool { localWatched && (!sharing || shareWatched) }

    // MARK: - The store's thread

    mutating func next(now: Moment) -> Turn {
        if !requests.isEmpty {
            // The reply carries everything saved so far, peers' records included, so nothing
            // older may be published after it; a look follows, as after any wake-up.
            unpublished = false
            peersArrived = false
            lookDue = true
            return .serve(requests.removeFirst())
        }
        switch round {
        case .looking:
            preconditionFailure("the store's thread asked for a turn before saying what its look found")
        case .looked:
            round = .idle(until: nil)
            if unpublished, !inboxBusy || lastPublish.map({ now - $0 >= publishEvery }) ?? true {
                unpublished = false
                return .publish
            }
            return next(now: now)
        case .idle(let until):
            if stopping { return .quit }
            if lookDue || peersArrived || inboxBusy || until.map({ now >= $0 }) == true {
                lookDue = false
                if peersArrived { unpublished = true }
                peersArrived = false
                round = .looking
                return .look
            }
            let end = until ?? now + (localWatched ? watchedWait : idleWait)
            round = .idle(until: end)
            return .sleep(until: end)
        }
    }

    /// What a `.look` found: whether other processes had saved anything, how many inbox files
    /// it handled and whether any became alerts, and whether all the store's folders are watched.
    mutating func looked(refreshed: Bool, filesHandled: Int, alertsTaken: Bool, allWatched: Bool) {
        precondition(round == .looking, "a look reported that was not asked for")
        round = .looked
        if refreshed || alertsTaken { unpublished = true }
        if alertsTaken { recordsSaved() }
        inboxBusy = filesHandled > 0
        // A folder watched for the first time may have changed between the look and the watch:
        // one more look. Only the first time: a look whenever "everything" is not yet watched
        // because the share is not would be one more look for ever, hundreds a second.
        if allWatched, !localWatched { lookDue = true }
        localWatched = allWatched
    }

    mutating func published(at moment: Moment) {
        lastPublish = moment
    }

    // MARK: - The share's thread

    mutating func nextShareTurn(now: Moment) -> ShareTurn {
        if stopping { return .quit }
        if shareDue || shareSleep.map({ now >= $0 }) == true {
            shareDue = false
            shareSleep = nil
            return .exchange
        }
        let end = shareSleep ?? now + (shareWatched ? watchedWait : idleWait)
        shareSleep = end
        return .sleep(until: end)
    }

    /// What an `.exchange` found: whether peers' records came in, and the peers whose folders
    /// are now watched, or nil when not every folder of the share could be.
    mutating func exchanged(tookIn: Bool, watchedPeers peers: [String]?) {
        if tookIn { peersArrived = true }
        // A folder watched for the first time (a peer that just joined, the share back) may have
        // changed between the round's look and the watch: one more round.
        if let peers, !shareWatched || notePeersWatched(peers) { shareDue = true }
        shareWatched = peers != nil
    }

    /// Records `peers` as watched; true when one of them was not before.
    private mutating func notePeersWatched(_ peers: [String]) -> Bool {
        let before = watchedPeers.count
        watchedPeers.formUnion(peers)
        return watchedPeers.count > before
    }

    // MARK: - What happens meanwhile

    mutating func requestArrived(_ request: Request) {
        requests.append(request)
    }

    /// A watched folder changed: both threads look.
    mutating func filesChanged() {
        lookDue = true
        shareDue = true
    }

    /// This console saved records: publishing them to the share is due.
    mutating func recordsSaved() {
        shareDue = true
    }

    /// Both threads end, after the requests already made and the decision about a look already
    /// taken.
    mutating func stop() {
        stopping = true
    }
}

extension WorkerSchedule.Turn: Equatable where Request: Equatable {}
