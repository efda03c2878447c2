import Testing
@testable import DutyStore

/// When the worker's threads do what, decided on instants the test names: no threads, no
/// sleeps. Paced as the console is: a look every 200 ms where a folder cannot be watched, every
/// 2 s where all are, a view at most every 250 ms during a flood.
@Suite struct WorkerScheduleTests {
    typealias Schedule = WorkerSchedule<String>

    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> Schedule.Moment { t0 + .milliseconds(ms) }

    static func schedule(sharing: Bool = true) -> Schedule {
        Schedule(idleWait: .milliseconds(200), watchedWait: .seconds(2), publishEvery: .milliseconds(250), sharing: sharing)
    }

    /// A schedule past its first look (which found nothing, with the store's folders watched or
    /// not) and asleep; the share's thread asleep too, its share not watched.
    func asleep(localWatched: Bool = false) -> Schedule {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: localWatched)
        if localWatched {
            // The first time everything is watched there is one more look.
            #expect(s.next(now: t0) == .look)
            s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        }
        #expect(s.nextShareTurn(now: t0) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: nil)
        #expect(s.next(now: t0).isSleep)
        #expect(s.nextShareTurn(now: t0) == .sleep(until: at(200)))
        return s
    }

    @Test func theFirstTurnsLookAndExchangeAtOnce() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        #expect(s.nextShareTurn(now: t0) == .exchange)
    }

    @Test func aRequestIsServedBeforeAnythingElseAndALookFollows() {
        var s = Self.schedule()
        s.requestArrived("ack")
        s.requestArrived("tick")
        #expect(s.next(now: t0) == .serve("ack"))
        #expect(s.next(now: t0) == .serve("tick"))
        #expect(s.next(now: t0) == .look)

        var sleeping = asleep()
        sleeping.requestArrived("call")
        #expect(sleeping.next(now: at(1)) == .serve("call"))
        #expect(sleeping.next(now: at(1)) == .look)
    }

    @Test func aReplyLeavesNothingToPublish() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: true, filesHandled: 0, alertsTaken: false, allWatched: false)
        // The reply carries what the look found, so no older state is published after it.
        s.requestArrived("ack")
        #expect(s.next(now: t0) == .serve("ack"))
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: t0) == .sleep(until: at(200)))
    }

    @Test func aLookThatFindsNothingPublishesNothing() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: t0) == .sleep(until: at(200)))
    }

    @Test func aChangeFoundIsPublished() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: true, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: at(5)) == .publish)
        s.published(at: at(30))
        #expect(s.next(now: at(30)) == .sleep(until: at(230)))
    }

    @Test func unwatchedFoldersAreLookedAtEvery200ms() {
        var s = asleep()
        // A wake-up with nothing to do does not push the look back.
        #expect(s.next(now: at(150)) == .sleep(until: at(200)))
        #expect(s.next(now: at(200)) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: at(210)) == .sleep(until: at(410)))
    }

    @Test func watchedFoldersAreLookedAtOnceMoreThenEveryTwoSeconds() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        // Watched only now: what changed between the look and the watch is looked for.
        #expect(s.next(now: t0) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        #expect(s.next(now: t0) == .sleep(until: at(2_000)))
        // A folder no longer watched (gone, then made again) is watched once more: one more look.
        #expect(s.next(now: at(2_000)) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: at(2_000)) == .sleep(until: at(2_200)))
        #expect(s.next(now: at(2_200)) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        #expect(s.next(now: at(2_200)) == .look)
    }

    @Test func aFileEventWakesBothThreads() {
        var s = asleep(localWatched: true)
        s.filesChanged()
        #expect(s.next(now: at(10)) == .look)
        #expect(s.nextShareTurn(now: at(10)) == .exchange)
    }

    @Test func aFloodIsPublishedAtMostEvery250msAndItsEndAtOnce() {
        var s = Self.schedule()
        func look(at ms: Int, files: Int) {
            #expect(s.next(now: at(ms)) == .look)
            s.looked(refreshed: false, filesHandled: files, alertsTaken: files > 0, allWatched: true)
        }
        look(at: 0, files: 10)
        #expect(s.next(now: at(0)) == .publish)
        s.published(at: at(40))
        // More files may be waiting: the next batch at once, its view only once 250 ms are over.
        look(at: 40, files: 10)
        look(at: 150, files: 10)
        look(at: 289, files: 10)
        #expect(s.next(now: at(290)) == .publish)
        s.published(at: at(330))
        look(at: 330, files: 10)
        // The flood is over: what is left is published at once.
        look(at: 400, files: 0)
        #expect(s.next(now: at(400)) == .publish)
        s.published(at: at(440))
        #expect(s.next(now: at(440)).isSleep)
    }

    @Test func alertsTakenInOrSavedWakeTheShare() {
        var s = asleep()
        s.requestArrived("ack")
        #expect(s.next(now: at(1)) == .serve("ack"))
        #expect(s.next(now: at(1)) == .look)
        s.looked(refreshed: false, filesHandled: 1, alertsTaken: true, allWatched: false)
        #expect(s.nextShareTurn(now: at(2)) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: nil)
        #expect(s.nextShareTurn(now: at(2)) == .sleep(until: at(202)))
        s.recordsSaved()
        #expect(s.nextShareTurn(now: at(3)) == .exchange)
    }

    @Test func aRefusedFileWakesNeitherTheShareNorThePublisher() {
        var s = asleep()
        s.filesChanged()
        #expect(s.next(now: at(1)) == .look)
        #expect(s.nextShareTurn(now: at(1)) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: nil)
        s.looked(refreshed: false, filesHandled: 1, alertsTaken: false, allWatched: false)
        #expect(s.nextShareTurn(now: at(2)) == .sleep(until: at(202)))
        // One more look for the rest of the batch, then nothing to show.
        #expect(s.next(now: at(2)) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: at(3)) == .sleep(until: at(203)))
    }

    @Test func peersRecordsWakeTheStoreThreadAndArePublished() {
        var s = asleep(localWatched: true)
        #expect(s.nextShareTurn(now: at(200)) == .exchange)
        s.exchanged(tookIn: true, watchedPeers: nil)
        #expect(s.next(now: at(210)) == .look)
        s.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        #expect(s.next(now: at(220)) == .publish)
    }

    @Test func aWatchedShareIsExchangedWithOnceMoreForEachNewPeerThenEveryTwoSeconds() {
        var s = Self.schedule()
        #expect(s.nextShareTurn(now: t0) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: [])
        #expect(s.nextShareTurn(now: t0) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: [])
        #expect(s.nextShareTurn(now: t0) == .sleep(until: at(2_000)))
        // bravo joined and is watched now: what it wrote before the watch is looked for.
        s.filesChanged()
        #expect(s.nextShareTurn(now: at(100)) == .exchange)
        s.exchanged(tookIn: true, watchedPeers: ["bravo"])
        #expect(s.nextShareTurn(now: at(100)) == .exchange)
        s.exchanged(tookIn: false, watchedPeers: ["bravo"])
        #expect(s.nextShareTurn(now: at(100)) == .sleep(until: at(2_100)))
    }

    /// A console left offline overnight must not spin: the missing share is looked at every
    /// 200 ms, the store's own watched folders every 2 s, and the share is found again at the
    /// next look once it is back.
    @Test func aShareThatIsGoneIsLookedAtEvery200msAndTheStoreEvery2s() {
        var threads = SimulatedThreads(schedule: asleep(localWatched: true), now: t0)
        threads.run(until: at(10_000))
        #expect(threads.exchanges == 50)
        #expect(threads.looks == 5)
        #expect(!threads.schedule.isWatching)

        // Back, and watched: one more round for what came before the watch, then every 2 s.
        threads.watchedPeers = []
        threads.run(until: at(10_200))
        #expect(threads.schedule.isWatching)
        let (exchanges, looks) = (threads.exchanges, threads.looks)
        threads.run(until: at(20_200))
        #expect(threads.exchanges - exchanges == 5)
        #expect(threads.looks - looks == 5)
    }

    @Test func watchingIsTheStoresFoldersAndTheShares() {
        var alone = Self.schedule(sharing: false)
        #expect(!alone.isWatching)
        #expect(alone.next(now: t0) == .look)
        alone.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
        #expect(alone.isWatching)

        var shared = asleep(localWatched: true)
        #expect(!shared.isWatching)
        #expect(shared.nextShareTurn(now: at(200)) == .exchange)
        shared.exchanged(tookIn: false, watchedPeers: [])
        #expect(shared.isWatching)
    }

    @Test func quittingEndsBothThreadsOnceTheRequestsAreServed() {
        var s = asleep()
        s.requestArrived("ack")
        s.stop()
        #expect(s.next(now: at(1)) == .serve("ack"))
        #expect(s.next(now: at(1)) == .quit)
        #expect(s.nextShareTurn(now: at(1)) == .quit)
    }

    @Test func aLookUnderWayIsPublishedBeforeQuitting() {
        var s = Self.schedule()
        #expect(s.next(now: t0) == .look)
        s.stop()
        s.looked(refreshed: true, filesHandled: 0, alertsTaken: false, allWatched: false)
        #expect(s.next(now: t0) == .publish)
        #expect(s.next(now: t0) == .quit)
    }
}

extension WorkerSchedule.Turn {
    var isSleep: Bool {
        if case .sleep = self { true } else { false }
    }
}

/// Both of a worker's threads carried out on a simulated clock: each turn takes no time, the
/// store's looks find nothing new with all its folders watched, the share's rounds bring
/// nothing in and watch `watchedPeers` (nil: the share cannot be watched).
struct SimulatedThreads {
    var schedule: WorkerSchedule<String>
    var now: ContinuousClock.Instant
    var watchedPeers: [String]?
    private(set) var looks = 0
    private(set) var exchanges = 0

    init(schedule: WorkerSchedule<String>, now: ContinuousClock.Instant, watchedPeers: [String]? = nil) {
        self.schedule = schedule
        self.now = now
        self.watchedPeers = watchedPeers
    }

    /// Takes every turn due up to `end`, moving the clock from one wake-up to the next.
    mutating func run(until end: ContinuousClock.Instant) {
        while true {
            let wake = min(storeTurns(), shareTurns())
            guard wake <= end else { return }
            now = wake
        }
    }

    /// The store thread's turns due now; returns when it sleeps until.
    private mutating func storeTurns() -> ContinuousClock.Instant {
        while true {
            switch schedule.next(now: now) {
            case .look:
                looks += 1
                schedule.looked(refreshed: false, filesHandled: 0, alertsTaken: false, allWatched: true)
            case .sleep(let until): return until
            case let other:
                Issue.record("unexpected turn \(other)")
                return .now + .seconds(3_600)
            }
        }
    }

    private mutating func shareTurns() -> ContinuousClock.Instant {
        while true {
            switch schedule.nextShareTurn(now: now) {
            case .exchange:
                exchanges += 1
                schedule.exchanged(tookIn: false, watchedPeers: watchedPeers)
            case .sleep(let until): return until
            case .quit:
                Issue.record("unexpected quit")
                return .now + .seconds(3_600)
            }
        }
    }
}
