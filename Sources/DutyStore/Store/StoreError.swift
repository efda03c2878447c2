import DutyCore
#if canImport(Glibc)
import Glibc
#endif

/// Why the store could not do what was asked. Callers act on the kind (the console says 磁盘已满
/// for a full disk and 只读 for a store that cannot be written; a script can tell a refused
/// change from a broken disk); `description` holds the words shown to people.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder holds no store (no config.toml).
    case notAStore(root: String)
    /// `init` on a folder that already holds a store.
    case alreadyAStore(root: String)
    /// A console's name that is not 1–40 letters, digits, - or _.
    case badNodeName(String)
    /// config.toml cannot be used (not UTF-8, a TOML mistake, an unknown time zone); the words
    /// name the file and line.
    case badConfig(String)
    /// Nothing can be saved until someone acts: damage in the middle of the journal, or a disk
    /// mounted read-only.
    case readOnly(reason: String)
    /// The duty room's rules refuse the change (acknowledging a closed alert, a 三查 round for a
    /// street that has one open): nothing was written.
    case refused(DomainError)
    /// A file could not be read or written; `doing` says what the store was about.
    case io(doing: String, FileError)
    /// The shared directory cannot be used as asked: not there, another cluster's, this
    /// console's name taken by another, records that no longer continue this journal.
    case share(String)

    public var description: String {
        switch self {
        case .notAStore(let root):
            "\(root) is not a DutyWatch store: config.toml is missing (create one with `duty-watch init --store \(root)`)"
        case .alreadyAStore(let root): "\(root) already holds a store (config.toml exists)"
        case .badNodeName(let name): "node name \"\(name)\" must be 1–40 letters, digits, - or _"
        case .badConfig(let why): why
        case .readOnly(let reason): reason
        case .refused(let e): e.message
        case .io(let doing, let e): doing.isEmpty ? "\(e)" : "\(doing): \(e)"
        case .share(let why): why
        }
    }

    /// The words in the store's language where the store has them in both (a refusal by the
    /// duty room's rules); the rest are the store's own English.
    public func text(_ lang: Language) -> String {
        if case .refused(let e) = self { return e.text(lang) }
        return description
    }

    /// The disk (or the share) has no room left: the one failure a duty officer can fix at once.
    public var isDiskFull: Bool {
        if case .io(_, let e) = self { return e.errno == ENOSPC || e.errno == EDQUOT }
        return false
    }
}
