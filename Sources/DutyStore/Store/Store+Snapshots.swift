import DutyCore

// Snapshots: the state and where in each file it ends, so opening need not fold everything.
extension Store {
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
            throw .io(doing: "cannot write a snapshot", error)
        }
    }

    func writeSnapshotLocked() throws(FileError) {
        let snap: Snapshot
        switch fold.kind {
        case .merged(let merge):
            guard let merged = try mergedSnapshot(merge) else { return }
            snap = merged
        case .alone(let state):
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
    func mergedSnapshot(_ m: MergeFold) throws(FileError) -> Snapshot? {
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
    func lineStarts(_ path: String, end: Int, count: Int) throws(FileError) -> [Int] {
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
}
