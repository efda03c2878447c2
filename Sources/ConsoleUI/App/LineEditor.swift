/// A one-line text entry (a note, a remark, a search). Keys go to it first while it is open.
public struct LineEditor: Hashable, Sendable {
    /// What is being entered, shown before the text (e.g. 备注：).
    public var prompt: String
    public var text = ""

    public init(prompt: String, text: String = "") {
        self.prompt = prompt
        self.text = text
    }

    public enum Outcome: Hashable, Sendable {
        case editing
        case submitted(String)
        case cancelled
    }

    /// Enter submits, Esc cancels, Backspace deletes; printable characters are typed.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(text.trimmingCharacters(in: .whitespaces))
        case .escape: return .cancelled
        case .backspace, .delete:
            if !text.isEmpty { text.removeLast() }
        case .char(let c):
            // Nothing invisible gets into the journal from the keyboard either.
            if !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { text.append(c) }
        default: break
        }
        return .editing
    }

    /// Draws `prompt text▏` on one row, keeping the end of the text visible.
    func draw(_ g: inout Grid, x: Int, y: Int, width: Int) {
        g.fill(x: x, y: y, width: width, role: .input)
        let used = g.put(prompt, x: x, y: y, role: .input, limit: width)
        let room = max(0, width - used - 1)
        var shown = text
        while DisplayWidth.of(shown) > room { shown.removeFirst() }
        let w = g.put(shown, x: x + used, y: y, role: .input, limit: room)
        g.put("_", x: x + used + w, y: y, role: .input)
    }
}
