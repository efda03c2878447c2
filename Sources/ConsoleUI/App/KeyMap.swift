/// What a key asks for, before any state is looked at.
public enum Action: Hashable, Sendable {
    case quit, help, nextPane, switchPerson
    case show(Pane)
}

/// The key-binding table (htop's): one place maps keys to actions, the help overlay and the footer
/// are drawn from it, so what is shown is what works.
public enum KeyMap {
    struct Binding {
        let keys: [Key]
        let action: Action
        let panes: [Pane]?   // nil: every pane
        let zh: String
        let en: String
        let label: String    // the key as shown
    }

    /// Keys that work on every pane (unless an entry is open); each pane adds its own.
    static let bindings: [Binding] = [
        Binding(keys: [.tab], action: .nextPane, panes: nil, zh: "切换", en: "next pane", label: "Tab"),
        Binding(keys: [.char("?")], action: .help, panes: nil, zh: "帮助", en: "help", label: "?"),
        Binding(keys: [.char("u")], action: .switchPerson, panes: nil, zh: "换操作员", en: "who is at the console", label: "u"),
        Binding(keys: [.char("q")], action: .quit, panes: nil, zh: "退出", en: "quit", label: "q"),
    ]

    static var paneBindings: [Binding] {
        Pane.built.map { p in
            Binding(keys: [.char(Character(String(p.number)))], action: .show(p), panes: nil, zh: "", en: "", label: String(p.number))
        }
    }

    public static func action(for key: Key, pane: Pane) -> Action? {
        (bindings + paneBindings).first { $0.keys.contains(key) }?.action
    }

    /// The footer: the pane's own keys, then help and quit.
    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] {
        // While typing, q and ? are letters: showing them as keys would mislead.
        if state.confirmDiscard {
            return [("Esc", state.language.pick("放弃已输入的内容", "discard what was typed")),
                    (state.language.pick("其他键", "other keys"), state.language.pick("继续输入", "go on typing"))]
        }
        if state.personPicker != nil { return PersonPicker.hints(state.language) }
        if state.pane.behaviour.isEditing(state) { return state.pane.behaviour.hints(state) }
        return state.pane.behaviour.hints(state) + bindings.filter { $0.action == .help || $0.action == .quit }.map { ($0.label, state.language.pick($0.zh, $0.en)) }
    }

    /// The footer's hints that fit in `width` cells: when the pane has more keys than room, its
    /// last ones give way, never help and quit (the help lists them all).
    static func footer(_ state: ConsoleState, width: Int) -> [(key: String, text: String)] {
        var hints = Self.hints(state)
        let gap = state.language == .en ? 1 : 0
        let need = { (h: [(key: String, text: String)]) in h.reduce(1) { $0 + DisplayWidth.of($1.key) + gap + DisplayWidth.of($1.text) + 1 } }
        let globals = state.confirmDiscard || state.personPicker != nil || state.pane.behaviour.isEditing(state) ? 0 : 2
        while need(hints) + 1 - gap >= width, hints.count > globals { hints.remove(at: hints.count - globals - 1) }
        return hints
    }

    /// The help overlay: the pane's keys, moving, then every global key and the panes.
    static func all(_ state: ConsoleState) -> [(key: String, text: String)] {
        let lang = state.language
        let own = state.pane.behaviour.hints(state)
        let moving = own.contains { $0.key.contains("j") || $0.key.contains("↑") } ? [] : [("↑↓/jk", lang.pick("上下移动", "move"))]
        // The keys every list and entry shares, so the help is complete, not only the letters.
        let shared: [(key: String, text: String)] = [
            ("Home/End", lang.pick("到首项/末项", "first / last")), ("PgUp/PgDn", lang.pick("翻页、详情滚动", "page, scroll detail")),
            ("Enter", lang.pick("展开、进入、提交", "open, go in, submit")), ("←→", lang.pick("收起/展开、选列", "fold/open, column")),
            ("Esc", lang.pick("取消、清除筛选", "cancel, clear filter")), ("^C", lang.pick("退出（先问）", "quit (asks)")),
        ]
        return own + moving + shared.filter { s in !own.contains { $0.key == s.key } }
            + (bindings + paneBindings).map { b in
                if case .show(let p) = b.action { return (b.label, Words(lang: lang).pane(p)) }
                return (b.label, lang.pick(b.zh, b.en))
            }
    }
}
