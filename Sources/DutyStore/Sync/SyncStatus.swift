import DutyCore

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
