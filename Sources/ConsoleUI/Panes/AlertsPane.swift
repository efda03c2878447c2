import DutyCore

/// The alerts pane's own state: the filter, whether resolved alerts are listed, the detail's
/// scroll and the entry that is open (the selection is the queue's, shared with the overview).
public struct AlertsPaneState: Hashable, Sendable {
    /// `v`: resolved alerts (of the last `AlertsPane.resolvedDays` days) are listed after the open ones.
    public var showResolved = false
    /// The filter kept with Enter; while the filter entry is open, its text applies instead.
    public var filter = ""
    /// The first detail line shown (PgUp/PgDn), for a detail longer than its room.
    public var detailScroll = 0
    public var entry: Entry?

    public struct Entry: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            case note(alertID: String)
            case reopen(alertID: String)
            case filter
        }

        public var kind: Kind
        public var editor: LineEditor
    }

    public init() {}
}

/// 2 警情: the queue with the detail of the selected alert; acknowledge, handling, resolve,
/// notes, reopening and a live filter.
enum AlertsPane: PaneBehaviour {
    static let isBuilt = true
    /// How far back `v` reaches for resolved alerts: recent enough to reopen, and a short list
    /// even in a busy year.
    static let resolvedDays = 7

    // MARK: The list

    /// What the filter is now: the entry's text while it is open, else the kept filter.
    static func filterText(_ state: ConsoleState) -> String {
        if let e = state.alertsPane.entry, e.kind == .filter { return e.editor.text }
        return state.alertsPane.filter
    }

    /// The rows listed: the queue's rows (groups and all), then (with `v`) recently resolved
    /// alerts. A filter lists each matching alert on its own line: it is a search, and a
    /// match hidden inside a closed group would not be found.
    static func rows(_ state: ConsoleState) -> [QueueRow] {
        let filter = AlertFilter(filterText(state))
        let resolved = state.alertsPane.showResolved ? state.recentlyResolvedRows : []
        let deadlines = state.settings.deadlines
        if filter.isEmpty {
            return resolved.isEmpty ? state.rows : state.rows + resolved
        }
        return state.queue.filter(filter.matches).map { .single($0, deadlines: deadlines) } + resolved.filter { filter.matches($0.alert) }
    }

    /// The alerts listed, one per row (tests read the list through this).
    static func list(_ state: ConsoleState) -> [Alert] { rows(state).map(\.alert) }

    static func current(_ state: ConsoleState) -> Alert? { currentRow(state)?.alert }
    static func currentRow(_ state: ConsoleState) -> QueueRow? { state.selection.current(in: rows(state))?.item }
    /// The selected row's index in the list (the view scrolls to it).
    static func currentIndex(_ state: ConsoleState, in list: [QueueRow]) -> Int? { state.selection.current(in: list)?.row }

    /// Holds on to what is shown as selected, so the selection stays on it from now on.
    private static func pin(_ state: inout ConsoleState) { state.selection.pin(in: rows(state)) }

    private static func move(_ state: inout ConsoleState, to target: (Int, Int) -> Int) {
        if state.selection.move(in: rows(state), to: target) { state.alertsPane.detailScroll = 0 }
    }

    // MARK: Keys

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        let words = AlertsWords(state.language)
        switch command {
        case .downPressed, .upPressed, .homePressed, .endPressed:
            // Moving leaves the list as it is: made once, to tell whether the row changed.
            let shown = rows(state)
            let before = state.selection.current(in: shown)?.row
            let effects = QueueKeys.handle(&state, command) { _ in shown }
            if state.selection.current(in: shown)?.row != before { state.alertsPane.detailScroll = 0 }
            return effects
        case .pageDownPressed, .pageUpPressed:
            // The pane does not know the terminal's size: it stops where the smallest screen
            // (80×24, the longest scroll) ends; larger screens stop earlier by themselves.
            let body = Rect(x: 0, y: 3, width: minimumSize.width, height: minimumSize.height - 4)
            let limit = AlertsView(state: state, glyphs: .unicode).maxDetailScroll(in: body)
            let scroll = min(state.alertsPane.detailScroll, limit) + (command == .pageDownPressed ? 5 : -5)
            state.alertsPane.detailScroll = max(0, min(limit, scroll))
        case .notePressed:
            guard let a = current(state) else { return [] }
            pin(&state)
            state.alertsPane.entry = .init(kind: .note(alertID: a.id), editor: LineEditor(prompt: words.notePrompt, keepsLineBreaks: true))
        case .reopenPressed:
            guard let a = current(state) else { return [] }
            guard a.status == .resolved else {
                state.notice = words.notResolved(a.id)
                return []
            }
            pin(&state)
            state.alertsPane.entry = .init(kind: .reopen(alertID: a.id), editor: LineEditor(prompt: words.reopenPrompt))
        case .findPressed:
            pin(&state)
            state.alertsPane.entry = .init(kind: .filter, editor: LineEditor(prompt: words.filterPrompt, text: state.alertsPane.filter))
        case .showResolvedPressed:
            pin(&state)
            state.alertsPane.showResolved.toggle()
            state.notice = state.alertsPane.showResolved ? words.showingResolved(resolvedDays) : words.hidingResolved
        case .escapePressed:
            guard !state.alertsPane.filter.isEmpty else { return [] }
            pin(&state)
            state.alertsPane.filter = ""
            state.notice = words.filterCleared
        default:
            return QueueKeys.handle(&state, command, list: rows)
        }
        return []
    }

    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        if state.alertsPane.entry != nil { return handleEntry(&state, key) }
        return QueueKeys.handleEntry(&state, key) ?? []
    }

    private static func handleEntry(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var entry = state.alertsPane.entry else { return [] }
        let words = AlertsWords(state.language)
        // While filtering, the arrows still move through the narrowed list.
        if entry.kind == .filter, key == .up || key == .down {
            move(&state) { row, _ in row + (key == .down ? 1 : -1) }
            return []
        }
        let outcome = entry.editor.handle(key)
        state.alertsPane.entry = entry
        switch (entry.kind, outcome) {
        case (_, .editing):
            if entry.kind == .filter { state.alertsPane.detailScroll = 0 }
            return []
        case (.filter, .cancelled):
            state.alertsPane.entry = nil
            state.alertsPane.filter = ""
            pin(&state)
            return []
        case (.filter, .submitted(let text)):
            state.alertsPane.entry = nil
            state.alertsPane.filter = text
            pin(&state)
            return []
        case (_, .cancelled):
            state.alertsPane.entry = nil
            return []
        case (.note(let id), .submitted(let text)):
            state.alertsPane.entry = nil
            guard !text.isEmpty else { return [] }
            state.notice = words.noted(id)
            return [.perform([.addNote(alert: id, text: text)])]
        case (.reopen(let id), .submitted(let text)):
            guard !text.isEmpty else {
                // The reason is the record of why: the entry stays open until one is given.
                state.notice = words.reasonNeeded
                return []
            }
            state.alertsPane.entry = nil
            guard state.duty.alerts[id]?.status == .resolved else {
                state.notice = words.notResolved(id)
                return []
            }
            state.notice = words.reopened(id)
            return [.perform([.reopen(alert: id, note: text)])]
        }
    }

    // MARK: Drawing and hints

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        AlertsView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] {
        let l = state.language
        if let entry = state.alertsPane.entry {
            return entry.kind == .filter
                ? [("Enter", l.pick("保留筛选", "keep filter")), ("Esc", l.pick("清除", "clear"))]
                : [("Enter", l.pick("保存", "save")), ("Esc", l.pick("取消", "cancel"))]
        }
        return QueueKeys.entryHints(state) ?? []
    }

    static func isEditing(_ state: ConsoleState) -> Bool { state.alertsPane.entry != nil || QueueKeys.isEditing(state) }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool {
        guard var entry = state.alertsPane.entry else { return QueueKeys.paste(&state, text) }
        entry.editor.paste(text)
        state.alertsPane.entry = entry
        if entry.kind == .filter { state.alertsPane.detailScroll = 0 }
        return true
    }
    static func draft(_ state: ConsoleState) -> String {
        if QueueKeys.isEditing(state) { return QueueKeys.draft(state) }
        guard let e = state.alertsPane.entry, e.kind != .filter else { return "" }
        return e.editor.text
    }
}

/// The alerts pane's words, in both languages.
struct AlertsWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var notePrompt: String { lang.pick("备注：", "Note: ") }
    var reopenPrompt: String { lang.pick("重开原因：", "Reason to reopen: ") }
    var filterPrompt: String { lang.pick("筛选：", "Filter: ") }

    func acknowledged(_ id: String) -> String { lang.pick("已确认 \(id)", "Acknowledged \(id)") }
    func alreadyAcknowledged(_ id: String) -> String { lang.pick("\(id) 已经确认过", "\(id) is already acknowledged") }
    func handling(_ id: String) -> String { lang.pick("处置中 \(id)", "Handling \(id)") }
    func alreadyHandling(_ id: String) -> String { lang.pick("\(id) 已在处置中", "\(id) is already being handled") }
    func isResolved(_ id: String) -> String { lang.pick("\(id) 已解决，按 o 重开", "\(id) is resolved: o reopens it") }
    func notResolved(_ id: String) -> String { lang.pick("\(id) 未解决，无需重开", "\(id) is not resolved") }
    func noted(_ id: String) -> String { lang.pick("已记备注 \(id)", "Note added to \(id)") }
    func reopened(_ id: String) -> String { lang.pick("已重开 \(id)", "Reopened \(id)") }
    var reasonNeeded: String { lang.pick("重开须写明原因（Esc 取消）", "Reopening needs a reason (Esc cancels)") }
    func showingResolved(_ days: Int) -> String { lang.pick("显示近\(days)天已解决的警情", "Showing alerts resolved in the last \(days) days") }
    var hidingResolved: String { lang.pick("只显示未结警情", "Showing open alerts only") }
    var filterCleared: String { lang.pick("已清除筛选", "Filter cleared") }
}
