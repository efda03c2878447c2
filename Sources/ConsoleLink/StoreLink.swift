import ConsoleUI
import DutyCore
import DutyStore

/// The store as the console runtime sees it: a worker thread that owns the store, takes the inbox
/// in, and works out the console's view of each new state off the key loop.
public final class StoreLink: ConsoleStore {
    public let worker: StoreWorker<QueueView>
    private let node: String
    /// The console's language: a refusal is said in it.
    private let language: Language

    /// Takes over `store` until `stop`; `clock` stamps what the inbox brings.
    public init(_ store: Store, language: Language, settings: ConsoleSettings, clock: @escaping @Sendable () -> Instant) {
        node = store.node
        self.language = language
        worker = StoreWorker(store: store, language: language, clock: clock, derive: { QueueView(duty: $0, settings: settings) })
        worker.start()
    }

    /// Ends the worker thread; the store is the caller's again.
    public func stop() { worker.stop() }

    public func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange) {
        let r = worker.perform(intents, actor: actor, at: at)
        return (Self.saveState(r.error, readOnlyReason: r.readOnlyReason, language: language), StoreChange(state: r.update.state, view: r.update.view))
    }

    /// What the console says of a save, by the kind of the store's error.
    static func saveState(_ error: StoreError?, readOnlyReason: String?, language: Language) -> SaveState {
        guard let error else { return .saved }
        switch error {
        case .refused(let why): return .refused(why.text(language))
        case .readOnly(let reason): return .readOnly(reason)
        case _ where error.isDiskFull: return .diskFull(error.description)
        default: return readOnlyReason.map(SaveState.readOnly) ?? .failed(error.description)
        }
    }

    public func refused() -> [RefusedFile] {
        worker.refusedFiles
    }

    public func share() -> ShareState {
        guard let s = worker.syncStatus else { return .none }
        if let since = s.offlineSince, s.offline != nil { return .offline(since: since) }
        switch s.problem {
        case .full: return .full
        case .readOnly: return .readOnly
        case .conflict(let text): return .conflict(text)
        case .other(let text): return .problem(text)
        case nil: break
        }
        if let (peer, ms) = s.skew.sorted(by: { $0.key < $1.key }).first { return .clockSkew(peer: peer, minutes: Int(ms / 60_000)) }
        if s.published < s.saved { return .sharing }
        return s.saved > 0 && s.seen >= s.saved ? .seen : .shared
    }

    public func progress() -> ShareProgress? {
        guard let s = worker.syncStatus else { return nil }
        return ShareProgress(node: node, published: s.published, seenBy: s.seenBy)
    }

    public func poll() -> StoreChange? {
        worker.poll().map { StoreChange(state: $0.state, view: $0.view) }
    }
}
