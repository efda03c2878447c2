import DutyCore

/// `u`: who is at the console. The people on duty now and those of the next shift are offered
/// first (↑↓, Enter); any other name may be typed, and is then recorded marked as not on the
/// roster, so the record never passes an unknown name off as the duty officer.
public struct PersonPicker: Hashable, Sendable {
    public struct Choice: Hashable, Sendable {
        public var name: String
        /// `当班 带班领导`, `下一班 值班员`.
        public var label: String
    }

    public var choices: [Choice]
    public var selected = 0
    public var editor: LineEditor

    init(_ state: ConsoleState) {
        let w = state.words
        var seen: Set<String> = []
        var choices: [Choice] = []
        let now = state.duty.onDuty(at: state.now, state.calendar).map { ($0, w.lang.pick("当班", "now")) }
        let next = (state.nextShift?.slots ?? []).map { ($0, w.lang.pick("下一班", "next")) }
        for (slot, when) in now + next where seen.insert(slot.person).inserted {
            choices.append(Choice(name: slot.person, label: when + " " + w.role(slot.role)))
        }
        self.choices = choices
        selected = choices.firstIndex { $0.name == state.actor } ?? 0
        editor = LineEditor(prompt: w.lang.pick("或输入姓名：", "or type a name: "))
    }

    /// The one person offered whose name begins with what was typed (`梁` for 梁国栋), if one.
    var match: Int? {
        let typed = editor.text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return nil }
        let found = choices.indices.filter { choices[$0].name.hasPrefix(typed) }
        return found.count == 1 ? found[0] : nil
    }

    /// The mark a name not on the roster now or next carries in the record.
    static func offRoster(_ lang: Language) -> String { lang.pick("（非值班）", " (off roster)") }

    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var picker = state.personPicker else { return [] }
        switch key {
        case .up, .down:
            guard !picker.choices.isEmpty else { return [] }
            picker.selected = max(0, min(picker.choices.count - 1, picker.selected + (key == .down ? 1 : -1)))
        case .escape:
            state.personPicker = nil
            return []
        case .enter:
            let typed = InertText.line(picker.editor.text).trimmingCharacters(in: .whitespaces)
            if typed.isEmpty {
                guard !picker.choices.isEmpty else { return [] }
                state.personPicker = nil
                choose(&state, picker.choices[picker.selected].name, onRoster: true)
            } else if let match = picker.match {
                state.personPicker = nil
                choose(&state, picker.choices[match].name, onRoster: true)
            } else {
                // A name nobody on duty has is asked about first: a stray letter and Enter
                // must not put "k" at the console and into the record.
                let l = state.language
                state.personPicker = picker
                state.question = Question(text: l.pick("\(typed) 不在当班和下一班，仍以此名值守？", "\(typed) is not on duty now or next: at the console anyway?"),
                                          yes: l.pick("确定", "yes"), no: l.pick("返回", "back"), answer: .personOffRoster(typed))
            }
            return []
        default:
            _ = picker.editor.handle(key)
        }
        state.personPicker = picker
        return []
    }

    static func choose(_ state: inout ConsoleState, _ name: String, onRoster: Bool) {
        let l = state.language
        state.actor = onRoster ? name : name + offRoster(l)
        state.notice = onRoster ? l.pick("操作员换为 \(name)", "Now at the console: \(name)")
            : l.pick("操作员换为 \(name)，不在当班和下一班，记录中注明（非值班）", "Now at the console: \(name), not on duty now or next; recorded as off roster")
    }

    static func hints(_ l: Language) -> [(key: String, text: String)] {
        [("↑↓", l.pick("选择", "choose")), (l.pick("输入", "type"), l.pick("其他姓名", "another name")),
         ("Enter", l.pick("确定", "done")), ("Esc", l.pick("取消", "cancel"))]
    }

    /// A box in the middle of the screen, drawn as the help is.
    func draw(_ g: inout Grid, _ state: ConsoleState, glyphs: Glyphs) {
        let l = state.language
        let width = min(g.width - 4, 56)
        let height = choices.count + 6
        let x0 = (g.width - width) / 2, y0 = max(3, (g.height - height) / 2)
        for y in y0..<min(g.height - 1, y0 + height) { g.fill(x: x0, y: y, width: width, role: .normal) }
        g.put(String(repeating: glyphs.horizontal, count: width), x: x0, y: y0, role: .border)
        g.put(String(repeating: glyphs.horizontal, count: width), x: x0, y: min(g.height - 2, y0 + height - 1), role: .border)
        g.put(l.pick(" 谁在值守台？现在：", " Who is at the console? Now: ") + InertText.line(state.actor), x: x0 + 1, y: y0 + 1, role: .header, limit: width - 2)
        for (i, c) in choices.enumerated() where y0 + 3 + i < g.height - 3 {
            let role: Role = (editor.text.isEmpty ? i == selected : i == match) ? .selection : .normal
            g.fill(x: x0 + 2, y: y0 + 3 + i, width: width - 4, role: role)
            g.put(DisplayWidth.pad(InertText.line(c.name), to: 10) + c.label, x: x0 + 3, y: y0 + 3 + i, role: role, limit: width - 6)
        }
        editor.draw(&g, x: x0 + 2, y: min(g.height - 3, y0 + 4 + choices.count), width: width - 4)
    }
}
