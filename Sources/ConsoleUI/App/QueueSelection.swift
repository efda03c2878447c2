/// The queue's selection, one for the overview and the alerts pane: the alert chosen on one is
/// the alert shown on the other. Kept by the row's key (an alert's id, or `group:` and the
/// group's key), so a store change, a filter or a group opening leaves it on its alert, with the
/// row it was last seen at: where it lands when its row leaves the list (resolved, filtered
/// out), on the neighbour instead of the top.
public struct QueueSelection: Hashable, Sendable {
    public var key: String?
    public var row = 0

    public init(key: String? = nil, row: Int = 0) {
        self.key = key
        self.row = row
    }

    /// The selected row of `list` and its index: the one with the kept key, else the one at the kept row.
    func current(in list: [QueueRow]) -> (row: Int, item: QueueRow)? {
        guard !list.isEmpty else { return nil }
        let kept = min(max(0, row), list.count - 1)
        // Most keys leave the selection where it was: look there before walking the whole list.
        if let key, list[kept].key != key, let i = list.firstIndex(where: { $0.key == key }) { return (i, list[i]) }
        return (kept, list[kept])
    }

    /// Holds on to what `list` shows as selected, so the selection stays on it from now on.
    mutating func pin(in list: [QueueRow]) {
        guard let (row, item) = current(in: list) else { return }
        (key, self.row) = (item.key, row)
    }

    /// Moves to the row `target(row, count)` gives (kept inside the list); true when it moved.
    @discardableResult
    mutating func move(in list: [QueueRow], to target: (Int, Int) -> Int) -> Bool {
        guard let (row, _) = current(in: list) else { return false }
        let next = max(0, min(list.count - 1, target(row, list.count)))
        (key, self.row) = (list[next].key, next)
        return next != row
    }

    /// Selects the row with `key` in `list`, when it is there.
    mutating func select(key: String, in list: [QueueRow]) {
        guard let i = list.firstIndex(where: { $0.key == key }) else { return }
        (self.key, row) = (key, i)
    }
}
