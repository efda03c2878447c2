import DutyCore

/// What the overview and the alerts pane share on the queue, written once: moving the one
/// selection, acknowledge, handling, resolve, recording a report (`p`), the phone form (`n`), and
/// opening and closing groups (Enter, →, ←). Each pane hands over the list it shows.
enum QueueKeys {
    /// A queue command on the pane's `list`; nil for one that is not the queue's.
    static func handle(_ state: inout ConsoleState, _ command: Command, list: (ConsoleState) -> [QueueRow]) -> [Effect]? {
        /// The row a key acts on, held on to from now on (the list is made once for both).
        func acted(_ state: inout ConsoleState) -> QueueRow? {
            let shown = list(state)
            state.selection.pin(in: shown)
            return state.selection.current(in: shown)?.item
        }
        switch command {
        case .downPressed: state.selection.move(in: list(state)) { row, _ in row + 1 }
        case .upPressed: state.selection.move(in: list(state)) { row, _ in row - 1 }
        // The most urgent is one key away after the queue has moved.
        case .homePressed: state.selection.move(in: list(state)) { _, _ in 0 }
        case .endPressed: state.selection.move(in: list(state)) { _, count in count - 1 }
        case .acknowledgePressed:
            let row = acted(&state)
            return acknowledgeGroup(&state, row) ?? acknowledge(&state, row?.alert)
        case .handlingPressed:
            return markHandling(&state, acted(&state)?.alert)
        case .resolvePressed:
            openResolve(&state, acted(&state))
        case .reportPressed:
            let row = acted(&state)
            openReport(&state, on: reportTarget(state, row))
        case .phonePressed: openPhoneForm(&state)
        case .enterPressed: setGroup(&state, open: nil, list: list)
        case .rightPressed: setGroup(&state, open: true, list: list)
        case .leftPressed: setGroup(&state, open: false, list: list)
        default: return nil
        }
        return []
    }

    /// The queue as the pane in front shows it: the alerts pane's own list (filtered, resolved
    /// shown) when it is in front, else the overview's. The one selection is seen in this list.
    static func shownList(_ state: ConsoleState) -> [QueueRow] {
        state.pane == .alerts ? AlertsPane.rows(state) : state.rows
    }

    /// Whether the selected row is in a group, and that group is open: nil on a row of its own
    /// (then neither → nor ← has anything to do, and the footer offers neither).
    static func selectedGroupIsOpen(_ state: ConsoleState) -> Bool? {
        state.selection.current(in: shownList(state))?.item.group.map(state.openGroups.contains)
    }

    // MARK: Acknowledge and handling

    static func acknowledge(_ state: inout ConsoleState, _ alert: Alert?) -> [Effect] {
        guard let a = alert else { return [] }
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

    static func markHandling(_ state: inout ConsoleState, _ alert: Alert?) -> [Effect] {
        guard let a = alert else { return [] }
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

    static func isEditing(_ state: ConsoleState) -> Bool { state.reportEntry != nil || state.phoneForm != nil || state.resolveEntry != nil }

    static func draft(_ state: ConsoleState) -> String {
        state.phoneForm?.draft ?? state.queueEditor?.text ?? ""
    }

    /// Keys for the open report entry, outcome entry or phone form; nil when none is open.
    static func handleEntry(_ state: inout ConsoleState, _ key: Key) -> [Effect]? {
        if state.phoneForm != nil { return handleForm(&state, key) }
        if state.reportEntry != nil { return handleReport(&state, key) }
        if state.resolveEntry != nil { return handleResolve(&state, key) }
        return nil
    }

    /// A paste into the open phone form's field or report note.
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool {
        if var form = state.phoneForm {
            form.paste(text)
            state.phoneForm = form
            return true
        }
        if var entry = state.reportEntry {
            entry.editor.paste(text)
            state.reportEntry = entry
            return true
        }
        guard var entry = state.resolveEntry else { return false }
        entry.editor.paste(text)
        state.resolveEntry = entry
        return true
    }

    // MARK: Reports

    /// `p`: opens the entry for the report the alert owes next (Tab picks another).
    static func openReport(_ state: inout ConsoleState, on alert: Alert?) {
        guard let a = alert else { return }
        guard let entry = ReportEntry(a, deadlines: state.settings.deadlines, lang: state.language) else {
            state.notice = ReportWords.allMade(a.id, state.language)
            return
        }
        state.reportEntry = entry
    }

    private static func handleReport(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var entry = state.reportEntry else { return [] }
        if key == .tab {
            entry.nextStage(state.language)
            state.reportEntry = entry
            return []
        }
        switch entry.editor.handle(key) {
        case .editing:
            state.reportEntry = entry
            return []
        case .cancelled:
            state.reportEntry = nil
            return []
        case .submitted(let note):
            state.reportEntry = nil
            state.notice = ReportWords.recorded(entry.stage, entry.alertID, state.language)
            return [.perform([.report(alert: entry.alertID, stage: entry.stage, note: note)])]
        }
    }

    // MARK: The phone form

    static func openPhoneForm(_ state: inout ConsoleState) {
        state.phoneForm = PhoneForm(now: state.now, calendar: state.calendar, lang: state.language)
    }

    private static func handleForm(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var form = state.phoneForm else { return [] }
        switch key {
        case .tab, .down: form.move(1)
        case .backTab, .up: form.move(-1)
        case .left where form.stepsWithArrows: form.step(-1, lang: state.language)
        case .right where form.stepsWithArrows: form.step(1, lang: state.language)
        case .escape:
            // A form with something typed in it got here only after a second Esc (update asks first).
            state.phoneForm = nil
            return []
        case .ctrl("d"):
            return submit(&state, form)
        case .enter:
            if form.focus == PhoneForm.Field.allCases.last { return submit(&state, form) }
            form.move(1)
        default:
            form.edit(key)
        }
        state.phoneForm = form
        return []
    }

    private static func submit(_ state: inout ConsoleState, _ form: PhoneForm) -> [Effect] {
        var form = form
        let id = PhoneForm.newID(state)
        switch form.content(id: id, lang: state.language, now: state.now, calendar: state.calendar) {
        case .failure(let problem):
            form.error = problem.message
            form.focus = problem.field
            state.phoneForm = form
            return []
        case .success(let content):
            do {
                // Planned here only to refuse at once; the store plans it again against the latest state
                // (the id minted there, a rain signal phoned in opening or moving the 三查 round).
                _ = try state.planner.plan(.raise(content), in: state.duty)
                state.phoneForm = nil
                state.notice = PhoneFormWords(state.language).saved(id)
                return [.perform([.raise(content)])]
            } catch {
                form.error = error.text(state.language)
                state.phoneForm = form
                return []
            }
        }
    }

    // MARK: Groups

    /// `a` on a closed group: every member still waiting is acknowledged, in one save, once the
    /// officer says yes to how many (as `r` on a group asks). A burst of calls about one flooding
    /// is seen at once; each member can still be handled on its own. Nil when the row is not a
    /// closed group.
    static func acknowledgeGroup(_ state: inout ConsoleState, _ row: QueueRow?) -> [Effect]? {
        guard let row, let members = closedGroupMembers(state, row) else { return nil }
        let l = state.language
        let waiting = members.filter { $0.status == .new }
        guard !waiting.isEmpty else {
            state.notice = l.pick("这组 \(members.count) 条都已确认", "All \(members.count) in this group are acknowledged")
            return []
        }
        state.question = Question(text: l.pick("确认这组的 \(waiting.count) 条？", "Acknowledge \(waiting.count) in this group?"), yes: l.pick("确认", "acknowledge"),
                                  no: l.pick("返回", "go back"),
                                  answer: .save(waiting.map { .acknowledge(alert: $0.id) }, notice: l.pick("已确认这组的 \(waiting.count) 条", "Acknowledged \(waiting.count) in this group")))
        return []
    }

    /// The alert `p` records a report on: the one whose deadline the row shows.
    static func reportTarget(_ state: ConsoleState, _ row: QueueRow?) -> Alert? {
        guard let row else { return nil }
        if let id = row.reportFor, id != row.alert.id, let a = state.duty.alerts.live[id] { return a }
        return row.alert
    }

    /// Enter (`open` nil: the other way), → and ←, on the selected row's group; a member whose
    /// group closes hands the selection to the group's row.
    private static func setGroup(_ state: inout ConsoleState, open: Bool?, list: (ConsoleState) -> [QueueRow]) {
        state.selection.pin(in: list(state))
        guard let row = state.selection.current(in: list(state))?.item, let g = row.group else { return }
        let opening = open ?? !state.openGroups.contains(g)
        guard state.openGroups.contains(g) != opening else { return }
        if opening { state.openGroups.insert(g) } else { state.openGroups.remove(g) }
        state.selection.select(key: opening ? row.key : "group:" + g, in: list(state))
    }

    // MARK: Hints

    /// The footer while the report entry or the form is open.
    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)]? {
        let l = state.language
        if state.phoneForm != nil {
            return [("Tab/↓", l.pick("下一项", "next")), ("↑", l.pick("上一项", "back")), ("Enter", l.pick("下一项，末项提交", "next; submits on the last")),
                    ("^D", l.pick("提交", "submit")), ("Esc", l.pick("取消", "cancel"))]
        }
        if state.reportEntry != nil {
            return [("Enter", l.pick("记录", "record")), ("Tab", l.pick("换一种报告", "other report")), ("Esc", l.pick("取消", "cancel"))]
        }
        if state.resolveEntry != nil { return [("Enter", l.pick("下一步", "next")), ("Esc", l.pick("取消", "cancel"))] }
        return nil
    }
}
