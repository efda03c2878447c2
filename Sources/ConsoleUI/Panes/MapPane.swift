import DutyCore

public struct MapPaneState: Hashable, Sendable {
    /// The selected street; nil until an arrow is pressed: then the street of the most urgent
    /// alert, so `7` opens where the trouble is.
    public var street: String?
    /// The selected alert of the list beside the map, by id; nil or gone: the first.
    public var alertID: String?
    public init() {}
}

/// 7 地图: the district's 18 streets in their places, each with its most severe open alert
/// and its 三查 progress; arrows go from street to street, `j`/`k` choose an alert beside the
/// map, Enter opens it on the alerts pane.
enum MapPane: PaneBehaviour {
    static let isBuilt = true

    /// The street shown as selected.
    static func street(_ state: ConsoleState, _ summary: MapSummary? = nil) -> String {
        state.mapPane.street ?? (summary ?? MapSummary(state)).mostUrgentStreet
    }

    /// The alert chosen in the list beside the map, and its index there.
    static func selectedAlert(_ state: ConsoleState, in list: [Alert]) -> (index: Int, alert: Alert)? {
        guard !list.isEmpty else { return nil }
        let i = state.mapPane.alertID.flatMap { id in list.firstIndex { $0.id == id } } ?? 0
        return (i, list[i])
    }

    /// Whether the selected street has an alert for Enter to open (the footer offers it then).
    static func hasAlerts(_ state: ConsoleState) -> Bool {
        let summary = MapSummary(state)
        return !summary.listed(street(state, summary)).isEmpty
    }

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        let summary = MapSummary(state)
        let street = street(state, summary)
        switch command {
        case .upPressed: go(&state, from: street, .up)
        case .downPressed: go(&state, from: street, .down)
        case .leftPressed: go(&state, from: street, .left)
        case .rightPressed: go(&state, from: street, .right)
        case .nextAlertPressed, .previousAlertPressed:
            let list = summary.listed(street)
            guard let (i, _) = selectedAlert(state, in: list) else { return [] }
            let next = max(0, min(list.count - 1, i + (command == .nextAlertPressed ? 1 : -1)))
            state.mapPane.street = street
            state.mapPane.alertID = list[next].id
        case .enterPressed:
            guard let (_, alert) = selectedAlert(state, in: summary.listed(street)) else {
                state.notice = MapWords(state.language).noAlerts(street)
                return []
            }
            state.mapPane.street = street
            open(&state, alert)
        default: return nil
        }
        return []
    }

    private static func go(_ state: inout ConsoleState, from street: String, _ direction: MapLayout.Direction) {
        state.mapPane.street = MapLayout.neighbour(of: street, direction) ?? street
        if state.mapPane.street != street { state.mapPane.alertID = nil }
    }

    /// Shows `alert` selected on the alerts pane: a group holding it is opened and a filter
    /// hiding it is cleared (and said), since anything else would show another alert there.
    static func open(_ state: inout ConsoleState, _ alert: Alert) {
        state.pane = .alerts
        if let row = state.rows.first(where: { $0.group != nil && $0.members.contains { state.queue[$0].id == alert.id } }),
           case .group = row.kind, let g = row.group {
            state.openGroups.insert(g)
        }
        if !AlertsPane.rows(state).contains(where: { $0.alert.id == alert.id }), !state.alertsPane.filter.isEmpty {
            state.alertsPane.filter = ""
            state.notice = AlertsWords(state.language).filterCleared
        }
        state.selection.select(key: alert.id, in: AlertsPane.rows(state))
        state.alertsPane.detailScroll = 0
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        MapView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func isEditing(_ state: ConsoleState) -> Bool { false }
}
