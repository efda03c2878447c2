import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process appends and prints each seq once it is fsynced; the parent kills it with
/// SIGKILL at random moments and checks that every printed seq is still there after reopening.
@Suite struct CrashTests {
    static let node = "crash"

    struct ChildRun {
        var printed: [Int]
        var status: Int32
        var killed: Bool
        var stderr: String
    }

    /// Runs `duty-watch` with `arguments`; when `killAfterMs` is given, SIGKILLs it after that long.
    static func run(_ binary: String, _ arguments: [String], killAfterMs: Int? = nil) throws -> ChildRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        // Read while the child runs, so that a full pipe never holds it up.
        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            readers.enter()
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                let data = handle.readDataToEndOfFile()
                collected.lock.withLock {
                    if isOut { collected.out = data } else { collected.err = data }
                }
                readers.leave()
            }
        }
        try p.run()
        var killed = false
        if let ms = killAfterMs {
            usleep(UInt32(ms) * 1000)
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                killed = true
            }
        }
        p.waitUntilExit()
        readers.wait()
        let (outData, errData) = collected.lock.withLock { (collected.out, collected.err) }
        // Only whole lines count: a line is written with one write(2), after the fsync.
        let text = String(decoding: outData, as: UTF8.self)
        var printed: [Int] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() where line.hasPrefix("saved ") {
            if let n = Int(line.dropFirst(6)) { printed.append(n) }
        }
        return ChildRun(printed: printed, status: p.terminationStatus,
                        killed: killed && p.terminationReason == .uncaughtSignal,
                        stderr: String(decoding: errData, as: UTF8.self))
    }

    final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var out = Data()
        var err = Data()
    }

    @Test(.timeLimit(.minutes(2)))
    func everySavedSeqSurvivesSIGKILL() throws {
        let found = TestPaths.dutyWatch()
        guard let binary = found.path else {
            Issue.record("""
            the duty-watch binary was not found; build it with `swift build` (looked at: \(found.looked.joined(separator: ", ")))
            """)
            return
        }
        let seed = ProcessInfo.processInfo.environment["DUTYWATCH_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("CrashTests: seed \(seed) (rerun with DUTYWATCH_CRASH_SEED=\(seed)); binary \(binary)")
        var rng = SeededRandom(state: seed)

        try TempDir.with("dutywatch-crash") { dir in
            let root = dir + "/store"
            let created = try Self.run(binary, ["init", "--store", root, "--node", Self.node])
            try #require(created.status == 0, "duty-watch init failed: \(created.stderr)")
            let fs = RealFileSystem()
            let journal = Path.join(root, "journal/\(Self.node).jsonl")

            var lastSeq = 0
            var everPrinted = 0
            var kills = 0
            var repairs = 0
            let started = Date()
            for round in 1...100 {
                // Keep the whole test under a minute on a slow machine.
                if Date().timeIntervalSince(started) > 45 {
                    print("CrashTests: stopped after \(round - 1) rounds (time budget)")
                    break
                }
                let ms = Int.random(in: 5...60, using: &rng)
                let child = try Self.run(binary, ["stress-append", "--store", root, "--count", "1000000"], killAfterMs: ms)
                if !child.killed {
                    // It finished or failed by itself: only a clean exit is acceptable.
                    try #require(child.status == 0, "round \(round): stress-append exited with \(child.status): \(child.stderr)")
                }
                kills += child.killed ? 1 : 0

                // What it printed was consecutive and continued where the last round's store ended.
                if let first = child.printed.first {
                    #expect(first == lastSeq + 1, "round \(round): first saved seq \(first), store was at \(lastSeq)")
                    #expect(child.printed == Array(first..<(first + child.printed.count)), "round \(round): printed seqs not consecutive")
                }
                everPrinted += child.printed.count

                let store = try Store.open(at: root, fs: fs)
                repairs += store.notices.isEmpty ? 0 : 1
                #expect(store.readOnlyReason == nil, "round \(round) (killed after \(ms) ms): \(store.readOnlyReason ?? "")")
                let maxPrinted = child.printed.last ?? lastSeq
                #expect(maxPrinted <= store.position.seq,
                        "round \(round) (killed after \(ms) ms): seq \(maxPrinted) was reported saved, the store has \(store.position.seq)")
                #expect(store.position.seq >= lastSeq, "round \(round): the store went back from \(lastSeq) to \(store.position.seq)")
                // No journal yet when every child so far was killed before its first append.
                let bytes = fs.exists(journal) ? try fs.read(journal) : []
                let records = StoreDisk.verifyChain(bytes, node: Self.node)
                #expect(records.count == store.position.seq, "round \(round): \(records.count) records on disk, position \(store.position.seq)")
                lastSeq = store.position.seq
                if records.count != store.position.seq || maxPrinted > store.position.seq { break }
            }
            print("CrashTests: \(kills) kills, \(repairs) torn tails repaired, \(everPrinted) saves reported, \(lastSeq) records")
            #expect(everPrinted > 0, "no child ever reported a save: the kill delays are shorter than its start-up")
            #expect(kills > 0)

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.records == lastSeq)
        }
    }
}
