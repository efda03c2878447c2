import ConsoleUI
import DutyCore
import DutyStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Console figures: first frame, keypress cost with a big queue, bytes a quiet console writes.
enum ConsoleBench {
    /// In a fresh process: open the store, build the console state, render a 120×40 frame.
    static func firstFrame(dir: String) throws -> UInt64 {
        let start = monotonicNanos()
        let store = try Store.open(at: dir, fs: RealFileSystem())
        let settings = ConsoleSettings(calendar: store.calendar, acknowledgeWithin: store.config.acknowledgeWithin, bell: false)
        let state = ConsoleState(duty: store.state, now: Instant(ms: store.position.hlc.ms), settings: settings, language: .zh, actor: "bench")
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40))
        terminal.draw(render(state, size: terminal.size))
        return monotonicNanos() - start
    }

    /// update + render + the cell diff the backend does, per keypress, with `openAlerts` open alerts.
    static func keypresses(base: DutyState, openAlerts: Int, now: Instant) -> (times: [UInt64], changedCells: Int) {
        var duty = base
        for i in 0..<openAlerts {
            let street = Haizhu.streets[i % 18]
            duty.apply(.alertRaised(AlertContent(id: "Q-\(i)", source: "电话报告", kind: "内涝", level: AlertLevel.allCases[i % 4],
                                                 title: "\(street)积水报告 第\(i)号", body: "", street: street)),
                       OpContext(actor: "bench", at: now.adding(seconds: Int64(-i)), node: "bench", seq: i))
        }
        let settings = ConsoleSettings(calendar: .shanghai, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: false)
        var state = ConsoleState(duty: duty, now: now, settings: settings, language: .zh, actor: "bench")
        var previous = render(state, size: Size(width: 120, height: 40))
        var times: [UInt64] = []
        var changedCells = 0
        let keys: [Key] = [.char("j"), .char("j"), .char("k"), .down, .up, .char("j")]
        for n in 0..<1000 {
            let t = monotonicNanos()
            _ = update(&state, .key(keys[n % keys.count]))
            let grid = render(state, size: Size(width: 120, height: 40))
            for i in 0..<grid.cells.count where grid.cells[i] != previous.cells[i] { changedCells += 1 }
            previous = grid
            times.append(monotonicNanos() - t)
        }
        return (times, changedCells)
    }

    /// The real console started at 120×40 in a pseudo-terminal that `script` gives it, with the
    /// pipes that type into it and read its screen. `exec`: the shell becomes the console, so
    /// script's child is the console's process.
    static func consoleInTerminal(binary: String, store: String, exec: Bool = false) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qfc", "stty cols 120 rows 40; \(exec ? "exec " : "")\(binary) --store \(store)", "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        p.environment = env
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, input, output)
    }

    /// Runs the real console in a pseudo-terminal (through `script`) and counts what it writes
    /// during `seconds` quiet seconds after it settles.
    static func idleBytesPerSecond(binary: String, dir: String, seconds: Double = 5) throws -> Double {
        let (p, input, output) = try consoleInTerminal(binary: binary, store: dir)
        let counter = ByteCounter()
        output.fileHandleForReading.readabilityHandler = { h in counter.add(h.availableData.count) }
        Thread.sleep(forTimeInterval: 3)
        let before = counter.total
        Thread.sleep(forTimeInterval: seconds)
        let after = counter.total
        input.fileHandleForWriting.write(Data("qy".utf8))  // q asks first; y answers
        Thread.sleep(forTimeInterval: 0.5)
        if p.isRunning { p.terminate() }
        output.fileHandleForReading.readabilityHandler = nil
        return Double(after - before) / seconds
    }
}

final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.lock(); count += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return count }
}
