import DutyCore

/// What happened, named as such (bubbletea/TCA): the runtime turns keys, the clock and the store
/// into these.
public enum Message: Sendable {
    case tick(Instant)
    case key(Key)
    /// Another process (or this one) saved changes; here is the new state, and the view of it
    /// when that was already worked out beside the key loop.
    case storeChanged(DutyState, view: QueueView? = nil)
    case saveFinished(SaveState)
    /// The exchange with the shared directory changed (published, offline, full).
    case shareChanged(ShareState)
    /// This console's changes went further: published, or seen by another console.
    case shareProgressed(ShareProgress?)
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
        return tick(&state, now)
    case .storeChanged(let duty, let view):
        return storeChanged(&state, duty, view ?? QueueView(duty: duty, settings: state.settings))
    case .saveFinished(let result):
        state.save = result
        return []
    case .shareChanged(let share):
        state.share = share
        return []
    case .shareProgressed(let progress):
        state.progress = progress
        return []
    case .key(let key):
        return keyPressed(&state, key)
    }
}

/// The clock moved: the flash may end, and an alert may just have waited too long.
private func tick(_ state: inout ConsoleState, _ now: Instant) -> [Effect] {
    state.now = now
    if let until = state.flashUntil, now >= until { state.flashUntil = nil }
    if let next = state.nextShift, now >= next.start { state.refreshNextShift() }
    // Escalation rings again, once per alert, the moment it becomes overdue.
    guard state.escalate() else { return [] }
    state.flashUntil = now.adding(seconds: 10)
    return state.settings.bell ? [.bell] : []
}

private func storeChanged(_ state: inout ConsoleState, _ duty: DutyState, _ view: QueueView) -> [Effect] {
    let selectedKey = state.selectedRow?.key
    state.adopt(duty, view: view)
    if let key = selectedKey, let i = state.rows.firstIndex(where: { $0.key == key }) { state.selectedAlert = i }
    state.selectedAlert = min(state.selectedAlert, max(0, state.rows.count - 1))
    // A new real red or orange alert is the one loud thing: bell once and flash the header.
    // Tests and exercises arrive quietly: a drill must not train the room to ignore the bell.
    var fresh: [Alert] = []
    // By key: walking the values would copy every open alert to look at a few new ones.
    for id in duty.alerts.live.keys where !state.announced.contains(id) { fresh.append(duty.alerts.live[id]!) }
    state.announced.formUnion(fresh.map(\.id))
    guard fresh.contains(where: { $0.level <= .orange && $0.status == .new && $0.content.isReal }) else { return [] }
    state.flashUntil = state.now.adding(seconds: 10)
    return state.settings.bell ? [.bell] : []
}

private func keyPressed(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    if state.showHelp {
        // Any key closes the help; it never acts on the screen below.
        state.showHelp = false
        return []
    }
    let pane = state.pane.behaviour
    // An open entry takes every key: a q typed into a note is a q.
    if pane.isEditing(state) {
        let draft = pane.draft(state).trimmingCharacters(in: .whitespaces)
        if key == .escape, !draft.isEmpty, !state.confirmDiscard {
            state.confirmDiscard = true
            return []
        }
        state.confirmDiscard = false
        return pane.handle(&state, key) ?? []
    }
    if let action = KeyMap.action(for: key, pane: state.pane) {
        state.notice = nil
        switch action {
        case .quit:
            state.quitting = true
            return [.quit]
        case .help:
            state.showHelp = true
        case .show(let p):
            state.pane = p
        case .nextPane:
            let all = Pane.built
            state.pane = all[((all.firstIndex(of: state.pane) ?? 0) + 1) % all.count]
        }
        return []
    }
    // The last action's notice stays until the next key, so it never describes a later screen.
    state.notice = nil
    return pane.handle(&state, key) ?? []
}
