import DutyCore

// Opening: the newest snapshot that matches the files, then what came after it.
extension Store {
    /// Opens a store: newest good snapshot, then the journal after it. A torn tail is moved to
    /// quarantine (only under the writers' lock, so another process's append in progress is never
    /// taken for one); damage in the middle leaves the store read-only.
    public static func open(at root: String, fs: FileSystem, useSnapshot: Bool = true) throws(StoreError) -> Store {
        let config = try readConfig(root: root, fs: fs)
        guard let calendar = config.calendar else { throw .badConfig("config.toml: unknown time zone \(config.timeZone)") }
        let store = Store(root: root, fs: fs, config: config, calendar: calendar)
        if !fs.isWritable(Path.join(root, "journal")) {
            // Known now rather than at the first save, so the console says 只读 from its first frame.
            store.mediumReadOnly = true
            store.readOnlyReason = "the store's disk is read-only (\(root)): nothing can be saved until it is writable again"
        }
        do {
            let peers = store.peerNames()
            if useSnapshot { store.loadNewestSnapshot(peers: peers) }
            if store.fold.isMerged { try store.catchUpPeers() }
            try store.catchUp(repairTail: true)
            if !peers.isEmpty, !store.fold.isMerged { try store.refold() }
        } catch {
            throw .io(doing: "", error)
        }
        return store
    }

    /// The newest snapshot that matches the files: this console's journal, and with peers each
    /// peer's file, must hold the records it names. A snapshot of a console alone is of no use
    /// once peers' records are here (they may sort anywhere among its own).
    func loadNewestSnapshot(peers: [String]) {
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
                position = snap.position
                openedFrom = "snapshots/\(name)"
                if merged {
                    peerPositions = snap.peers
                    var folded = snap.peers.filter { $0.value.seq > 0 }
                    if position.seq > 0 { folded[node] = position }
                    let last = folded.map { ($0.key, MergeKey(hlc: $0.value.hlc, node: $0.key, seq: $0.value.seq)) }
                    fold = StoreFold(merged: MergeFold(stable: snap.state, lastStable: snap.lastFolded,
                                                       folded: Dictionary(uniqueKeysWithValues: last)))
                    observedHLC = snap.peers.values.map(\.hlc).max() ?? .zero
                } else {
                    fold = StoreFold(alone: snap.state)
                }
                return
            } catch {
                noticeBoard.add(StoreProblem("snapshots/\(name): skipped: \(error)"))
            }
        }
    }

    /// Peers' records after a merged snapshot's positions, folded in; everything again from
    /// the files when one sorts before what the snapshot settled (a console never seen before).
    func catchUpPeers() throws(FileError) {
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
        if !fold.add(fresh) {
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
    func hasRecord(ending pos: JournalPosition, in path: String) -> Bool {
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

    func isRecord(_ line: [UInt8], _ pos: JournalPosition) -> Bool {
        guard let record = try? RecordCodec.decode(line) else { return false }
        return record.seq == pos.seq && record.hash == pos.hash
    }
}
