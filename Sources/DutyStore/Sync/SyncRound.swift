import Crypto
import DutyCore
import Foundation

/// How the exchange with the shared directory stands, for the console's header.
public struct SyncStatus: Hashable, Sendable {
    /// Why the share cannot be used now (not mounted, another cluster), and since when.
    public var offline: String?
    public var offlineSince: Instant?
    /// The last round's first trouble writing or reading.
    public var problem: Trouble?
    /// This console's records saved, and published to the share.
    public var saved = 0
    public var published = 0
    /// The last of this console's records some peer says it has.
    public var seen = 0
    /// Per peer: the last of this console's records it says it has.
    public var seenBy: [String: Int] = [:]
    /// Peers whose clocks are more than five minutes off, and by how much (ms, + = ahead).
    public var skew: [String: Int64] = [:]

    public init() {}

    /// What went wrong with the share, by kind: the header words each kind its own way.
    public enum Trouble: Hashable, Sendable {
        case full(String)
        case readOnly(String)
        /// Two histories of one console (see `SyncRound.Report.conflicts`).
        case conflict(String)
        case other(String)
    }
}

/// One round of exchange with the shared directory: publish this console's records not yet
/// there, then take in peers' new segments. Nothing is written to the share unless its marker
/// names this store's cluster: a bare mount point stays bare.
public final class SyncRound {
    public struct Report: Hashable, Sendable {
        /// Set when the round could not use the share at all (not mounted, another cluster).
        public var offline: String?
        public var published: [String] = []
        public var publishedRecords = 0
        /// Per peer: records taken in.
        public var takenIn: [String: Int] = [:]
        public var quarantined: [String] = []
        public var problems: [String] = []
        /// Segments on the share that wait for an earlier one of the same console to arrive.
        public var waiting: [String] = []
        /// The same console and sequence with different content: two histories of one console
        /// (restored from an old backup, or two consoles given one node name). Never merged.
        public var conflicts: [String] = []
        /// This console's own records taken back from the share (a store put back from a backup).
        public var takenBack = 0
        /// Consoles seen for the first time, whose keys are now bound to their names.
        public var newConsoles: [String] = []
        /// Good copies of this console's segments published again: one a peer found damaged, or
        /// one missing from the share.
        public var republished: [String] = []
        /// Per peer: the last of this console's records it says it has.
        public var seenBy: [String: Int] = [:]
        /// Per peer whose clock is more than five minutes off this one's: by how much (ms, + = ahead).
        public var skew: [String: Int64] = [:]
        /// The round's first trouble, by kind: a conflict before anything else.
        public var trouble: SyncStatus.Trouble? {
            if let c = conflicts.first { return .conflict(c) }
            return failures.first ?? quarantined.first.map(SyncStatus.Trouble.other)
        }
        /// The troubles `problems` words, in the same order.
        var failures: [SyncStatus.Trouble] = []

        mutating func fail(_ t: SyncStatus.Trouble) {
            failures.append(t)
            switch t {
            case .full(let s), .readOnly(let s), .conflict(let s), .other(let s): problems.append(s)
            }
        }
    }

    let store: Store
    let shared: SharedDirectory
    /// Records per segment at most: a console back from hours offline publishes its backlog in
    /// pieces a peer can take in one by one.
    static let recordsPerSegment = 5_000

    /// Where this console's records were last published up to, kept between rounds so a round
    /// reads only what is new in the journal.
    private var published: JournalPosition?
    /// The checkpoints as last read and written, to tell a fresh one from an old one.
    private var peerCheckpoints: [String: SharedDirectory.Checkpoint] = [:]
    private var skews: [String: Int64] = [:]
    /// The other consoles found in the share by the last round.
    public private(set) var peers: [String] = []
    /// This console's records the share holds, 1 through this, as the last round found or left it.
    public private(set) var publishedThrough = 0
    private var written: [String: Int]?
    /// This console's signing key, loaded in the first round.
    private var key: Curve25519.Signing.PrivateKey?
    /// Peers' segments this console quarantined, said in its checkpoint until a good copy came.
    private var badSeen: [String: Set<String>] = [:]
    private var badWritten: [String: Set<String>] = [:]
    private var writtenAt = Instant(ms: 0)
    private let clock: () -> Instant
    private let machineClock: () -> Instant
    static let skewLimit: Int64 = 5 * 60_000
    /// A console whose checkpoint has not changed for this long is away (switched off, cut off;
    /// a live one writes it at least once a minute): the others stop waiting for it. Records it
    /// brings back later cost one fold of everything again.
    static let awayAfterMs: Int64 = 10 * 60_000

    /// Every read of the store's changing parts (its positions) and every write to it goes
    /// through this: the console's store thread shares the store with the round, which runs on
    /// a thread of its own so that a slow share never holds up a save.
    private let withStore: StoreAccess

    /// `clock` stamps this console's checkpoints and measures other consoles' clocks against it;
    /// `withStore` (when another thread uses the store too) holds that thread off around each
    /// touch of the store, and never around the share's reads and writes.
    /// `machineClock`: this machine's, for how long ago something was seen here and how old a
    /// folder's last change is (files are stamped by it).
    public init(store: Store, clock: @escaping () -> Instant, withStore: StoreAccess = StoreAccess(),
                machineClock: @escaping () -> Instant = MachineClock.now) {
        self.store = store
        self.clock = clock
        self.machineClock = machineClock
        self.withStore = withStore
        shared = SharedDirectory(root: store.config.shared, fs: store.fs)
    }

    var fs: FileSystem { store.fs }

    public func run() -> Report {
        var report = Report()
        guard !store.config.shared.isEmpty else {
            report.offline = "this store has no shared directory (duty-watch init --shared)"
            return report
        }
        guard let id = shared.cluster() else {
            report.offline = "\(shared.root): no \(SharedDirectory.markerName) (is the share mounted?)"
            return report
        }
        guard id == store.config.cluster else {
            report.offline = "\(shared.root) belongs to cluster \(id), not \(store.config.cluster)"
            return report
        }
        // This console's key and records on the share must be its own before anything is written
        // there under its name: nothing published and no checkpoint over another history.
        guard identity(&report), ownHistory(&report) else { return report }
        fillGaps(&report)
        publish(&report)
        let peers = shared.peers(except: store.node)
        self.peers = peers
        checkpointsRead = [:]
        var batch = Batch()
        for peer in peers { takeIn(peer, &batch, &report) }
        flush(&batch, &report)
        checkpoints(peers, &report)
        return report
    }

    // MARK: - Keys

    /// This console's signing key, and its public half on the share: published when missing; a
    /// different key there under this name is another console's.
    private func identity(_ report: inout Report) -> Bool {
        if key == nil {
            do {
                key = try NodeKey.loadOrCreate(root: store.root, fs: fs)
            } catch {
                report.problems.append(error.description)
                return false
            }
        }
        let mine = NodeKey.publicHex(key!)
        switch shared.publicKey(of: store.node) {
        case nil:
            do throws(FileError) {
                try shared.publishKey(mine, node: store.node)
            } catch {
                report.fail(Self.describe(error, publishing: true))
                return false
            }
            return true
        case mine?:
            return true
        case _?:
            return ownConflict("another console publishes as \(store.node) with another key", &report)
        }
    }

    private func publishSigned(first: Int, last: Int, lines: [UInt8], revision: Int = 0) throws(FileError) -> SharedDirectory.Segment {
        let signature = key.flatMap { NodeKey.sign(lines, with: $0) } ?? []
        return try shared.publish(node: store.node, first: first, last: last, lines: lines, signature: signature, revision: revision)
    }

    /// The key a peer signs with: bound to its name the first time it is seen (said once); the
    /// same name with another key later is refused. Nil while its key has not arrived.
    private func peerKey(_ peer: String, _ report: inout Report) -> String? {
        guard let published = shared.publicKey(of: peer) else { return nil }
        let bound = Path.join(store.peersDir, "\(peer).key")
        guard let known = NodeKey.readHex(try? fs.read(bound)) else {
            try? fs.createDirectory(store.peersDir)
            try? fs.replaceDurably(bound, Array((published + "\n").utf8))
            report.newConsoles.append(peer)
            return published
        }
        guard known == published else {
            keepConflict("conflict-\(peer)-key", "\(peer) now publishes with another key than the one it was first seen with: another console using its name? Nothing of it is taken in.", &report)
            return nil
        }
        return known
    }

    // MARK: - This console's own history on the share

    /// True when the share's records of this console are its journal's, taking back first any it
    /// lacks that continue its chain (a store put back from an older backup gets back its own
    /// changes). False, with a conflict reported and kept for `check`, when the share holds another
    /// history under this console's name: another store given the same name, or a backup put back
    /// and changed before it synced.
    private func ownHistory(_ report: inout Report) -> Bool {
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

    private func ownConflict(_ what: String, _ report: inout Report) -> Bool {
        let text = "\(what): two histories of one console (another store given the name \(store.node), or this store put back from a backup and changed since). Nothing was published or taken in. A backup put back: run `duty-watch sync settle --by NAME` (the share's history stays, this store's changes are re-issued after it); another store: give it a name of its own."
        keepConflict("conflict-\(store.node)-own", text, &report)
        return false
    }

    /// A conflict with no segment to keep beside it: its reason alone, in quarantine (once), for
    /// `check`, and in the report.
    private func keepConflict(_ name: String, _ text: String, _ report: inout Report) {
        let path = Path.join(store.root, "quarantine/\(name).reason")
        if !fs.exists(path) {
            try? fs.createDirectory(Path.join(store.root, "quarantine"))
            try? fs.replaceDurably(path, Array("conflict: \(text)\n".utf8))
        }
        report.conflicts.append(text)
    }

    // MARK: - Publishing

    private func publish(_ report: inout Report) {
        let done = segments(of: store.node).segments.last?.last ?? 0
        let end = withStore { store.position }
        publishedThrough = min(done, end.seq)
        guard end.seq > done else { return }
        // The journal's own bytes, as the store has checked them: from where the last round left
        // off, or from the start when the share says otherwise (a first round, segments removed).
        var (offset, seq) = published.flatMap { $0.seq == done ? ($0.offset, $0.seq) : nil } ?? (0, 0)
        var batch: [UInt8] = []
        var first = 0
        do throws(FileError) {
            while offset < end.offset {
                let chunk = try fs.read(store.journalPath, offset: offset, count: min(end.offset - offset, 8 << 20))
                guard let lastNewline = chunk.lastIndex(of: 0x0A) else { break }
                var start = 0
                for i in 0...lastNewline where chunk[i] == 0x0A {
                    seq += 1
                    if seq > done {
                        if first == 0 { first = seq }
                        batch += chunk[start...i]
                        if seq - first + 1 >= Self.recordsPerSegment {
                            report.published.append(try publishSigned(first: first, last: seq, lines: batch).name)
                            report.publishedRecords += seq - first + 1
                            batch = []
                            first = 0
                        }
                    }
                    start = i + 1
                }
                offset += lastNewline + 1
            }
            if first > 0 {
                report.published.append(try publishSigned(first: first, last: seq, lines: batch).name)
                report.publishedRecords += seq - first + 1
            }
            published = JournalPosition(offset: offset, line: seq, seq: seq, hash: end.hash, hlc: end.hlc)
            publishedThrough = seq
        } catch {
            published = nil
            report.fail(Self.describe(error, publishing: true))
        }
    }

    /// Writes this console's checkpoint when what it has changed (and once a minute, so the
    /// others can read its clock), and reads the others': what they have of this console's
    /// records, and whether their clocks are far off. A checkpoint is read as fresh only when it
    /// changed since the last round, so an old one (a console switched off) never reads as skew.
    private func checkpoints(_ peers: [String], _ report: inout Report) {
        let now = clock()
        // Every record this store saves from now on is stamped later than everything it holds:
        // a save takes in what is in the peers' files first, under the writers' lock, whichever
        // process makes it. So this floor holds without trusting any clock.
        let (have, taken, floor) = withStore {
            // Not while the journal holds records this store has not read (another process saved
            // them): they may be stamped earlier, and are not yet published.
            let whole = (try? fs.size(store.journalPath)) == store.position.offset
            return (store.peerPositions.mapValues(\.seq).merging([store.node: store.position.seq]) { $1 }, store.peerPositions,
                    whole ? max(store.observedHLC, store.position.hlc) : nil)
        }
        // A damaged copy stops being news once a good one has been taken in past it.
        for (peer, names) in badSeen {
            let through = have[peer] ?? 0
            badSeen[peer] = names.filter { (SharedDirectory.Segment.parse($0)?.last ?? 0) > through }
            if badSeen[peer]?.isEmpty == true { badSeen[peer] = nil }
        }
        if have != written || badSeen != badWritten || now.ms - writtenAt.ms >= 60_000 {
            if (try? shared.write(.init(wall: now, have: have, bad: badSeen, floor: floor), node: store.node)) != nil {
                written = have
                badWritten = badSeen
                writtenAt = now
            }
        }
        var republish: Set<String> = []
        var frontier = MergeFold.Frontier()
        if let floor { frontier.floors[store.node] = MergeKey.floor(floor) }
        frontier.known.insert(store.node)
        let machineNow = machineClock().ms
        for peer in peers {
            guard let c = checkpoint(of: peer) else { continue }
            // Away by this machine's clock: when its checkpoint last changed here, not the time
            // written in it (a console whose clock is slow must not be taken for one switched off).
            if peerCheckpoints[peer] != c || lastChanged[peer] == nil { lastChanged[peer] = machineNow }
            if let f = c.floor {
                if machineNow - lastChanged[peer]! > Self.awayAfterMs {
                    frontier.away.insert(peer)
                } else {
                    frontier.known.insert(peer)
                    // Its floor holds once what it had published when it wrote it is here.
                    if (taken[peer]?.seq ?? 0) >= (c.have[peer] ?? 0) { frontier.floors[peer] = MergeKey.floor(f) }
                }
            }
            republish.formUnion(c.bad[store.node] ?? [])
            report.seenBy[peer] = c.have[store.node] ?? 0
            if let before = peerCheckpoints[peer], before != c {
                let off = c.wall.ms - now.ms
                skews[peer] = abs(off) > Self.skewLimit ? off : nil
            }
            peerCheckpoints[peer] = c
        }
        report.skew = skews
        withStore { store.updateFrontier(frontier) }
        for name in republish.sorted() { self.republish(name, &report) }
    }

    // MARK: - Good copies

    /// A peer found this console's segment `name` damaged: if it is still the newest copy of its
    /// run and differs from the journal, a good copy is published beside it (the damaged one stays
    /// as evidence; readers take the newest).
    private func republish(_ name: String, _ report: inout Report) {
        guard let bad = SharedDirectory.Segment.parse(name),
              segments(of: store.node).segments.contains(bad),
              let good = journalLines(bad.first, bad.last),
              (try? fs.read(shared.segmentPath(store.node, bad))) != good
        else { return }
        do throws(FileError) {
            let copy = try publishSigned(first: bad.first, last: bad.last, lines: good, revision: bad.revision + 1)
            report.republished.append(copy.name)
        } catch {
            report.fail(Self.describe(error, publishing: true))
        }
    }

    /// Records `first…last` of this console's journal, as its lines.
    private func journalLines(_ first: Int, _ last: Int) -> [UInt8]? {
        let end = withStore { store.position }
        guard first >= 1, last <= end.seq, let bytes = try? fs.read(store.journalPath, offset: 0, count: end.offset) else { return nil }
        var out: [UInt8] = []
        var seq = 0
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            seq += 1
            if seq >= first { out += bytes[start...i] }
            if seq == last { return out }
            start = i + 1
        }
        return nil
    }

    /// Runs missing from this console's copies on the share (a damaged copy deleted by hand) are
    /// published again, so the others' later records do not wait behind a gap for ever.
    private func fillGaps(_ report: inout Report) {
        var next = 1
        for seg in segments(of: store.node).segments {
            if seg.first > next, let lines = journalLines(next, seg.first - 1) {
                do throws(FileError) {
                    report.republished.append(try publishSigned(first: next, last: seg.first - 1, lines: lines).name)
                } catch {
                    report.fail(Self.describe(error, publishing: true))
                    return
                }
            }
            next = max(next, seg.last + 1)
        }
    }

    /// A failed write or read of the share, by kind.
    static func describe(_ e: FileError, publishing: Bool) -> SyncStatus.Trouble {
        switch e.errno {
        case ENOSPC: .full("share full: \(e)")
        case EROFS, EACCES, EPERM: .readOnly("share read-only: \(e)")
        default: .other("\(publishing ? "cannot publish" : "cannot take in"): \(e)")
        }
    }

    // MARK: - Listings

    /// When each console's checkpoint was last seen to change, by the machine's clock.
    private var lastChanged: [String: Int64] = [:]
    /// When each console's folder was last listed, by the machine's clock.
    private var listedAt: [String: Int64] = [:]
    static let relistAfterMs: Int64 = 30_000
    /// The others' checkpoints as read this round (taking in and the checkpoints step share them).
    private var checkpointsRead: [String: SharedDirectory.Checkpoint?] = [:]

    /// The last whole checkpoint read of each console: one caught half written (it is written
    /// over itself) counts as unchanged.
    private var lastWholeCheckpoint: [String: SharedDirectory.Checkpoint] = [:]

    private func checkpoint(of peer: String) -> SharedDirectory.Checkpoint? {
        if let read = checkpointsRead[peer] { return read }
        let c = shared.checkpoint(of: peer) ?? lastWholeCheckpoint[peer]
        if let c { lastWholeCheckpoint[peer] = c }
        checkpointsRead[peer] = c
        return c
    }

    /// Each console's segment names as last listed, with its folder's change marker then.
    private var listings: [String: (marker: String, segments: [SharedDirectory.Segment], ignored: [String])] = [:]

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

    // MARK: - Taking in

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
    private func flush(_ batch: inout Batch, _ report: inout Report) -> Bool {
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

    private func takeIn(_ peer: String, _ batch: inout Batch, _ report: inout Report) {
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
    private func recordHash(_ peer: String, _ seg: SharedDirectory.Segment, at seq: Int) -> String? {
        guard let bytes = try? fs.read(shared.segmentPath(peer, seg)) else { return nil }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let i = seq - seg.first
        guard i >= 0, i < lines.count else { return nil }
        return (try? Array(lines[i]).withUnsafeBufferPointer { try RecordCodec.decode($0) })?.hash
    }

    /// Records of `peer` that differ from the ones taken in before: an alarm, kept in quarantine
    /// as `conflict-*` (which `check` reports) until a person decides which history is right.
    private func conflict(_ peer: String, seq: Int, _ seg: SharedDirectory.Segment, _ report: inout Report) {
        let text = "\(peer): record \(seq) in \(seg.name) differs from the one taken in before: two histories of one console (restored from an old backup, or two consoles named \(peer)?). Nothing of it was merged."
        keep(peer, seg, as: "conflict-\(peer)-\(seg.name)", reason: "conflict: \(text)\n")
        report.conflicts.append(text)
    }

    /// A copy of the segment in the local quarantine with its reason beside it (once).
    private func keep(_ peer: String, _ seg: SharedDirectory.Segment, as name: String, reason: String) {
        let dir = Path.join(store.root, "quarantine")
        guard !fs.exists(Path.join(dir, name + ".reason")) else { return }
        try? fs.createDirectory(dir)
        try? fs.replaceDurably(Path.join(dir, name), (try? fs.read(shared.segmentPath(peer, seg))) ?? [])
        try? fs.replaceDurably(Path.join(dir, name + ".reason"), Array(reason.utf8))
    }

    /// A bad segment is copied to the local quarantine with a reason beside it; the peer's later
    /// segments wait behind it, other peers go on.
    private func quarantine(_ peer: String, _ seg: SharedDirectory.Segment, reason: String, _ report: inout Report) {
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
