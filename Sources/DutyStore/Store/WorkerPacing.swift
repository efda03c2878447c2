import Foundation

/// The worker's two threads, for whoever paces them.
public enum WorkerThread: Hashable, Sendable {
    /// The store's thread: its journal, the inbox, the views.
    case store
    /// The shared directory's thread.
    case share
}

/// How the worker's threads wait between turns. The console waits on the wall clock; a test
/// paces them on a clock of its own, so that how often they look can be counted over simulated
/// minutes without sleeping through them.
public protocol WorkerPacing: AnyObject, Sendable {
    /// Called once per turn of `thread`, with `condition` locked: returns, with it locked again,
    /// as soon as `ready()` holds (it is looked at whenever `condition` is signalled, under its
    /// lock) or `limit` has passed.
    func wait(_ thread: WorkerThread, on condition: NSCondition, for limit: Duration, until ready: @escaping () -> Bool)
}

/// Waits on the wall clock.
public final class ClockPacing: WorkerPacing {
    public init() {}

    public func wait(_ thread: WorkerThread, on condition: NSCondition, for limit: Duration, until ready: @escaping () -> Bool) {
        let deadline = Date(timeIntervalSinceNow: limit.seconds)
        // A wake-up that finds nothing to do (spurious, or for the other thread) goes back to
        // sleep: a turn is taken only for work or for the time having come.
        while !ready() {
            if !condition.wait(until: deadline) { return }
        }
    }
}
