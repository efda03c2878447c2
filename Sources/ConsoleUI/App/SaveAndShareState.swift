import DutyCore

/// What the store last said about saving.
public enum SaveState: Hashable, Sendable {
    case saved
    case readOnly(String)
    /// No room left on the disk: the store's words are kept for the log, the officer reads 磁盘已满.
    case diskFull(String)
    case failed(String)
    /// The duty room's rules refused the change (another console closed the alert meanwhile):
    /// nothing was written, and the store itself is fine.
    case refused(String)

    /// Why a save failed, in the duty room's words where the cause is a common one, else the
    /// store's own words.
    func failureReason(_ language: Language) -> String? {
        switch self {
        case .saved: nil
        case .readOnly: language.pick("存储只读", "the store is read-only")
        case .diskFull: language.pick("磁盘已满", "the disk is full")
        case .failed(let r), .refused(let r): r
        }
    }
}

/// How this console's changes stand with the other consoles: saved here → shared (published to
/// the shared directory) → and why not, when they cannot be.
public enum ShareState: Hashable, Sendable {
    /// No shared directory: the console works alone.
    case none
    /// Everything saved is published.
    case shared
    /// Saved changes not yet published (a round is under way).
    case sharing
    /// Everything saved is published and another console says it has it.
    case seen
    /// Another console's clock is this far off (minutes, + = ahead): order still holds (the
    /// hybrid clock), but times it writes are off.
    case clockSkew(peer: String, minutes: Int)
    /// The share is not there (not mounted, another cluster's): working locally since then.
    case offline(since: Instant)
    case full
    case readOnly
    /// A console's records differ from the ones taken in before (two histories of one node).
    case conflict(String)
    case problem(String)
}

/// How far this console's own records have gone, for the marks beside each change in an
/// alert's timeline: saved here → shared (published) → seen (another console's checkpoint
/// names it).
public struct ShareProgress: Hashable, Sendable {
    /// This console's node id: changes made elsewhere say where they came from instead.
    public var node: String
    /// This console's records published to the share, 1 through this.
    public var published: Int
    /// Per other console: the last of this console's records it says it has.
    public var seenBy: [String: Int]

    public init(node: String, published: Int, seenBy: [String: Int]) {
        self.node = node
        self.published = published
        self.seenBy = seenBy
    }

    public enum Stage: Hashable, Sendable {
        case saved, shared
        /// Seen by this many of the other consoles known.
        case seen(by: Int, of: Int)
        /// Made on another console.
        case from(String)
    }

    /// How far the change made by `origin` has gone.
    public func stage(of origin: Origin) -> Stage {
        guard origin.node == node else { return .from(origin.node) }
        guard origin.seq <= published else { return .saved }
        let by = seenBy.values.count { $0 >= origin.seq }
        return by == 0 ? .shared : .seen(by: by, of: seenBy.count)
    }
}
