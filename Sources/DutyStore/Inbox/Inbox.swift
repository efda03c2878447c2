import DutyCore
#if canImport(Glibc)
import Glibc
#endif

/// What became of one file of the inbox.
public struct InboxOutcome: Hashable, Sendable {
    public enum Result: Hashable, Sendable {
        /// A new alert, with its id.
        case raised(String)
        /// An Update reached this alert; the note says what changed.
        case updated(String, note: String)
        /// A Cancel lifted this alert.
        case lifted(String)
        /// Taken in before (by this console or another): nothing appended. The alert it reached.
        case duplicate(String)
        /// Why, in English and in Chinese (the `.reason` file's two lines).
        case refused(InboxRefusal)
    }

    /// The file's name in the inbox.
    public var file: String
    public var result: Result
    /// Where it went, relative to the inbox: `done/NAME` or `rejected/NAME`.
    public var movedTo: String
    /// Fields cut to `TextLimits` (the whole file stays in `done/`).
    public var cuts: [String]

    public init(file: String, result: Result, movedTo: String, cuts: [String] = []) {
        self.file = file
        self.result = result
        self.movedTo = movedTo
        self.cuts = cuts
    }

    public var isRefused: Bool {
        if case .refused = result { return true }
        return false
    }
}

/// Takes alert files from `<store>/inbox/` into the store: CAP 1.2 XML and the JSON alert format.
///
/// A file is first claimed by renaming it to a name of this taker's own under `inbox/.taking/`,
/// so that two processes (the console and `duty-watch ingest`) never take one file twice: the
/// loser of the rename finds it gone. A batch of files is read and parsed, its ops are planned
/// against the latest state under the writers' lock and appended (fsynced) in one write, and only
/// then are the files moved to `done/` or `rejected/` (with a `.reason` file). A crash after the
/// append and before the move leaves the claim behind; it is handed back to the inbox once its
/// process is gone, and taking it in again finds a duplicate.
///
/// A file whose reader died (of any signal) may be what killed it: it is handed back once, to
/// `inbox/.retry/`, and tried again; if that reader dies too, the file goes to `rejected/` and is
/// never claimed again, so no file can hold a console in a crash loop.
public final class Inbox {
    public let store: Store
    /// `zh` or `en`: the info block of a CAP message in this language is the one taken in.
    public var language: Language
    /// The actor of the ops: the files speak for their publishers, the console did nothing.
    public var actor = "inbox"
    /// Files larger than this are refused unread: a CAP message is a few kilobytes.
    public var maxFileBytes = 4 << 20
    /// Whether the process that made a claim still runs (replaced in tests).
    public var isProcessAlive: (Int32) -> Bool = Inbox.processIsRunning

    /// Kept reversed, taken from the end: files are taken in order without shifting the list.
    private var pending: [Waiting] = []
    private let pid: Int32
    private let token: String

    /// The machine's clock, to tell a file just written (`settleMs`) by the file system's times.
    private let wallClock: () -> Instant

    public init(store: Store, language: Language, wallClock: @escaping () -> Instant = MachineClock.now) {
        self.store = store
        self.language = language
        self.wallClock = wallClock
        pid = getpid()
        var rng = SystemRandomNumberGenerator()
        token = String(rng.next() & 0xFFFF_FFFF, radix: 16)
    }

    var fs: FileSystem { store.fs }
    public var directory: String { Path.join(store.root, "inbox") }
    var takingDir: String { Path.join(directory, ".taking") }
    /// Files whose first reader died while it held them: tried once more, before the inbox.
    var retryDir: String { Path.join(directory, ".retry") }

    /// The reason given to a file that two readers died reading.
    public static let stoppedReaderReason = "the reader stopped while reading this file"
    static let stoppedReader = InboxRefusal(stoppedReaderReason, zh: "读取时进程两次中止（文件可能有害）")

    /// A process that has ended but not been reaped (a zombie) still answers `kill(pid, 0)`: it
    /// is gone all the same.
    public static func processIsRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? RealFileSystem().read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")),
              close + 2 < stat.count
        else { return true }
        let state = stat[close + 2]
        return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
    }

    /// Names a taker never touches: hidden files (Syncthing's `.syncthing.*.tmp`, our own
    /// `.taking/`) and files still being written by a browser or a copy.
    public static func isCandidate(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasPrefix("~") { return false }
        let lower = name.lowercased()
        return ![".tmp", ".part", ".crdownload", ".partial", ".swp", ".reason"].contains { lower.hasSuffix($0) }
    }

    /// Takes in one batch: at most `maxFiles` files, and stops starting new files once `budget` has
    /// passed (the console calls this between keypresses). Returns what became of each file.
    public func takeIn(maxFiles: Int = 500, budget: Duration? = nil, now: Instant) throws(StoreError) -> [InboxOutcome] {
        let started = ContinuousClock.now
        if pending.isEmpty { refill() }
        var claimed: [Claimed] = []
        while claimed.count < maxFiles, !pending.isEmpty {
            if let budget, ContinuousClock.now - started >= budget { break }
            guard let waiting = pending.popLast() else { break }
            if let c = claim(waiting) { claimed.append(c) }
        }
        // Files that stopped two readers were refused while looking for claims: say so too.
        let refusedOnRecovery = stopped
        stopped = []
        guard !claimed.isEmpty else { return refusedOnRecovery }
        let outcomes: [Claimed]
        do {
            outcomes = try plan(claimed, now: now)
        } catch {
            // Nothing was saved: hand every claimed file back for a later try.
            for c in claimed { release(c.claimPath, as: c.name, retry: c.retry) }
            throw error
        }
        return refusedOnRecovery + outcomes.map(finish)
    }

    /// Takes in everything waiting, batch after batch (`duty-watch ingest`); a file that may
    /// still be being written is looked at again until it is whole or has stood still long
    /// enough to be refused.
    public func takeInAll(batch: Int = 500, now: () -> Instant) throws(StoreError) -> [InboxOutcome] {
        var all: [InboxOutcome] = []
        while true {
            pending = []
            unsettled = []
            refill()
            all += stopped
            stopped = []
            while !pending.isEmpty {
                all += try takeIn(maxFiles: batch, now: now())
            }
            guard !unsettled.isEmpty else { return all }
            usleep(200_000)
        }
    }

    /// Files refused because their readers died, not yet reported.
    private var stopped: [InboxOutcome] = []

    /// Files handed back this pass because they may still be being written.
    private var unsettled: Set<String> = []

    // MARK: - Claiming

    /// A file waiting to be claimed: in the inbox, or in `.retry/` after its first reader died.
    struct Waiting {
        var name: String
        var retry: Bool
    }

    /// `<pid>-<token>.<name>` in `.taking/`, or `<pid>-<token>+.<name>` for a second try; the
    /// token tells this taker's claims from those of an earlier process with the same pid.
    struct ClaimName: Equatable {
        var owner: Int32
        var token: String
        var retry: Bool
        var name: String

        var text: String { "\(owner)-\(token)\(retry ? "+" : "").\(name)" }

        init(owner: Int32, token: String, retry: Bool, name: String) {
            self.owner = owner
            self.token = token
            self.retry = retry
            self.name = name
        }

        init?(_ text: String) {
            guard let dash = text.firstIndex(of: "-"), let dot = text.firstIndex(of: "."), dash < dot,
                  let owner = Int32(text[..<dash])
            else { return nil }
            var token = text[text.index(after: dash)..<dot]
            retry = token.hasSuffix("+")
            if retry { token = token.dropLast() }
            self.owner = owner
            self.token = String(token)
            name = String(text[text.index(after: dot)...])
        }
    }

    struct Claimed {
        var name: String
        var retry: Bool
        var claimPath: String
        var parsed: Result<IncomingAlert, InboxRefusal>
        /// Set by planning, for every file it is given.
        var result: InboxOutcome.Result?
    }

    private func refill() {
        recoverAbandonedClaims()
        let retries = ((try? fs.list(retryDir)) ?? []).filter(Self.isCandidate).map { Waiting(name: $0, retry: true) }
        let fresh = ((try? fs.list(directory)) ?? []).filter(Self.isCandidate).map { Waiting(name: $0, retry: false) }
        pending = (retries + fresh).reversed()
    }

    private func claim(_ waiting: Waiting) -> Claimed? {
        let name = waiting.name
        let path = Path.join(waiting.retry ? retryDir : directory, name)
        guard fs.isRegularFile(path) else { return nil }
        let claimPath = Path.join(takingDir, ClaimName(owner: pid, token: token, retry: waiting.retry, name: name).text)
        do {
            if !fs.isDirectory(takingDir) { try fs.createDirectory(takingDir) }
            try fs.rename(path, claimPath, replacing: true)
        } catch {
            // Gone: another taker has it (or it was removed); either way it is not ours.
            return nil
        }
        let parsed = read(claimPath, name: name)
        if case .failure = parsed, let written = fs.modificationTime(claimPath), wallClock().ms - written.ms < Self.settleMs {
            // Unreadable and written moments ago: most likely still being written (curl -o, a
            // copy), whatever woke the taker. Back into the inbox for a later look; refused only
            // once it has stood still for a while.
            release(claimPath, as: name, retry: waiting.retry)
            unsettled.insert(name)
            return nil
        }
        return Claimed(name: name, retry: waiting.retry, claimPath: claimPath, parsed: parsed)
    }

    /// How long an unreadable file must stand unchanged before it is refused.
    static let settleMs: Int64 = 2_000

    private func read(_ path: String, name: String) -> Result<IncomingAlert, InboxRefusal> {
        do throws(InboxRefusal) {
            let size: Int
            let bytes: [UInt8]
            do {
                size = try fs.size(path)
                if size > maxFileBytes { throw InboxRefusal("too large for an alert (\(size) bytes, at most \(maxFileBytes))", .tooLarge) }
                bytes = try fs.read(path)
            } catch let e as InboxRefusal {
                throw e
            } catch {
                throw InboxRefusal("cannot read: \(error)", .unreadable)
            }
            return .success(try InboxFormat.parse(bytes, name: name, language: language))
        } catch {
            return .failure(error)
        }
    }

    /// This taker's own claims (a batch whose append failed) go back where they came from. A claim
    /// whose taker died goes to `.retry/` for one more try, and to `rejected/` if it was that try:
    /// the file may be what killed both readers.
    private func recoverAbandonedClaims() {
        guard let names = try? fs.list(takingDir) else { return }
        for text in names {
            guard let claim = ClaimName(text) else { continue }
            let path = Path.join(takingDir, text)
            if claim.owner == pid, claim.token == token {
                release(path, as: claim.name, retry: claim.retry)
            } else if claim.owner != pid, !isProcessAlive(claim.owner) {
                if claim.retry {
                    let moved = (try? moveAside(path, into: Path.join(directory, "rejected"), name: claim.name, reason: Self.stoppedReader))
                    stopped.append(InboxOutcome(file: claim.name, result: .refused(Self.stoppedReader),
                                                movedTo: "rejected/\(moved ?? claim.name)"))
                } else {
                    release(path, as: claim.name, retry: true)
                }
            }
        }
    }

    private func release(_ claimPath: String, as name: String, retry: Bool) {
        _ = try? moveAside(claimPath, into: retry ? retryDir : directory, name: name)
    }

    // MARK: - Planning

    /// Plans each file against the latest state (under the writers' lock) and appends them: the
    /// planner decides what a message does (raise, update, lift, or nothing for one taken in
    /// before) and what the 三查 rule makes of it, file by file; a file it cannot plan is refused.
    private func plan(_ files: [Claimed], now: Instant) throws(StoreError) -> [Claimed] {
        var decided = files
        let planner = Planner(node: store.node, actor: actor, now: now, calendar: store.calendar, language: language)
        try store.append(planning: { latest in
            var intents: [Intent] = []
            var planned: [Int] = []
            for i in decided.indices {
                switch decided[i].parsed {
                case .success(let message):
                    intents.append(.receive(message))
                    planned.append(i)
                case .failure(let refusal):
                    decided[i].result = .refused(refusal)
                }
            }
            var ops: [PendingOp] = []
            for (i, step) in zip(planned, planner.planEach(intents, in: latest)) {
                switch step {
                case .failure(let error):
                    decided[i].result = .refused(InboxRefusal(error.message, zh: error.chinese))
                case .success(let step):
                    decided[i].result = Self.result(step)
                    ops += step.ops.map { PendingOp(op: $0, actor: planner.actor, at: now) }
                }
            }
            return ops
        })
        return decided
    }

    /// What to report for a file the planner took: its first op says what it did to which alert.
    private static func result(_ step: Planner.Step) -> InboxOutcome.Result {
        switch step.ops.first {
        case .alertRaised(let c)?: .raised(c.id)
        case .alertUpdated(let c, let note, _)?: .updated(c.id, note: note)
        case .alertLifted(let id, _, _)?: .lifted(id)
        default: .duplicate(step.reached ?? "")
        }
    }

    // MARK: - Moving

    private func finish(_ c: Claimed) -> InboxOutcome {
        let result = c.result ?? .refused(InboxRefusal("not planned (a fault of the inbox itself)", zh: "未能处理（程序内部错误）"))
        var refused: InboxRefusal?
        if case .refused(let why) = result { refused = why }
        let dir = Path.join(directory, refused == nil ? "done" : "rejected")
        let final = (try? moveAside(c.claimPath, into: dir, name: c.name, reason: refused)) ?? c.name
        let cuts = refused == nil ? ((try? c.parsed.get())?.cuts ?? []) : []
        return InboxOutcome(file: c.name, result: result, movedTo: "\(refused == nil ? "done" : "rejected")/\(final)", cuts: cuts)
    }

    /// Moves a file into `dir` under `name`, or `name-2`, `name-3` … when taken (the extension
    /// kept: `a.xml` → `a-2.xml`); with a reason, writes `<final>.reason` beside it first.
    @discardableResult
    private func moveAside(_ from: String, into dir: String, name: String, reason: InboxRefusal? = nil) throws(FileError) -> String {
        if !fs.isDirectory(dir) { try fs.createDirectory(dir) }
        let (stem, ext) = Self.split(name)
        var n = 1
        while true {
            let candidate = n == 1 ? name : "\(stem)-\(n)\(ext)"
            n += 1
            let target = Path.join(dir, candidate)
            if fs.exists(target) || (reason != nil && fs.exists(target + ".reason")) { continue }
            if let reason { try fs.replaceDurably(target + ".reason", Array(reason.fileText.utf8)) }
            do {
                try fs.rename(from, target, replacing: false)
                return candidate
            } catch where error.errno == EEXIST {
                if reason != nil { try? fs.remove(target + ".reason") }
                continue
            }
        }
    }

    private static func split(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}

/// Which format a file is in, by its first character: `<` CAP XML, `{` JSON.
public enum InboxFormat {
    public static func parse(_ bytes: [UInt8], name: String, language: Language) throws(InboxRefusal) -> IncomingAlert {
        try InboxText.requireText(bytes)
        let first = bytes.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }.first
        var message: IncomingAlert
        switch first {
        case UInt8(ascii: "<"): message = try CAPParser.parse(bytes).incoming(language: language)
        case UInt8(ascii: "{"): message = try JSONAlertParser.parse(bytes)
        default:
            guard name.lowercased().hasSuffix(".json") else {
                throw InboxRefusal("neither CAP XML nor a JSON alert (the file does not start with < or {)", .notAnAlert)
            }
            message = try JSONAlertParser.parse(bytes)
        }
        (message.content, message.cuts) = message.content.cutToLimits()
        return message
    }
}

/// How much the console takes in per refresh (once a second): enough to drain a flood of files
/// in minutes, little enough that a key pressed meanwhile waits only milliseconds (duty-bench).
public enum InboxBatch {
    public static let files = 200
    /// Claiming and parsing stop once this has passed; the append and the moves follow.
    public static let budget: Duration = .milliseconds(10)
}
