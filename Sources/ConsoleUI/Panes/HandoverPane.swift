import DutyCore

public struct HandoverPaneState: Hashable, Sendable {
    /// Lines scrolled off the top when the open matters are longer than the screen.
    public var scroll = 0

    public init(scroll: Int = 0) {
        self.scroll = scroll
    }
}

/// 6 交接: the open matters of this shift, read-only for now (signing is the handover flow's issue):
/// who is on and who comes next, a handover waiting to be signed, open alerts, the 三查 round's
/// unfinished items and problems, and calls that did not get through.
enum HandoverPane: PaneBehaviour {
    static let isBuilt = true

    /// The smallest body (80×24 less header, tabs, rule and footer): scrolling stops where the last
    /// line shows there; a taller screen shows more and scrolls less.
    static let smallestBody = (width: 80, height: 20)

    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect]? {
        switch key {
        case .down, .char("j"): scroll(&state, 1)
        case .up, .char("k"): scroll(&state, -1)
        default: return nil
        }
        return []
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        HandoverView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] {
        [("jk", state.language.pick("滚动", "scroll"))]
    }

    static func isEditing(_ state: ConsoleState) -> Bool { false }

    private static func scroll(_ state: inout ConsoleState, _ delta: Int) {
        let count = HandoverView(state: state, glyphs: .unicode).lines(width: smallestBody.width).count
        let limit = HandoverView.maxScroll(lines: count, height: smallestBody.height)
        state.handoverPane.scroll = max(0, min(limit, state.handoverPane.scroll + delta))
    }
}
