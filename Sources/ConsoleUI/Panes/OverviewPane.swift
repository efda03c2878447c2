import DutyCore

/// 1 总览: the queue with acknowledge / handling / resolve on the selected alert (the same
/// commands, on the same selection, as the alerts pane).
enum OverviewPane: PaneBehaviour {
    static let isBuilt = true
    /// PgUp/PgDn move by this many rows: about a screen of the queue at 80×24.
    static let page = 10

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        switch command {
        case .pageDownPressed: state.selection.move(in: state.rows) { row, _ in row + page }
        case .pageUpPressed: state.selection.move(in: state.rows) { row, _ in row - page }
        default: return QueueKeys.handle(&state, command) { $0.rows }
        }
        return []
    }

    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] { QueueKeys.handleEntry(&state, key) ?? [] }
    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] { QueueKeys.entryHints(state) ?? [] }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        OverviewView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func isEditing(_ state: ConsoleState) -> Bool { QueueKeys.isEditing(state) }
    static func draft(_ state: ConsoleState) -> String { QueueKeys.draft(state) }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool { QueueKeys.paste(&state, text) }
}
