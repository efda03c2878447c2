import DutyCore
import DutyExport

public struct HandoverPaneState: Hashable, Sendable {
    /// Lines scrolled off the top when the open matters are longer than the screen.
    public var scroll = 0
    /// The note of a handover being submitted, or the question of one being returned.
    public var entry: Entry?
    /// Today's duty log (`l`), as it stood when opened: the same text `duty-watch report` writes.
    public var log: DutyLog?

    public struct DutyLog: Hashable, Sendable {
        public var lines: [String]
        public var at: Instant
        public var scroll = 0
    }

    public struct Entry: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            case submit
            /// The handover being returned is fixed when the entry opens.
            case giveBack(handoverID: String)
        }

        public var kind: Kind
        public var editor: LineEditor
    }

    public init(scroll: Int = 0) {
        self.scroll = scroll
    }
}

/// 6 交接: the open matters of this shift — who is on and who comes next, a handover waiting to be
/// signed, open alerts, the 三查 round's unfinished items and problems, calls that did not get
/// through — and the handover itself: `s` hands over with a note (the matters are filled in), the
/// incoming lead signs with `y` or returns it with a question with `x`.
enum HandoverPane: PaneBehaviour {
    static let isBuilt = true

    /// The smallest body (80×24 less header, tabs, rule and footer): scrolling stops where the last
    /// line shows there; a taller screen shows more and scrolls less.
    static let smallestBody = (width: 80, height: 20)

    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] { handleEntry(&state, key) }

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        if state.handoverPane.log != nil { return handleLog(&state, command) }
        let w = HandoverWords(state.language)
        switch command {
        case .dutyLogPressed:
            let day = state.calendar.localDate(state.now)
            let report = DutyReport(state.duty, day: day, calendar: state.calendar).markdown(state.language)
            state.handoverPane.log = .init(lines: report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), at: state.now)
        case .downPressed: scroll(&state, 1)
        case .upPressed: scroll(&state, -1)
        case .pageDownPressed: scroll(&state, smallestBody.height - 2)
        case .pageUpPressed: scroll(&state, -(smallestBody.height - 2))
        case .homePressed: state.handoverPane.scroll = 0
        // Kept where the last line shows, as scrolling down stops.
        case .endPressed: scroll(&state, Int.max / 2)
        // Esc closes the log; with none open there is nothing to close.
        case .escapePressed: break
        case .handOverPressed:
            if let h = state.duty.pendingHandover, h.status == .pending {
                state.notice = w.stillWaiting(h.id)
                return []
            }
            // Handing over hours early is more often a wrong key than a plan: asked first.
            if let next = state.nextShift, next.start.seconds(since: state.now) > 3600 {
                state.question = Question(text: w.early(state.words.countdown(seconds: next.start.seconds(since: state.now))), yes: w.handOverNow,
                                          no: w.goBack, answer: .handOverNote)
                return []
            }
            openNote(&state)
        case .signPressed:
            if let refusal = refusal(state) {
                state.notice = refusal
                return []
            }
            let h = state.duty.pendingHandover!
            // The signer is a lead of the shift handed to; anyone else signs only as a recorded exception.
            let leads = leaders(state.duty.nextShift(after: h.submitted.at, state.calendar)?.slots ?? [])
            guard leads.contains(state.actor) else {
                let exception = w.signException(state.actor, leads)
                state.question = Question(text: w.notIncomingLead(state.actor, leads), yes: w.signAnyway, no: w.goBack,
                                          answer: .save([.answerHandover(id: h.id, accepted: true, text: exception)], notice: w.signed(h.id)))
                return []
            }
            state.notice = w.signed(h.id)
            return [.perform([.answerHandover(id: h.id, accepted: true, text: "")])]
        case .giveBackPressed:
            if let refusal = refusal(state) {
                state.notice = refusal
                return []
            }
            state.handoverPane.entry = .init(kind: .giveBack(handoverID: state.duty.pendingHandover!.id), editor: LineEditor(prompt: w.questionPrompt))
        default: return nil
        }
        return []
    }

    static func openNote(_ state: inout ConsoleState) {
        state.handoverPane.entry = .init(kind: .submit, editor: LineEditor(prompt: HandoverWords(state.language).notePrompt, keepsLineBreaks: true))
    }

    private static func leaders(_ slots: [DutySlot]) -> [String] { slots.filter { $0.role == .leader }.map(\.person) }

    /// While the duty log is open the pane's keys read it: scrolling, and l or Esc close it.
    private static func handleLog(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        guard var log = state.handoverPane.log else { return nil }
        switch command {
        case .downPressed: log.scroll += 1
        case .upPressed: log.scroll -= 1
        case .pageDownPressed: log.scroll += smallestBody.height - 2
        case .pageUpPressed: log.scroll -= smallestBody.height - 2
        case .homePressed: log.scroll = 0
        case .endPressed: log.scroll = log.lines.count
        case .dutyLogPressed, .escapePressed:
            state.handoverPane.log = nil
            return []
        // Handing over, signing and returning wait until the log is closed.
        case .handOverPressed, .signPressed, .giveBackPressed:
            state.notice = state.language.pick("先按 l 关闭日志", "Close the log first (l)")
            return []
        default: return nil
        }
        // Stops where the last line shows on the smallest screen, as the matters do.
        log.scroll = max(0, min(log.lines.count - (smallestBody.height - 1), log.scroll))
        state.handoverPane.log = log
        return []
    }

    private static func refusal(_ state: ConsoleState) -> String? {
        let w = HandoverWords(state.language)
        switch state.duty.handoverAnswerRefusal(by: state.actor) {
        case nil: return nil
        case .nothingWaiting: return w.nothingWaiting
        case .returned(let id): return w.returnedAlready(id)
        case .ownHandover(let id): return w.ownHandover(id)
        }
    }

    private static func handleEntry(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var entry = state.handoverPane.entry else { return [] }
        let w = HandoverWords(state.language)
        let outcome = entry.editor.handle(key)
        state.handoverPane.entry = entry
        switch (entry.kind, outcome) {
        case (_, .editing):
            return []
        case (_, .cancelled):
            state.handoverPane.entry = nil
            state.notice = w.cancelled
            return []
        case (.submit, .submitted(let note)):
            let id = Planner.handoverID(in: state.duty, node: state.settings.node, at: state.now, state.calendar)
            // The one handing over is a lead on duty now; anyone else does so as a recorded exception,
            // asked first, the note kept open under the question.
            let leads = leaders(state.duty.onDuty(at: state.now, state.calendar))
            guard leads.contains(state.actor) else {
                let exception = w.handOverException(state.actor, leads)
                state.question = Question(text: w.notLeadOnDuty(state.actor, leads), yes: w.handOverNow, no: w.goBack,
                                          answer: .save([.handOver(note: note.isEmpty ? exception : note + "\n" + exception, deadlines: state.settings.deadlines)],
                                                        notice: w.handedOver(id)))
                return []
            }
            state.handoverPane.entry = nil
            state.notice = w.handedOver(id)
            return [.perform([.handOver(note: note, deadlines: state.settings.deadlines)])]
        case (.giveBack(let id), .submitted(let question)):
            guard !question.isEmpty else {
                state.notice = w.questionNeeded
                return []
            }
            state.handoverPane.entry = nil
            state.notice = w.returned(id)
            return [.perform([.answerHandover(id: id, accepted: false, text: question)])]
        }
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        if let log = state.handoverPane.log {
            drawLog(&g, log, state, in: r)
            return
        }
        guard let entry = state.handoverPane.entry else {
            HandoverView(state: state, glyphs: glyphs).draw(&g, in: r)
            return
        }
        // The entry takes the last row of the body; the matters stay readable above it.
        HandoverView(state: state, glyphs: glyphs).draw(&g, in: Rect(x: r.x, y: r.y, width: r.width, height: r.height - 1))
        entry.editor.draw(&g, x: r.x + 1, y: r.maxY - 1, width: r.width - 2)
    }

    /// The log as plain text, long lines cut on a cell boundary (the full text is in
    /// `duty-watch report`).
    private static func drawLog(_ g: inout Grid, _ log: HandoverPaneState.DutyLog, _ state: ConsoleState, in r: Rect) {
        let time = state.calendar.localTime(log.at)
        g.put(state.language.pick("值班日志（截至 \(time)，l 关闭；全文：duty-watch report）", "Duty log (as of \(time); l closes; full text: duty-watch report)"),
              x: r.x + 1, y: r.y, role: .header, limit: r.width - 2)
        for (i, line) in log.lines.dropFirst(log.scroll).prefix(r.height - 1).enumerated() {
            let role: Role = line.hasPrefix("#") ? .header : (line.hasPrefix("- **") ? .warning : .normal)
            g.put(DisplayWidth.truncate(line, to: r.width - 2), x: r.x + 1, y: r.y + 1 + i, role: role)
        }
    }

    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] {
        [("Enter", state.language.pick("提交", "submit")), ("Esc", state.language.pick("取消", "cancel"))]
    }

    static func isEditing(_ state: ConsoleState) -> Bool { state.handoverPane.entry != nil }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool {
        guard var entry = state.handoverPane.entry else { return false }
        entry.editor.paste(text)
        state.handoverPane.entry = entry
        return true
    }
    static func draft(_ state: ConsoleState) -> String { state.handoverPane.entry?.editor.text ?? "" }

    private static func scroll(_ state: inout ConsoleState, _ delta: Int) {
        let count = HandoverView(state: state, glyphs: .unicode).lines(width: smallestBody.width).count
        let limit = HandoverView.maxScroll(lines: count, height: smallestBody.height)
        state.handoverPane.scroll = max(0, min(limit, state.handoverPane.scroll + delta))
    }
}

/// The handover pane's words, in both languages.
struct HandoverWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var notePrompt: String { lang.pick("交班留言（可空，Enter 提交）：", "Note for the next shift (may be empty): ") }
    var questionPrompt: String { lang.pick("退回原因（必填）：", "Question (required): ") }
    var cancelled: String { lang.pick("已取消", "Cancelled") }
    func early(_ left: String) -> String { lang.pick("距交班还有 \(left)，现在就交班？", "The shift ends in \(left). Hand over now?") }
    var handOverNow: String { lang.pick("交班", "hand over") }
    var signAnyway: String { lang.pick("签收并记为例外", "sign, recorded as an exception") }
    var goBack: String { lang.pick("返回", "go back") }
    private func names(_ people: [String]) -> String {
        people.isEmpty ? lang.pick("无", "none") : people.map(InertText.line).joined(separator: lang.pick("、", ", "))
    }
    func notLeadOnDuty(_ who: String, _ leads: [String]) -> String {
        lang.pick("\(InertText.line(who)) 不是本班带班领导（\(names(leads))），仍要交班？",
                  "\(InertText.line(who)) is not the lead on duty (\(names(leads))). Hand over anyway?")
    }
    func handOverException(_ who: String, _ leads: [String]) -> String {
        lang.pick("（例外：交班人\(who)不是本班带班领导，带班领导：\(names(leads))）", "(Exception: \(who) handed over, not the lead on duty: \(names(leads)))")
    }
    func notIncomingLead(_ who: String, _ leads: [String]) -> String {
        lang.pick("\(InertText.line(who)) 不是接班带班领导（\(names(leads))），仍要签收？",
                  "\(InertText.line(who)) is not the incoming lead (\(names(leads))). Sign anyway?")
    }
    func signException(_ who: String, _ leads: [String]) -> String {
        lang.pick("例外：签收人\(who)不是接班带班领导，接班带班领导：\(names(leads))", "Exception: signed by \(who), not the incoming lead: \(names(leads))")
    }
    var nothingWaiting: String { lang.pick("没有待签收的交接", "No handover is waiting to be signed") }
    var questionNeeded: String { lang.pick("退回需要写明原因", "A return needs a question") }
    func stillWaiting(_ id: String) -> String { lang.pick("交接 \(id) 尚未签收", "Handover \(id) is still waiting to be signed") }
    func signed(_ id: String) -> String { lang.pick("已签收 \(id)", "Signed \(id)") }
    func returned(_ id: String) -> String { lang.pick("已退回 \(id)", "Returned \(id)") }
    func handedOver(_ id: String) -> String { lang.pick("已交班 \(id)，待接班领导签收", "Handed over \(id); waiting for the incoming lead") }
    func returnedAlready(_ id: String) -> String { lang.pick("交接 \(id) 已退回，待重新交班", "Handover \(id) was returned; hand over again") }
    func ownHandover(_ id: String) -> String { lang.pick("交接 \(id) 是你提交的，需由接班领导签收", "You handed \(id) over; the incoming lead signs it") }
}
