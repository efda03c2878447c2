import DutyCore

extension Store {
    /// This console's records found on the share beyond its journal: a store put back from an
    /// older backup. Appended exactly as they were written (their hashes and chain stay valid),
    /// after checking that they continue this journal; then folded like any append.
    public func takeBack(lines: [UInt8], first: Int, prev: String) throws(StoreError) -> Int {
        if let reason = readOnlyReason { throw StoreError(reason) }
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
            throw StoreError("cannot take back this console's records: \(error)")
        }
        guard continues else { throw StoreError("the share's records of \(node) do not continue this journal any more") }
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
        throw StoreError("the node name \(node) is already used on \(dir.root) by another console (it has published records 1–\(segs.last?.last ?? 1)); give this store a name of its own with --node")
    }
}
