import DutyCore

/// 1 总览: the queue with acknowledge / handling / resolve on the selected alert.
enum OverviewPane: PaneBehaviour {
    static let isBuilt = true

    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect]? {
        if let effects = QueueKeys.handleEntry(&state, key) { return effects }
        switch key {
        case .down, .char("j"): moveSelection(&state, 1)
        case .up, .char("k"): moveSelection(&state, -1)
        // As on the alerts pane: the most urgent is one key away after the queue has moved.
        case .home: moveSelection(&state, -state.rows.count)
        case .end: moveSelection(&state, state.rows.count)
        case .char("a"): return QueueKeys.acknowledgeGroup(&state, state.selectedRow) ?? acknowledgeSelected(&state)
        case .char("h"): return markSelectedHandling(&state)
        case .char("r"): QueueKeys.openResolve(&state, state.selectedRow)
        case .char("p"): QueueKeys.openReport(&state, on: QueueKeys.reportTarget(state, state.selectedRow))
        case .char("n"): QueueKeys.openPhoneForm(&state)
        case .enter: QueueKeys.toggleGroup(&state, state.selectedRow)
        case .right: QueueKeys.setGroup(&state, state.selectedRow, open: true)
        case .left: QueueKeys.setGroup(&state, state.selectedRow, open: false)
        default: return nil
        }
        return []
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        OverviewView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] {
        if let entry = QueueKeys.entryHints(state) { return entry }
        let l = state.language
        return [("a", l.pick("确认", "ack")), ("h", l.pick("处置", "handling")), ("r", l.pick("解决", "resolve"))]
            + QueueKeys.hints(state, row: state.selectedRow)
    }

    static func isEditing(_ state: ConsoleState) -> Bool { QueueKeys.isEditing(state) }
    static func draft(_ state: ConsoleState) -> String { QueueKeys.draft(state) }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool { QueueKeys.paste(&state, text) }

    // Shared with the alerts pane: the same keys do the same thing on the selected alert.

    static func moveSelection(_ state: inout ConsoleState, _ delta: Int) {
        let count = state.rows.count
        guard count > 0 else { return }
        state.selectedAlert = max(0, min(count - 1, state.selectedAlert + delta))
    }

    static func acknowledgeSelected(_ state: inout ConsoleState) -> [Effect] {
        guard let a = state.selected else { return [] }
        guard a.status == .new else {
            state.notice = state.language.pick("\(a.id) 已经确认过", "\(a.id) is already acknowledged")
            return []
        }
        state.notice = state.language.pick("已确认 \(a.id)", "Acknowledged \(a.id)")
        return [.perform([.acknowledge(alert: a.id)])]
    }

    static func markSelectedHandling(_ state: inout ConsoleState) -> [Effect] {
        guard let a = state.selected, a.status.rank < AlertStatus.handling.rank else { return [] }
        state.notice = state.language.pick("处置中 \(a.id)", "Handling \(a.id)")
        return [.perform([.startHandling(alert: a.id)])]
    }
}
