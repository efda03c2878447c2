import Crypto
import DutyCore
import Foundation

// Taking in the other consoles' segments: listed, checked, signed, in sequence, then folded.
extension SyncRound {
    func checkpoint(of peer: String) -> SharedDirectory.Checkpoint? {
        if let read = checkpointsRead[peer] { return read }
        let c = shared.checkpoint(of: peer) ?? lastWholeCheckpoint[peer]
        if let c { lastWholeCheckpoint[peer] = c }
        checkpointsRead[peer] = c
        return c
    }

    /// A console's published segments. Listed again only when its folder changed: a round reads
    /// twenty consoles' folders, each holding the small segments of a year. A folder changed in
    /// the last quarter second is always listed, since two changes within one tick of the file
    /// system's clock (a few milliseconds) leave one mark.
    func segments(of node: String) -> (segments: [SharedDirectory.Segment], ignored: [String]) {
        let dir = shared.segmentDir(node)
        let marker = fs.changeMarker(dir)
        if let marker, let kept = listings[node], kept.marker == marker,
           let changed = fs.modificationTime(dir), machineClock().ms - changed.ms > 250 {
            return (kept.segments, kept.ignored)
        }
        let listed = shared.segments(of: node)
        // The marker read before listing: a change made meanwhile shows as a change next time.
        if let marker { listings[node] = (marker, listed.segments, listed.ignored) }
        return listed
    }

    /// Records gathered from the consoles before they are folded in together; a year of one
    /// console is folded in parts of this size, so that it never lies in memory whole.
    static let batchRecords = 50_000

    /// What a round has read from peers and not yet folded in.
    struct Batch {
        var runs: [Store.PeerRun] = []
        var records = 0

        mutating func add(_ run: Store.PeerRun) {
            runs.append(run)
            records += run.records.count
        }
    }

    /// Writes and folds in what the round gathered so far; false when that failed.
    @discardableResult
    func flush(_ batch: inout Batch, _ report: inout Report) -> Bool {
        guard !batch.runs.isEmpty else { return true }
        let runs = batch.runs
        batch = Batch()
        do {
            let counts = try withStore.throwing { () throws(FileError) in try store.appendPeers(runs) }
            // Another process of this store's (a `sync --once` beside the console) may have taken
            // the segments in first: only what this round took counts.
            for (peer, n) in counts where n > 0 { report.takenIn[peer, default: 0] += n }
            return true
        } catch {
            report.fail(Self.describe(error, publishing: false))
            return false
        }
    }

    func takeIn(_ peer: String, _ batch: inout Batch, _ report: inout Report) {
        guard let publicKey = peerKey(peer, &report) else { return }
        let have = withStore { store.peerPositions[peer] } ?? JournalPosition()
        // Its checkpoint, written after it publishes, says how far it has published: a folder of
        // a year's segments is not listed every second to find nothing new. Listed anyway every
        // half minute, for what only a listing shows (a history written twice, a copy put back).
        let machineNow = machineClock().ms
        if let published = checkpoint(of: peer)?.have[peer], published <= have.seq,
           machineNow - (listedAt[peer] ?? 0) < Self.relistAfterMs {
            return
        }
        listedAt[peer] = machineNow
        var pending: [SharedDirectory.Segment] = []
        for seg in segments(of: peer).segments where seg.last > have.seq {
            let after = pending.last?.last ?? have.seq
            if pending.isEmpty, seg.first <= have.seq {
                // This console's copy ends inside the segment: a crash took the copy's last lines
                // before they were synced. The rest is taken in once the record it has is the
                // segment's; another record there is another history of that console.
                switch recordHash(peer, seg, at: have.seq) {
                case have.hash?:
                    pending.append(seg)
                    continue
                case .some:
                    conflict(peer, seq: have.seq, seg, &report)
                case nil:
                    report.fail(.other("\(peer): segment \(seg.name) cannot be read where record \(have.seq) should be; skipped"))
                }
                break
            }
            guard seg.first == after + 1 else {
                // A replicator (Syncthing) may carry a later segment across before an earlier one:
                // that is waiting, not trouble. A gap that stays is filled by its writer.
                report.waiting.append("\(peer): segment \(seg.name) does not follow record \(after) (waiting for the one before it)")
                break
            }
            pending.append(seg)
        }
        guard !pending.isEmpty else { return }
        // Checking a segment (each record's hash, the chain) and folding the one before it run
        // side by side: a year of a peer's records is a hundred segments.
        // Handed on in runs, not one by one: a thousand one-record segments would otherwise cost a
        // thousand wake-ups of the folding thread, more than their checks.
        let checked = Handoff<[Checked]>()
        let (fs, shared, segments) = (self.fs, self.shared, pending)
        let checker = Thread {
            // One signature vouches for a run: the last segment's covers its first record, whose
            // link names the hash of the record before it, and so on back through every record
            // the run's checks recompute. So when the last holds, the others need only their
            // hashes and links; when it does not, each is checked on its own, to find which.
            // The vouching holds only if the chain is whole up to that last segment: the run is
            // checked through before any of it is handed on.
            if segments.count > 1, Self.signatureHolds(segments.last!, of: peer, fs: fs, shared: shared, publicKey: publicKey) {
                var run: [Checked] = []
                var after = have
                for seg in segments {
                    let c = Self.check(seg, of: peer, after: after, fs: fs, shared: shared, publicKey: nil)
                    guard case .good(_, _, let position) = c.result else { break }
                    run.append(c)
                    after = position
                }
                if run.count == segments.count {
                    _ = checked.put(run)
                    checked.finish()
                    return
                }
            }
            var after = have
            for seg in segments {
                let c = Self.check(seg, of: peer, after: after, fs: fs, shared: shared, publicKey: publicKey)
                guard checked.put([c]) else { return }
                guard case .good(_, _, let position) = c.result else { break }
                after = position
            }
            checked.finish()
        }
        checker.start()
        defer { checked.cancel() }
        while let run = checked.take() {
            for c in run {
                switch c.result {
                case .good(let records, let bytes, let position):
                    batch.add(Store.PeerRun(peer: peer, lines: bytes, records: records, through: position))
                    if batch.records >= Self.batchRecords, !flush(&batch, &report) { return }
                case .conflict(let seq):
                    conflict(peer, seq: seq, c.segment, &report)
                    return
                case .bad(let reason):
                    quarantine(peer, c.segment, reason: reason, &report)
                    return
                case .unreadable(let e):
                    report.fail(Self.describe(e, publishing: false))
                    return
                case .unsigned:
                    // Its signature has not arrived yet (a replicator may carry the two apart).
                    return
                }
            }
        }
    }

    /// A segment as checked against the record before it.
    struct Checked: Sendable {
        enum Result: Sendable {
            case good([JournalRecord], [UInt8], JournalPosition)
            /// Its first record does not follow the one before: another history of that console.
            case conflict(seq: Int)
            case bad(String)
            case unreadable(FileError)
            /// No signature beside it yet.
            case unsigned
        }
        let segment: SharedDirectory.Segment
        let result: Result
    }

    /// Whether `seg` has a signature that verifies with `publicKey`.
    static func signatureHolds(_ seg: SharedDirectory.Segment, of peer: String, fs: FileSystem, shared: SharedDirectory,
                               publicKey: String?) -> Bool {
        guard let publicKey, let signature = try? fs.read(shared.signaturePath(peer, seg)),
              let bytes = try? fs.read(shared.segmentPath(peer, seg)) else { return false }
        return NodeKey.verify(bytes, signature: signature, publicHex: publicKey)
    }

    static func check(_ seg: SharedDirectory.Segment, of peer: String, after: JournalPosition, fs: FileSystem,
                      shared: SharedDirectory, publicKey: String?) -> Checked {
        let path = shared.segmentPath(peer, seg)
        let shown = "nodes/\(peer)/seg/\(seg.name)"
        var signature: [UInt8]?
        if publicKey != nil {
            // Before anything else: a forged segment has every hash and link recomputed.
            guard let s = try? fs.read(shared.signaturePath(peer, seg)) else { return Checked(segment: seg, result: .unsigned) }
            signature = s
        }
        // Read once, for the signature and the records both: with a round a second, most
        // segments hold a record or two, and a second read would cost more than the checks.
        let bytes: [UInt8]
        do throws(FileError) { bytes = try fs.read(path) } catch {
            if publicKey == nil { return Checked(segment: seg, result: .unreadable(error)) }
            bytes = []
        }
        if let publicKey, let signature, !NodeKey.verify(bytes, signature: signature, publicHex: publicKey) {
            return Checked(segment: seg, result: .bad("\(shown): its signature does not verify with \(peer)'s key (altered, or written by another console as \(peer))"))
        }
        var body = bytes
        if seg.first <= after.seq {
            // Records already here (see `takeIn`): skipped whole lines, the rest checked as usual.
            var cut = 0
            for _ in seg.first...after.seq {
                guard let end = bytes[cut...].firstIndex(of: 0x0A) else {
                    return Checked(segment: seg, result: .bad("\(shown): holds fewer records than its name says"))
                }
                cut = end + 1
            }
            body = Array(bytes[cut...])
        }
        let start = JournalPosition(offset: 0, line: 0, seq: after.seq, hash: after.hash, hlc: .zero)
        var records: [JournalRecord] = []
        let result = JournalScanner(fs: fs, path: path, displayName: shown, node: peer).scan(bytes: body, from: start) { records.append($0) }
        if let damage = result.damage {
            if damage.line == 1, damage.reason.contains("hash chain") { return Checked(segment: seg, result: .conflict(seq: after.seq + 1)) }
            return Checked(segment: seg, result: .bad(damage.description))
        }
        guard result.position.seq == seg.last else {
            return Checked(segment: seg, result: .bad("\(shown): holds records up to \(result.position.seq), its name says \(seg.last)"))
        }
        return Checked(segment: seg, result: .good(records, body, result.position))
    }

    /// The hash of record `seq` in a segment, if it holds it.
    func recordHash(_ peer: String, _ seg: SharedDirectory.Segment, at seq: Int) -> String? {
        guard let bytes = try? fs.read(shared.segmentPath(peer, seg)) else { return nil }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let i = seq - seg.first
        guard i >= 0, i < lines.count else { return nil }
        return (try? Array(lines[i]).withUnsafeBufferPointer { try RecordCodec.decode($0) })?.hash
    }

    /// Records of `peer` that differ from the ones taken in before: an alarm, kept in quarantine
    /// as `conflict-*` (which `check` reports) until a person decides which history is right.
    func conflict(_ peer: String, seq: Int, _ seg: SharedDirectory.Segment, _ report: inout Report) {
        let text = "\(peer): record \(seq) in \(seg.name) differs from the one taken in before: two histories of one console (restored from an old backup, or two consoles named \(peer)?). Nothing of it was merged."
        keep(peer, seg, as: "conflict-\(peer)-\(seg.name)", reason: "conflict: \(text)\n")
        report.conflicts.append(text)
    }

    /// A copy of the segment in the local quarantine with its reason beside it (once).
    func keep(_ peer: String, _ seg: SharedDirectory.Segment, as name: String, reason: String) {
        let dir = Path.join(store.root, "quarantine")
        guard !fs.exists(Path.join(dir, name + ".reason")) else { return }
        try? fs.createDirectory(dir)
        try? fs.replaceDurably(Path.join(dir, name), (try? fs.read(shared.segmentPath(peer, seg))) ?? [])
        try? fs.replaceDurably(Path.join(dir, name + ".reason"), Array(reason.utf8))
    }

    /// A bad segment is copied to the local quarantine with a reason beside it; the peer's later
    /// segments wait behind it, other peers go on.
    func quarantine(_ peer: String, _ seg: SharedDirectory.Segment, reason: String, _ report: inout Report) {
        badSeen[peer, default: []].insert(seg.name)
        let name = "shared-\(peer)-\(seg.name)"
        // Names and reasons come from the share: inert, each on its own line of the file.
        let (reason, from) = (InertText.excerpt(reason, limit: 400), InertText.line("\(shared.root)/nodes/\(peer)/seg/\(seg.name)"))
        keep(peer, seg, as: name, reason: "from: \(from)\nreason: \(reason)\nwhat was done: copied here and not taken in; \(peer)'s later segments wait until a good copy of this one is published.\n")
        report.quarantined.append(InertText.line("quarantine/\(name): \(reason)"))
    }
}

extension SyncRound {
    /// Why a peer's segment of records `first…last` holding these bytes would be quarantined; nil
    /// when it would be taken in. The same check a round makes, on bytes alone (the fuzzers').
    public static func quarantineReason(segment bytes: [UInt8], peer: String, first: Int, last: Int) -> String? {
        let fs = MemoryFileSystem()
        let shared = SharedDirectory(root: "/share", fs: fs)
        let segment = SharedDirectory.Segment(first: first, last: last)
        do {
            for dir in ["/share", "/share/nodes", "/share/nodes/\(peer)", "/share/nodes/\(peer)/seg"] { try fs.createDirectory(dir) }
            try fs.replaceDurably(shared.segmentPath(peer, segment), bytes)
        } catch {
            return "\(error)"
        }
        switch check(segment, of: peer, after: JournalPosition(), fs: fs, shared: shared, publicKey: nil).result {
        case .good, .unsigned: return nil
        case .conflict(let seq): return "record \(seq) is of another history"
        case .bad(let reason): return reason
        case .unreadable(let e): return "\(e)"
        }
    }
}
