import DutyCore

public struct RosterPaneState: Hashable, Sendable {
    /// The day shown; nil follows today (and moves on at midnight).
    public var day: LocalDate?
    /// Selected row in the day's slot list; nil picks the default (on today: the first slot on duty now).
    public var selected: Int?

    public init(day: LocalDate? = nil, selected: Int? = nil) {
        self.day = day
        self.selected = selected
    }
}

/// 3 值班: a 24-hour timeline of one day with a now-marker and the gaps in cover, and the day's slots.
enum RosterPane: PaneBehaviour {
    static let isBuilt = true

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        switch command {
        case .leftPressed: changeDay(&state, by: -1)
        case .rightPressed: changeDay(&state, by: 1)
        case .todayPressed: state.rosterPane = RosterPaneState()
        case .downPressed: moveSelection(&state, 1)
        case .upPressed: moveSelection(&state, -1)
        default: return nil
        }
        return []
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        RosterView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func isEditing(_ state: ConsoleState) -> Bool { false }

    // MARK: State helpers shared with the view

    static func today(_ state: ConsoleState) -> LocalDate { state.calendar.localDate(state.now) }

    static func shownDay(_ state: ConsoleState) -> LocalDate { state.rosterPane.day ?? today(state) }

    static func slots(_ state: ConsoleState) -> [DutySlot] {
        state.duty.slots(touching: shownDay(state), state.calendar)
    }

    /// The selected row, clamped to the list; by default the first slot on duty now (on today).
    static func selectedIndex(_ state: ConsoleState, _ slots: [DutySlot]) -> Int? {
        guard !slots.isEmpty else { return nil }
        if let i = state.rosterPane.selected { return max(0, min(slots.count - 1, i)) }
        guard shownDay(state) == today(state) else { return 0 }
        return slots.firstIndex { $0.covers(state.now, state.calendar) } ?? 0
    }

    private static func changeDay(_ state: inout ConsoleState, by days: Int) {
        let day = shownDay(state).adding(days: days)
        // Back on today the view follows the clock again.
        state.rosterPane = RosterPaneState(day: day == today(state) ? nil : day)
    }

    private static func moveSelection(_ state: inout ConsoleState, _ delta: Int) {
        let list = slots(state)
        guard let i = selectedIndex(state, list) else { return }
        state.rosterPane.selected = max(0, min(list.count - 1, i + delta))
    }
}
