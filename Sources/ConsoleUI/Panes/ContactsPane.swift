import DutyCore

/// A call being recorded: first the outcome, then a note. The person is fixed when `c` is pressed.
public struct ContactsCall: Hashable, Sendable {
    public enum Step: Hashable, Sendable {
        case outcome
        case note(CallOutcome, LineEditor)
    }

    public var contactID: String
    public var role: ResponsibleRole
    public var step: Step
}

public struct ContactsPaneState: Hashable, Sendable {
    /// The selected ledger line by id, so a search or a store change keeps it when it is still shown.
    public var selectedID: String?
    /// Which of the three people the call goes to.
    public var role: ResponsibleRole = .leader
    /// The search in force (facility, street, person or phone).
    public var query = ""
    /// The search being typed; the table follows it live. `queryBefore` comes back on Esc.
    public var search: LineEditor?
    public var queryBefore = ""
    public var call: ContactsCall?
    public init() {}
}

/// 5 三防: the 三本台账 directory, searched live, with calls recorded against a person.
enum ContactsPane: PaneBehaviour {
    static let isBuilt = true

    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        if state.contactsPane.search != nil { return typeSearch(&state, key) }
        return recordCall(&state, key)
    }

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        let rows = ContactsView.rows(state)
        let index = ContactsView.selectedIndex(state, rows)
        let w = ContactsWords(state.language)
        switch command {
        case .downPressed: select(&state, rows, index + 1)
        case .upPressed: select(&state, rows, index - 1)
        case .pageDownPressed: select(&state, rows, index + 10)
        case .pageUpPressed: select(&state, rows, index - 10)
        case .homePressed: select(&state, rows, 0)
        case .endPressed: select(&state, rows, rows.count - 1)
        case .rightPressed:
            let all = ResponsibleRole.allCases
            state.contactsPane.role = all[min(all.count - 1, all.firstIndex(of: state.contactsPane.role)! + 1)]
        case .leftPressed:
            let all = ResponsibleRole.allCases
            state.contactsPane.role = all[max(0, all.firstIndex(of: state.contactsPane.role)! - 1)]
        case .findPressed:
            state.contactsPane.queryBefore = state.contactsPane.query
            // A new search starts empty (as in less); Esc brings the previous one back.
            state.contactsPane.search = LineEditor(prompt: w.searchPrompt)
            state.contactsPane.query = ""
            state.notice = nil
        case .escapePressed:
            guard !state.contactsPane.query.isEmpty else { return [] }
            state.contactsPane.query = ""
            state.notice = w.filterCleared
        case .callPressed:
            guard rows.indices.contains(index) else {
                state.notice = w.nobodyToCall
                return []
            }
            state.contactsPane.selectedID = rows[index].id
            state.contactsPane.call = ContactsCall(contactID: rows[index].id, role: state.contactsPane.role, step: .outcome)
            state.notice = nil
        default: return nil
        }
        return []
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        ContactsView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] {
        let l = state.language
        switch state.contactsPane.call?.step {
        case .outcome?: return [("y", CallOutcome.reached.contactsWord(l)), ("n", CallOutcome.notReached.contactsWord(l)), ("Esc", l.pick("取消", "cancel"))]
        case .note?: return [("Enter", l.pick("保存", "save")), ("Esc", l.pick("取消", "cancel"))]
        case nil: return [("Enter", l.pick("确定", "done")), ("Esc", l.pick("取消", "cancel"))]
        }
    }

    static func isEditing(_ state: ConsoleState) -> Bool { state.contactsPane.search != nil || state.contactsPane.call != nil }
    static func draft(_ state: ConsoleState) -> String {
        if case .note(_, let editor) = state.contactsPane.call?.step { return editor.text }
        return ""
    }

    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool {
        if var editor = state.contactsPane.search {
            editor.paste(text)
            state.contactsPane.search = editor
            state.contactsPane.query = editor.text.trimmingCharacters(in: .whitespaces)
            return true
        }
        guard var call = state.contactsPane.call, case .note(let outcome, var editor) = call.step else { return false }
        editor.paste(text)
        call.step = .note(outcome, editor)
        state.contactsPane.call = call
        return true
    }

    private static func select(_ state: inout ConsoleState, _ rows: [FloodContact], _ index: Int) {
        guard !rows.isEmpty else { return }
        state.contactsPane.selectedID = rows[max(0, min(rows.count - 1, index))].id
    }

    // MARK: Search

    private static func typeSearch(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var editor = state.contactsPane.search else { return [] }
        switch editor.handle(key) {
        case .editing:
            state.contactsPane.search = editor
            state.contactsPane.query = editor.text.trimmingCharacters(in: .whitespaces)
        case .submitted(let text):
            state.contactsPane.search = nil
            state.contactsPane.query = text
            let n = ContactsView.rows(state).count
            state.notice = text.isEmpty ? nil : ContactsWords(state.language).found(n, text)
        case .cancelled:
            state.contactsPane.search = nil
            state.contactsPane.query = state.contactsPane.queryBefore
        }
        return []
    }

    // MARK: Calls

    private static func recordCall(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var call = state.contactsPane.call else { return [] }
        let w = ContactsWords(state.language)
        switch call.step {
        case .outcome:
            let outcome: CallOutcome
            switch key {
            case .char("y"), .char("Y"): outcome = .reached
            case .char("n"), .char("N"): outcome = .notReached
            case .escape:
                state.contactsPane.call = nil
                state.notice = w.cancelled
                return []
            default: return []
            }
            let person = state.duty.contacts[call.contactID]?.person(call.role).name ?? ""
            call.step = .note(outcome, LineEditor(prompt: w.notePrompt(InertText.line(person), outcome), keepsLineBreaks: true))
            state.contactsPane.call = call
            return []
        case .note(let outcome, var editor):
            switch editor.handle(key) {
            case .editing:
                call.step = .note(outcome, editor)
                state.contactsPane.call = call
                return []
            case .cancelled:
                state.contactsPane.call = nil
                state.notice = w.cancelled
                return []
            case .submitted(let note):
                state.contactsPane.call = nil
                let intent = Intent.logCall(contact: call.contactID, role: call.role, outcome: outcome, note: note)
                do {
                    _ = try state.planner.plan(intent, in: state.duty)
                } catch {
                    state.notice = w.refused(error.text(state.language))
                    return []
                }
                let person = state.duty.contacts[call.contactID]?.person(call.role).name ?? ""
                state.notice = w.logged(InertText.line(person), outcome)
                return [.perform([intent])]
            }
        }
    }
}

extension CallOutcome {
    func contactsWord(_ l: Language) -> String { l == .zh ? chinese : english.lowercased() }
}
