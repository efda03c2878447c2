import DutyCore

/// What the runtime needs from the store, so ConsoleUI stays free of files: the real one wraps
/// `DutyStore.Store`, tests use an in-memory one.
public protocol ConsoleStore: AnyObject {
    var state: DutyState { get }
    /// Appends and fsyncs; the result is what the header shows.
    func append(_ ops: [Op], actor: String, at: Instant) -> SaveState
    /// Picks up changes saved by other processes; true when the state changed.
    func refresh() -> Bool
}

/// The loop: read a key or wait for the next second, turn it into a message, update, carry out
/// the effects, draw. Time comes from the injected clock; nothing here sleeps.
public final class ConsoleRuntime {
    let terminal: Terminal
    let store: ConsoleStore
    let clock: () -> Instant
    let ascii: Bool
    public private(set) var state: ConsoleState

    public init(terminal: Terminal, store: ConsoleStore, state: ConsoleState, ascii: Bool, clock: @escaping () -> Instant) {
        self.terminal = terminal
        self.store = store
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
            // Wake at the next whole second so the clock ticks in place and nothing else moves.
            let wait = Int(1000 - now.ms % 1000)
            switch terminal.readInput(timeoutMilliseconds: max(10, min(wait, 1000))) {
            case .endOfInput:
                state.quitting = true
                continue
            case .key(.resize):
                break
            case .key(let key):
                send(.key(key))
            case .idle:
                break
            }
            // Ticks and other processes' changes also come while keys keep arriving: an officer
            // scrolling for a minute still sees the clock move and a new alert come in.
            let after = clock()
            if after.ms / 1000 != lastTick.ms / 1000 {
                lastTick = after
                send(.tick(after))
                if store.refresh() { send(.storeChanged(store.state)) }
            }
            draw()
        }
        terminal.restore()
    }

    public func send(_ message: Message) {
        for effect in update(&state, message) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .append(let ops):
            let result = store.append(ops, actor: state.actor, at: clock())
            _ = update(&state, .saveFinished(result))
            _ = update(&state, .storeChanged(store.state))
        case .bell:
            terminal.bell()
        case .quit:
            state.quitting = true
        }
    }

    private func draw() {
        terminal.draw(render(state, size: terminal.size, ascii: ascii))
    }
}
