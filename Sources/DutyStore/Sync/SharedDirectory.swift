import DutyCore
import Foundation

/// The folder consoles exchange their journals through: a network share, or a folder Syncthing or
/// rsync replicates. Transport only; each console's own store stays its source of truth.
///
/// ```
/// <shared>/.dutywatch-cluster           the cluster's id; missing means the share is not mounted
/// <shared>/nodes/<node>/tmp/            segments being written (never read by others)
/// <shared>/nodes/<node>/seg/            finished segments, immutable, published by rename
/// ```
/// One writer per file, each written once and published by rename: no locks, nothing for a
/// replicator to merge. A segment holds a run of one node's journal lines exactly as its journal
/// holds them, named `<first seq>-<last seq>.seg` (twelve digits each).
public struct SharedDirectory: Sendable {
    public let root: String
    let fs: FileSystem
    static let markerName = ".dutywatch-cluster"

    public init(root: String, fs: FileSystem) {
        self.root = root
        self.fs = fs
    }

    var markerPath: String { Path.join(root, Self.markerName) }
    func nodeDir(_ node: String) -> String { Path.join(root, "nodes/\(node)") }
    func segmentDir(_ node: String) -> String { Path.join(nodeDir(node), "seg") }
    func tmpDir(_ node: String) -> String { Path.join(nodeDir(node), "tmp") }

    /// The cluster id in the marker, or nil when there is no readable marker (a bare mount point,
    /// a share not mounted).
    public func cluster() -> String? {
        guard let bytes = try? fs.read(markerPath), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("cluster = ") {
            let id = line.dropFirst("cluster = ".count).trimmingCharacters(in: .whitespaces)
            return id.isEmpty ? nil : id
        }
        return nil
    }

    /// Joins a store to this folder and returns the cluster id to keep in its config. The first
    /// console to use an empty folder writes the marker; a folder with a marker of another
    /// cluster than `expected`, or one that holds other things but no marker, is refused.
    public func join(expected: String?, newID: () -> String) throws(StoreError) -> String {
        guard fs.isDirectory(root) else { throw StoreError.share("\(root): the shared directory does not exist (is the share mounted?)") }
        if let id = cluster() {
            if let expected, expected != id {
                throw StoreError.share("\(root) belongs to cluster \(id), not to this store's cluster \(expected)")
            }
            return id
        }
        let present = ((try? fs.list(root)) ?? []).filter { !$0.hasPrefix(".") }
        guard present.isEmpty else {
            throw StoreError.share("\(root) is not empty and has no \(Self.markerName): not a DutyWatch shared directory, or a share that is not mounted")
        }
        if let expected {
            throw StoreError.share("\(root) has no \(Self.markerName) although this store joined cluster \(expected): is the share mounted?")
        }
        let id = newID()
        let text = "# DutyWatch shared directory: consoles of one cluster exchange their journals here.\ncluster = \(id)\n"
        do {
            try fs.replaceDurably(markerPath, Array(text.utf8))
        } catch {
            throw .io(doing: "cannot write \(markerPath)", error)
        }
        return id
    }

    /// Nodes with a folder here, other than `except`.
    public func peers(except node: String) -> [String] {
        ((try? fs.list(Path.join(root, "nodes"))) ?? []).filter { $0 != node && StoreConfig.isValidNodeName($0) }.sorted()
    }

    /// A published segment of a node.
    public struct Segment: Hashable, Sendable, Comparable {
        public let first: Int
        public let last: Int
        /// 0 for the first copy; a node that learns its copy on the share is damaged publishes a
        /// good one beside it as `<first>-<last>.r<N>.seg`, and readers take the newest.
        public var revision = 0
        public var name: String { Self.name(first, last, revision: revision) }

        init(first: Int, last: Int, revision: Int = 0) {
            self.first = first
            self.last = last
            self.revision = revision
        }

        static func name(_ first: Int, _ last: Int, revision: Int = 0) -> String {
            "\(padded(first))-\(padded(last))" + (revision == 0 ? "" : ".r\(revision)") + ".seg"
        }
        private static func padded(_ n: Int) -> String { zeroPadded(n, 12) }

        /// The segment a file name stands for; nil for anything else in the folder: Syncthing's
        /// temporary files (`.syncthing.*.tmp`) and conflict copies (`*.sync-conflict-*`), editors'
        /// leftovers, a segment being renamed by hand.
        /// `<12 digits>-<12 digits>.seg`, or with `.r<N>` before `.seg`. Read byte by byte: a
        /// round reads every peer's names, and a year of small segments is thousands of them.
        static func parse(_ fileName: String) -> Segment? {
            var name = fileName
            return name.withUTF8 { b -> Segment? in
                guard b.count >= 29, b[b.count - 4] == 0x2E, b[b.count - 3] == 0x73, b[b.count - 2] == 0x65, b[b.count - 1] == 0x67,
                      b[12] == 0x2D else { return nil }
                func number(_ range: Range<Int>) -> Int? {
                    var n = 0
                    for i in range {
                        guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                        n = n * 10 + Int(b[i] - 0x30)
                    }
                    return n
                }
                guard let first = number(0..<12), let last = number(13..<25), first >= 1, last >= first else { return nil }
                var revision = 0
                if b.count > 29 {
                    // `.r<N>`: N from 1, written without leading zeros.
                    guard b[25] == 0x2E, b[26] == 0x72, b.count - 4 > 27, b[27] != 0x30, let r = number(27..<(b.count - 4)), r >= 1,
                          b.count - 4 - 27 <= 9 else { return nil }
                    revision = r
                }
                return Segment(first: first, last: last, revision: revision)
            }
        }

        public static func < (a: Segment, b: Segment) -> Bool { (a.first, a.last, a.revision) < (b.first, b.last, b.revision) }
    }

    /// A node's published segments, in order, the newest copy of each run only, and the names in
    /// its folder that are not segments (reported, never read).
    public func segments(of node: String) -> (segments: [Segment], ignored: [String]) {
        let names = (try? fs.list(segmentDir(node))) ?? []
        var newest: [Int: Segment] = [:]
        var ignored: [String] = []
        for n in names {
            guard let s = Segment.parse(n) else {
                ignored.append(n)
                continue
            }
            if let other = newest[s.first], other.last == s.last, other.revision > s.revision { continue }
            newest[s.first] = s
        }
        return (newest.values.sorted(), ignored.sorted())
    }

    /// Publishes journal lines `first...last` of `node` as one segment: written under tmp/,
    /// fsynced, then renamed into seg/ (and both folders synced).
    func publish(node: String, first: Int, last: Int, lines: [UInt8], signature: [UInt8], revision: Int = 0) throws(FileError) -> Segment {
        let seg = Segment(first: first, last: last, revision: revision)
        try fs.createDirectory(tmpDir(node))
        try fs.createDirectory(segmentDir(node))
        // The signature first: a reader that sees the segment on this folder sees its signature.
        let tmpSig = Path.join(tmpDir(node), seg.name + ".sig")
        try fs.replaceDurably(tmpSig, signature)
        try fs.move(tmpSig, signaturePath(node, seg))
        let tmp = Path.join(tmpDir(node), seg.name)
        try fs.replaceDurably(tmp, lines)
        try fs.move(tmp, Path.join(segmentDir(node), seg.name))
        return seg
    }

    func segmentPath(_ node: String, _ seg: Segment) -> String { Path.join(segmentDir(node), seg.name) }
    func signaturePath(_ node: String, _ seg: Segment) -> String { segmentPath(node, seg) + ".sig" }
    func keyPath(_ node: String) -> String { Path.join(nodeDir(node), "key.pub") }

    /// The public key a node published (64 hex digits), nil when none is there (yet).
    public func publicKey(of node: String) -> String? { NodeKey.readHex(try? fs.read(keyPath(node))) }

    func publishKey(_ hex: String, node: String) throws(FileError) {
        try fs.createDirectory(nodeDir(node))
        try fs.replaceDurably(keyPath(node), Array((hex + "\n").utf8))
    }

    /// What a console has taken in, and its clock when it said so: written after its rounds, read
    /// by the others to show "seen" and a clock that is far off.
    public struct Checkpoint: Hashable, Sendable {
        public var wall: Instant
        /// Per console (itself included): the last record it holds.
        public var have: [String: Int]
        /// Segments of other consoles this one found damaged (node → file names), so that their
        /// writers publish good copies.
        public var bad: [String: Set<String>] = [:]
        /// A clock every record this console publishes from now on is stamped later than, once
        /// the records in `have` for itself are taken in: how the others settle their merged fold
        /// past a console that is quiet. Nil from a console that does not say.
        public var floor: HLC?
    }

    func checkpointPath(_ node: String) -> String { Path.join(nodeDir(node), "checkpoint") }

    func write(_ c: Checkpoint, node: String) throws(FileError) {
        var text = "wall = \(c.wall.ms)\n"
        if let floor = c.floor { text += "floor = \(floor.ms).\(floor.counter)\n" }
        for (n, seq) in c.have.sorted(by: { $0.key < $1.key }) { text += "have \(n) = \(seq)\n" }
        for (n, names) in c.bad.sorted(by: { $0.key < $1.key }) { for name in names.sorted() { text += "bad \(n) \(name)\n" } }
        // Written over itself, with a checksum last: replacing it by rename every round freed an
        // inode each time, and ext4 without a journal scans past every inode freed in the last
        // minute on each file it creates (20 consoles: 30 % of their time). A reader that finds
        // it half written passes it over (and keeps the last whole one it read).
        text += "sum = \(Self.checksum(Array(text.utf8)))\n"
        try fs.createDirectory(nodeDir(node))
        try fs.overwriteDurably(checkpointPath(node), Array(text.utf8))
    }

    /// FNV-1a in hex: enough to tell a torn write from a whole one.
    static func checksum(_ bytes: some Sequence<UInt8>) -> String { String(fnv1a64(bytes), radix: 16) }

    /// A checkpoint's text up to its checksum line, when the sum matches; nil when it is torn or
    /// has none (a cut can fall anywhere, so a text without its sum is never trusted; a console
    /// of a version before sums is read again once it is updated). Bytes after the sum line are
    /// the end of a longer earlier checkpoint not yet cut off, and are not read.
    static func wholeCheckpoint(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[start..<end]
            if line.starts(with: "sum = ".utf8) {
                return String(decoding: line.dropFirst(6), as: UTF8.self) == checksum(bytes[..<start]) ? bytes[..<start] : nil
            }
            start = end + 1
        }
        return nil
    }

    func checkpoint(of node: String) -> Checkpoint? {
        guard let read = try? fs.read(checkpointPath(node)), let bytes = Self.wholeCheckpoint(read) else { return nil }
        var c = Checkpoint(wall: Instant(ms: 0), have: [:])
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, parts[0] == "wall", let ms = Int64(parts[2]) { c.wall = Instant(ms: ms) }
            if parts.count == 3, parts[0] == "floor" {
                let clock = parts[2].split(separator: ".")
                if clock.count == 2, let ms = Int64(clock[0]), let counter = Int(clock[1]) { c.floor = HLC(ms: ms, counter: counter) }
            }
            if parts.count == 4, parts[0] == "have", StoreConfig.isValidNodeName(String(parts[1])), let seq = Int(parts[3]) {
                c.have[String(parts[1])] = seq
            }
            if parts.count == 3, parts[0] == "bad", StoreConfig.isValidNodeName(String(parts[1])), Segment.parse(String(parts[2])) != nil {
                c.bad[String(parts[1]), default: []].insert(String(parts[2]))
            }
        }
        return c.wall.ms > 0 ? c : nil
    }
}
