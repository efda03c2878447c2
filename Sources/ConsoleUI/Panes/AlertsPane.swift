import DutyCore

/// The alerts pane's own state: which alert is selected (by id, so that it survives store
/// changes), the filter, whether resolved alerts are listed, and the entry that is open.
public struct AlertsPaneState: Hashable, Sendable {
    /// The selected alert.
    public var selectedID: String?
    /// Its row when last seen: where the selection lands when the alert leaves the list
    /// (resolved, filtered out), so it moves to the neighbour instead of jumping to the top.
    public var selectedRow = 0
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

    /// The selected row and its index: the one with the kept key, else the one now at the kept row.
    static func current(_ state: ConsoleState, in list: [QueueRow]) -> (row: Int, item: QueueRow)? {
        guard !list.isEmpty else { return nil }
        let kept = min(max(0, state.alertsPane.selectedRow), list.count - 1)
        // Most keys leave the selection where it was: look there before walking the whole list.
        if let id = state.alertsPane.selectedID, list[kept].key != id, let i = list.firstIndex(where: { $0.key == id }) { return (i, list[i]) }
        return (kept, list[kept])
    }

    static func current(_ state: ConsoleState) -> Alert? { current(state, in: rows(state))?.item.alert }
    static func currentRow(_ state: ConsoleState) -> QueueRow? { current(state, in: rows(state))?.item }

    /// Remembers what is shown as selected, so the selection stays on it from now on.
    private static func pin(_ state: inout ConsoleState) {
        guard let (row, item) = current(state, in: rows(state)) else { return }
        state.alertsPane.selectedID = item.key
        state.alertsPane.selectedRow = row
    }

    private static func move(_ state: inout ConsoleState, to target: (Int, Int) -> Int) {
        let l = rows(state)
        guard let (row, _) = current(state, in: l) else { return }
        let next = max(0, min(l.count - 1, target(row, l.count)))
        if next != row { state.alertsPane.detailScroll = 0 }
        state.alertsPane.selectedID = l[next].key
        state.alertsPane.selectedRow = next
    }

    /// Enter, → and ←: a member whose group closes hands the selection to the group row.
    private static func group(_ state: inout ConsoleState, open: Bool?) {
        pin(&state)
        guard let row = currentRow(state), let g = row.group else { return }
        let opening = open ?? !state.openGroups.contains(g)
        if opening { state.openGroups.insert(g) } else { state.openGroups.remove(g) }
        if !opening {
            state.alertsPane.selectedID = "group:" + g
            if let i = rows(state).firstIndex(where: { $0.key == "group:" + g }) { state.alertsPane.selectedRow = i }
        }
    }

    // MARK: Keys

    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect]? {
        if state.alertsPane.entry != nil { return handleEntry(&state, key) }
        if let effects = QueueKeys.handleEntry(&state, key) { return effects }
        let words = AlertsWords(state.language)
        // A notice answers the last key; the next one starts afresh.
        state.notice = nil
        switch key {
        case .down, .char("j"): move(&state) { row, _ in row + 1 }
        case .up, .char("k"): move(&state) { row, _ in row - 1 }
        case .home: move(&state) { _, _ in 0 }
        case .end: move(&state) { _, count in count - 1 }
        case .pageDown, .pageUp:
            // The pane does not know the terminal's size: it stops where the smallest screen
            // (80×24, the longest scroll) ends; larger screens stop earlier by themselves.
            let body = Rect(x: 0, y: 3, width: minimumSize.width, height: minimumSize.height - 4)
            let limit = AlertsView(state: state, glyphs: .unicode).maxDetailScroll(in: body)
            let scroll = min(state.alertsPane.detailScroll, limit) + (key == .pageDown ? 5 : -5)
            state.alertsPane.detailScroll = max(0, min(limit, scroll))
        case .char("a"):
            pin(&state)
            return QueueKeys.acknowledgeGroup(&state, currentRow(state)) ?? acknowledge(&state)
        case .char("h"): return markHandling(&state)
        case .char("r"):
            pin(&state)
            QueueKeys.openResolve(&state, currentRow(state))
        case .char("p"):
            pin(&state)
            QueueKeys.openReport(&state, on: QueueKeys.reportTarget(state, currentRow(state)))
        case .char("n"): QueueKeys.openPhoneForm(&state)
        case .enter: group(&state, open: nil)
        case .right: group(&state, open: true)
        case .left: group(&state, open: false)
        case .char("c"):
            guard let a = current(state) else { return [] }
            pin(&state)
            state.alertsPane.entry = .init(kind: .note(alertID: a.id), editor: LineEditor(prompt: words.notePrompt, keepsLineBreaks: true))
        case .char("o"):
            guard let a = current(state) else { return [] }
            guard a.status == .resolved else {
                state.notice = words.notResolved(a.id)
                return []
            }
            pin(&state)
            state.alertsPane.entry = .init(kind: .reopen(alertID: a.id), editor: LineEditor(prompt: words.reopenPrompt))
        case .char("/"):
            pin(&state)
            state.alertsPane.entry = .init(kind: .filter, editor: LineEditor(prompt: words.filterPrompt, text: state.alertsPane.filter))
        case .char("v"):
            pin(&state)
            state.alertsPane.showResolved.toggle()
            state.notice = state.alertsPane.showResolved ? words.showingResolved(resolvedDays) : words.hidingResolved
        case .escape:
            guard !state.alertsPane.filter.isEmpty else { return nil }
            pin(&state)
            state.alertsPane.filter = ""
            state.notice = words.filterCleared
        default: return nil
        }
        return []
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

    // The same keys as on the overview, on this pane's own selection.

    private static func acknowledge(_ state: inout ConsoleState) -> [Effect] {
        guard let a = current(state) else { return [] }
        pin(&state)
        let words = AlertsWords(state.language)
        switch a.status {
        case .new:
            state.notice = words.acknowledged(a.id)
            return [.perform([.acknowledge(alert: a.id)])]
        case .resolved:
            state.notice = words.isResolved(a.id)
        default:
            state.notice = words.alreadyAcknowledged(a.id)
        }
        return []
    }

    private static func markHandling(_ state: inout ConsoleState) -> [Effect] {
        guard let a = current(state) else { return [] }
        pin(&state)
        let words = AlertsWords(state.language)
        switch a.status {
        case .new, .acknowledged:
            state.notice = words.handling(a.id)
            return [.perform([.startHandling(alert: a.id)])]
        case .handling:
            state.notice = words.alreadyHandling(a.id)
        case .resolved:
            state.notice = words.isResolved(a.id)
        }
        return []
    }

    // MARK: Drawing and hints

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        AlertsView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] {
        let l = state.language
        if let entry = state.alertsPane.entry {
            return entry.kind == .filter
                ? [("Enter", l.pick("保留筛选", "keep filter")), ("Esc", l.pick("清除", "clear"))]
                : [("Enter", l.pick("保存", "save")), ("Esc", l.pick("取消", "cancel"))]
        }
        if let entry = QueueKeys.entryHints(state) { return entry }
        let queue = QueueKeys.hints(state, row: currentRow(state))
        return [("a", l.pick("确认", "ack")), ("h", l.pick("处置", "handling")), ("r", l.pick("解决", "resolve"))] + queue.prefix(2)
            + [("c", l.pick("备注", "note")), ("o", l.pick("重开", "reopen")), ("/", l.pick("筛选", "filter")),
               ("v", l.pick("含已解决", "resolved"))] + queue.dropFirst(2)
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
