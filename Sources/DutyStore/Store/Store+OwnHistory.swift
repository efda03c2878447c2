import DutyCore

extension Store {
    /// This console's records found on the share beyond its journal: a store put back from an
    /// older backup. Appended exactly as they were written (their hashes and chain stay valid),
    /// after checking that they continue this journal; then folded like any append.
    public func takeBack(lines: [UInt8], first: Int, prev: String) throws(StoreError) -> Int {
        if let reason = readOnlyReason { throw .readOnly(reason: reason) }
        let before = position.seq
        var continues = false
        do throws(FileError) {
            let lock = try fs.lockExclusive(Path.join(root, "journal/.lock"))
            defer { lock.release() }
            try catchUp(repairTail: false)
            // Checked again under the lock: another process may have appended meanwhile.
            continues = position.seq == before && first == position.seq + 1 && prev == position.hash
            if continues {
                try fs.appendDurably(journalPath, lines)
                try catchUp(repairTail: false)
            }
        } catch {
            throw .io(doing: "cannot take back this console's records", error)
        }
        guard continues else { throw StoreError.share("the share's records of \(node) do not continue this journal any more") }
        return position.seq - before
    }

    /// The hash of this console's own record `seq`, read back from the end of the journal (the
    /// share is rarely far behind, so this reads little).
    public func ownRecordHash(at seq: Int) -> String? {
        guard seq >= 1, seq <= position.seq else { return nil }
        if seq == position.seq { return position.hash }
        let back = position.seq - seq
        var end = position.offset
        var tail: [UInt8] = []
        var chunk = 64 << 10
        while end > 0 {
            let start = max(0, end - chunk)
            guard let bytes = try? fs.read(journalPath, offset: start, count: end - start) else { return nil }
            tail = bytes + tail
            end = start
            // Lines, newest last; the last is record position.seq.
            let lines = tail.split(separator: 0x0A, omittingEmptySubsequences: true)
            if lines.count > back + 1 || (end == 0 && lines.count > back) {
                let line = Array(lines[lines.count - 1 - back])
                return (try? RecordCodec.decode(line))?.hash
            }
            chunk *= 2
        }
        return nil
    }
}

extension Store {
    /// A name already publishing on the share belongs to the store whose journal begins as the
    /// share's records of it do (the same store, or a backup of it). Another store joining under
    /// that name would publish nothing (its numbers are taken) and overwrite the other's
    /// checkpoint, so it is refused at `init --shared`.
    static func checkNameIsOurs(root: String, node: String, on dir: SharedDirectory, fs: FileSystem) throws(StoreError) {
        let segs = dir.segments(of: node).segments
        guard let first = segs.first, first.first == 1 else { return }
        func firstHash(_ path: String) -> String? {
            guard let bytes = try? fs.read(path, offset: 0, count: 1 << 20), let end = bytes.firstIndex(of: 0x0A) else { return nil }
            return (try? RecordCodec.decode(Array(bytes[..<end])))?.hash
        }
        let theirs = firstHash(dir.segmentPath(node, first))
        guard theirs != nil, theirs != firstHash(Path.join(root, "journal/\(node).jsonl")) else { return }
        throw StoreError.share("the node name \(node) is already used on \(dir.root) by another console (it has published records 1–\(segs.last?.last ?? 1)); give this store a name of its own with --node")
    }
}

/// What settling two histories of one console did.
public struct Settlement: Hashable, Sendable {
    /// The first record where the two went apart.
    public var from: Int
    /// The share's records kept as this console's history, `from` through this.
    public var keptThrough: Int
    /// This console's own records that went another way: set aside in quarantine (their file) and
    /// re-issued after the share's as restored changes.
    public var reissued: Int
    public var setAside: String
}

extension Store {
    /// `duty-watch sync settle`: the share's history of this console stays its history; the local
    /// records that went another way are set aside (kept whole in `quarantine/`) and their changes
    /// re-issued after it, each marked as restored (who made it, when, from which record). After
    /// it every console holds every change once, and the digests agree. Opens the store afresh.
    public static func settle(root: String, fs: FileSystem, by actor: String, at now: Instant) throws(StoreError) -> (Settlement, Store) {
        let config = try readConfig(root: root, fs: fs)
        let node = config.node
        guard !config.shared.isEmpty else { throw StoreError.share("this store has no shared directory: nothing to settle") }
        let shared = SharedDirectory(root: config.shared, fs: fs)
        let key = NodeKey.publicHex(try NodeKey.loadOrCreate(root: root, fs: fs))
        // The share's history of this console, each copy checked as signed with this console's key.
        var theirs: [(line: [UInt8], record: JournalRecord)] = []
        for seg in shared.segments(of: node).segments {
            guard let bytes = try? fs.read(shared.segmentPath(node, seg)), let sig = try? fs.read(shared.signaturePath(node, seg)),
                  NodeKey.verify(bytes, signature: sig, publicHex: key)
            else {
                throw StoreError.share("\(shared.root)/nodes/\(node)/seg/\(seg.name) is not signed with this console's key: another console writes as \(node); give this store a name of its own with --node instead")
            }
            for line in bytes.split(separator: 0x0A) {
                guard let r = try? RecordCodec.decode(Array(line)), r.seq == theirs.count + 1, r.prev == (theirs.last?.record.hash ?? JournalRecord.genesis)
                else { throw StoreError.share("\(shared.root)/nodes/\(node)/seg/\(seg.name): the share's records of \(node) do not make one chain") }
                theirs.append((Array(line), r))
            }
        }
        let store = try open(at: root, fs: fs, useSnapshot: false)
        let journal = (try? fs.read(store.journalPath, offset: 0, count: store.position.offset)) ?? []
        var ours: [(offset: Int, record: JournalRecord)] = []
        var start = 0
        for i in journal.indices where journal[i] == 0x0A {
            if let r = try? RecordCodec.decode(Array(journal[start..<i])) { ours.append((start, r)) }
            start = i + 1
        }
        guard let k = (0..<min(ours.count, theirs.count)).first(where: { ours[$0].record.hash != theirs[$0].record.hash }) else {
            throw StoreError.share("nothing to settle: this journal and the share's records of \(node) do not go apart (run `duty-watch sync --once`)")
        }
        let diverged = ours[k...].map(\.record)
        let setAside = "quarantine/settled-\(node)-\(k + 1)-\(ours.count).jsonl"
        do throws(FileError) {
            let lock = try fs.lockExclusive(Path.join(root, "journal/.lock"))
            defer { lock.release() }
            try fs.createDirectory(Path.join(root, "quarantine"))
            try fs.replaceDurably(Path.join(root, setAside), Array(journal[ours[k].offset...]))
            try fs.truncateDurably(store.journalPath, to: ours[k].offset)
            try fs.appendDurably(store.journalPath, theirs[k...].flatMap { $0.line + [0x0A] })
            // Snapshots name records that are gone now; they are rebuilt from the files.
            for name in (try? fs.list(Path.join(root, "snapshots"))) ?? [] { try? fs.remove(Path.join(root, "snapshots/\(name)")) }
            try? fs.remove(Path.join(root, "quarantine/conflict-\(node)-own.reason"))
        } catch {
            throw .io(doing: "cannot settle", error)
        }
        let settled = try open(at: root, fs: fs, useSnapshot: false)
        try settled.append(diverged.map { r in
            PendingOp(op: .restored(r.op, RestoredFrom(record: "\(node)#\(r.seq)", actor: r.actor, at: r.wall)), actor: actor, at: now)
        })
        return (Settlement(from: k + 1, keptThrough: theirs.count, reissued: diverged.count, setAside: setAside), settled)
    }
}
