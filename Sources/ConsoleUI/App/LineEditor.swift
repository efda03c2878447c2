/// A one-line text entry (a note, a remark, a search). Keys go to it first while it is open.
public struct LineEditor: Hashable, Sendable {
    /// What is being entered, shown before the text (e.g. 备注：).
    public var prompt: String
    public var text = "" {
        didSet { cursor = min(cursor, text.count) }
    }
    /// Where typing goes, in characters from the start.
    public var cursor = 0
    /// A note keeps the line breaks of a paste; one-line fields (a search, a name, a time) turn
    /// them into spaces, since a break there means nothing and would hide part of the text.
    public var keepsLineBreaks = false

    public init(prompt: String, text: String = "", keepsLineBreaks: Bool = false) {
        self.prompt = prompt
        self.text = text
        self.keepsLineBreaks = keepsLineBreaks
        cursor = text.count
    }

    public enum Outcome: Hashable, Sendable {
        case editing
        case submitted(String)
        case cancelled
    }

    /// Enter submits, Esc cancels; ← → Home End (and Ctrl-A, Ctrl-E) move inside the text,
    /// Backspace and Delete delete beside the cursor, Ctrl-U clears; printable characters are typed.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(text.trimmingCharacters(in: .whitespaces))
        case .escape: return .cancelled
        case .backspace:
            if cursor > 0 {
                cursor -= 1
                text.remove(at: index(cursor))
            }
        case .delete:
            if cursor < text.count { text.remove(at: index(cursor)) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text = ""
            cursor = 0
        case .char(let c):
            // Nothing invisible gets into the journal from the keyboard either.
            if !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { insert(String(c)) }
        default: break
        }
        return .editing
    }

    /// Pasted text, at the cursor: only ever text. Line breaks (CR LF, CR, LF) are kept where the
    /// entry keeps them and are spaces elsewhere; tabs are spaces; other control characters and
    /// escape sequences are dropped, so a paste can neither act nor reach the terminal.
    public mutating func paste(_ pasted: String) {
        insert(Self.clean(pasted, keepLineBreaks: keepsLineBreaks))
    }

    static func clean(_ pasted: String, keepLineBreaks: Bool) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in pasted.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u.value {
            case 0x0A where previousCR: continue
            case 0x0A, 0x0D: out.append(keepLineBreaks ? "\n" : " ")
            case 0x09: out.append(" ")
            case 0..<0x20, 0x7F, 0x80...0x9F: continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    private mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        let at = cursor
        text.insert(contentsOf: s, at: index(at))
        cursor = at + s.count
    }

    private func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: min(offset, text.count)) }

    /// Draws `prompt text` on one row with the cursor as a block, keeping it in view; a kept
    /// line break shows as ⏎.
    func draw(_ g: inout Grid, x: Int, y: Int, width: Int) {
        g.fill(x: x, y: y, width: width, role: .input)
        let used = g.put(prompt, x: x, y: y, role: .input, limit: width)
        let room = max(0, width - used - 1)
        let shown = Array(text.replacingOccurrences(of: "\n", with: "⏎"))
        // The window of text shown: from `start`, as much as fits, always holding the cursor.
        let atCursor = cursor < shown.count ? DisplayWidth.of(shown[cursor]) : 0
        var start = 0
        while start < cursor, DisplayWidth.of(String(shown[start..<cursor])) + atCursor > room { start += 1 }
        var cx = x + used
        var i = start
        while i < shown.count {
            let cw = DisplayWidth.of(shown[i])
            guard cx - x - used + cw <= room else { break }
            g.put(String(shown[i]), x: cx, y: y, role: i == cursor ? .selection : .input)
            cx += cw
            i += 1
        }
        if cursor >= shown.count { g.put("_", x: cx, y: y, role: .input) }
    }
}
