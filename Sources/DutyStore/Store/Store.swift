import DutyCore
import Synchronization

/// A problem found in the store, for `check` and the console's status line.
public struct StoreProblem: Hashable, Sendable, CustomStringConvertible {
    public var description: String
    /// Problems quote files and the share: one inert line wherever they are shown.
    public init(_ d: String) { description = InertText.excerpt(d, limit: 600) }
}

/// Notices can arrive late: an archive of a snapshot is checked only when first decoded.
final class NoticeBoard: Sendable {
    private let items = Mutex<[StoreProblem]>([])
    func add(_ p: StoreProblem) { items.withLock { $0.append(p) } }
    var all: [StoreProblem] { items.withLock { $0 } }
}

/// An op waiting to be written, with who made it and when.
public struct PendingOp: Hashable, Sendable {
    public var op: Op
    public var actor: String
    public var at: Instant
    public init(op: Op, actor: String, at: Instant) {
        self.op = op
        self.actor = actor
        self.at = at
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// The local store: the source of truth of one console. Ops are appended to this node's journal
/// under an advisory lock and fsynced before `append` returns; the state is their fold.
public final class Store {
    public let root: String
    public let fs: FileSystem
    public let config: StoreConfig
    public let calendar: LocalCalendar
    public private(set) var state = DutyState()
    /// Peers' files appended to since they were last synced (see `appendPeers`).
    private var unsyncedPeers: Set<String> = []
    /// Stands in for `state` while the merged fold changes its own.
    private static let noState = DutyState()
    public private(set) var position = JournalPosition()
    /// Set when damage in the middle of the journal was found: nothing is written until a person decides.
    public private(set) var readOnlyReason: String?
    /// The reason is the medium (not damage): looked at again before each save.
    private var mediumReadOnly = false
    /// The snapshot opening started from (`snapshots/…`), nil when it folded the files from the start.
    public private(set) var openedFrom: String?
    /// What opening found and did (a torn tail moved to quarantine, a snapshot skipped).
    public var notices: [StoreProblem] { noticeBoard.all }
    private let noticeBoard = NoticeBoard()
    /// Records since the newest snapshot; a new one is written past `snapshotEvery`.
    public private(set) var recordsSinceSnapshot = 0
    public var snapshotEvery = 20_000
    private var journalMarker: String?
    /// Peers' records taken in from the shared directory, kept in `peers/<node>.jsonl` with the
    /// same framing and checks as the journal: where each was read up to, and the files' markers.
    public private(set) var peerPositions: [String: JournalPosition] = [:]
    private var peerMarkers: [String: String?] = [:]
    /// The newest clock seen in a peer's record: this console's next record comes after it, so a
    /// slow clock here never puts an answer before the question.
    public private(set) var observedHLC: HLC = .zero
    var peersDir: String { Path.join(root, "peers") }
    func peerPath(_ peer: String) -> String { Path.join(peersDir, "\(peer).jsonl") }
    /// Whether this store holds other consoles' records. Its state is then the fold of every
    /// console's records in one order, (clock, node, sequence), whatever order they arrived in,
    /// so consoles holding the same records show the same state.
    public var hasPeers: Bool { !peerPositions.isEmpty }
    /// With peers, the fold kept up to date as records arrive (nil for a console alone).
    private var merge: MergeFold?
    /// The last word from the share on how far the merged fold may settle (kept for a refold).
    private var frontierHints = MergeFold.Frontier()
    /// Records folded into the kept part of the merged fold so far (each once): for tests.
    var settledFolds: Int { merge?.settledFolds ?? 0 }

    public var node: String { config.node }
    public var journalPath: String { Path.join(root, "journal/\(node).jsonl") }
    var journalName: String { "journal/\(node).jsonl" }
    var lockPath: String { Path.join(root, "journal/.lock") }
    var snapshotsDir: String { Path.join(root, "snapshots") }
    var quarantineDir: String { Path.join(root, "quarantine") }
    public static let directories = ["journal", "snapshots", "inbox", "quarantine"]

    private init(root: String, fs: FileSystem, config: StoreConfig, calendar: LocalCalendar) {
        self.root = root
        self.fs = fs
        self.config = config
        self.calendar = calendar
    }

    // MARK: - Creating and opening

    /// Writes an empty store: the folders and config.toml. Refuses a folder that already holds one.
    public static func create(at root: String, node: String, fs: FileSystem, shared: String = "", cluster: String = "") throws(StoreError) {
        guard StoreConfig.isValidNodeName(node) else {
            throw StoreError("node name \"\(node)\" must be 1–40 letters, digits, - or _")
        }
        let configPath = Path.join(root, "config.toml")
        if fs.exists(configPath) { throw StoreError("\(root) already holds a store (config.toml exists)") }
        do {
            try fs.createDirectory(root)
            for d in directories { try fs.createDirectory(Path.join(root, d)) }
            var config = StoreConfig(node: node)
            config.shared = shared
            config.cluster = cluster
            try fs.replaceDurably(configPath, Array(config.toml().utf8))
        } catch {
            throw StoreError("cannot create the store: \(error)")
        }
        // The console's identity on any share it joins later.
        _ = try NodeKey.loadOrCreate(root: root, fs: fs)
    }

    /// Joins an existing or new store to a shared directory: checks or writes the folder's
    /// marker and keeps the folder and the cluster id in config.toml. Returns the cluster id.
    @discardableResult
    public static func join(root: String, shared: String, fs: FileSystem) throws(StoreError) -> String {
        var config = try readConfig(root: root, fs: fs)
        let dir = SharedDirectory(root: shared, fs: fs)
        // A store that joined a cluster stays in it, wherever its share is mounted.
        let id = try dir.join(expected: config.cluster.isEmpty ? nil : config.cluster) {
            var rng = SystemRandomNumberGenerator()
            return "c-" + String(rng.next(), radix: 16)
        }
        try Self.checkNameIsOurs(root: root, node: config.node, on: dir, fs: fs)
        let key = NodeKey.publicHex(try NodeKey.loadOrCreate(root: root, fs: fs))
        if let theirs = dir.publicKey(of: config.node), theirs != key {
            throw StoreError("the node name \(config.node) is already used on \(shared) by another console (with another key); give this store a name of its own with --node")
        }
        config.shared = shared
        config.cluster = id
        do {
            try fs.replaceDurably(Path.join(root, "config.toml"), Array(config.toml().utf8))
        } catch {
            throw StoreError("cannot write config.toml: \(error)")
        }
        return id
    }

    public static func readConfig(root: String, fs: FileSystem) throws(StoreError) -> StoreConfig {
        let path = Path.join(root, "config.toml")
        guard fs.exists(path) else {
            throw StoreError("\(root) is not a DutyWatch store: config.toml is missing (create one with `duty-watch init --store \(root)`)")
        }
        do {
            let bytes = try fs.read(path)
            guard let text = String(validating: bytes, as: UTF8.self) else { throw StoreError("\(path): not UTF-8 text") }
            let cachePath = Path.join(root, ConfigCache.fileName)
            if let cached = try? fs.read(cachePath), let config = ConfigCache.decode(cached, source: text) { return config }
            let config = try StoreConfig.parse(text, file: path)
            // Best effort: a store on a read-only medium just parses the file every time.
            try? fs.replaceDurably(cachePath, ConfigCache.encode(config, source: text))
            return config
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(error)")
        }
    }

    /// Opens a store: newest good snapshot, then the journal after it. A torn tail is moved to
    /// quarantine (only under the writers' lock, so another process's append in progress is never
    /// taken for one); damage in the middle leaves the store read-only.
    public static func open(at root: String, fs: FileSystem, useSnapshot: Bool = true) throws(StoreError) -> Store {
        let config = try readConfig(root: root, fs: fs)
        guard let calendar = config.calendar else { throw StoreError("config.toml: unknown time zone \(config.timeZone)") }
        let store = Store(root: root, fs: fs, config: config, calendar: calendar)
        if !fs.isWritable(Path.join(root, "journal")) {
            // Known now rather than at the first save, so the console says 只读 from its first frame.
            store.mediumReadOnly = true
            store.readOnlyReason = "the store's disk is read-only (\(root)): nothing can be saved until it is writable again"
        }
        do {
            let peers = store.peerNames()
            if useSnapshot { store.loadNewestSnapshot(peers: peers) }
            if store.merge != nil { try store.catchUpPeers() }
            try store.catchUp(repairTail: true)
            if !peers.isEmpty, store.merge == nil { try store.refold() }
        } catch {
            throw StoreError("\(error)")
        }
        return store
    }

    /// The newest snapshot that matches the files: this console's journal, and with peers each
    /// peer's file, must hold the records it names. A snapshot of a console alone is of no use
    /// once peers' records are here (they may sort anywhere among its own).
    private func loadNewestSnapshot(peers: [String]) {
        guard let names = try? fs.list(snapshotsDir) else { return }
        for name in names.reversed() {
            guard Snapshot.seq(fromFileName: name) != nil else { continue }
            let path = Path.join(snapshotsDir, name)
            do {
                let bytes = try fs.map(path)
                let header = try Snapshot.decodeHeader(bytes)
                guard header.node == node else { throw DecodeError("snapshot of node \(header.node)") }
                guard hasRecord(ending: header.position, in: journalPath) else { throw DecodeError("does not match the journal") }
                if header.peers.isEmpty != peers.isEmpty { continue }
                for (peer, pos) in header.peers where !hasRecord(ending: pos, in: peerPath(peer)) {
                    throw DecodeError("does not match peers/\(peer).jsonl")
                }
                let (fs, root, journal, node, board) = (fs, root, journalPath, node, noticeBoard)
                let merged = !header.peers.isEmpty
                let snap = try Snapshot.decode(bytes, eager: false) { part in
                    board.add(StoreProblem("snapshots/\(name): \(part): checksum mismatch, rebuilt from the journal"))
                    return merged ? Store.replayMerged(fs: fs, root: root, node: node, through: header.lastFolded)
                                  : Store.replay(fs: fs, journal: journal, node: node, through: header.position.seq)
                }
                state = snap.state
                position = snap.position
                openedFrom = "snapshots/\(name)"
                if merged {
                    peerPositions = snap.peers
                    var folded = snap.peers.filter { $0.value.seq > 0 }.mapValues { $0 }
                    if position.seq > 0 { folded[node] = position }
                    merge = MergeFold(stable: snap.state, lastStable: snap.lastFolded,
                                      folded: Dictionary(uniqueKeysWithValues: folded.map { ($0.key, MergeKey(hlc: $0.value.hlc, node: $0.key, seq: $0.value.seq)) }))
                    observedHLC = snap.peers.values.map(\.hlc).max() ?? .zero
                }
                return
            } catch {
                noticeBoard.add(StoreProblem("snapshots/\(name): skipped: \(error)"))
            }
        }
    }

    /// Peers' records after a merged snapshot's positions, folded in; everything again from
    /// the files when one sorts before what the snapshot settled (a console never seen before).
    private func catchUpPeers() throws(FileError) {
        var fresh: [JournalRecord] = []
        for peer in peerNames() { peerMarkers[peer] = fs.changeMarker(peerPath(peer)) }
        for scan in try Self.scanPeers(root: root, fs: fs, node: node, from: peerPositions) {
            if let d = scan.damage { noticeBoard.add(StoreProblem("peers/\(scan.peer).jsonl: \(d)")) }
            fresh += scan.records
            peerPositions[scan.peer] = scan.position
            observedHLC = max(observedHLC, scan.position.hlc)
            recordsSinceSnapshot += scan.records.count
        }
        guard !fresh.isEmpty else { return }
        if merge!.add(fresh) {
            state = merge!.state
        } else {
            // A console new since the snapshot, with records from before what it settled.
            noticeBoard.add(StoreProblem("\(openedFrom ?? "the snapshot"): peers' records from before it arrived since; everything folded again"))
            openedFrom = nil
            try refold()
        }
    }

    /// Everyone's records up to `last` (merge order), folded: an archive a damaged merged
    /// snapshot cannot give.
    static func replayMerged(fs: FileSystem, root: String, node: String, through last: MergeKey?) -> DutyState {
        guard let last else { return DutyState() }
        var all: [JournalRecord] = []
        let own = JournalScanner(fs: fs, path: Path.join(root, "journal/\(node).jsonl"), displayName: "journal", node: node)
        _ = try? own.scan(from: JournalPosition()) { all.append($0) }
        for scan in (try? scanPeers(root: root, fs: fs, node: node)) ?? [] { all += scan.records }
        return JournalRecord.fold(all.filter { $0.key <= last })
    }

    /// The fold of the journal's first `seq` records, for an archive a damaged snapshot cannot give.
    static func replay(fs: FileSystem, journal: String, node: String, through seq: Int) -> DutyState {
        var state = DutyState()
        let scanner = JournalScanner(fs: fs, path: journal, displayName: journal, node: node)
        _ = try? scanner.scan(from: JournalPosition()) { record in
            if record.seq <= seq { state.apply(record.op, record.context) }
        }
        return state
    }

    /// Whether the record of the file at `path` that ends at `pos.offset` is the one named.
    private func hasRecord(ending pos: JournalPosition, in path: String) -> Bool {
        if pos.seq == 0 { return pos.offset == 0 }
        var look = min(pos.offset, 4096)
        while true {
            guard let bytes = try? fs.read(path, offset: pos.offset - look, count: look),
                  bytes.count == look, bytes.last == 0x0A
            else { return false }
            let body = bytes.dropLast()
            if let nl = body.lastIndex(of: 0x0A) {
                return isRecord(Array(body[(nl + 1)...]), pos)
            }
            if look == pos.offset { return isRecord(Array(body), pos) }
            look = min(pos.offset, look * 4)
        }
    }

    private func isRecord(_ line: [UInt8], _ pos: JournalPosition) -> Bool {
        guard let record = try? RecordCodec.decode(line) else { return false }
        return record.seq == pos.seq && record.hash == pos.hash
    }

    /// Reads what other processes appended since we last looked. Returns whether anything changed.
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        let marker = fs.changeMarker(journalPath)
        if marker == journalMarker { return false }
        let before = position.seq
        do {
            try catchUp(repairTail: false)
        } catch {
            throw StoreError("\(error)")
        }
        return position.seq != before
    }

    func catchUp(repairTail: Bool) throws(FileError) {
        journalMarker = fs.changeMarker(journalPath)
        var damage = try scanForward()
        guard let d = damage else { return }
        if !d.isTail {
            markReadOnly(d)
            return
        }
        guard repairTail, readOnlyReason == nil else { return }
        // Only a process holding the writers' lock may call a tail torn: without it the bytes may be
        // another process's append still being written.
        let lock = try fs.lockExclusive(lockPath)
        defer { lock.release() }
        damage = try scanForward()
        if let d = damage {
            if d.isTail { try quarantineTail(d) } else {
                markReadOnly(d)
            }
        }
        journalMarker = fs.changeMarker(journalPath)
    }

    private func markReadOnly(_ d: JournalDamage) {
        readOnlyReason = "damage in the middle of the journal: \(d). The store is read-only until someone decides; see `duty-watch check`."
    }

    private func scanForward() throws(FileError) -> JournalDamage? {
        let scanner = JournalScanner(fs: fs, path: journalPath, displayName: journalName, node: node)
        var fresh: [JournalRecord] = []
        let merging = merge != nil
        let result = try scanner.scan(from: position) { record in
            if merging { fresh.append(record) } else { state.apply(record.op, record.context) }
        }
        position = result.position
        recordsSinceSnapshot += result.records
        try fold(fresh)
        // Another process took peers' records in: fold everything again in the one order.
        if peersChanged() { try refold() }
        return result.damage
    }

    // MARK: - Peers

    /// Folds records into the merged state (with peers); everything again when they arrive
    /// before what is settled.
    private func fold(_ records: [JournalRecord]) throws(FileError) {
        guard !records.isEmpty, merge != nil else { return }
        // The store's reference let go first: sharing the fold's tables, it would make the fold's
        // next change copy every open alert, so that each change cost as much as the whole state.
        state = Self.noState
        let added = merge!.add(records)
        state = merge!.state
        if !added { try refold() }
    }

    func peerNames() -> [String] { Self.peerNames(root: root, fs: fs, node: node) }

    static func peerNames(root: String, fs: FileSystem, node: String) -> [String] {
        ((try? fs.list(Path.join(root, "peers"))) ?? []).compactMap { name in
            guard name.hasSuffix(".jsonl") else { return nil }
            let peer = String(name.dropLast(6))
            return StoreConfig.isValidNodeName(peer) && peer != node ? peer : nil
        }.sorted()
    }

    /// One peer's records as kept in `peers/<node>.jsonl`, checked like the journal.
    struct PeerScan {
        let peer: String
        let records: [JournalRecord]
        let position: JournalPosition
        let damage: JournalDamage?
    }

    /// Each peer's records after `from` (all of them for a peer not named there).
    static func scanPeers(root: String, fs: FileSystem, node: String, from: [String: JournalPosition] = [:]) throws(FileError) -> [PeerScan] {
        var scans: [PeerScan] = []
        for peer in peerNames(root: root, fs: fs, node: node) {
            var records: [JournalRecord] = []
            let scanner = JournalScanner(fs: fs, path: Path.join(root, "peers/\(peer).jsonl"), displayName: "peers/\(peer).jsonl", node: peer)
            let r = try scanner.scan(from: from[peer] ?? JournalPosition()) { records.append($0) }
            scans.append(PeerScan(peer: peer, records: records, position: r.position, damage: r.damage))
        }
        return scans
    }

    private func peersChanged() -> Bool {
        let names = peerNames()
        if names.isEmpty { return false }
        if Set(names) != Set(peerMarkers.keys) { return true }
        return names.contains { fs.changeMarker(peerPath($0)) != peerMarkers[$0] ?? nil }
    }

    /// Every record of this console's journal.
    private func ownRecords() throws(FileError) -> [JournalRecord] {
        var all: [JournalRecord] = []
        _ = try JournalScanner(fs: fs, path: journalPath, displayName: journalName, node: node).scan(from: JournalPosition()) { all.append($0) }
        return all
    }

    /// The state as the fold of this console's records and every peer's, sorted by (clock, node,
    /// sequence). Used when peers' records arrive out of that order.
    func refold() throws(FileError) {
        var all = try ownRecords()
        var positions: [String: JournalPosition] = [:]
        var markers: [String: String?] = [:]
        var observed = HLC.zero
        for scan in try Self.scanPeers(root: root, fs: fs, node: node) {
            markers[scan.peer] = fs.changeMarker(peerPath(scan.peer))
            all += scan.records
            observed = max(observed, scan.position.hlc)
            positions[scan.peer] = scan.position
            if let d = scan.damage { noticeBoard.add(StoreProblem("peers/\(scan.peer).jsonl: \(d)")) }
        }
        merge = positions.isEmpty ? nil : MergeFold(all)
        merge?.update(frontierHints)
        state = merge?.state ?? JournalRecord.fold(all)
        peerPositions = positions
        peerMarkers = markers
        observedHLC = observed
    }

    /// Records of one peer that follow one another, checked against what this store has of that
    /// peer (see `SyncRound`), with their lines as published.
    struct PeerRun {
        var peer: String
        var lines: [UInt8]
        var records: [JournalRecord]
        var through: JournalPosition
    }

    /// Appends peers' records to `peers/<node>.jsonl` (one write per peer, synced before a
    /// snapshot names them) and folds them in at once: a round's records from every console
    /// sorted together, so that a console taking in twenty others never folds one console's
    /// records again because the next one's sort among them. Returns how many of each were
    /// taken in: none of a run another process took in meanwhile.
    @discardableResult
    func appendPeers(_ runs: [PeerRun]) throws(FileError) -> [String: Int] {
        let lock = try fs.lockExclusive(lockPath)
        defer { lock.release() }
        // Another process may have taken peers in meanwhile: catch up with the files first.
        if peersChanged() { try refold() }
        // One console's runs joined in place: a thousand one-record segments must not be copied
        // a thousand times over.
        var byPeer: [String: PeerRun] = [:]
        var order: [String] = []
        for run in runs {
            let had = byPeer[run.peer]?.through ?? peerPositions[run.peer] ?? JournalPosition()
            guard had.seq < run.through.seq, run.records.first?.seq == had.seq + 1 else { continue }
            if byPeer[run.peer] == nil {
                byPeer[run.peer] = run
                order.append(run.peer)
            } else {
                byPeer[run.peer]!.lines += run.lines
                byPeer[run.peer]!.records += run.records
                byPeer[run.peer]!.through = run.through
            }
        }
        guard !order.isEmpty else { return [:] }
        try fs.createDirectory(peersDir)
        var fresh: [JournalRecord] = []
        var counts: [String: Int] = [:]
        for peer in order {
            let run = byPeer[peer]!
            let had = peerPositions[peer] ?? JournalPosition()
            let path = peerPath(peer)
            // Bytes after the last good record (a tail torn by a crash) are cut, so that what is
            // appended follows it: left there, they would hide every record after them.
            if let size = try? fs.size(path), size > had.offset { try fs.truncateDurably(path, to: had.offset) }
            // Not waited for: these are copies of what the share keeps. A crash may lose their
            // last lines, which the next round fetches again; the snapshot that names how far
            // they go syncs them first.
            try fs.append(path, run.lines)
            unsyncedPeers.insert(peer)
            peerPositions[peer] = JournalPosition(offset: had.offset + run.lines.count, line: had.line + run.records.count,
                                                  seq: run.through.seq, hash: run.through.hash, hlc: max(had.hlc, run.through.hlc))
            peerMarkers[peer] = fs.changeMarker(path)
            observedHLC = max(observedHLC, run.through.hlc)
            fresh += run.records
            counts[peer] = run.records.count
        }
        if merge == nil {
            // The first peers: from now on the state is everyone's records in one order. Their
            // files hold just what was written above, so only this console's journal is read.
            merge = MergeFold(try ownRecords() + fresh)
            merge?.update(frontierHints)
            state = merge!.state
        } else {
            try fold(fresh)
        }
        // Counted, not written here: a year taken in segment by segment would write a snapshot
        // every few segments. `snapshotIfDue` after the round writes one.
        recordsSinceSnapshot += fresh.count
        return counts
    }

    /// What the consoles on the share said of themselves (floors, who is away): lets the merged
    /// fold settle past a console that is quiet.
    func updateFrontier(_ frontier: MergeFold.Frontier) {
        frontierHints = frontier
        merge?.update(frontier)
    }

    /// Moves a torn tail's bytes to quarantine with a reason beside them, then cuts them off.
    private func quarantineTail(_ d: JournalDamage) throws(FileError) {
        let bytes = try fs.read(journalPath, offset: d.offset, count: d.length + (64 << 20))
        try fs.createDirectory(quarantineDir)
        // A crash can tear the tail at the same offset twice; each tear keeps its own file.
        var name = "\(node)-journal-at-\(d.offset)"
        var n = 1
        while fs.exists(Path.join(quarantineDir, name + ".bin")) {
            n += 1
            name = "\(node)-journal-at-\(d.offset)-\(n)"
        }
        try fs.replaceDurably(Path.join(quarantineDir, name + ".bin"), bytes)
        let reason = """
        from: \(journalName)
        line: \(d.line)
        byte offset: \(d.offset)
        length: \(bytes.count)
        reason: \(InertText.excerpt(d.reason, limit: 400))
        what was done: the bytes were moved here and cut from the journal; every record before them is intact.

        """
        try fs.replaceDurably(Path.join(quarantineDir, name + ".reason"), Array(reason.utf8))
        try fs.truncateDurably(journalPath, to: d.offset)
        noticeBoard.add(StoreProblem("\(journalName): an unfinished record at line \(d.line) (\(bytes.count) bytes, \(d.reason)) was moved to quarantine/\(name).bin"))
    }

    // MARK: - Writing

    /// Validates and appends ops as one write, fsynced before returning. Other processes' appends
    /// are read first, so the ops are checked against the latest state.
    @discardableResult
    public func append(_ ops: [Op], actor: String, at now: Instant) throws(StoreError) -> [JournalRecord] {
        try append(ops.map { PendingOp(op: $0, actor: actor, at: now) })
    }

    /// Carries out what `actor` means, planned against the latest state under the writers' lock:
    /// the ids minted and the 三查 rule applied there, so that another process's change made
    /// meanwhile is planned with, not over. A plan that cannot be is refused with its reason.
    @discardableResult
    public func perform(_ intents: [Intent], actor: String, at now: Instant) throws(StoreError) -> [JournalRecord] {
        let planner = Planner(node: node, actor: actor, now: now, calendar: calendar)
        return try append(planning: { latest throws(DomainError) in
            try planner.plan(intents, in: latest).map { PendingOp(op: $0, actor: actor, at: now) }
        })
    }

    /// Appends ops made by different people at different times (an import of history, the demo) as
    /// one write: all of them are saved or none.
    @discardableResult
    public func append(_ ops: [PendingOp]) throws(StoreError) -> [JournalRecord] {
        guard !ops.isEmpty else {
            if let reason = readOnlyReason { throw StoreError(reason) }
            return []
        }
        return try append(planning: { _ in ops })
    }

    /// Appends ops that depend on what is already saved (taking in alert files: is this message a
    /// duplicate, which alert does an Update reach): `plan` sees the latest state, read under the
    /// writers' lock, so two processes planning at once cannot both raise the same alert. An
    /// empty plan writes nothing.
    @discardableResult
    public func append(planning plan: (DutyState) throws(DomainError) -> [PendingOp]) throws(StoreError) -> [JournalRecord] {
        if mediumReadOnly, fs.isWritable(Path.join(root, "journal")) {
            // Remounted writable: saving works again without a restart.
            mediumReadOnly = false
            readOnlyReason = nil
        }
        if let reason = readOnlyReason { throw StoreError(reason) }
        do {
            let lock = try fs.lockExclusive(lockPath)
            defer { lock.release() }
            var damage = try scanForward()
            if let d = damage, d.isTail {
                try quarantineTail(d)
                damage = nil
            }
            if let d = damage {
                markReadOnly(d)
                throw StoreError(readOnlyReason!)
            }
            let ops: [PendingOp]
            do {
                ops = try plan(state)
            } catch {
                throw StoreError(error.message)
            }
            guard !ops.isEmpty else { return [] }
            // A batch is checked op by op against the state the earlier ops leave, on a copy so that a
            // bad op leaves nothing behind. A single op (every keypress) is checked in place: copying a
            // year's state per keypress would cost milliseconds.
            var scratch = ops.count > 1 ? state : DutyState()
            var lines: [UInt8] = []
            var records: [JournalRecord] = []
            var pos = position
            for pending in ops {
                do {
                    try (ops.count > 1 ? scratch : state).validate(pending.op)
                } catch {
                    throw StoreError(error.message)
                }
                let hlc = max(pos.hlc, observedHLC).next(now: pending.at)
                let (line, record) = RecordCodec.encode(node: node, seq: pos.seq + 1, hlc: hlc, wall: pending.at,
                                                        actor: pending.actor, prev: pos.hash, op: pending.op)
                if ops.count > 1 { scratch.apply(pending.op, record.context) }
                lines.append(contentsOf: line)
                records.append(record)
                pos = JournalPosition(offset: pos.offset + line.count, line: pos.line + 1, seq: record.seq, hash: record.hash, hlc: hlc)
            }
            try fs.createDirectory(Path.dirname(journalPath))
            try fs.appendDurably(journalPath, lines)
            position = pos
            if merge != nil {
                try fold(records)
            } else if ops.count > 1 {
                state = scratch
            } else {
                state.apply(ops[0].op, records[0].context)
            }
            recordsSinceSnapshot += records.count
            journalMarker = fs.changeMarker(journalPath)
            if recordsSinceSnapshot >= snapshotEvery { try? writeSnapshotLocked() }
            return records
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("cannot save: \(error)")
        }
    }

    /// Writes a snapshot when enough records came since the last: after a round with the share.
    public func snapshotIfDue() {
        if recordsSinceSnapshot >= snapshotEvery { try? writeSnapshot() }
    }

    /// Writes a snapshot of the current state (and keeps the two newest).
    public func writeSnapshot() throws(StoreError) {
        do throws(FileError) {
            let lock = try fs.lockExclusive(lockPath)
            defer { lock.release() }
            try writeSnapshotLocked()
        } catch {
            throw StoreError("cannot write a snapshot: \(error)")
        }
    }

    private func writeSnapshotLocked() throws(FileError) {
        let snap: Snapshot
        if let merge {
            guard let merged = try mergedSnapshot(merge) else { return }
            snap = merged
        } else {
            // Peers' files that another process wrote and this one has not folded yet: next time.
            guard peerNames().isEmpty else { return }
            snap = Snapshot(node: node, position: position, state: state)
        }
        for peer in unsyncedPeers.sorted() { try fs.sync(peerPath(peer)) }
        unsyncedPeers = []
        try fs.createDirectory(snapshotsDir)
        try fs.replaceDurably(Path.join(snapshotsDir, Snapshot.fileName(seq: position.seq)), snap.encode())
        recordsSinceSnapshot = 0
        let old = (try fs.list(snapshotsDir)).filter { Snapshot.seq(fromFileName: $0) != nil }.dropLast(2)
        for name in old { try? fs.remove(Path.join(snapshotsDir, name)) }
    }

    /// The settled part of the merged fold, with where in each file it ends: each console's
    /// records not yet settled are the last lines of its file, read back to find the record
    /// before them. Nil when a file does not read as expected (the next snapshot will do).
    private func mergedSnapshot(_ m: MergeFold) throws(FileError) -> Snapshot? {
        let unsettled = m.unsettled
        func settled(_ node: String, _ path: String, _ end: JournalPosition) throws(FileError) -> JournalPosition? {
            let k = unsettled[node] ?? 0
            guard k > 0 else { return end }
            guard k < end.line else { return k == end.line ? JournalPosition() : nil }
            let starts = try lineStarts(path, end: end.offset, count: k + 2)
            guard starts.count >= k + 2 else { return nil }
            let line = try fs.read(path, offset: starts[k + 1], count: starts[k] - 1 - starts[k + 1])
            guard let r = try? RecordCodec.decode(line), r.node == node, r.seq == end.seq - k else { return nil }
            return JournalPosition(offset: starts[k], line: end.line - k, seq: r.seq, hash: r.hash, hlc: r.hlc)
        }
        guard let own = try settled(node, journalPath, position) else { return nil }
        var peers: [String: JournalPosition] = [:]
        for (peer, end) in peerPositions {
            guard let p = try settled(peer, peerPath(peer), end) else { return nil }
            peers[peer] = p
        }
        return Snapshot(node: node, position: own, state: m.stableState, peers: peers, lastFolded: m.lastStable)
    }

    /// Where the last `count` lines before `end` begin, the nearest first (`end` itself first);
    /// the start of the file ends the list when there are fewer.
    private func lineStarts(_ path: String, end: Int, count: Int) throws(FileError) -> [Int] {
        var window = 64 << 10
        while true {
            let from = max(0, end - window)
            let bytes = try fs.read(path, offset: from, count: end - from)
            var starts: [Int] = []
            var i = bytes.count - 1
            while i >= 0, starts.count < count {
                if bytes[i] == 0x0A { starts.append(from + i + 1) }
                i -= 1
            }
            if starts.count >= count { return starts }
            if from == 0 { return starts + [0] }
            window *= 4
        }
    }

    public var digest: String { stateDigest(state) }
}
