import DutyCore

/// What the runtime needs from the store, so ConsoleUI stays free of files: the real one wraps
/// `DutyStore.Store`, tests use an in-memory one.
public protocol ConsoleStore: AnyObject {
    /// Plans what `actor` means against the latest state, appends and fsyncs; the save state is
    /// what the header shows. The state after comes with its view when the store worked that
    /// out already.
    func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange)
    /// What other processes and the inbox brought since the last call, if anything. Called on
    /// every turn of the loop, so it must never wait.
    func poll() -> StoreChange?
    /// How the exchange with other consoles stands; never waits.
    func share() -> ShareState
    /// How far this console's own changes have gone (published, seen by whom); never waits.
    func progress() -> ShareProgress?
    /// The files the inbox refused, newest first; never waits.
    func refused() -> [RefusedFile]
}

extension ConsoleStore {
    public func share() -> ShareState { .none }
    public func progress() -> ShareProgress? { nil }
    public func refused() -> [RefusedFile] { [] }
}

/// A new state of the store, with the console's view of it when that was worked out beside the
/// key loop.
public struct StoreChange: Sendable {
    public var state: DutyState
    public var view: QueueView?
    public init(state: DutyState, view: QueueView?) {
        self.state = state
        self.view = view
    }
}

/// The loop: read a key or wait for the next second, turn it into a message, update, carry out
/// the effects, draw. Time comes from the injected clock; nothing here sleeps.
public final class ConsoleRuntime {
    let terminal: Terminal
    let store: ConsoleStore
    let clock: () -> Instant
    let ascii: Bool
    /// Nil when nothing is to be said aloud (speech off, or no speech program).
    let speaker: Speaker?
    public private(set) var state: ConsoleState

    public init(terminal: Terminal, store: ConsoleStore, state: ConsoleState, ascii: Bool, speaker: Speaker? = nil,
                clock: @escaping () -> Instant) {
        self.terminal = terminal
        self.store = store
        self.speaker = speaker
        self.state = state
        self.ascii = ascii
        self.clock = clock
    }

    /// Runs until quit or end of input.
    public func run() {
        draw()
        var lastTick = clock()
        while !state.quitting {
            let now = clock()
            // Wake at the next whole second so the clock ticks in place, and often enough between
            // to show what the store brought well within a second.
            let wait = Int(1000 - now.ms % 1000)
            var drawn = false
            switch terminal.readInput(timeoutMilliseconds: max(10, min(wait, 250))) {
            case .endOfInput:
                state.quitting = true
                continue
            case .key(.resize):
                break
            case .key(let key):
                // The key's frame first: taking in a new state can wait a frame, the key cannot.
                send(.key(key))
                draw()
                drawn = true
            case .paste(let text):
                send(.pasted(text))
                draw()
                drawn = true
            case .idle:
                break
            }
            // Ticks and other processes' changes also come while keys keep arriving: an officer
            // scrolling for a minute still sees the clock move and a new alert come in.
            let after = clock()
            if after.ms / 1000 != lastTick.ms / 1000 {
                lastTick = after
                send(.tick(after))
                drawn = false
            }
            let share = store.share()
            if share != state.share {
                send(.shareChanged(share))
                drawn = false
            }
            let progress = store.progress()
            if progress != state.progress {
                send(.shareProgressed(progress))
                drawn = false
            }
            let refused = store.refused()
            if refused != state.refused {
                send(.refusedFilesChanged(refused))
                drawn = false
            }
            if let change = store.poll() {
                send(.storeChanged(change.state, view: change.view))
                drawn = false
            }
            speaker?.poll()
            if !drawn { draw() }
        }
        terminal.restore()
    }

    public func send(_ message: Message) {
        for effect in update(&state, message) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .perform(let intents):
            let (save, after) = store.perform(intents, actor: state.actor, at: clock())
            // The state after a save may hold what came from elsewhere meanwhile (a peer's red
            // alert): it goes through update like any other, and its bell rings.
            send(.saveFinished(save))
            send(.storeChanged(after.state, view: after.view))
        case .bell:
            terminal.bell()
        case .speak(let text):
            speaker?.speak(text)
        case .quit:
            state.quitting = true
        }
    }

    private func draw() {
        terminal.draw(render(state, size: terminal.size, ascii: ascii))
    }
}
