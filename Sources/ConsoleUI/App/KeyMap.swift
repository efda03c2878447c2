/// What a key asks for, before any state is looked at.
public enum Action: Hashable, Sendable {
    case quit, help, nextPane
    case show(Pane)
    case moveSelection(Int)
    case acknowledge, markHandling, resolve
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

    static let bindings: [Binding] = [
        Binding(keys: [.char("a")], action: .acknowledge, panes: [.overview, .alerts], zh: "确认", en: "ack", label: "a"),
        Binding(keys: [.char("h")], action: .markHandling, panes: [.overview, .alerts], zh: "处置", en: "handling", label: "h"),
        Binding(keys: [.char("r")], action: .resolve, panes: [.overview, .alerts], zh: "解决", en: "resolve", label: "r"),
        Binding(keys: [.down, .char("j")], action: .moveSelection(1), panes: nil, zh: "下移", en: "down", label: "↓/j"),
        Binding(keys: [.up, .char("k")], action: .moveSelection(-1), panes: nil, zh: "上移", en: "up", label: "↑/k"),
        Binding(keys: [.tab], action: .nextPane, panes: nil, zh: "切换", en: "next pane", label: "Tab"),
        Binding(keys: [.char("?")], action: .help, panes: nil, zh: "帮助", en: "help", label: "?"),
        Binding(keys: [.char("q")], action: .quit, panes: nil, zh: "退出", en: "quit", label: "q"),
    ] + Pane.built.map { p in
        Binding(keys: [.char(Character(String(p.number)))], action: .show(p), panes: nil, zh: "", en: "", label: String(p.number))
    }

    public static func action(for key: Key, pane: Pane) -> Action? {
        bindings.first { $0.keys.contains(key) && ($0.panes == nil || $0.panes!.contains(pane)) }?.action
    }

    /// The footer's hints for a pane: action keys first.
    static func hints(for pane: Pane, _ lang: Language) -> [(key: String, text: String)] {
        bindings.filter { !$0.zh.isEmpty && ($0.panes == nil || $0.panes!.contains(pane)) }
            .filter { $0.action != .moveSelection(1) && $0.action != .moveSelection(-1) && $0.action != .nextPane }
            .map { ($0.label, lang.pick($0.zh, $0.en)) }
    }

    static func all(_ lang: Language) -> [(key: String, text: String)] {
        bindings.map { b in
            if case .show(let p) = b.action { return (b.label, Words(lang: lang).pane(p)) }
            return (b.label, lang.pick(b.zh, b.en))
        }
    }
}
