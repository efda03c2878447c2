/// The in-memory twin of the ncurses terminal: keys come from a script, frames are kept.
public final class MemoryTerminal: Terminal {
    public var size: Size
    public private(set) var frames: [Grid] = []
    public private(set) var bells = 0
    public private(set) var restored = false
    private var script: [InputEvent]

    public init(size: Size, script: [InputEvent] = []) {
        self.size = size
        self.script = script
    }

    public var lastFrame: Grid? { frames.last }
    public func feed(_ events: [InputEvent]) { script += events }

    public func draw(_ grid: Grid) { frames.append(grid) }

    public func readInput(timeoutMilliseconds: Int) -> InputEvent {
        script.isEmpty ? .endOfInput : script.removeFirst()
    }

    public func bell() { bells += 1 }
    public func restore() { restored = true }
}
