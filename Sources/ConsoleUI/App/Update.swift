import DutyCore

/// What happened, named as such (bubbletea/TCA): the runtime turns keys, the clock and the store
/// into these.
public enum Message: Sendable {
    case tick(Instant)
    case key(Key)
    /// Text pasted into the terminal: typed into the open text field, or refused.
    case pasted(String)
    /// Another process (or this one) saved changes; here is the new state, and the view of it
    /// when that was already worked out beside the key loop.
    case storeChanged(DutyState, view: QueueView? = nil)
    case saveFinished(SaveState)
    /// The exchange with the shared directory changed (published, offline, full).
    case shareChanged(ShareState)
    /// The inbox refused a file (or the list of refused files changed otherwise).
    case refusedFilesChanged([RefusedFile])
    /// This console's changes went further: published, or seen by another console.
    case shareProgressed(ShareProgress?)
}

/// What the runtime must do: effects are data, so tests compare them with `==`.
public enum Effect: Hashable, Sendable {
    /// Save what the officer meant; the store plans it against the latest state.
    case perform([Intent])
    case bell
    /// Say this aloud (`speech = true`): the runtime hands it to its speaker, which never waits.
    case speak(String)
    case quit

    var isSave: Bool {
        if case .perform = self { return true }
        return false
    }
}

/// A save under way: what to say once it returned, and the entries to give back if it failed.
public struct AwaitingSave: Hashable, Sendable {
    public var notice: String?
    var entries: EntryState
}

/// Everything an officer may have typed or chosen in the panes before a key that saves: a save
/// that fails gives it all back, so no typed word is lost to a full disk.
struct EntryState: Hashable, Sendable {
    var phoneForm: PhoneForm?
    var reportEntry: ReportEntry?
    var resolveEntry: ResolveEntry?
    var alertsPane: AlertsPaneState
    var rosterPane: RosterPaneState
    var checksPane: ChecksPaneState
    var contactsPane: ContactsPaneState
    var handoverPane: HandoverPaneState

    init(_ s: ConsoleState) {
        (phoneForm, reportEntry, resolveEntry, alertsPane, rosterPane) = (s.phoneForm, s.reportEntry, s.resolveEntry, s.alertsPane, s.rosterPane)
        (checksPane, contactsPane, handoverPane) = (s.checksPane, s.contactsPane, s.handoverPane)
    }

    func restore(into s: inout ConsoleState) {
        (s.phoneForm, s.reportEntry, s.resolveEntry, s.alertsPane, s.rosterPane) = (phoneForm, reportEntry, resolveEntry, alertsPane, rosterPane)
        (s.checksPane, s.contactsPane, s.handoverPane) = (checksPane, contactsPane, handoverPane)
    }
}

/// The one place the console's state changes.
public func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
    let effects = apply(&state, message)
    // After every message, so that what is kept from the state never outlives a change of it,
    // whatever changed it (a key, the store, a failed save giving back what was on screen).
    state.keepRecentlyResolved()
    state.keepCallLog()
    return effects
}

private func apply(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
    switch message {
    case .tick(let now):
        return tick(&state, now)
    case .storeChanged(let duty, let view):
        return storeChanged(&state, duty, view ?? QueueView(duty: duty, settings: state.settings))
    case .saveFinished(let result):
        return saveFinished(&state, result)
    case .shareChanged(let share):
        state.share = share
        return []
    case .refusedFilesChanged(let files):
        state.refused = files
        return []
    case .shareProgressed(let progress):
        state.progress = progress
        return []
    case .pasted(let text):
        return pasted(&state, text)
    case .key(let key):
        let before = state
        let effects = keyPressed(&state, key)
        if effects.contains(where: \.isSave) {
            // What the key's action says ("已确认 A-…") waits for the save: it is shown only once
            // the save returned, and the entry it closed comes back if the save failed.
            state.awaitingSave = AwaitingSave(notice: state.notice, entries: EntryState(before))
            state.notice = nil
        }
        return effects
    }
}

private func saveFinished(_ state: inout ConsoleState, _ result: SaveState) -> [Effect] {
    state.save = result
    let awaiting = state.awaitingSave
    state.awaitingSave = nil
    switch result {
    case .saved:
        state.notice = awaiting?.notice
    case .refused(let why):
        awaiting?.entries.restore(into: &state)
        state.notice = state.language.pick("未记下：\(why)", "Not recorded: \(why)")
    case .readOnly, .diskFull, .failed:
        awaiting?.entries.restore(into: &state)
        let why = result.failureReason(state.language) ?? ""
        state.notice = state.language.pick("未记下：保存失败（\(why)）", "Not recorded: save failed (\(why))")
    }
    return []
}

/// The clock moved: the flash may end, and an alert may just have waited too long.
private func tick(_ state: inout ConsoleState, _ now: Instant) -> [Effect] {
    state.now = now
    if let until = state.flashUntil, now >= until { state.flashUntil = nil }
    if let next = state.nextShift, now >= next.start { state.refreshNextShift() }
    // Escalation rings again, once per alert, the moment it becomes overdue; a red or orange
    // one is spoken again too, saying it waits.
    let overdue = state.escalate()
    guard !overdue.isEmpty else { return [] }
    state.flashUntil = now.adding(seconds: 10)
    return alarm(state, overdue.compactMap { state.duty.alerts.live[$0] }, overdue: true)
}

/// The bell once, and each red or orange alert spoken, most urgent first, when speech is on.
private func alarm(_ state: ConsoleState, _ alerts: [Alert], overdue: Bool) -> [Effect] {
    var effects: [Effect] = state.settings.bell ? [.bell] : []
    guard state.settings.speech else { return effects }
    for a in alerts.filter(SpokenWarning.isSpoken).sorted(by: Alert.urgencyOrder) {
        effects.append(.speak(SpokenWarning.text(for: a, language: state.language, overdue: overdue)))
    }
    return effects
}

private func storeChanged(_ state: inout ConsoleState, _ duty: DutyState, _ view: QueueView) -> [Effect] {
    // Hold on to what is selected where the officer is looking, then find it again in the new
    // list (by key; where it left, its neighbour at the same row).
    state.selection.pin(in: QueueKeys.shownList(state))
    state.adopt(duty, view: view)
    state.selection.pin(in: QueueKeys.shownList(state))
    // A new real red or orange alert is the one loud thing: bell once, flash the header, say it.
    // Tests and exercises arrive quietly: a drill must not train the room to ignore the bell;
    // nor must an alert for another place.
    var fresh: [Alert] = []
    // By key: walking the values would copy every open alert to look at a few new ones.
    for id in duty.alerts.live.keys where !state.announced.contains(id) { fresh.append(duty.alerts.live[id]!) }
    state.announced.formUnion(fresh.map(\.id))
    let loud = fresh.filter { $0.status == .new && SpokenWarning.isSpoken($0) }
    guard !loud.isEmpty else { return [] }
    state.flashUntil = state.now.adding(seconds: 10)
    return alarm(state, loud, overdue: false)
}

/// A paste is only ever text: it goes into the open text field (an Esc's question gives way to
/// it, as to any typing), and anywhere else it does nothing but say so. Pasted lines never run as
/// keys: a `r` on the line after a note must not resolve the alert.
private func pasted(_ state: inout ConsoleState, _ text: String) -> [Effect] {
    if state.question == nil, !state.showHelp, !state.showRefused, var picker = state.personPicker {
        picker.editor.paste(text)
        state.personPicker = picker
        return []
    }
    let pane = state.pane.behaviour
    if state.question == nil, !state.showHelp, !state.showRefused, pane.isEditing(state), pane.paste(&state, text) {
        state.confirmDiscard = false
        return []
    }
    state.notice = state.language.pick("粘贴无效：没有打开的输入框，未做任何操作", "Paste ignored: no text field is open; nothing was done")
    return []
}

private func keyPressed(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    if state.question != nil { return answer(&state, key) }
    // Ctrl-C asks, as q does, from anywhere: with an entry open too, since it is how people
    // try to leave a program, and a half-typed report must not go without a word.
    if KeyMap.commandWhileTyping(key) == .quitPressed {
        state.showHelp = false
        state.confirmDiscard = false
        state.question = .quit(state.language)
        return []
    }
    if state.showHelp || state.showRefused {
        // Any key closes the help or the refused files; it never acts on the screen below.
        state.showHelp = false
        state.showRefused = false
        return []
    }
    if state.personPicker != nil { return PersonPicker.handle(&state, key) }
    let pane = state.pane.behaviour
    // An open entry takes every key: a q typed into a note is a q.
    if pane.isEditing(state) {
        let draft = pane.draft(state).trimmingCharacters(in: .whitespaces)
        if key == .escape, !draft.isEmpty, !state.confirmDiscard {
            state.confirmDiscard = true
            return []
        }
        state.confirmDiscard = false
        return pane.type(&state, key)
    }
    // The last action's notice stays until the next key, so it never describes a later screen.
    state.notice = nil
    guard let command = KeyMap.command(for: key, pane: state.pane) else { return [] }
    return commandGiven(&state, command)
}

/// A key's command, outside any entry: the ones of every pane here, the rest by the pane.
private func commandGiven(_ state: inout ConsoleState, _ command: Command) -> [Effect] {
    switch command {
    case .quitPressed:
        state.question = .quit(state.language)
    case .helpPressed:
        state.showHelp = true
    case .refusedFilesPressed:
        // Looked at: no longer counted in the header.
        state.showRefused = true
        state.refusedSeen.formUnion(state.refused)
    case .switchPersonPressed:
        state.personPicker = PersonPicker(state)
    case .panePressed(let p):
        state.pane = p
    case .nextPanePressed:
        let all = Pane.built
        state.pane = all[((all.firstIndex(of: state.pane) ?? 0) + 1) % all.count]
    default:
        return state.pane.behaviour.handle(&state, command) ?? []
    }
    return []
}
