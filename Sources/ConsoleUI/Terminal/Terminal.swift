/// A key as the console understands it, whatever terminal it came from.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
    case resize
}

/// What reading the keyboard gave.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// Text the terminal marked as pasted (bracketed paste): never keys, whatever it holds.
    case paste(String)
    /// Nothing arrived within the timeout.
    case idle
    /// Standard input is closed: the console must end rather than spin.
    case endOfInput
}

public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The one boundary between the console and a real terminal: ncursesw in `NcursesBackend`, an
/// in-memory twin in tests. Everything on the other side works with grids and keys.
public protocol Terminal: AnyObject {
    var size: Size { get }
    /// Draws `grid`, writing only the cells that differ from the last frame drawn.
    func draw(_ grid: Grid)
    func readInput(timeoutMilliseconds: Int) -> InputEvent
    func bell()
    /// Gives the terminal back as it was; safe to call more than once.
    func restore()
}
