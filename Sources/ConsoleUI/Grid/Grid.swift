/// What a cell means; the theme decides how each role looks. Views speak only in roles, so the
/// mono theme and a colour theme say the same things (htop's semantic colours).
public enum Role: String, CaseIterable, Hashable, Sendable {
    case normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey
    case selection, focus, onDuty, warning, overdue, ok, problem, notApplicable
    case levelRed = "level.red", levelOrange = "level.orange", levelYellow = "level.yellow"
    case levelBlue = "level.blue", levelWhite = "level.white"
    case statusNew = "status.new", barDone = "bar.done", barTodo = "bar.todo", input
}

/// One terminal cell. A wide character occupies its cell and the next, which holds `continuation`.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }

    public static let blank = Cell(" ", .normal)
    /// The right half of a wide character: drawn by the character itself.
    public static let continuation = Cell("", .normal)
    public var isContinuation: Bool { text.isEmpty }
}

/// The whole screen as cells: views draw into it, tests read it as text, the backend writes the
/// cells that changed (ratatui's buffer).
public struct Grid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y), no further than `limit` cells (default: the right edge); returns
    /// the cells used. Control characters must already be inert (`InertText`).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var cx = x
        if DisplayWidth.isSimple(text) {
            for u in text.unicodeScalars {
                let w = DisplayWidth.of(u)
                if cx + w > end { break }
                place(String(Character(u)), width: w, x: cx, y: y, role: role)
                cx += w
            }
            return cx - x
        }
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                // A combining mark joins the character before it.
                if cx > x, cx - 1 < width {
                    var back = cx - 1
                    if back > 0, self[back, y].isContinuation { back -= 1 }
                    self[back, y].text.append(ch)
                }
                continue
            }
            if cx + w > end { break }
            place(String(ch), width: w, x: cx, y: y, role: role)
            cx += w
        }
        return cx - x
    }

    /// One character of `w` cells at `x` (a wide one takes the cell after it too).
    private mutating func place(_ text: String, width w: Int, x: Int, y: Int, role: Role) {
        guard x >= 0 else { return }
        clearWide(at: x, y)
        self[x, y] = Cell(text, role)
        if w == 2 {
            clearWide(at: x + 1, y)
            self[x + 1, y] = .continuation
        }
    }

    /// Fills a run of cells with one role (a selection bar, a flashing header).
    public mutating func fill(x: Int, y: Int, width w: Int, role: Role, text: String = " ") {
        guard y >= 0, y < height else { return }
        for cx in max(0, x)..<min(width, x + w) {
            clearWide(at: cx, y)
            self[cx, y] = Cell(text, role)
        }
    }

    /// Changes the role of existing cells, keeping their text.
    public mutating func paint(x: Int, y: Int, width w: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for cx in max(0, x)..<min(width, x + w) { self[cx, y].role = role }
    }

    /// Overwriting half of a wide character blanks its other half, so no half-character remains.
    private mutating func clearWide(at x: Int, _ y: Int) {
        guard x >= 0, x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = .blank }
        if !self[x, y].isContinuation, x + 1 < width, self[x + 1, y].isContinuation, DisplayWidth.of(self[x, y].text) == 2 {
            self[x + 1, y] = .blank
        }
    }

    /// The screen as plain text, one line per row, trailing spaces kept off.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
