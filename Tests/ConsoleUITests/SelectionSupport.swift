@testable import ConsoleUI

extension ConsoleState {
    /// The index of the overview's selected row (the queue's selection, seen in its list).
    var selectedRowIndex: Int { selection.current(in: rows)?.row ?? 0 }

    /// Selects the overview's row at `index`.
    mutating func selectRow(_ index: Int) { selection.select(key: rows[index].key, in: rows) }

    /// The alert selected in the alerts pane's own list (filtered, resolved shown).
    var alertsPaneSelectedID: String? { AlertsPane.current(self)?.id }
}
