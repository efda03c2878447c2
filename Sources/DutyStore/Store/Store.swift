import DutyCore
import Synchronization

/// A problem found in the store, for `check` and the console's status line.
public struct StoreProblem: Hashable, Sendable, CustomStringConvertible {
    public var description: String
    /// Problems quote files and the share: one inert line wherever they are shown.
    public init(_ d: String) { description = InertText.excerpt(d, limit: 600) }
}

/// Notices can arrive late: an archive of a snapshot is checked only when first decoded.
final class NoticeBoard: Sendable {
    private let items = Mutex<[StoreProblem]>([])
    func add(_ p: StoreProblem) { items.withLock { $0.append(p) } }
    var all: [StoreProblem] { items.withLock { $0 } }
}

/// An op waiting to be written, with who made it and when.
public struct PendingOp: Hashable, Sendable {
    public var op: Op
    public var actor: String
    public var at: Instant
    public init(op: Op, actor: String, at: Instant) {
        self.op = op
        self.actor = actor
        self.at = at
    }
}

/// The local store: the source of truth of one console. Ops are appended to this node's journal
/// under an advisory lock and fsynced before `append` returns; the state is their fold.
public final class Store {
    public let root: String
    public let fs: FileSystem
    public let config: StoreConfig
    public let calendar: LocalCalendar
    /// The state, and which fold makes it: this console's journal alone, or everyone's records
    /// in one order once peers' records are here.
    var fold = StoreFold()
    public var state: DutyState { fold.state }
    /// Peers' files appended to since they were last synced (see `appendPeers`).
    var unsyncedPeers: Set<String> = []
    public internal(set) var position = JournalPosition()
    /// Set when damage in the middle of the journal was found: nothing is written until a person decides.
    public internal(set) var readOnlyReason: String?
    /// The reason is the medium (not damage): looked at again before each save.
    var mediumReadOnly = false
    /// The snapshot opening started from (`snapshots/…`), nil when it folded the files from the start.
    public internal(set) var openedFrom: String?
    /// What opening found and did (a torn tail moved to quarantine, a snapshot skipped).
    public var notices: [StoreProblem] { noticeBoard.all }
    let noticeBoard = NoticeBoard()
    /// Records since the newest snapshot; a new one is written past `snapshotEvery`.
    public internal(set) var recordsSinceSnapshot = 0
    public var snapshotEvery = 20_000
    var journalMarker: String?
    /// Peers' records taken in from the shared directory, kept in `peers/<node>.jsonl` with the
    /// same framing and checks as the journal: where each was read up to, and the files' markers.
    public internal(set) var peerPositions: [String: JournalPosition] = [:]
    var peerMarkers: [String: String?] = [:]
    /// The newest clock seen in a peer's record: this console's next record comes after it, so a
    /// slow clock here never puts an answer before the question.
    public internal(set) var observedHLC: HLC = .zero
    var peersDir: String { Path.join(root, "peers") }
    func peerPath(_ peer: String) -> String { Path.join(peersDir, "\(peer).jsonl") }
    /// Whether this store holds other consoles' records. Its state is then the fold of every
    /// console's records in one order, (clock, node, sequence), whatever order they arrived in,
    /// so consoles holding the same records show the same state.
    public var hasPeers: Bool { !peerPositions.isEmpty }
    /// The last word from the share on how far the merged fold may settle (kept for a refold).
    var frontierHints = MergeFold.Frontier()
    /// Records folded into the kept part of the merged fold so far (each once): for tests.
    var settledFolds: Int { fold.settledFolds }

    public var node: String { config.node }
    public var journalPath: String { Path.join(root, "journal/\(node).jsonl") }
    var journalName: String { "journal/\(node).jsonl" }
    var lockPath: String { Path.join(root, "journal/.lock") }
    var snapshotsDir: String { Path.join(root, "snapshots") }
    var quarantineDir: String { Path.join(root, "quarantine") }
    public static let directories = ["journal", "snapshots", "inbox", "quarantine"]

    init(root: String, fs: FileSystem, config: StoreConfig, calendar: LocalCalendar) {
        self.root = root
        self.fs = fs
        self.config = config
        self.calendar = calendar
    }

    public var digest: String { stateDigest(state) }
}
