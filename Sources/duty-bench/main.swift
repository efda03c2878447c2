import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// duty-bench: release-mode measurements of the store over a generated busy year.
// Each open is measured in a fresh child process so that its peak memory is its own.

func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func peakMemoryKB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

func ms(_ nanos: UInt64) -> String { String(format: "%.1f ms", Double(nanos) / 1e6) }
func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

/// Reads files the way `cat` does, discarding the bytes: the physical floor for opening.
func rawRead(_ paths: [String]) -> UInt64 {
    let start = monotonicNanos()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    for p in paths {
        let fd = open(p, O_RDONLY)
        guard fd >= 0 else { continue }
        while (buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
    }
    return monotonicNanos() - start
}

func median(_ xs: [UInt64]) -> UInt64 { xs.isEmpty ? 0 : xs.sorted()[xs.count / 2] }
func percentile(_ xs: [UInt64], _ p: Double) -> UInt64 {
    guard !xs.isEmpty else { return 0 }
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count) * p))]
}

let args = CommandLine.arguments

// Child mode: open the store once and print "nanos records peakKB".
if args.count >= 4, args[1] == "--child-open" {
    let start = monotonicNanos()
    let store = try Store.open(at: args[2], fs: RealFileSystem(), useSnapshot: args[3] == "snapshot")
    let elapsed = monotonicNanos() - start
    let peak = peakMemoryKB()
    // Opened again in the same process: the store's own work, without what a process pays once
    // for its first use of the Swift runtime's types and the dynamic linker's symbols.
    let again = monotonicNanos()
    _ = try Store.open(at: args[2], fs: RealFileSystem(), useSnapshot: args[3] == "snapshot")
    let warm = monotonicNanos() - again
    print("\(elapsed) \(store.position.seq) \(peak) \(store.state.alerts.live.count) \(store.openedFrom ?? "-") \(warm)")
    exit(0)
}

// A fresh console joining a share, for --consoles-only: "roundsNanos records rounds peakKB".
if args.count >= 4, args[1] == "--child-join" {
    try DistrictBench.childJoin(share: args[2], dir: args[3])
    exit(0)
}

if args.count >= 2, args[1] == "--child-write" {
    try DistrictBench.childWrite(args.dropFirst(2))
    exit(0)
}

if args.count >= 3, args[1] == "--child-year" {
    try YearBench.childYear(dir: args[2], CaseOptions(args.dropFirst(3)))
    exit(0)
}

// The cases that run alone, each printing min / median / max over its runs beside the load.
let alone: [String: (CaseOptions) throws -> Void] = [
    "--consoles-only": DistrictBench.run,
    "--writing-only": DistrictBench.writing,
    "--open-after-only": YearBench.openAfter,
    "--commands-only": YearBench.commands,
    "--first-frame-only": YearBench.firstFrames,
]
if args.count >= 2, let run = alone[args[1]] {
    lineBufferedOutput()
    try run(CaseOptions(args.dropFirst(2)))
    exit(0)
}

// Profiling aid: only the keypress loop, with N open alerts in an otherwise empty state.
if args.count >= 3, args[1] == "--keys-only" {
    let base = args.count >= 4 ? try Store.open(at: args[3], fs: RealFileSystem()).state : DutyState()
    let r = ConsoleBench.keypresses(base: base, openAlerts: Int(args[2]) ?? 50_000, now: Instant(ms: 1_780_000_000_000))
    print("p50 \(ms(median(r.times))) p99 \(ms(percentile(r.times, 0.99)))")
    exit(0)
}

if args.count >= 3, args[1] == "--child-frame" {
    print(try ConsoleBench.firstFrame(dir: args[2]))
    exit(0)
}

// Only the sync figures, against a kept store: `duty-bench --sync-only STORE`.
if args.count >= 3, args[1] == "--sync-only" {
    let d = NSTemporaryDirectory() + "duty-bench-sync-\(getpid())"
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    let r = try SyncBench.run(dir: d, year: args[2], now: Instant(ms: 1_780_000_000_000))
    try? FileManager.default.removeItem(atPath: d)
    print("propagation p50 \(ms(median(r.propagationNanos))) p99 \(ms(percentile(r.propagationNanos, 0.99))) (inotify), p50 \(ms(median(r.polledPropagationNanos))) p99 \(ms(percentile(r.polledPropagationNanos, 0.99))) (polled); year of \(r.yearRecords): publish \(ms(r.publishYearNanos)), take in \(ms(r.takeInYearNanos)); then snapshot \(ms(r.snapshotYearNanos)), open \(ms(r.openYearNanos)) (by folding every file \(ms(r.refoldYearNanos)))")
    exit(0)
}

if args.count >= 2, args[1] == "--derive-only" {
    let d = NSTemporaryDirectory() + "duty-bench-derive-\(getpid())"
    try IngestBench.deriveOnly(dir: d, files: args.count >= 3 ? Int(args[2]) ?? 10_000 : 10_000, now: Instant(ms: 1_780_000_000_000))
    try? FileManager.default.removeItem(atPath: d)
    exit(0)
}

// Only the idle figures: `duty-bench --idle-only [YEAR_STORE]` (YEAR_STORE: a store kept with
// `--keep --dir`, for the recently-resolved view).
if args.count >= 2, args[1] == "--idle-only" {
    let executable = args[0].hasPrefix("/") ? args[0] : FileManager.default.currentDirectoryPath + "/" + args[0]
    let binary = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("duty-watch").path
    guard FileManager.default.isExecutableFile(atPath: binary), FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
        FileHandle.standardError.write(Data("duty-bench: needs duty-watch beside it (swift build -c release) and /usr/bin/script\n".utf8))
        exit(2)
    }
    let year = args.count >= 3 ? args[2] : nil
    let d = NSTemporaryDirectory() + "duty-bench-idle-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: d) }
    for f in try IdleBench.run(binary: binary, dir: d, year: year) {
        print("idle: \(f.what): \(String(format: "%.2f", f.cpu)) % of a core over \(String(format: "%.1f", f.seconds)) s (load average \(IdleBench.loadAverage()))")
    }
    if let year {
        let r = try IdleBench.resolvedViewKeys(year: year)
        print("resolved view (\(r.summary)): first v \(ms(r.firstV)); key p50 \(ms(median(r.keys))) p99 \(ms(percentile(r.keys, 0.99))); tick p50 \(ms(median(r.ticks)))")
        let ticks = try IdleBench.paneTicks(year: year)
        print("a second's tick (update + render) per pane: " + ticks.map { "\($0.pane) \(ms($0.nanos))" }.joined(separator: ", "))
    }
    exit(0)
}

// Only the inbox figures, on a fresh store: `duty-bench --ingest-only [FILES]`.
if args.count >= 2, args[1] == "--ingest-only" {
    let files = args.count >= 3 ? Int(args[2]) ?? 10_000 : 10_000
    let d = NSTemporaryDirectory() + "duty-bench-inbox-\(getpid())"
    let r = try IngestBench.run(dir: d, files: files, now: Instant(ms: 1_780_000_000_000))
    try? FileManager.default.removeItem(atPath: d)
    print("ingest \(files) files: \(ms(r.ingestNanos)), \(String(format: "%.0f", Double(files) / (Double(r.ingestNanos) / 1e9))) files/s; outcomes \(r.outcomes.sorted { $0.key < $1.key })")
    print("console: inbox empty after \(ms(r.consoleNanos)); \(r.shown) open alerts on screen")
    print("console: \(r.keyNanos.count) keys, keypress p50 \(ms(median(r.keyNanos))) p99 \(ms(percentile(r.keyNanos, 0.99))) max \(ms(r.keyNanos.max() ?? 0))")
    exit(0)
}

// Launcher of `--json-only`: `--spawn-measure OUTPUT BINARY ARGS…` prints "nanos cpuNanos peakKB bytes".
if args.count >= 4, args[1] == "--spawn-measure" {
    do {
        let r = try JSONBench.spawn(args[3], Array(args[4...]), outputPath: args[2])
        print("\(r.nanos) \(r.cpuNanos) \(r.peakKB) \(r.bytes)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("duty-bench: \(error)\n".utf8))
        exit(1)
    }
}

// Only the `--json` output of the real `duty-watch` beside this binary:
// `duty-bench --json-only [OPEN_ALERTS [DIR]]` (default 20,000), 5 runs of each command; with DIR
// the store is built there and kept, for profiling the commands by hand.
if args.count >= 2, args[1] == "--json-only" {
    let openAlerts = args.count >= 3 ? Int(args[2]) ?? 20_000 : 20_000
    let executable = args[0].hasPrefix("/") ? args[0] : FileManager.default.currentDirectoryPath + "/" + args[0]
    let dutyWatch = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("duty-watch").path
    guard FileManager.default.isExecutableFile(atPath: dutyWatch) else {
        FileHandle.standardError.write(Data("duty-bench: no duty-watch beside this binary (\(dutyWatch)); build both products\n".utf8))
        exit(1)
    }
    let dir = args.count >= 4 ? args[3] : NSTemporaryDirectory() + "duty-bench-json-\(getpid())"
    try JSONBench.run(dutyWatch: dutyWatch, dir: dir, openAlerts: openAlerts, runs: 5, keep: args.count >= 4)
    exit(0)
}

var scale = 1.0
var keep = false
var dir = NSTemporaryDirectory() + "duty-bench-\(getpid())"
var i = 1
while i < args.count {
    switch args[i] {
    case "--scale": i += 1; scale = Double(args[i]) ?? 1
    case "--dir": i += 1; dir = args[i]
    case "--keep": keep = true
    default: usage("unknown option \(args[i])")
    }
    i += 1
}

let year = BusyYear.scaled(scale)

let fs = RealFileSystem()
try? FileManager.default.removeItem(atPath: dir)
try Store.create(at: dir, node: "bench", fs: fs)
let store = try Store.open(at: dir, fs: fs)
let genStart = monotonicNanos()
let total = try year.generate { batch in try store.append(batch) }
let genTime = monotonicNanos() - genStart
try store.writeSnapshot()

// Append latency: single ops, each fsynced, as a console does per keypress.
var appendTimes: [UInt64] = []
let anyAlert = store.state.alerts.keys.sorted().first!
let now = Instant(ms: store.position.hlc.ms + 60_000)
for n in 0..<500 {
    let t = monotonicNanos()
    try store.append([.alertNoted(id: anyAlert, text: "基准测试备注 \(n)")], actor: "bench", at: now.adding(seconds: Int64(n)))
    appendTimes.append(monotonicNanos() - t)
}
try store.writeSnapshot()

let journal = store.journalPath
let snapshotDir = dir + "/snapshots"
let snapshots = (try fs.list(snapshotDir)).filter { $0.hasSuffix(".snap") }.map { snapshotDir + "/" + $0 }
let newestSnapshot = snapshots.last!
let journalBytes = try fs.size(journal)
let snapshotBytes = try fs.size(newestSnapshot)

func childOpen(_ mode: String, dir: String, executable: String) throws -> (nanos: UInt64, records: Int, peakKB: Int) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = ["--child-open", dir, mode]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let parts = String(decoding: data, as: UTF8.self).split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
    return (UInt64(parts[0]), parts[1], parts[2])
}

let executable = args[0].hasPrefix("/") ? args[0] : FileManager.default.currentDirectoryPath + "/" + args[0]
// Warm the page cache once, then take the median of several runs of each.
_ = rawRead([journal, newestSnapshot])
var snapRuns: [(UInt64, Int, Int)] = []
var replayRuns: [(UInt64, Int, Int)] = []
var rawJournal: [UInt64] = []
var rawSnapshot: [UInt64] = []
for _ in 0..<5 {
    rawJournal.append(rawRead([journal]))
    rawSnapshot.append(rawRead([newestSnapshot]))
    snapRuns.append(try childOpen("snapshot", dir: dir, executable: executable))
}
for _ in 0..<3 { replayRuns.append(try childOpen("replay", dir: dir, executable: executable)) }
let snapOpen = median(snapRuns.map(\.0))
let replayOpen = median(replayRuns.map(\.0))
let snapPeak = snapRuns.map(\.2).max()!
let replayPeak = replayRuns.map(\.2).max()!
let rawJ = median(rawJournal)
let rawS = median(rawSnapshot)

// The console: first frame in a fresh process, keypresses with the year's state and with 50,000
// open alerts, and what an idle console writes to a real terminal.
/// Measured from the parent, so process start-up (loading the binary and its libraries) counts.
func childFrame(dir: String, executable: String) throws -> UInt64 {
    let start = monotonicNanos()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = ["--child-frame", dir]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let elapsed = monotonicNanos() - start
    p.waitUntilExit()
    guard !data.isEmpty else { return 0 }
    return elapsed
}
var frameRuns: [UInt64] = []
for _ in 0..<5 { frameRuns.append(try childFrame(dir: dir, executable: executable)) }
let yearKeys = ConsoleBench.keypresses(base: store.state, openAlerts: 0, now: now)
let bigQueueKeys = ConsoleBench.keypresses(base: store.state, openAlerts: 50_000, now: now)
let dutyWatch = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("duty-watch").path
let idleBytes: String
if FileManager.default.isExecutableFile(atPath: dutyWatch), FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
    idleBytes = String(format: "%.0f B/s", try ConsoleBench.idleBytesPerSecond(binary: dutyWatch, dir: dir))
} else {
    idleBytes = "n/a (swift build -c release first)"
}
var idleCPU: [(String, String, String)] = []
if FileManager.default.isExecutableFile(atPath: dutyWatch), FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
    let d = dir + "-idle"
    for f in try IdleBench.run(binary: dutyWatch, dir: d, year: dir) {
        idleCPU.append(("console idle CPU: \(f.what), % of a core (load \(IdleBench.loadAverage()))", String(format: "%.2f %%", f.cpu), "< 1 %"))
    }
    try? FileManager.default.removeItem(atPath: d)
}
let resolvedView = try IdleBench.resolvedViewKeys(year: dir)

// Taking in 10,000 alert files, and keys pressed while the console does.
let ingest = try IngestBench.run(dir: dir + "-inbox", files: 10_000, now: now)
try? FileManager.default.removeItem(atPath: dir + "-inbox")

// Two consoles on a shared directory; a peer's year taken in.
try? FileManager.default.removeItem(atPath: dir + "-sync")
try FileManager.default.createDirectory(atPath: dir + "-sync", withIntermediateDirectories: true)
let sync = try SyncBench.run(dir: dir + "-sync", year: dir, now: now)
try? FileManager.default.removeItem(atPath: dir + "-sync")

let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }?
    .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
print("duty-bench: busy year of \(total + 500) journal records (\(year.alerts) alerts, \(year.ticks) ticks, \(year.calls) calls, \(year.notes) notes)")
print("machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores; journal \(mb(journalBytes)), snapshot \(mb(snapshotBytes)); generated in \(ms(genTime))")
print("")
let rows: [(String, String, String)] = [
    ("open from snapshot", ms(snapOpen), "< 300 ms and ≤ 3× raw read"),
    ("raw read of the snapshot (cat)", ms(rawS), "physical floor"),
    ("open from snapshot ÷ raw read of snapshot", String(format: "%.1f×", Double(snapOpen) / Double(max(rawS, 1))), "≤ 3×"),
    ("raw read of the journal (cat)", ms(rawJ), "physical floor"),
    ("open by full replay", ms(replayOpen), "< 3 s"),
    ("append + fsync p50", ms(median(appendTimes)), ""),
    ("append + fsync p99", ms(percentile(appendTimes, 0.99)), ""),
    ("peak memory, open from snapshot", mb(snapPeak * 1024), "< 150 MB"),
    ("peak memory, open by full replay", mb(replayPeak * 1024), "< 150 MB"),
    ("console: first full frame from process start", ms(median(frameRuns)), "< 150 ms"),
    ("console: keypress p99, year's state", ms(percentile(yearKeys.times, 0.99)), "< 2 ms"),
    ("console: keypress p99, 50,000 open alerts", ms(percentile(bigQueueKeys.times, 0.99)), "< 2 ms"),
    ("console: bytes written per idle second", idleBytes, "< 200"),
] + idleCPU + [
    ("console: keypress p99 in the recently-resolved view (v)", ms(percentile(resolvedView.keys, 0.99)), "< 5 ms"),
    ("ingest: 10,000 alert files (CAP + JSON, updates, duplicates)", ms(ingest.ingestNanos), ""),
    ("ingest: files per second", String(format: "%.0f/s", Double(ingest.files) / (Double(ingest.ingestNanos) / 1e9)), ""),
    ("console ingesting 10,000 files: until the inbox is empty", ms(ingest.consoleNanos), ""),
    ("console ingesting: keypress p99 (arrival to frame drawn)", ms(percentile(ingest.keyNanos, 0.99)), "< 2 ms"),
    ("sync: op on one console to the other's store worker, p50", ms(median(sync.propagationNanos)), ""),
    ("sync: op on one console to the other's store worker, p99", ms(percentile(sync.propagationNanos, 0.99)), "< 1 s"),
    ("sync, polled as on a network share: p50", ms(median(sync.polledPropagationNanos)), ""),
    ("sync, polled as on a network share: p99", ms(percentile(sync.polledPropagationNanos, 0.99)), "< 1 s"),
    ("sync: publishing a year (\(sync.yearRecords) records)", ms(sync.publishYearNanos), ""),
    ("sync: taking in a peer's year", ms(sync.takeInYearNanos), "< 5 s"),
    ("sync: then its snapshot, written once", ms(sync.snapshotYearNanos), ""),
    ("sync: opening a console holding a peer's year, from snapshot", ms(sync.openYearNanos), ""),
    ("sync: the same by folding every file", ms(sync.refoldYearNanos), ""),
]
let w0 = rows.map(\.0.count).max()!
let w1 = rows.map(\.1.count).max()!
print("| \("measure".padding(toLength: w0, withPad: " ", startingAt: 0)) | \("value".padding(toLength: w1, withPad: " ", startingAt: 0)) | target |")
print("|\(String(repeating: "-", count: w0 + 2))|\(String(repeating: "-", count: w1 + 2))|--------|")
for r in rows {
    print("| \(r.0.padding(toLength: w0, withPad: " ", startingAt: 0)) | \(r.1.padding(toLength: w1, withPad: " ", startingAt: 0)) | \(r.2) |")
}
if replayRuns.contains(where: { $0.1 != store.position.seq }) || snapRuns.contains(where: { $0.1 != store.position.seq }) {
    print("warning: a child opened a different number of records than were written")
}
if !keep { try? FileManager.default.removeItem(atPath: dir) }
