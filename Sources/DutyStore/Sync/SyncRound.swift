import Crypto
import DutyCore
import Foundation

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
    var published: JournalPosition?
    /// The checkpoints as last read and written, to tell a fresh one from an old one.
    var peerCheckpoints: [String: SharedDirectory.Checkpoint] = [:]
    var skews: [String: Int64] = [:]
    /// The other consoles found in the share by the last round.
    public internal(set) var peers: [String] = []
    /// This console's records the share holds, 1 through this, as the last round found or left it.
    public internal(set) var publishedThrough = 0
    var written: [String: Int]?
    /// This console's signing key, loaded in the first round.
    var key: Curve25519.Signing.PrivateKey?
    /// Peers' segments this console quarantined, said in its checkpoint until a good copy came.
    var badSeen: [String: Set<String>] = [:]
    var badWritten: [String: Set<String>] = [:]
    var writtenAt = Instant(ms: 0)
    let clock: () -> Instant
    let machineClock: () -> Instant
    static let skewLimit: Int64 = 5 * 60_000
    /// A console whose checkpoint has not changed for this long is away (switched off, cut off;
    /// a live one writes it at least once a minute): the others stop waiting for it. Records it
    /// brings back later cost one fold of everything again.
    static let awayAfterMs: Int64 = 10 * 60_000

    /// Every read of the store's changing parts (its positions) and every write to it goes
    /// through this: the console's store thread shares the store with the round, which runs on
    /// a thread of its own so that a slow share never holds up a save.
    let withStore: StoreAccess

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

    // MARK: - Listings kept between rounds

    /// When each console's checkpoint was last seen to change, by the machine's clock.
    var lastChanged: [String: Int64] = [:]
    /// When each console's folder was last listed, by the machine's clock.
    var listedAt: [String: Int64] = [:]
    static let relistAfterMs: Int64 = 30_000
    /// The others' checkpoints as read this round (taking in and the checkpoints step share them).
    var checkpointsRead: [String: SharedDirectory.Checkpoint?] = [:]

    /// The last whole checkpoint read of each console: one caught half written (it is written
    /// over itself) counts as unchanged.
    var lastWholeCheckpoint: [String: SharedDirectory.Checkpoint] = [:]

    /// Each console's segment names as last listed, with its folder's change marker then.
    var listings: [String: (marker: String, segments: [SharedDirectory.Segment], ignored: [String])] = [:]

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
    func identity(_ report: inout Report) -> Bool {
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

    func publishSigned(first: Int, last: Int, lines: [UInt8], revision: Int = 0) throws(FileError) -> SharedDirectory.Segment {
        let signature = key.flatMap { NodeKey.sign(lines, with: $0) } ?? []
        return try shared.publish(node: store.node, first: first, last: last, lines: lines, signature: signature, revision: revision)
    }

    /// The key a peer signs with: bound to its name the first time it is seen (said once); the
    /// same name with another key later is refused. Nil while its key has not arrived.
    func peerKey(_ peer: String, _ report: inout Report) -> String? {
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
}
