import DutyCore

/// `r` on an alert or a closed group: the outcome (处置结果) being typed. Resolving is asked about
/// once the outcome is given, and again when an alert was never acknowledged or still owes a report
/// upward; the entry stays open under the questions, so a "no" keeps what was typed.
public struct ResolveEntry: Hashable, Sendable {
    /// The alerts to resolve: one, or the open members of a group.
    public var alertIDs: [String]
    public var editor: LineEditor
}

/// What resolving says and asks, in both languages.
struct ResolveWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    func prompt(_ count: Int) -> String {
        count == 1 ? lang.pick("处置结果（必填）：", "Outcome (required): ") : lang.pick("这组 \(count) 条的处置结果（必填）：", "Outcome of these \(count) (required): ")
    }
    var outcomeNeeded: String { lang.pick("解决须写明处置结果（Esc 取消）", "Resolving needs the outcome (Esc cancels)") }
    func confirm(_ ids: [String], outcome: String) -> String {
        let said = DisplayWidth.truncate(InertText.line(outcome), to: 16)
        return ids.count == 1 ? lang.pick("解决 \(ids[0])？结果：\(said)", "Resolve \(ids[0])? Outcome: \(said)")
            : lang.pick("解决这组 \(ids.count) 条？结果：\(said)", "Resolve these \(ids.count)? Outcome: \(said)")
    }
    /// `A-… 从未确认、初报未报，仍要解决？` or, for a group, how many of each.
    func warning(count: Int, id: String, neverAcknowledged: Int, owing: [ReportStage: Int]) -> String {
        var parts: [String] = []
        let some = { (n: Int) in count == 1 ? "" : self.lang.pick("\(n) 条", "\(n) ") }
        if neverAcknowledged > 0 { parts.append(some(neverAcknowledged) + lang.pick("从未确认", "never acknowledged")) }
        for stage in ReportStage.allCases {
            guard let n = owing[stage] else { continue }
            parts.append(some(n) + lang.pick("\(stage.chinese)未报", "\(ReportWords.stage(stage, .en)) report not made"))
        }
        let who = count == 1 ? id : lang.pick("这组中", "Of these,")
        return lang.pick("\(who) \(parts.joined(separator: "、"))，仍要解决？", "\(who) \(parts.joined(separator: ", ")); resolve anyway?")
    }
    var yes: String { lang.pick("解决", "resolve") }
    var no: String { lang.pick("返回", "go back") }
    var declined: String { lang.pick("未解决：处置结果仍在输入框，Esc 放弃", "Not resolved: the outcome is still there; Esc drops it") }
    func resolved(_ ids: [String]) -> String {
        ids.count == 1 ? lang.pick("已解决 \(ids[0])", "Resolved \(ids[0])") : lang.pick("已解决这组的 \(ids.count) 条", "Resolved \(ids.count) in this group")
    }
}

extension QueueKeys {
    /// `r`: opens the outcome entry for the row's alert, or for every open member of a closed group.
    static func openResolve(_ state: inout ConsoleState, _ row: QueueRow?) {
        guard let row else { return }
        let targets = closedGroupMembers(state, row) ?? [row.alert]
        let open = targets.filter { $0.status != .resolved }
        guard !open.isEmpty else {
            state.notice = AlertsWords(state.language).isResolved(row.alert.id)
            return
        }
        state.resolveEntry = ResolveEntry(alertIDs: open.map(\.id), editor: LineEditor(prompt: ResolveWords(state.language).prompt(open.count), keepsLineBreaks: true))
    }

    /// The members of a closed group (its row stands for all of them), else nil.
    static func closedGroupMembers(_ state: ConsoleState, _ row: QueueRow) -> [Alert]? {
        guard case .group(_, false) = row.kind else { return nil }
        return row.members.map { state.queue[$0] }
    }

    static func handleResolve(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var entry = state.resolveEntry else { return [] }
        switch entry.editor.handle(key) {
        case .editing:
            state.resolveEntry = entry
        case .cancelled:
            state.resolveEntry = nil
        case .submitted(let outcome):
            guard !outcome.isEmpty else {
                state.notice = ResolveWords(state.language).outcomeNeeded
                return []
            }
            state.notice = nil
            state.question = resolveQuestion(state, entry.alertIDs, outcome: outcome)
        }
        return []
    }

    /// Resolve? — and, when one was never acknowledged or still owes a report upward (its
    /// deadline would vanish with it), asked again with the reasons named.
    static func resolveQuestion(_ state: ConsoleState, _ ids: [String], outcome: String) -> Question {
        let w = ResolveWords(state.language)
        let alerts = ids.compactMap { state.duty.alerts.live[$0] }
        let save = Question.Answer.save(ids.map { .resolve(alert: $0, note: outcome) }, notice: w.resolved(ids))
        let neverAcknowledged = alerts.count { $0.status == .new }
        var owing: [ReportStage: Int] = [:]
        for a in alerts { if let due = a.owedReport(state.settings.deadlines) { owing[due.stage, default: 0] += 1 } }
        let warned = neverAcknowledged == 0 && owing.isEmpty ? save
            : .ask(Question(text: w.warning(count: ids.count, id: ids[0], neverAcknowledged: neverAcknowledged, owing: owing),
                            yes: w.yes, no: w.no, answer: save, declined: w.declined))
        return Question(text: w.confirm(ids, outcome: outcome), yes: w.yes, no: w.no, answer: warned, declined: w.declined)
    }
}
