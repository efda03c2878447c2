/// Plans the changes people mean, in one place for the console's panes, the command line and the
/// inbox: intents in, the ops that carry them out (or the reason they cannot be) out. It mints
/// every id a console gives out, with the console's name in it, and it holds the 三查 round rule
/// (a rainstorm or typhoon signal opens or moves the round), whoever raised the signal.
///
/// Pure: who, when and which console are given, and the state planned against is the caller's
/// (the store hands in the latest, read under the writers' lock).
public struct Planner: Sendable {
    public var node: String
    public var actor: String
    public var now: Instant
    public var calendar: LocalCalendar
    /// The language of the notes the planner writes itself (what a publisher's update changed).
    public var language: Language

    public init(node: String, actor: String, now: Instant, calendar: LocalCalendar, language: Language = .zh) {
        self.node = node
        self.actor = actor
        self.now = now
        self.calendar = calendar
        self.language = language
    }

    /// The ops for `intents`, each planned against the state the earlier ones leave: all of them
    /// make sense together, or the first that does not is the reason.
    public func plan(_ intents: [Intent], in state: DutyState) throws(DomainError) -> [Op] {
        var run = Run(state: state)
        var ops: [Op] = []
        for (i, intent) in intents.enumerated() {
            ops += try step(intent, &run, last: i == intents.count - 1).ops
        }
        return ops
    }

    public func plan(_ intent: Intent, in state: DutyState) throws(DomainError) -> [Op] {
        try plan([intent], in: state)
    }

    /// One intent's ops, and the alert it reached (for a message taken in twice: the alert it
    /// already reached; no ops).
    public struct Step: Hashable, Sendable {
        public var ops: [Op]
        public var reached: String?
    }

    /// Each intent on its own (files in the inbox): one that cannot be planned is refused with
    /// its reason and the others go on, each against the state the accepted ones before it leave.
    public func planEach(_ intents: [Intent], in state: DutyState) -> [Result<Step, DomainError>] {
        var run = Run(state: state)
        var out: [Result<Step, DomainError>] = []
        out.reserveCapacity(intents.count)
        for (i, intent) in intents.enumerated() {
            do {
                out.append(.success(try step(intent, &run, last: i == intents.count - 1)))
            } catch {
                out.append(.failure(error))
            }
        }
        return out
    }

    // MARK: - One step

    /// The state as the batch leaves it, and the rain signals in force, kept up to date alert by
    /// alert once first needed: walking every open alert per file would make a flood cost grow
    /// with the queue.
    private struct Run {
        var state: DutyState
        var signals: [String: Alert]?
    }

    private var context: OpContext { OpContext(actor: actor, at: now, node: node, seq: 0) }

    private func step(_ intent: Intent, _ run: inout Run, last: Bool) throws(DomainError) -> Step {
        let (ops, reached) = try decide(intent, in: run.state)
        for op in ops { try run.state.validate(op) }
        guard let target = ops.first.flatMap(Self.signalAlert) else {
            // The last step of a batch is not applied: a keypress must not copy a year's state.
            if !last { for op in ops { run.state.apply(op, context) } }
            return Step(ops: ops, reached: reached)
        }
        let wasRain = run.state.alerts[target].map { DutyState.rainSignalKinds.contains($0.content.kind) } ?? false
        if run.signals == nil {
            run.signals = Dictionary(uniqueKeysWithValues: run.state.rainSignals(at: now).map { ($0.id, $0) })
        }
        for op in ops { run.state.apply(op, context) }
        guard wasRain || run.state.alerts[target].map({ DutyState.rainSignalKinds.contains($0.content.kind) }) == true else {
            return Step(ops: ops, reached: reached)
        }
        var signals = run.signals ?? [:]
        let (hadSignals, oldLevel) = (!signals.isEmpty, signals[target]?.level)
        if let a = run.state.alerts[target], DutyState.isRainSignal(a, at: now) { signals[target] = a } else { signals[target] = nil }
        run.signals = signals
        let roundOps = run.state.roundOps(signalsChanged: oldLevel != signals[target]?.level, hadSignals: hadSignals,
                                          hasSignals: !signals.isEmpty, top: { signals.values.min(by: Alert.urgencyOrder) },
                                          at: now, calendar: calendar)
        for op in roundOps {
            try run.state.validate(op)
            run.state.apply(op, context)
        }
        return Step(ops: ops + roundOps, reached: reached)
    }

    /// Ops that can raise, change or lift a rain signal: the ones the 三查 rule looks at.
    private static func signalAlert(_ op: Op) -> String? {
        switch op {
        case .alertRaised(let c), .alertUpdated(let c, _, _): c.id
        case .alertLifted(let id, _, _): id
        default: nil
        }
    }

    private func decide(_ intent: Intent, in s: DutyState) throws(DomainError) -> ([Op], String?) {
        switch intent {
        case .raise(var content):
            if content.id.isEmpty || s.alerts.contains(content.id) || s.alertAliases[content.id] != nil {
                guard content.id.isEmpty || Self.isConsoleMinted(content.id) else {
                    throw DomainError("alert \(content.id) already exists", zh: "警情 \(content.id) 已存在")
                }
                content.id = Self.alertID(in: s, node: node, date: calendar.localDate(now))
            }
            return ([.alertRaised(content)], content.id)
        case .receive(let message):
            if let reached = s.alertID(reachedBy: message.messageID) { return ([], reached) }
            let op = try receive(message, in: s)
            return ([op], Self.signalAlert(op))
        case .acknowledge(let id, let note): return ([.alertAcknowledged(id: id, note: note)], id)
        case .startHandling(let id, let note): return ([.alertHandling(id: id, note: note)], id)
        case .resolve(let id, let note): return ([.alertResolved(id: id, note: note)], id)
        case .reopen(let id, let note): return ([.alertReopened(id: id, note: note)], id)
        case .addNote(let id, let text): return ([.alertNoted(id: id, text: text)], id)
        case .report(let id, let stage, let note): return ([.alertReported(id: id, stage: stage, note: note)], id)
        case .tick(let round, let point, let phase, let item, let result, let remark):
            return ([.itemTicked(roundID: round, pointID: point, phase: phase, itemID: item, result: result, remark: remark)], nil)
        case .logCall(let contact, let role, let outcome, let note):
            // The count of calls only grows, and on this console its own calls each see a larger
            // one: with the console's name in it no two calls share an id.
            let id = "C-\(node)-\(s.callLog.count + 1)-\(contact)-\(role.rawValue)"
            return ([.callLogged(id: id, contactID: contact, role: role, outcome: outcome, note: note)], nil)
        case .reassignSlot(let slot, let person, let phone, let reason, let seen):
            return ([.slotReassigned(slotID: slot, person: person, phone: phone, reason: reason, from: seen)], nil)
        case .swapSlots(let a, let b, let reason):
            return ([.slotsSwapped(first: a, second: b, reason: reason)], nil)
        case .addSlot(let date, let start, let end, let role, let person, let phone, let reason):
            // Never the imported sheet's ids (S-date-…), nor another console's.
            let prefix = "C-\(date.compact)-\(node)-"
            var n = 1
            while s.slots[prefix + String(n)] != nil { n += 1 }
            let slot = DutySlot(id: prefix + String(n), date: date, start: start, end: end, role: role, person: person, phone: phone)
            return ([.slotAdded(slot: slot, reason: reason)], nil)
        case .importRoster(let source, let slots): return ([.rosterImported(source: source, slots: slots)], nil)
        case .importContacts(let source, let contacts): return ([.contactsImported(source: source, contacts: contacts)], nil)
        case .importHazardPoints(let source, let points): return ([.hazardPointsImported(source: source, points: points)], nil)
        case .importTemplates(let source, let templates): return ([.checklistTemplatesImported(source: source, templates: templates)], nil)
        case .handOver(let note, let deadlines):
            if let p = s.pendingHandover, p.status == .pending {
                throw DomainError("handover \(p.id) by \(InertText.line(p.submitted.actor)) is still waiting to be signed", zh: "\(InertText.line(p.submitted.actor)) 提交的交接 \(p.id) 尚未签收")
            }
            let summary = s.handoverDraft(at: now, calendar, deadlines: deadlines).summary
            return ([.handoverSubmitted(id: Self.handoverID(in: s, node: node, at: now, calendar), summary: summary, note: note)], nil)
        case .answerHandover(let id, let accepted, let text):
            if let refusal = s.handoverAnswerRefusal(by: actor) { throw DomainError(refusal.description, zh: refusal.chinese) }
            if s.pendingHandover?.id != id { throw DomainError("handover \(id) is not the one waiting to be signed", zh: "交接 \(id) 不是待签收的那份") }
            if !accepted, text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DomainError("returning a handover needs a question", zh: "退回交接须写明原因")
            }
            return ([.handoverAnswered(id: id, accepted: accepted, text: text)], nil)
        }
    }

    // MARK: - Messages from publishers

    /// The op a publisher's message makes: a new alert, an update of the alert its references
    /// reach, or the lifting of it.
    private func receive(_ m: IncomingAlert, in s: DutyState) throws(DomainError) -> Op {
        let target = m.references.reversed().lazy.compactMap { s.alertID(reachedBy: $0) }.first
        switch (m.action, target) {
        case (.alert, _), (.update, nil):
            // An Update of a message never taken in is all we know of that alert.
            return .alertRaised(m.content)
        case (.update, let id?):
            var content = m.content
            content.id = id
            let note = s.alerts[id].map { Self.changes(from: $0.content, to: content, language: language, calendar: calendar) } ?? ""
            return .alertUpdated(content, note: note, via: m.messageID)
        case (.cancel, let id?):
            let words = [m.content.title, m.content.body].filter { !$0.isEmpty }.joined(separator: "：")
            return .alertLifted(id: id, note: words, via: m.messageID)
        case (.cancel, nil):
            let refs = m.references.joined(separator: ", ")
            throw m.references.isEmpty
                ? DomainError("a Cancel that names no earlier message in <references>", zh: "解除消息未指明原消息（<references> 为空）")
                : DomainError("a Cancel of an alert never taken in (references \(refs))", zh: "解除的警情从未接收（references \(refs)）")
        }
    }

    /// What an Update changed, in the console's language: `黄色→橙色`, `level yellow→orange`.
    public static func changes(from old: AlertContent, to new: AlertContent, language: Language, calendar: LocalCalendar) -> String {
        let zh = language == .zh
        var parts: [String] = []
        if old.level != new.level {
            parts.append(zh ? "\(old.level.chinese)色→\(new.level.chinese)色" : "level \(old.level.rawValue)→\(new.level.rawValue)")
        }
        if old.kind != new.kind { parts.append(zh ? "类别 \(old.kind)→\(new.kind)" : "kind \(old.kind)→\(new.kind)") }
        if old.title != new.title { parts.append(zh ? "标题：\(new.title)" : "title: \(new.title)") }
        let w = DutyWords(lang: language), (was, becomes) = (w.place(old), w.place(new))
        if was != becomes { parts.append(zh ? "地点 \(was)→\(becomes)" : "place \(was)→\(becomes)") }
        if old.expires != new.expires {
            // The room's own way of writing a moment, never the publisher's ISO text.
            let until = new.expires.map { "\(calendar.localDate($0).monthDay) \(calendar.localTime($0))" } ?? (zh ? "无" : "none")
            parts.append(zh ? "有效期至 \(until)" : "expires \(until)")
        }
        if old.body != new.body, parts.isEmpty { parts.append(zh ? "内容更新" : "text changed") }
        return parts.isEmpty ? (zh ? "内容未变" : "no change") : parts.joined(separator: zh ? "；" : "; ")
    }

    // MARK: - Ids

    /// An id for an alert raised on this console: `A-YYYYMMDD-<node>-NN`, the first number of the
    /// day not yet taken here. The console's name in it means two consoles that have not synced
    /// can never give out the same id (a phone report on each would otherwise be one alert after
    /// the sync, and the other report lost); the number keeps it short to read out.
    public static func alertID(in state: DutyState, node: String, date: LocalDate) -> String {
        let prefix = "A-\(date.compact)-\(node)-"
        var n = 1
        while state.alerts.contains(prefix + zeroPadded(n, 2)) { n += 1 }
        return prefix + zeroPadded(n, 2)
    }

    /// `H-YYYYMMDD-<node>-HHMM`, and `-2`, `-3` … for a second handover in one minute.
    public static func handoverID(in state: DutyState, node: String, at t: Instant, _ cal: LocalCalendar) -> String {
        let time = cal.localTime(t)
        let base = "H-\(cal.localDate(t).compact)-\(node)-" + zeroPadded(time.minutes / 60, 2) + zeroPadded(time.minutes % 60, 2)
        var id = base, n = 1
        while state.handovers.contains(where: { $0.id == id }) {
            n += 1
            id = "\(base)-\(n)"
        }
        return id
    }

    /// Ids a console minted (`A-…`: phone reports, `alert raise`): a second alert under one with
    /// other content is another report. Ids of taken-in messages are hashed from the publisher's
    /// own names, so there the same id is the same message by construction.
    public static func isConsoleMinted(_ id: String) -> Bool { id.hasPrefix("A-") }
}
