import DutyCore

// Other consoles' records: kept in peers/<node>.jsonl and folded with this console's own.
extension Store {
    /// Folds records in; everything again from the files when the merged fold cannot place
    /// them (they sort before what it settled).
    func take(_ records: [JournalRecord]) throws(FileError) {
        if !fold.add(records) { try refold() }
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

    func peersChanged() -> Bool {
        let names = peerNames()
        if names.isEmpty { return false }
        if Set(names) != Set(peerMarkers.keys) { return true }
        return names.contains { fs.changeMarker(peerPath($0)) != peerMarkers[$0] ?? nil }
    }

    /// Every record of this console's journal.
    func ownRecords() throws(FileError) -> [JournalRecord] {
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
        fold = positions.isEmpty ? StoreFold(alone: JournalRecord.fold(all)) : StoreFold(merging: all, frontier: frontierHints)
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
        if !fold.isMerged {
            // The first peers: from now on the state is everyone's records in one order. Their
            // files hold just what was written above, so only this console's journal is read.
            fold = StoreFold(merging: try ownRecords() + fresh, frontier: frontierHints)
        } else {
            try take(fresh)
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
        fold.update(frontier)
    }
}
