import Foundation

#if canImport(Glibc)
import Glibc
#endif

// Shared pieces of the measurements that run one case alone: figures over runs, the machine's
// load beside them, and children spawned with their own peak memory and a time cap.

/// The 1-minute load average: the machine is shared, so every figure is printed beside it.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return String(text.split(separator: " ").first ?? "?")
}

func cpuModel() -> String {
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
}

/// Line by line even into a pipe or a file: a case going on past its cap is seen going on.
/// (Swift 6 will not name C's `stdout` variable; the symbol is looked up instead.)
func lineBufferedOutput() {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return }
    let file = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    setvbuf(file, nil, _IOLBF, 0)
}

/// Says which case starts, on what machine and under what load.
func caseHeader(_ title: String) {
    print("== \(title)")
    print("machine: \(cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores; load (1 min) \(loadAverage()) at start")
}

/// min / median / max of some runs, each shown by `show`.
struct Spread {
    let values: [Double]
    init(_ values: [Double]) { self.values = values.sorted() }
    init(nanos: [UInt64]) { self.init(nanos.map { Double($0) }) }
    var min: Double { values.first ?? 0 }
    var max: Double { values.last ?? 0 }
    var median: Double { values.isEmpty ? 0 : values[values.count / 2] }
    var isEmpty: Bool { values.isEmpty }
    func show(_ f: (Double) -> String) -> String {
        guard !values.isEmpty else { return "–" }
        if values.count == 1 { return f(values[0]) }
        return "\(f(min)) / \(f(median)) / \(f(max))"
    }
}

/// A 200-byte append and fsync in `dir`, median of 30: every save waits for one, so on a disk
/// other builds are busy with the write figures say more about the disk than about the code.
func fsyncProbe(dir: String) -> Double {
    let path = dir + "/.fsync-probe"
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard fd >= 0 else { return .nan }
    defer {
        close(fd)
        unlink(path)
    }
    let line = [UInt8](repeating: 0x61, count: 200)
    var times: [UInt64] = []
    for _ in 0..<30 {
        let t = monotonicNanos()
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        times.append(monotonicNanos() - t)
    }
    return Spread(nanos: times).median
}

func fmtMs(_ nanos: Double) -> String {
    nanos >= 10e9 ? String(format: "%.1f s", nanos / 1e9) : (nanos >= 1e9 ? String(format: "%.2f s", nanos / 1e9) : String(format: "%.1f ms", nanos / 1e6))
}
func fmtRatio(_ r: Double) -> String { r.isFinite ? String(format: "%.1f×", r) : "–" }
func fmtMB(_ kb: Double) -> String { String(format: "%.1f MB", kb / 1024) }

/// Prints rows as a Markdown table, columns padded to their widest cell.
func printTable(_ header: [String], _ rows: [[String]]) {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        "| " + header.indices.map { c in (cells.indices.contains(c) ? cells[c] : "").padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for r in rows { print(line(r)) }
}

/// The options the cases that run alone share: `--records N --cap S --runs R --scale F --year DIR --dir DIR`.
struct CaseOptions {
    var records = 3_300
    var consoles = [2, 5, 10, 20]
    /// Seconds one part of a case may take before it is stopped and said to be over the cap.
    var cap = 60.0
    var runs: Int?
    var scale = 1.0
    var year: String?
    var keep = false
    /// For the year's preparing child: records to have after the snapshot.
    var after = 0
    /// Where the case makes its stores and shares (default: the system's temporary folder), to
    /// measure on another file system (`--dir /dev/shm`).
    var dir = NSTemporaryDirectory()

    init(_ args: ArraySlice<String>) {
        var i = args.startIndex
        func value() -> String {
            i += 1
            guard i < args.endIndex else { usage("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.endIndex {
            switch args[i] {
            case "--records": records = Int(value()) ?? records
            case "--consoles": consoles = value().split(separator: ",").compactMap { Int($0) }
            case "--cap": cap = Double(value()) ?? cap
            case "--runs": runs = Int(value())
            case "--scale": scale = Double(value()) ?? scale
            case "--year": year = value()
            case "--keep": keep = true
            case "--after": after = Int(value()) ?? after
            case "--dir": dir = value()
            default: usage("unknown option \(args[i])")
            }
            i += 1
        }
    }
}

func usage(_ why: String) -> Never {
    FileHandle.standardError.write(Data("""
    duty-bench: \(why)
    usage: duty-bench [--scale F] [--dir PATH] [--keep]
           duty-bench --consoles-only [--records N] [--consoles 2,5,10,20] [--cap S] [--runs R]
           duty-bench --writing-only [--records N] [--consoles 2,10,20] [--cap S] [--runs R] [--dir DIR]
           duty-bench --open-after-only [--scale F | --year DIR] [--runs R]
           duty-bench --commands-only [--scale F | --year DIR] [--runs R]
           duty-bench --first-frame-only [--scale F | --year DIR] [--runs R] [--cap S]
           duty-bench --json-only [N [DIR]] | --idle-only [YEAR_STORE] | --keys-only N [STORE]
           duty-bench --sync-only YEAR_STORE | --ingest-only [FILES]

    """.utf8))
    exit(2)
}

// MARK: - Children

/// A CPU time as rusage gives it, in nanoseconds.
func timevalNanos(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1_000 }

/// How a child ended: its time from spawn to reaped, its own peak memory (wait4), what it wrote
/// on stdout and stderr, and whether it was stopped at the cap.
struct ChildRun {
    var status: Int32
    var nanos: UInt64
    var maxRSSKB: Int
    /// User + system CPU time of the child: far below `nanos`, the child mostly waited (fsync).
    var cpuNanos: UInt64 = 0
    var output: [UInt8]
    var overCap: Bool
    var text: String { String(decoding: output, as: UTF8.self) }
    var exitedCleanly: Bool { !overCap && status == 0 }
}

/// Spawns `argv` with stdin on /dev/null and stdout and stderr on one pipe, reads it to the end
/// (a command's output costs what it costs when piped), and reaps it with wait4 for its rusage.
/// Past `cap` seconds it is killed and said to be over the cap.
func runChild(_ argv: [String], env: [String: String]? = nil, cap: Double) -> ChildRun {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { fatalError("pipe: \(errno)") }
    // Only the child's dup2'd copies are to stay open in it (another child spawned meanwhile
    // holding the write end would keep this one's output open).
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    let cArgs = argv.map { strdup($0) } + [nil]
    let environment = (env ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        cArgs.forEach { free($0) }
        environment.forEach { free($0) }
    }
    var pid: pid_t = 0
    let start = monotonicNanos()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environment)
    close(fds[1])
    guard rc == 0 else {
        close(fds[0])
        return ChildRun(status: -1, nanos: 0, maxRSSKB: 0, output: Array("spawn \(argv[0]): \(String(cString: strerror(rc)))".utf8), overCap: false)
    }
    let deadline = start + UInt64(cap * 1e9)
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var overCap = false
    while true {
        let now = monotonicNanos()
        if now >= deadline {
            overCap = true
            kill(pid, SIGKILL)
            break
        }
        var p = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32(min(1_000, (deadline - now) / 1_000_000 + 1)))
        if ready < 0, errno == EINTR { continue }
        if ready == 0 { continue }
        let n = read(fds[0], &buffer, buffer.count)
        if n > 0 {
            output += buffer[0..<n]
        } else if n == 0 || errno != EINTR {
            break
        }
    }
    close(fds[0])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
    let nanos = monotonicNanos() - start
    // Exited: the code in the second byte; killed: the signal in the low seven bits (as negative).
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
    let cpu = timevalNanos(usage.ru_utime) + timevalNanos(usage.ru_stime)
    return ChildRun(status: code, nanos: nanos, maxRSSKB: usage.ru_maxrss, cpuNanos: cpu, output: output, overCap: overCap)
}

/// This binary, for children that run one part of a case alone.
var benchExecutable: String {
    let a = CommandLine.arguments[0]
    if a.hasPrefix("/") { return a }
    if a.contains("/") { return FileManager.default.currentDirectoryPath + "/" + a }
    return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? a
}

/// The real `duty-watch`, built next to this binary.
func dutyWatchBinary() -> String {
    let path = URL(fileURLWithPath: benchExecutable).deletingLastPathComponent().appendingPathComponent("duty-watch").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        usage("\(path) is missing: swift build -c release --product duty-watch first")
    }
    return path
}

/// The environment a person's shell would give the console: UTF-8 and a colour terminal, no store
/// named by the environment.
func shellEnvironment() -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["DUTYWATCH_STORE"] = nil
    env["LANG"] = "C.UTF-8"
    env["LC_ALL"] = "C.UTF-8"
    env["TERM"] = "xterm-256color"
    return env
}

func index(of needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
    var i = max(0, from)
    while i <= haystack.count - needle.count {
        if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        i += 1
    }
    return nil
}

/// Copies a store (or any folder) the way `cp -a` would, for a case that writes to it.
func copyTree(_ from: String, to: String) throws {
    try? FileManager.default.removeItem(atPath: to)
    try FileManager.default.copyItem(atPath: from, toPath: to)
}

/// The file system `path` lies on, as /proc/mounts names it (`ext4`, `tmpfs`), for the figures'
/// captions: the same bench differs by file system more than by anything the store does.
func fileSystemName(_ path: String) -> String {
    guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "?" }
    let real = (path as NSString).resolvingSymlinksInPath
    var best = (mount: "", type: "?")
    for line in mounts.split(separator: "\n") {
        let f = line.split(separator: " ")
        guard f.count >= 3 else { continue }
        let mount = String(f[1])
        let inside = real == mount || real.hasPrefix(mount.hasSuffix("/") ? mount : mount + "/")
        if inside, mount.count > best.mount.count { best = (mount, String(f[2])) }
    }
    return best.type
}
