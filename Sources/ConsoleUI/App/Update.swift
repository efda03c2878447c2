import DutyCore

/// What happened, named as such (bubbletea/TCA): the runtime turns keys, the clock and the store
/// into these.
public enum Message: Sendable {
    case tick(Instant)
    case key(Key)
    /// Another process (or this one) saved changes; here is the new state.
    case storeChanged(DutyState)
    case saveFinished(SaveState)
}

/// What the runtime must do: effects are data, so tests compare them with `==`.
public enum Effect: Hashable, Sendable {
    case append([Op])
    case bell
    case quit
}

/// The one place the console's state changes.
public func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
    switch message {
    case .tick(let now):
        state.now = now
        if let until = state.flashUntil, now >= until { state.flashUntil = nil }
        return []
    case .storeChanged(let duty):
        return storeChanged(&state, duty)
    case .saveFinished(let result):
        state.save = result
        return []
    case .key(let key):
        return keyPressed(&state, key)
    }
}

private func storeChanged(_ state: inout ConsoleState, _ duty: DutyState) -> [Effect] {
    let selectedID = state.selected?.id
    state.duty = duty
    if let id = selectedID, let i = state.queue.firstIndex(where: { $0.id == id }) { state.selectedAlert = i }
    state.selectedAlert = min(state.selectedAlert, max(0, state.queue.count - 1))
    // A new red or orange alert is the one loud thing: bell once and flash the header.
    let fresh = duty.alerts.live.values.filter { !state.announced.contains($0.id) }
    state.announced.formUnion(fresh.map(\.id))
    guard fresh.contains(where: { $0.level <= .orange && $0.status == .new }) else { return [] }
    state.flashUntil = state.now.adding(seconds: 10)
    return state.settings.bell ? [.bell] : []
}

private func keyPressed(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    if state.showHelp {
        // Any key closes the help; it never acts on the screen below.
        state.showHelp = false
        return []
    }
    guard let action = KeyMap.action(for: key, pane: state.pane) else { return [] }
    state.notice = nil
    switch action {
    case .quit:
        state.quitting = true
        return [.quit]
    case .help:
        state.showHelp = true
    case .show(let pane):
        state.pane = pane
    case .nextPane:
        let all = Pane.built
        state.pane = all[((all.firstIndex(of: state.pane) ?? 0) + 1) % all.count]
    case .moveSelection(let delta):
        let count = state.queue.count
        guard count > 0 else { return [] }
        state.selectedAlert = max(0, min(count - 1, state.selectedAlert + delta))
    case .acknowledge:
        guard let a = state.selected else { return [] }
        guard a.status == .new else {
            state.notice = state.words.lang.pick("\(a.id) 已经确认过", "\(a.id) is already acknowledged")
            return []
        }
        state.notice = state.words.lang.pick("已确认 \(a.id)", "Acknowledged \(a.id)")
        return [.append([.alertAcknowledged(id: a.id, note: "")])]
    case .markHandling:
        guard let a = state.selected, a.status.rank < AlertStatus.handling.rank else { return [] }
        state.notice = state.words.lang.pick("处置中 \(a.id)", "Handling \(a.id)")
        return [.append([.alertHandling(id: a.id, note: "")])]
    case .resolve:
        guard let a = state.selected else { return [] }
        state.notice = state.words.lang.pick("已解决 \(a.id)", "Resolved \(a.id)")
        return [.append([.alertResolved(id: a.id, note: "")])]
    }
    return []
}
