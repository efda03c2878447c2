import Foundation
import Testing

/// Two consoles on two "machines": each publishes into its own folder and two real Syncthing
/// engines keep the folders identical, as at a site. Catches what a single shared folder cannot:
/// files that arrive late, out of order, half-written under Syncthing's temporary names, or while
/// the other console is offline.
// Enabled only where Syncthing is installed: elsewhere the suite is reported as skipped, not as
// passed, so a machine without it does not look as if it had checked the replication. (The
// condition lives outside the type: naming `SyncthingTests` in its own attribute is a circular
// reference for the macro.)
@Suite(.enabled(if: syncthingInstalled), .serialized)
struct SyncthingTests {

    /// The bound on every wait: a busy CI machine, not the engines, sets the pace.
    static let timeout: TimeInterval = 60

    /// Two engines on loopback only, with one folder between them.
    final class Pair {
        let base: String
        let homes: [String]
        let shares: [String]
        let logs: [String]
        var ids: [String] = []
        var listenPorts: [Int] = []
        var guiPorts: [Int] = []
        var pids: [pid_t?] = [nil, nil]

        init() throws {
            base = URL(fileURLWithPath: tempStore()).deletingLastPathComponent().path
            homes = [base + "/st-a", base + "/st-b"]
            shares = [base + "/shareA", base + "/shareB"]
            logs = [base + "/syncthing-a.log", base + "/syncthing-b.log"]
            let ports = try freePorts(4)
            listenPorts = [ports[0], ports[1]]
            guiPorts = [ports[2], ports[3]]
            for i in 0..<2 {
                try FileManager.default.createDirectory(atPath: shares[i], withIntermediateDirectories: true)
                // Syncthing refuses to sync a folder without its marker (a guard against an
                // unmounted disk); duty-watch passes over hidden names, so it does not mind it.
                try FileManager.default.createDirectory(atPath: shares[i] + "/.stfolder", withIntermediateDirectories: true)
                let generated = try spawnAndWait([SyncthingTests.binary, "generate", "--home=\(homes[i])", "--no-default-folder"], log: logs[i])
                guard generated == 0 else { throw CLIFailure("syncthing generate exited \(generated):\n\(tail(logs[i]))") }
                ids.append(try deviceID(home: homes[i]))
            }
            for i in 0..<2 {
                try config(i).write(toFile: homes[i] + "/config.xml", atomically: true, encoding: .utf8)
            }
        }

        deinit { stop() }

        /// The engine's own id, as the other engine must name it.
        private func deviceID(home: String) throws -> String {
            let out = try spawnCapturing([SyncthingTests.binary, "serve", "--home=\(home)", "--device-id"])
            let id = out.trimmingCharacters(in: .whitespacesAndNewlines)
            guard id.count == 63 else { throw CLIFailure("no device id from syncthing: \(out)") }
            return id
        }

        /// The whole configuration, written rather than patched so the test does not depend on
        /// what a given Syncthing version generates; what is left out takes Syncthing's defaults.
        private func config(_ i: Int) -> String {
            let me = ids[i], other = ids[1 - i], name = ["a", "b"][i], otherName = ["a", "b"][1 - i]
            return """
            <configuration version="36">
                <folder id="dutywatch" label="dutywatch" path="\(shares[i])" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="true" autoNormalize="true">
                    <filesystemType>basic</filesystemType>
                    <device id="\(me)" introducedBy=""></device>
                    <device id="\(other)" introducedBy=""></device>
                    <minDiskFree unit="%">1</minDiskFree>
                    <maxConflicts>10</maxConflicts>
                    <markerName>.stfolder</markerName>
                </folder>
                <device id="\(me)" name="\(name)" compression="metadata" introducer="false">
                    <address>dynamic</address>
                    <autoAcceptFolders>false</autoAcceptFolders>
                </device>
                <device id="\(other)" name="\(otherName)" compression="metadata" introducer="false">
                    <address>tcp://127.0.0.1:\(listenPorts[1 - i])</address>
                    <autoAcceptFolders>false</autoAcceptFolders>
                </device>
                <gui enabled="true" tls="false">
                    <address>127.0.0.1:\(guiPorts[i])</address>
                </gui>
                <options>
                    <listenAddress>tcp://127.0.0.1:\(listenPorts[i])</listenAddress>
                    <globalAnnounceEnabled>false</globalAnnounceEnabled>
                    <localAnnounceEnabled>false</localAnnounceEnabled>
                    <relaysEnabled>false</relaysEnabled>
                    <natEnabled>false</natEnabled>
                    <urAccepted>-1</urAccepted>
                    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
                    <crashReportingEnabled>false</crashReportingEnabled>
                    <startBrowser>false</startBrowser>
                </options>
            </configuration>

            """
        }

        /// One after the other: two engines that dial each other at the same moment can each
        /// wait on the other's Hello until Syncthing's 20 s timeout, which slowed one run in
        /// three. With a already listening, b's first dial connects before a dials again.
        func start() throws {
            for i in 0..<2 where pids[i] == nil {
                if i == 1, pids[0] != nil, !waitUntil({ accepts(port: listenPorts[0]) }) {
                    Issue.record("syncthing a did not listen within \(SyncthingTests.timeout) s\n\(logTails)")
                }
                pids[i] = try spawnDetached(
                    [SyncthingTests.binary, "serve", "--home=\(homes[i])", "--no-browser", "--no-restart"],
                    // STMONITORED: run the engine itself, without the monitor process that
                    // `serve` otherwise puts in front of it even with --no-restart; killing a
                    // monitor leaves its engine running in a process group of its own.
                    env: ["STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "STMONITORED": "1"], log: logs[i])
            }
        }

        /// SIGKILL, the only signal a child of the test runner cannot have blocked; also the
        /// harshest way an engine stops at a site (power cut).
        func stop() {
            for i in 0..<2 {
                guard let pid = pids[i] else { continue }
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                pids[i] = nil
            }
        }

        /// Whether either engine still accepts connections: a "stopped" engine that still
        /// replicates would make the offline test pass without testing anything.
        var anyListening: Bool { listenPorts.contains { accepts(port: $0) } }

        var logTails: String { "syncthing a:\n\(tail(logs[0]))\nsyncthing b:\n\(tail(logs[1]))" }
    }

    /// Two stores, a on shareA and b on shareB, joined to one cluster; the engines are running.
    static func consoles(_ pair: Pair) throws -> (a: String, b: String)? {
        try pair.start()
        let a = pair.base + "/a", b = pair.base + "/b"
        let ja = try run(["init", "--store", a, "--node", "alpha", "--shared", pair.shares[0]])
        #expect(ja.status == 0, "\(ja.err)")
        // b must join the cluster a created: only once the marker has crossed is shareB a
        // DutyWatch folder rather than an empty one b would claim for a new cluster.
        guard waitUntil({ FileManager.default.fileExists(atPath: pair.shares[1] + "/.dutywatch-cluster") }) else {
            Issue.record("the cluster marker did not reach shareB within \(timeout) s\n\(pair.logTails)")
            return nil
        }
        let jb = try run(["init", "--store", b, "--node", "bravo", "--shared", pair.shares[1]])
        #expect(jb.status == 0, "\(jb.err)")
        return (a, b)
    }

    static func raise(_ store: String, _ title: String) throws {
        let r = try run(["alert", "raise", "--store", store, "--level", "yellow", "--title", title])
        #expect(r.status == 0, "\(r.err)")
    }

    /// One round; a status other than 0 means something was quarantined or the share was
    /// unusable, which replication must never cause.
    static func sync(_ store: String) throws {
        let r = try run(["sync", "--store", store, "--once"])
        #expect(r.status == 0, "sync --once on \(store): \(r.out)\(r.err)")
    }

    static func digest(_ store: String) throws -> String? {
        try run(["check", "--store", store, "--digest"]).out.split(separator: "\n").last.map(String.init)
    }

    /// Rounds on both consoles until each lists every title and their digests agree; records a
    /// failure with what each console holds and the engines' logs when the bound runs out.
    static func converge(_ a: String, _ b: String, _ titles: [String], _ pair: Pair) throws {
        var lists = ["", ""], digests: [String?] = [nil, nil]
        let converged = try waitUntil {
            try sync(a)
            try sync(b)
            lists = [try run(["alert", "list", "--store", a]).out, try run(["alert", "list", "--store", b]).out]
            guard lists.allSatisfy({ list in titles.allSatisfy { list.contains($0) } }) else { return false }
            digests = [try digest(a), try digest(b)]
            return digests[0] != nil && digests[0] == digests[1]
        }
        if !converged {
            Issue.record("""
                the consoles did not converge within \(timeout) s
                a lists:\n\(lists[0])b lists:\n\(lists[1])digests: \(digests)
                \(pair.logTails)
                """)
        }
    }

    @Test func changesOnBothConsolesWhileBothEnginesRunConverge() throws {
        let pair = try Pair()
        defer { pair.stop() }
        guard let (a, b) = try Self.consoles(pair) else { return }
        var titles: [String] = []
        for n in 1...3 {
            titles += ["甲报\(n)", "乙报\(n)"]
            try Self.raise(a, "甲报\(n)")
            try Self.sync(a)
            try Self.raise(b, "乙报\(n)")
            try Self.sync(b)
        }
        try Self.converge(a, b, titles, pair)

        // The figure an operator asks for: how long a change takes from one desk to the other.
        try Self.raise(a, "计时")
        try Self.sync(a)
        let started = Date()
        let crossed = try waitUntil {
            try Self.sync(b)
            return try run(["alert", "list", "--store", b]).out.contains("计时")
        }
        let seconds = Date().timeIntervalSince(started)
        #expect(crossed, "the timed change did not cross within \(Self.timeout) s\n\(pair.logTails)")
        if crossed { print("syncthing: a change crossed in \(String(format: "%.1f", seconds)) s") }
    }

    @Test func phoneReportsTakenWhileTheEnginesWereStoppedArriveOnBothConsoles() throws {
        let pair = try Pair()
        defer { pair.stop() }
        guard let (a, b) = try Self.consoles(pair) else { return }
        try Self.raise(a, "开局")
        try Self.converge(a, b, ["开局"], pair)

        // The link is down (both engines gone at once, as in a power cut); each desk goes on
        // working and publishes into its own folder only.
        pair.stop()
        #expect(!pair.anyListening, "an engine still runs after SIGKILL\n\(pair.logTails)")
        try Self.raise(a, "电话报告甲")
        try Self.sync(a)
        try Self.raise(b, "电话报告乙")
        try Self.sync(b)
        #expect(!(try run(["alert", "list", "--store", a]).out.contains("电话报告乙")))
        #expect(!(try run(["alert", "list", "--store", b]).out.contains("电话报告甲")))

        try pair.start()
        try Self.converge(a, b, ["开局", "电话报告甲", "电话报告乙"], pair)
    }
}

extension SyncthingTests {
    static let binary = "/usr/bin/syncthing"
    static var available: Bool { syncthingInstalled }
}

private var syncthingInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/syncthing") }

/// Polls every half second until `condition` holds or `SyncthingTests.timeout` has passed.
private func waitUntil(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(SyncthingTests.timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: 0.5)
    }
}

private func tail(_ path: String, lines: Int = 25) -> String {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no log at \(path))"
    return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
}

/// Ports nothing listens on now. All are held open together so that the kernel cannot hand out
/// one of them twice; a small race with other programs remains until Syncthing binds them.
private func freePorts(_ count: Int) throws -> [Int] {
    var sockets: [Int32] = []
    defer { sockets.forEach { close($0) } }
    var ports: [Int] = []
    for _ in 0..<count {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIFailure("socket: \(errno)") }
        sockets.append(fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CLIFailure("bind: \(errno)") }
        ports.append(Int(UInt16(bigEndian: address.sin_port)))
    }
    return ports
}

private func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// `posix_spawn_file_actions_addclosefrom_np` is in glibc since 2.34 but not in Swift's Glibc module.
private let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(sym, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()

/// Starts `argv` with output appended to `log` and returns its pid. Spawned by hand rather than
/// with `Process`: an engine that lives for the whole test must not inherit the pipes of other
/// tests' children (they would never see end of file while it runs), nor the test thread's
/// blocked signals.
private func spawnDetached(_ argv: [String], env: [String: String], log: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    guard let closeFrom, closeFrom(&actions, 3) == 0 else {
        throw CLIFailure("posix_spawn_file_actions_addclosefrom_np is missing")
    }
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let rc = withUnmaskedSpawnAttributes { attributes in posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv) }
    guard rc == 0 else { throw CLIFailure("spawn \(argv[0]): \(rc)") }
    return pid
}

/// Runs `argv` to its end with output appended to `log`; returns the exit status.
private func spawnAndWait(_ argv: [String], log: String) throws -> Int32 {
    let pid = try spawnDetached(argv, env: ["STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"], log: log)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
