import DutyCore

// This console's own history on the share: its records there must be its journal's.
extension SyncRound {
    /// True when the share's records of this console are its journal's, taking back first any it
    /// lacks that continue its chain (a store put back from an older backup gets back its own
    /// changes). False, with a conflict reported and kept for `check`, when the share holds another
    /// history under this console's name: another store given the same name, or a backup put back
    /// and changed before it synced.
    func ownHistory(_ report: inout Report) -> Bool {
        let segs = segments(of: store.node).segments
        guard let last = segs.last?.last else { return true }
        let (seq, hash) = withStore { (store.position.seq, store.position.hash) }
        if last <= seq {
            // The usual round: the share has what this process published, or is behind.
            if let p = published, p.seq >= last { return true }
            guard let seg = segs.last, let theirs = recordHash(store.node, seg, at: last) else { return true }
            if theirs == withStore({ store.ownRecordHash(at: last) }) { return true }
            return ownConflict("record \(last) of \(store.node) on the share differs from this journal's", &report)
        }
        // The share is ahead: its records after this journal's last, checked link by link.
        var lines: [UInt8] = []
        var (expectSeq, prev) = (seq + 1, hash)
        for seg in segs where seg.last > seq {
            guard let bytes = try? fs.read(shared.segmentPath(store.node, seg)) else { return true }
            for (i, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: true).enumerated() where seg.first + i >= expectSeq {
                guard seg.first + i == expectSeq, let r = try? RecordCodec.decode(Array(line)), r.seq == expectSeq, r.node == store.node,
                      r.prev == prev
                else {
                    return ownConflict("the share holds records \(seq + 1)–\(last) of \(store.node) that do not continue this journal", &report)
                }
                lines += line
                lines.append(0x0A)
                (expectSeq, prev) = (expectSeq + 1, r.hash)
            }
        }
        let taken: Result<Int, StoreError> = withStore { Result { () throws(StoreError) -> Int in try store.takeBack(lines: lines, first: seq + 1, prev: hash) } }
        switch taken {
        case .success(let n):
            report.takenBack = n
            return true
        case .failure(let error):
            report.problems.append(InertText.line(error.description))
            return false
        }
    }

    func ownConflict(_ what: String, _ report: inout Report) -> Bool {
        let text = "\(what): two histories of one console (another store given the name \(store.node), or this store put back from a backup and changed since). Nothing was published or taken in. A backup put back: run `duty-watch sync settle --by NAME` (the share's history stays, this store's changes are re-issued after it); another store: give it a name of its own."
        keepConflict("conflict-\(store.node)-own", text, &report)
        return false
    }

    /// A conflict with no segment to keep beside it: its reason alone, in quarantine (once), for
    /// `check`, and in the report.
    func keepConflict(_ name: String, _ text: String, _ report: inout Report) {
        let path = Path.join(store.root, "quarantine/\(name).reason")
        if !fs.exists(path) {
            try? fs.createDirectory(Path.join(store.root, "quarantine"))
            try? fs.replaceDurably(path, Array("conflict: \(text)\n".utf8))
        }
        report.conflicts.append(text)
    }
}
