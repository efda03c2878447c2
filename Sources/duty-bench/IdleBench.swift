import ConsoleUI
import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What a console costs while nobody touches it: the real `duty-watch` in a pseudo-terminal,
/// its CPU time read from /proc. A console is left running all night; a loop that looks at a
/// missing share hundreds of times a second, or a view that walks a year of alerts every
/// second, shows here and nowhere else.
enum IdleBench {
    struct Figure {
        let what: String
        /// Percent of one core.
        let cpu: Double
        let seconds: Double
    }

    /// A demo store joined to a shared directory that is then taken away (not mounted), and
    /// with `year` (a busy year's store) the same console idle in the recently-resolved view.
    static func run(binary: String, dir: String, year: String?, seconds: Double = 5) throws -> [Figure] {
        let store = dir + "/store", share = dir + "/share"
        try FileManager.default.createDirectory(atPath: share, withIntermediateDirectories: true)
        try runQuietly(binary, ["init", "--store", store, "--demo", "--node", "idle", "--shared", share])
        try FileManager.default.removeItem(atPath: share)
        var figures = [try idleCPU(binary: binary, store: store, keys: "", seconds: seconds, what: "offline console (share missing), overview")]
        if let year {
            // 2 then v: the alerts pane listing the recently resolved.
            figures.append(try idleCPU(binary: binary, store: year, keys: "2v", seconds: seconds, what: "busy year, alerts pane with v (resolved)"))
        }
        return figures
    }

    private static func runQuietly(_ binary: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchFailure("duty-bench: \(binary) \(arguments.joined(separator: " ")) failed") }
    }

    /// Runs the console in a pseudo-terminal (through `script`, as the idle-bytes figure does),
    /// lets it settle, types `keys`, lets it settle again, and reads how much CPU it used over
    /// `seconds` of wall time.
    static func idleCPU(binary: String, store: String, keys: String, seconds: Double, what: String) throws -> Figure {
        // exec: script's child is the process to measure.
        let (p, input, output) = try ConsoleBench.consoleInTerminal(binary: binary, store: store, exec: true)
        // The screen is read and dropped, so the console never blocks on a full terminal.
        output.fileHandleForReading.readabilityHandler = { h in _ = h.availableData }
        defer {
            input.fileHandleForWriting.write(Data("qy".utf8))  // q asks first; y answers
            Thread.sleep(forTimeInterval: 0.5)
            if p.isRunning { p.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
        }
        Thread.sleep(forTimeInterval: 3)
        guard let console = child(of: p.processIdentifier) else { throw BenchFailure("duty-bench: the console did not start under script") }
        if !keys.isEmpty {
            for k in keys {
                input.fileHandleForWriting.write(Data(String(k).utf8))
                Thread.sleep(forTimeInterval: 0.3)
            }
            Thread.sleep(forTimeInterval: 2)
        }
        let wallStart = monotonicNanos()
        guard let before = cpuSeconds(console) else { throw BenchFailure("duty-bench: cannot read /proc/\(console)/stat") }
        Thread.sleep(forTimeInterval: seconds)
        guard let after = cpuSeconds(console) else { throw BenchFailure("duty-bench: the console ended while measured") }
        let wall = Double(monotonicNanos() - wallStart) / 1e9
        return Figure(what: what, cpu: (after - before) / wall * 100, seconds: wall)
    }

    /// User plus system time of a process so far, in seconds (/proc/PID/stat fields 14 and 15).
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let fields = statFields(pid), fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses):
    /// the state first, then the parent's id.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static func child(of parent: Int32) -> Int32? {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.first { statFields($0).map { $0.count > 1 && $0[1] == "\(parent)" } ?? false }
    }

    /// The 1-minute load average: how busy the machine was while measuring (it is shared).
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").first.map(String.init) ?? "?"
    }

    /// In-process, on a busy year's state at its end: what a second's tick (update and render at
    /// 120×40) costs on each pane, median of 30: the whole of an idle console's work.
    static func paneTicks(year: String) throws -> [(pane: String, nanos: UInt64)] {
        let store = try Store.open(at: year, fs: RealFileSystem())
        let now = Instant(ms: store.position.hlc.ms + 60_000)
        let settings = ConsoleSettings(calendar: store.calendar, acknowledgeWithin: store.config.acknowledgeWithin, bell: false)
        let size = Size(width: 120, height: 40)
        var out: [(String, UInt64)] = []
        for keys in ["1", "2", "2v", "3", "4", "5", "6"] {
            var state = ConsoleState(duty: store.state, now: now, settings: settings, language: .zh, actor: "bench")
            for k in keys { _ = update(&state, .key(.char(k))) }
            _ = render(state, size: size)
            var ticks: [UInt64] = []
            for n in 1...30 {
                let t = monotonicNanos()
                _ = update(&state, .tick(now.adding(seconds: Int64(n))))
                _ = render(state, size: size)
                ticks.append(monotonicNanos() - t)
            }
            out.append((keys, median(ticks)))
        }
        return out
    }

    /// In-process, on a busy year's state at its end: the alerts pane's `v` (the first one reads
    /// the resolved alerts from the snapshot), then keys in the list it shows, and the second's
    /// tick there; each is update plus render at 120×40.
    static func resolvedViewKeys(year: String) throws -> (firstV: UInt64, keys: [UInt64], ticks: [UInt64], summary: String) {
        let store = try Store.open(at: year, fs: RealFileSystem())
        let now = Instant(ms: store.position.hlc.ms + 60_000)
        let settings = ConsoleSettings(calendar: store.calendar, acknowledgeWithin: store.config.acknowledgeWithin, bell: false)
        var state = ConsoleState(duty: store.state, now: now, settings: settings, language: .zh, actor: "bench")
        let size = Size(width: 120, height: 40)
        _ = update(&state, .key(.char("2")))
        _ = render(state, size: size)
        var t = monotonicNanos()
        _ = update(&state, .key(.char("v")))
        _ = render(state, size: size)
        let firstV = monotonicNanos() - t
        var keys: [UInt64] = []
        let moves: [Key] = [.char("j"), .char("j"), .char("k"), .down, .up, .char("j")]
        for n in 0..<300 {
            t = monotonicNanos()
            _ = update(&state, .key(moves[n % moves.count]))
            _ = render(state, size: size)
            keys.append(monotonicNanos() - t)
        }
        var ticks: [UInt64] = []
        for n in 1...30 {
            t = monotonicNanos()
            _ = update(&state, .tick(now.adding(seconds: Int64(n))))
            _ = render(state, size: size)
            ticks.append(monotonicNanos() - t)
        }
        // The list's summary line says how many resolved alerts it holds.
        let line = render(state, size: size).lines.first { $0.contains("已解决") } ?? ""
        let summary = line.split(separator: "│").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return (firstV, keys, ticks, summary)
    }
}
