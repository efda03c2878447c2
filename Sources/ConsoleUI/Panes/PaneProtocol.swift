/// A pane of the console: what its keys do, its drawing and its entries. Its keys are bound in
/// `KeyMap` (which also draws the footer and the help from them); the shared parts (header,
/// tabs, footer, help, pane switching, quitting) stay in `update` and `render`.
protocol PaneBehaviour {
    /// Acts on a command the key table binds on this pane; nil for one it does not know (a test
    /// holds that every command the table gives a pane is known to it).
    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]?
    /// A key typed while the pane has an entry open: text, or the entry's own keys.
    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect]
    /// The footer while an entry is open.
    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)]
    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs)
    /// True while a line entry is open (then `q` types a q instead of quitting).
    static func isEditing(_ state: ConsoleState) -> Bool
    /// Words typed into an open entry that would be lost if it closed (a note, a remark); a
    /// search is not a draft. Esc asks before throwing a draft away.
    static func draft(_ state: ConsoleState) -> String
    /// Puts pasted text into the open text field; false when none is open.
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool
    /// Whether this build shows the pane (tabs, number key, `snapshot --pane`).
    static var isBuilt: Bool { get }
}

extension PaneBehaviour {
    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] { [] }
    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] { [] }
    static func draft(_ state: ConsoleState) -> String { "" }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool { false }
}

extension Pane {
    var behaviour: PaneBehaviour.Type {
        switch self {
        case .overview: OverviewPane.self
        case .alerts: AlertsPane.self
        case .roster: RosterPane.self
        case .checks: ChecksPane.self
        case .contacts: ContactsPane.self
        case .handover: HandoverPane.self
        case .map: MapPane.self
        }
    }

    /// The panes this build draws.
    public static var built: [Pane] { allCases.filter { $0.behaviour.isBuilt } }
}
