import DutyCore

/// What `duty-watch check` found: every problem, each naming a file and where in it.
public struct CheckReport: Sendable {
    public var problems: [String] = []
    public var notes: [String] = []
    public var records = 0
    public var snapshotsChecked = 0
    public var digest: String?
    public var isClean: Bool { problems.isEmpty }
}

extension Store {
    /// Verifies everything from scratch, trusting no snapshot: the config, the journal's framing,
    /// hashes, sequence and chain, every snapshot against the fold of the journal up to its
    /// position, and the folders. Reads only; repairs nothing.
    public static func check(root: String, fs: FileSystem) -> CheckReport {
        var report = CheckReport()
        let config: StoreConfig
        do {
            config = try readConfig(root: root, fs: fs)
        } catch {
            report.problems.append(error.description)
            return report
        }
        for d in directories where !fs.isDirectory(Path.join(root, d)) {
            report.problems.append("\(d)/: folder is missing")
        }
        let journalName = "journal/\(config.node).jsonl"
        for name in (try? fs.list(Path.join(root, "journal"))) ?? [] where name != "\(config.node).jsonl" && !name.hasPrefix(".") {
            report.problems.append("journal/\(name): not this node's journal (node is \(config.node))")
        }

        var snapshots: [Int: (name: String, snap: Snapshot)] = [:]
        /// Snapshots of everyone's records: checked against the merged fold below.
        var merged: [(name: String, snap: Snapshot)] = []
        for name in (try? fs.list(Path.join(root, "snapshots"))) ?? [] where !name.hasPrefix(".") {
            guard Snapshot.seq(fromFileName: name) != nil else {
                report.problems.append("snapshots/\(name): not a snapshot file name")
                continue
            }
            do {
                let file = try fs.map(Path.join(root, "snapshots/\(name)"))
                if Snapshot.isOlderFormat(file.bytes) {
                    report.notes.append("snapshots/\(name): written in an earlier format, passed over until newer snapshots replace it")
                    continue
                }
                let snap = try Snapshot.decode(file, eager: true) { _ in DutyState() }
                if snap.node != config.node { throw DecodeError("written by node \(snap.node)") }
                if snap.peers.isEmpty { snapshots[snap.position.seq] = (name, snap) } else { merged.append((name, snap)) }
            } catch {
                report.problems.append("snapshots/\(name): \(error)")
            }
        }

        var state = DutyState()
        let scanner = JournalScanner(fs: fs, path: Path.join(root, journalName), displayName: journalName, node: config.node)
        do {
            var result = try scanner.scan(from: JournalPosition()) { record in
                state.apply(record.op, record.context)
                if let (name, snap) = snapshots[record.seq] {
                    report.snapshotsChecked += 1
                    if snap.position.hash != record.hash {
                        report.problems.append("snapshots/\(name): names record \(record.seq) with another hash than the journal's")
                    } else if stateDigest(snap.state) != stateDigest(state) {
                        report.problems.append("snapshots/\(name): its state differs from the journal folded to record \(record.seq)")
                    }
                }
            }
            if result.damage?.kind == .incompleteTail {
                // It may be another process's append in progress: look again while holding the writers' lock.
                let lock = try fs.lockExclusive(Path.join(root, "journal/.lock"))
                result = try scanner.scan(from: result.position) { record in state.apply(record.op, record.context) }
                lock.release()
            }
            report.records = result.position.seq
            if let d = result.damage {
                switch d.kind {
                case .middle:
                    report.problems.append("\(d). Nothing after it is used; the store is read-only until someone decides.")
                case .badTail, .incompleteTail:
                    report.problems.append("\(d). Opening the store for writing moves it to quarantine.")
                }
            }
            for (seq, entry) in snapshots where seq > result.position.seq {
                report.problems.append("snapshots/\(entry.name): names record \(seq), beyond the journal's last good record \(result.position.seq)")
            }
        } catch {
            report.problems.append("\(journalName): \(error)")
        }
        for name in (try? fs.list(Path.join(root, "quarantine"))) ?? [] where name.hasPrefix("conflict-") && name.hasSuffix(".reason") {
            let text = (try? fs.read(Path.join(root, "quarantine/\(name)"))).map { String(decoding: $0, as: UTF8.self) } ?? name
            report.problems.append("quarantine/\(name.dropLast(7)): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        for name in (try? fs.list(Path.join(root, "quarantine"))) ?? [] where name.hasSuffix(".reason") && !name.hasPrefix("conflict-")
            && !name.hasPrefix("shared-") {
            let text = (try? fs.read(Path.join(root, "quarantine/\(name)"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let reason = text.split(separator: "\n").first { $0.hasPrefix("reason:") } ?? "no reason recorded"
            report.notes.append("quarantine/\(name.dropLast(7)).bin: kept from an earlier repair (\(reason))")
        }
        // With peers' records the state is the fold of everyone's, in (clock, node, sequence) order.
        do {
            let peers = try scanPeers(root: root, fs: fs, node: config.node)
            checkQuarantinedSegments(root: root, fs: fs, have: Dictionary(uniqueKeysWithValues: peers.map { ($0.peer, $0.position.seq) }), &report)
            if !peers.isEmpty {
                var all: [JournalRecord] = []
                _ = try scanner.scan(from: JournalPosition()) { all.append($0) }
                for scan in peers {
                    all += scan.records
                    if let d = scan.damage { report.problems.append("\(d)") }
                }
                state = JournalRecord.fold(all)
                checkMerged(merged, all, &report)
            } else {
                for entry in merged { report.problems.append("snapshots/\(entry.name): names peers' records, but peers/ holds none") }
            }
        } catch {
            report.problems.append("peers/: \(error)")
        }
        report.digest = stateDigest(state)
        return report
    }

    /// A peer's damaged segment kept in quarantine is unsettled until a good copy of its records
    /// has been taken in; until then `check` says so, and what brings the good copy.
    private static func checkQuarantinedSegments(root: String, fs: FileSystem, have: [String: Int], _ report: inout CheckReport) {
        for name in (try? fs.list(Path.join(root, "quarantine"))) ?? [] where name.hasPrefix("shared-") && name.hasSuffix(".seg.reason") {
            let stem = name.dropFirst("shared-".count).dropLast(".reason".count)
            guard let dash = stem.lastIndex(of: "-"), let segDash = stem[..<dash].lastIndex(of: "-"),
                  let seg = SharedDirectory.Segment.parse(String(stem[stem.index(after: segDash)...]))
            else { continue }
            let peer = String(stem[..<segDash])
            if (have[peer] ?? 0) >= seg.last {
                report.notes.append("quarantine/\(name.dropLast(7)): a damaged copy of \(peer)'s records \(seg.first)–\(seg.last), since replaced by a good one")
            } else {
                report.problems.append("quarantine/\(name.dropLast(7)): a damaged copy of \(peer)'s records \(seg.first)–\(seg.last), not yet replaced: \(peer) publishes a good copy when it next syncs and reads this console's checkpoint; then run `duty-watch sync --once`")
            }
        }
    }

    /// A merged snapshot must name records that are in the files, and its state must be the fold
    /// of everyone's records up to the last one it settled.
    private static func checkMerged(_ snapshots: [(name: String, snap: Snapshot)], _ all: [JournalRecord], _ report: inout CheckReport) {
        guard !snapshots.isEmpty else { return }
        var hashes: [String: [Int: String]] = [:]
        for r in all { hashes[r.node, default: [:]][r.seq] = r.hash }
        let sorted = all.sorted(by: JournalRecord.mergeOrder)
        for (name, snap) in snapshots {
            report.snapshotsChecked += 1
            let named = [(snap.node, snap.position)] + snap.peers.map { ($0.key, $0.value) }
            if let (node, pos) = named.first(where: { $0.1.seq > 0 && hashes[$0.0]?[$0.1.seq] != $0.1.hash }) {
                report.problems.append("snapshots/\(name): names record \(pos.seq) of \(node), which the files do not hold")
                continue
            }
            var state = DutyState()
            if let last = snap.lastFolded {
                for r in sorted where r.key <= last { state.apply(r.op, r.context) }
            }
            if stateDigest(state) != stateDigest(snap.state) {
                report.problems.append("snapshots/\(name): its state differs from everyone's records folded to \(snap.lastFolded.map { "\($0.node) \($0.seq)" } ?? "the start")")
            }
        }
    }
}
