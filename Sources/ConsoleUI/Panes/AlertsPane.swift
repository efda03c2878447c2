import DutyCore

public struct AlertsPaneState: Hashable, Sendable {
    public init() {}
}

/// Not drawn by this build yet (`isBuilt` is false): the tab, its number key and `snapshot --pane` leave it out.
enum AlertsPane: PaneBehaviour {
    static let isBuilt = false
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect]? { nil }
    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {}
    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] { [] }
    static func isEditing(_ state: ConsoleState) -> Bool { false }
}
