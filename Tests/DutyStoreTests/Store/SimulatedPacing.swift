import Foundation
@testable import DutyStore

/// Paces a `StoreWorker`'s threads on a simulated clock: a thread waiting for its time sleeps
/// until the test moves the clock past it, so a test can run simulated minutes of an idle
/// worker and count its turns without sleeping. The threads are real; `settle` waits until
/// each of them is asleep with nothing to do.
final class SimulatedPacing: WorkerPacing, @unchecked Sendable {
    private struct Sleeper {
        let condition: NSCondition
        let deadline: Duration
        let ready: () -> Bool
    }

    private let gate = NSCondition()
    // Guarded by `gate`.
    private var clock: Duration = .zero
    private var asleep: [WorkerThread: Sleeper] = [:]
    private var turnCount: [WorkerThread: Int] = [:]

    var now: Duration { gate.withLock { clock } }
    func turns(_ thread: WorkerThread) -> Int { gate.withLock { turnCount[thread, default: 0] } }

    func wait(_ thread: WorkerThread, on condition: NSCondition, for limit: Duration, until ready: @escaping () -> Bool) {
        let deadline = gate.withLock {
            turnCount[thread, default: 0] += 1
            gate.broadcast()
            return clock + limit
        }
        while !ready() {
            let due = gate.withLock {
                guard clock < deadline else { return true }
                asleep[thread] = Sleeper(condition: condition, deadline: deadline, ready: ready)
                gate.broadcast()
                return false
            }
            if due { break }
            condition.wait()
        }
        gate.withLock {
            asleep[thread] = nil
            gate.broadcast()
        }
    }

    /// Waits until every one of `threads` sleeps with nothing to do, or until they have taken
    /// `maxTurns` turns between them (a worker that never sleeps): false then.
    func settle(_ threads: Set<WorkerThread>, maxTurns: Int) -> Bool {
        while true {
            let (sleepers, turns) = gate.withLock { (asleep, turnCount.values.reduce(0, +)) }
            if turns > maxTurns { return false }
            if Set(sleepers.keys) == threads {
                // Asleep, unless signalled and not yet running again: then it has something to do.
                let idle = sleepers.values.allSatisfy { s in s.condition.withLock { !s.ready() } }
                let unchanged = gate.withLock { Set(asleep.keys) == threads && turnCount.values.reduce(0, +) == turns }
                if idle, unchanged { return true }
            }
            // Every turn, sleep and waking up says so on `gate`: wait for the next unless one came
            // since the look above.
            gate.withLock {
                if turnCount.values.reduce(0, +) == turns, Set(asleep.keys) == Set(sleepers.keys) { gate.wait() }
            }
        }
    }

    /// Moves the clock on and wakes the threads whose time has come.
    func advance(by step: Duration) {
        let due: [NSCondition] = gate.withLock {
            clock += step
            let due = asleep.filter { $0.value.deadline <= clock }
            for thread in due.keys { asleep[thread] = nil }
            return due.values.map(\.condition)
        }
        for c in due { c.withLock { c.broadcast() } }
    }
}
