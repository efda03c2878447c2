import DutyCore
import Foundation

/// How the exchange with the shared directory stands, for the console's header.
public struct SyncStatus: Hashable, Sendable {
    /// Why the share cannot be used now (not mounted, another cluster), and since when.
    public var offline: String?
    public var offlineSince: Instant?
    /// The last round's trouble writing or reading (share full, read-only, a quarantined segment).
    public var problem: String?
    /// This console's records saved, and published to the share.
    public var saved = 0
    public var published = 0
    /// The last of this console's records some peer says it has.
    public var seen = 0
    /// Peers whose clocks are more than five minutes off, and by how much (ms, + = ahead).
    public var skew: [String: Int64] = [:]

    public init() {}
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
        /// The same console and sequence with different content: two histories of one console
        /// (restored from an old backup, or two consoles given one node name). Never merged.
        public var conflicts: [String] = []
        /// Per peer: the last of this console's records it says it has.
        public var seenBy: [String: Int] = [:]
        /// Per peer whose clock is more than five minutes off this one's: by how much (ms, + = ahead).
        public var skew: [String: Int64] = [:]
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
    private var written: [String: Int]?
    private var writtenAt = Instant(ms: 0)
    private let clock: () -> Instant
    static let skewLimit: Int64 = 5 * 60_000

    public init(store: Store, clock: @escaping () -> Instant = { Instant(Date()) }) {
        self.store = store
        self.clock = clock
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
        publish(&report)
        let peers = shared.peers(except: store.node)
        for peer in peers { takeIn(peer, &report) }
        checkpoints(peers, &report)
        return report
    }

    // MARK: - Publishing

    private func publish(_ report: inout Report) {
        let done = shared.segments(of: store.node).segments.last?.last ?? 0
        let end = store.position
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
                            report.published.append(try shared.publish(node: store.node, first: first, last: seq, lines: batch).name)
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
                report.published.append(try shared.publish(node: store.node, first: first, last: seq, lines: batch).name)
                report.publishedRecords += seq - first + 1
            }
            published = JournalPosition(offset: offset, line: seq, seq: seq, hash: end.hash, hlc: end.hlc)
        } catch {
            published = nil
            report.problems.append(Self.describe(error, publishing: true))
        }
    }

    /// Writes this console's checkpoint when what it has changed (and once a minute, so the
    /// others can read its clock), and reads the others': what they have of this console's
    /// records, and whether their clocks are far off. A checkpoint is read as fresh only when it
    /// changed since the last round, so an old one (a console switched off) never reads as skew.
    private func checkpoints(_ peers: [String], _ report: inout Report) {
        let now = clock()
        var have = store.peerPositions.mapValues(\.seq)
        have[store.node] = store.position.seq
        if have != written || now.ms - writtenAt.ms >= 60_000 {
            if (try? shared.write(.init(wall: now, have: have), node: store.node)) != nil {
                written = have
                writtenAt = now
            }
        }
        for peer in peers {
            guard let c = shared.checkpoint(of: peer) else { continue }
            report.seenBy[peer] = c.have[store.node] ?? 0
            if let before = peerCheckpoints[peer], before != c {
                let off = c.wall.ms - now.ms
                skews[peer] = abs(off) > Self.skewLimit ? off : nil
            }
            peerCheckpoints[peer] = c
        }
        report.skew = skews
    }

    /// A failed write to the share, in the words the header uses.
    static func describe(_ e: FileError, publishing: Bool) -> String {
        switch e.errno {
        case ENOSPC: "share full: \(e)"
        case EROFS, EACCES, EPERM: "share read-only: \(e)"
        default: "\(publishing ? "cannot publish" : "cannot take in"): \(e)"
        }
    }

    // MARK: - Taking in

    private func takeIn(_ peer: String, _ report: inout Report) {
        let (segments, _) = shared.segments(of: peer)
        for seg in segments {
            let have = store.peerPositions[peer] ?? JournalPosition()
            if seg.last <= have.seq { continue }
            if seg.first <= have.seq {
                // Segments of one console never overlap unless its history was written twice.
                if let other = recordHash(peer, seg, at: have.seq), other != have.hash {
                    conflict(peer, seq: have.seq, seg, &report)
                } else {
                    report.problems.append("\(peer): segment \(seg.name) overlaps records already taken in; skipped")
                }
                return
            }
            guard seg.first == have.seq + 1 else {
                report.problems.append("\(peer): segment \(seg.name) does not follow record \(have.seq) (waiting for the one before it)")
                return
            }
            let path = shared.segmentPath(peer, seg)
            let shown = "nodes/\(peer)/seg/\(seg.name)"
            let start = JournalPosition(offset: 0, line: 0, seq: have.seq, hash: have.hash, hlc: .zero)
            let scanner = JournalScanner(fs: fs, path: path, displayName: shown, node: peer)
            do {
                var records: [JournalRecord] = []
                let result = try scanner.scan(from: start) { records.append($0) }
                if let damage = result.damage {
                    // Its first new record does not follow the one taken in before: another history.
                    if damage.line == 1, damage.reason.contains("hash chain") {
                        conflict(peer, seq: have.seq + 1, seg, &report)
                    } else {
                        quarantine(peer, seg, reason: damage.description, &report)
                    }
                    return
                }
                guard result.position.seq == seg.last else {
                    quarantine(peer, seg, reason: "\(shown): holds records up to \(result.position.seq), its name says \(seg.last)", &report)
                    return
                }
                let bytes = try fs.read(path)
                try store.appendPeer(peer, lines: bytes, records: records, through: result.position)
                report.takenIn[peer, default: 0] += seg.last - seg.first + 1
            } catch {
                report.problems.append(Self.describe(error, publishing: false))
                return
            }
        }
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
        let dir = Path.join(store.root, "quarantine")
        let name = "conflict-\(peer)-\(seg.name)"
        if !fs.exists(Path.join(dir, name + ".reason")) {
            try? fs.createDirectory(dir)
            try? fs.replaceDurably(Path.join(dir, name), (try? fs.read(shared.segmentPath(peer, seg))) ?? [])
            try? fs.replaceDurably(Path.join(dir, name + ".reason"), Array("conflict: \(text)\n".utf8))
        }
        report.conflicts.append(text)
    }

    /// A bad segment is copied to the local quarantine with a reason beside it; the peer's later
    /// segments wait behind it, other peers go on.
    private func quarantine(_ peer: String, _ seg: SharedDirectory.Segment, reason: String, _ report: inout Report) {
        let name = "shared-\(peer)-\(seg.name)"
        let dir = Path.join(store.root, "quarantine")
        let shown = "quarantine/\(name)"
        if !fs.exists(Path.join(dir, name)) {
            let bytes = (try? fs.read(shared.segmentPath(peer, seg))) ?? []
            try? fs.createDirectory(dir)
            try? fs.replaceDurably(Path.join(dir, name), bytes)
            let text = "from: \(shared.root)/nodes/\(peer)/seg/\(seg.name)\nreason: \(reason)\nwhat was done: copied here and not taken in; \(peer)'s later segments wait until a good copy of this one is published.\n"
            try? fs.replaceDurably(Path.join(dir, name + ".reason"), Array(text.utf8))
        }
        report.quarantined.append("\(shown): \(reason)")
    }
}
