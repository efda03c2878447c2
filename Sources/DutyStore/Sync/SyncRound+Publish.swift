import Crypto
import DutyCore
import Foundation

// Publishing this console's records and checkpoint, and good copies of what a peer found damaged.
extension SyncRound {
    func publish(_ report: inout Report) {
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
    func checkpoints(_ peers: [String], _ report: inout Report) {
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
    func republish(_ name: String, _ report: inout Report) {
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
    func journalLines(_ first: Int, _ last: Int) -> [UInt8]? {
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
    func fillGaps(_ report: inout Report) {
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
}
