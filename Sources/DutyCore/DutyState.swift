/// The duty room's state: the fold of every op in the journal.
public struct DutyState: Hashable, Sendable {
    public var slots = SlotTable()
    public var rosterChanges: [RosterChange] = []
    /// Slots given to two people at once on different consoles: the other claims, for a lead to
    /// settle (by giving the slot again). The slot itself keeps the one the clock order put last.
    public var slotConflicts: [String: [SlotClaim]] = [:]
    public var hazardPoints: [String: HazardPoint] = [:]
    public var templates: [CheckPhase: ChecklistTemplate] = [:]
    public var contacts: [String: FloodContact] = [:]
    /// Open alerts live in memory; resolved ones may still be deferred snapshot bytes.
    public var alerts = ArchivedTable<Alert>()
    /// The open round lives in memory; closed ones may still be deferred.
    public var rounds = ArchivedTable<ChecklistRound>()
    public var callLog = CallLog()
    public var handovers: [Handover] = []
    /// Imports as they happened, so `check` and the report can name the file each came from.
    public var imports: [ImportRecord] = []
    /// Publishers' messages that changed an alert rather than raising one (CAP Update, Cancel),
    /// by the id derived from the message, to the alert they reached. A later message naming
    /// one of them in its references reaches the same alert, however long the chain; a message
    /// whose id is here or is an alert's id was already taken in.
    public var alertAliases: [String: String] = [:]

    public init() {}

    /// The call log, every call in fold order.
    public var calls: [CallEntry] {
        get { callLog.all }
        set { callLog.all = newValue }
    }

    public struct ImportRecord: Hashable, Sendable {
        public var kind: String
        public var source: String
        public var count: Int
        public var stamp: Stamp
        public init(kind: String, source: String, count: Int, stamp: Stamp) {
            self.kind = kind
            self.source = source
            self.count = count
            self.stamp = stamp
        }
    }
}

// MARK: - Validation

extension DutyState {
    /// Whether `op` makes sense now. The fold itself never fails; this is the gate in front of it.
    public func validate(_ op: Op) throws(DomainError) {
        switch op {
        case .rosterImported(_, let slots):
            if slots.isEmpty { throw DomainError("the roster has no slots", zh: "排班表没有班次") }
        case .slotReassigned(let id, let person, _, _, _):
            guard slots[id] != nil else { throw DomainError("no roster slot \(id)", zh: "没有班次 \(id)") }
            if person.isEmpty { throw DomainError("a slot needs a person", zh: "班次须有值班人") }
        case .slotsSwapped(let a, let b, _):
            guard slots[a] != nil else { throw DomainError("no roster slot \(a)", zh: "没有班次 \(a)") }
            guard slots[b] != nil else { throw DomainError("no roster slot \(b)", zh: "没有班次 \(b)") }
            if a == b { throw DomainError("a slot cannot be swapped with itself", zh: "班次不能与自己对调") }
        case .slotAdded(let slot, _):
            if slots[slot.id] != nil { throw DomainError("roster slot \(slot.id) already exists", zh: "班次 \(slot.id) 已存在") }
        case .slotRemoved(let id, _):
            guard slots[id] != nil else { throw DomainError("no roster slot \(id)", zh: "没有班次 \(id)") }
        case .hazardPointsImported(_, let points):
            if points.isEmpty { throw DomainError("no hazard points in the file", zh: "文件中没有隐患点") }
        case .checklistTemplatesImported(_, let templates):
            if templates.isEmpty { throw DomainError("no checklist templates in the file", zh: "文件中没有检查表") }
        case .contactsImported(_, let contacts):
            if contacts.isEmpty { throw DomainError("no contacts in the file", zh: "文件中没有责任人") }
        case .alertRaised(let content):
            if alerts.contains(content.id) { throw DomainError("alert \(content.id) already exists", zh: "警情 \(content.id) 已存在") }
            if alertAliases[content.id] != nil { throw DomainError("message \(content.id) was already taken in", zh: "消息 \(content.id) 已接收过") }
            if content.title.isEmpty { throw DomainError("an alert needs a title", zh: "警情须有标题") }
        case .alertAcknowledged(let id, _):
            let alert = try existingAlert(id)
            if alert.status != .new {
                throw DomainError("alert \(id) is already \(alert.status.rawValue)", zh: "警情 \(id) 已是“\(alert.status.chinese)”")
            }
        case .alertHandling(let id, _):
            let alert = try existingAlert(id)
            if alert.status.rank >= AlertStatus.handling.rank {
                throw DomainError("alert \(id) is already \(alert.status.rawValue)", zh: "警情 \(id) 已是“\(alert.status.chinese)”")
            }
        case .alertResolved(let id, _):
            let alert = try existingAlert(id)
            if alert.status == .resolved { throw DomainError("alert \(id) is already resolved", zh: "警情 \(id) 已解决") }
        case .alertReopened(let id, let note):
            let alert = try existingAlert(id)
            if alert.status != .resolved { throw DomainError("alert \(id) is not resolved", zh: "警情 \(id) 未解决，无需重开") }
            if note.trimmingCharacters(in: .whitespaces).isEmpty { throw DomainError("reopening an alert needs a note", zh: "重开警情须写明原因") }
        case .alertUpdated(let content, _, let via):
            _ = try existingAlert(content.id)
            if content.title.isEmpty { throw DomainError("an alert needs a title", zh: "警情须有标题") }
            try checkAlias(via)
        case .alertLifted(let id, _, let via):
            let alert = try existingAlert(id)
            if alert.isLifted { throw DomainError("alert \(id) is already lifted", zh: "警情 \(id) 已解除") }
            try checkAlias(via)
        case .alertReported(let id, let stage, _):
            let alert = try existingAlert(id)
            if stage != .followUp, !alert.reports(stage).isEmpty {
                throw DomainError("the \(stage.english) on alert \(id) was already made", zh: "警情 \(id) 已报过\(stage.chinese)")
            }
        case .alertNoted(let id, let text):
            _ = try existingAlert(id)
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw DomainError("the note is empty", zh: "备注为空") }
        case .roundOpened(let id, _, _):
            if rounds.contains(id) { throw DomainError("round \(id) already exists", zh: "排查轮次 \(id) 已存在") }
            if let open = openRound { throw DomainError("round \(open.id) is still open", zh: "排查轮次 \(open.id) 尚未结束") }
        case .roundPhaseChanged(let id, _), .roundClosed(let id):
            guard let round = rounds[id] else { throw DomainError("no round \(id)", zh: "没有排查轮次 \(id)") }
            if !round.isOpen { throw DomainError("round \(id) is closed", zh: "排查轮次 \(id) 已结束") }
        case .itemTicked(let roundID, let pointID, let phase, let itemID, _, _):
            guard let round = rounds[roundID] else { throw DomainError("no round \(roundID)", zh: "没有排查轮次 \(roundID)") }
            if !round.isOpen { throw DomainError("round \(roundID) is closed", zh: "排查轮次 \(roundID) 已结束") }
            guard let point = hazardPoints[pointID] else { throw DomainError("no hazard point \(pointID)", zh: "没有隐患点 \(pointID)") }
            guard let item = templates[phase]?.items.first(where: { $0.id == itemID }) else {
                throw DomainError("no item \(itemID) in the \(phase.rawValue) checklist", zh: "\(phase.chinese)检查表中没有检查项 \(itemID)")
            }
            if !item.applies(to: point.type) { throw DomainError("item \(itemID) does not apply to \(point.name)", zh: "检查项 \(itemID) 不适用于 \(point.name)") }
        case .callLogged(_, let contactID, _, _, _):
            guard contacts[contactID] != nil else { throw DomainError("no contact \(contactID)", zh: "没有责任人 \(contactID)") }
        case .handoverSubmitted(let id, _, _):
            if handovers.contains(where: { $0.id == id }) { throw DomainError("handover \(id) already exists", zh: "交接 \(id) 已存在") }
        case .handoverAnswered(let id, _, _):
            guard let h = handovers.first(where: { $0.id == id }) else { throw DomainError("no handover \(id)", zh: "没有交接 \(id)") }
            if h.status == .accepted { throw DomainError("handover \(id) is already signed", zh: "交接 \(id) 已签收") }
        case .restored(let inner, _):
            // Re-issued as it was made, whatever became of its alert since: the fold keeps even a
            // report whose id was taken meanwhile, beside the other.
            if case .restored = inner { throw DomainError("a restored change cannot hold another", zh: "恢复的变更不能再包含恢复的变更") }
        }
    }

    /// A message is taken in once: its id may name neither an alert nor an earlier message.
    private func checkAlias(_ via: String) throws(DomainError) {
        guard !via.isEmpty else { return }
        if alertAliases[via] != nil || alerts.contains(via) { throw DomainError("message \(via) was already taken in", zh: "消息 \(via) 已接收过") }
    }

    private func existingAlert(_ id: String) throws(DomainError) -> Alert {
        guard let a = alerts[id] else { throw DomainError("no alert \(id)", zh: "没有警情 \(id)") }
        return a
    }
}

// MARK: - Fold

extension DutyState {
    /// Applies one op. Total: an op that no longer makes sense (it can arrive late from a peer)
    /// changes nothing rather than failing the fold.
    public mutating func apply(_ op: Op, _ ctx: OpContext) {
        let stamp = ctx.stamp
        switch op {
        case .rosterImported(let source, let new):
            let dates = Set(new.map(\.date))
            slots.removeAll(dated: dates)
            slotConflicts = slotConflicts.filter { slots[$0.key] != nil }
            for s in new { slots[s.id] = s }
            imports.append(ImportRecord(kind: "roster", source: source, count: new.count, stamp: stamp))
        case .slotReassigned(let id, let person, let phone, let reason, let from):
            guard var s = slots[id] else { return }
            let was = s.person
            if let from, from != was, person != was {
                // Given away meanwhile by someone who had not seen this: keep both.
                var claims = slotConflicts[id] ?? [SlotClaim(person: was, phone: s.phone, stamp: rosterChanges.last { $0.slotIDs.contains(id) }?.by ?? stamp)]
                claims.append(SlotClaim(person: person, phone: phone, stamp: stamp))
                slotConflicts[id] = claims
            } else {
                slotConflicts[id] = nil
            }
            s.person = person
            s.phone = phone
            slots[id] = s
            rosterChanges.append(RosterChange(slotIDs: [id], what: "\(was) → \(person)", reason: reason, by: stamp))
        case .slotsSwapped(let a, let b, let reason):
            guard var sa = slots[a], var sb = slots[b] else { return }
            swap(&sa.person, &sb.person)
            swap(&sa.phone, &sb.phone)
            slots[a] = sa
            slots[b] = sb
            rosterChanges.append(RosterChange(slotIDs: [a, b], what: "\(sb.person) ⇄ \(sa.person)", reason: reason, by: stamp))
        case .slotAdded(let slot, let reason):
            guard slots[slot.id] == nil else { return }
            slots[slot.id] = slot
            rosterChanges.append(RosterChange(slotIDs: [slot.id], what: "+ \(slot.person)", reason: reason, by: stamp))
        case .slotRemoved(let id, let reason):
            guard let s = slots.removeValue(forKey: id) else { return }
            slotConflicts[id] = nil
            rosterChanges.append(RosterChange(slotIDs: [id], what: "− \(s.person)", reason: reason, by: stamp))
        case .hazardPointsImported(let source, let points):
            for p in points { hazardPoints[p.id] = p }
            imports.append(ImportRecord(kind: "hazard-points", source: source, count: points.count, stamp: stamp))
        case .checklistTemplatesImported(let source, let list):
            for t in list { templates[t.phase] = t }
            imports.append(ImportRecord(kind: "checklists", source: source, count: list.count, stamp: stamp))
        case .contactsImported(let source, let list):
            for c in list { contacts[c.id] = c }
            imports.append(ImportRecord(kind: "contacts", source: source, count: list.count, stamp: stamp))
        case .alertRaised(let content):
            guard let taken = alerts[content.id] else {
                alerts[content.id] = Alert(content: content, received: stamp, origin: ctx.origin)
                return
            }
            // The same message twice (two consoles took in one feed) is one alert. Another report
            // under an id a console minted (two consoles that had not synced) is never dropped:
            // it is kept beside the first under an id of its own, and says so.
            guard Planner.isConsoleMinted(content.id), taken.content != content, taken.events.first?.origin != ctx.origin else { return }
            var kept = content
            kept.id = "\(content.id)~\(ctx.node)-\(ctx.seq)"
            guard !alerts.contains(kept.id) else { return }
            var alert = Alert(content: kept, received: stamp, origin: ctx.origin)
            alert.events.append(AlertEvent(kind: .note, stamp: stamp,
                                           text: "编号冲突：\(content.id) 已是另一条警情（\(taken.content.title)），本条另存为 \(kept.id)",
                                           origin: ctx.origin))
            alerts[kept.id] = alert
        case .alertAcknowledged(let id, let note):
            updateAlert(id) { a in
                a.acknowledgements.append(stamp)
                if a.status == .new { a.status = .acknowledged }
                a.events.append(AlertEvent(kind: .acknowledged, stamp: stamp, text: note, origin: ctx.origin))
            }
        case .alertHandling(let id, let note):
            updateAlert(id) { a in
                if a.status.rank < AlertStatus.handling.rank { a.status = .handling }
                a.events.append(AlertEvent(kind: .handling, stamp: stamp, text: note, origin: ctx.origin))
            }
        case .alertResolved(let id, let note):
            updateAlert(id) { a in
                a.status = .resolved
                a.events.append(AlertEvent(kind: .resolved, stamp: stamp, text: note, origin: ctx.origin))
            }
        case .alertReopened(let id, let note):
            updateAlert(id, reopening: true) { a in
                a.status = .acknowledged
                a.events.append(AlertEvent(kind: .reopened, stamp: stamp, text: note, origin: ctx.origin))
            }
        case .alertNoted(let id, let text):
            updateAlert(id) { a in a.events.append(AlertEvent(kind: .note, stamp: stamp, text: text, origin: ctx.origin)) }
        case .alertUpdated(let content, let note, let via):
            guard alerts.contains(content.id) else { return }
            updateAlert(content.id) { a in
                a.content = content
                a.events.append(AlertEvent(kind: .updated, stamp: stamp, text: note, origin: ctx.origin))
            }
            if !via.isEmpty { alertAliases[via] = content.id }
        case .alertReported(let id, let stage, let note):
            updateAlert(id) { a in a.events.append(AlertEvent(kind: stage.eventKind, stamp: stamp, text: note, origin: ctx.origin)) }
        case .alertLifted(let id, let note, let via):
            guard alerts.contains(id) else { return }
            updateAlert(id) { a in
                if a.lifted == nil { a.lifted = stamp }
                a.events.append(AlertEvent(kind: .lifted, stamp: stamp, text: note, origin: ctx.origin))
            }
            if !via.isEmpty { alertAliases[via] = id }
        case .roundOpened(let id, let title, let phase):
            guard !rounds.contains(id) else { return }
            rounds[id] = ChecklistRound(id: id, title: title, phase: phase, opened: stamp)
        case .roundPhaseChanged(let id, let phase):
            guard var r = rounds[id], r.isOpen else { return }
            r.phase = phase
            r.phaseChanges.append(.init(phase: phase, stamp: stamp))
            rounds[id] = r
        case .roundClosed(let id):
            guard var r = rounds[id], r.isOpen else { return }
            r.closed = stamp
            rounds[id] = r
        case .itemTicked(let roundID, let pointID, let phase, let itemID, let result, let remark):
            guard rounds.contains(roundID) else { return }
            rounds[roundID]!.ticks.append(Tick(pointID: pointID, phase: phase, itemID: itemID, result: result, remark: remark, stamp: stamp))
        case .callLogged(let id, let contactID, let role, let outcome, let note):
            guard let c = contacts[contactID] else { return }
            let p = c.person(role)
            callLog.append(CallEntry(id: id, contactID: contactID, role: role, person: p.name, phone: p.phone, outcome: outcome, note: note, stamp: stamp))
        case .handoverSubmitted(let id, let summary, let note):
            guard !handovers.contains(where: { $0.id == id }) else { return }
            handovers.append(Handover(id: id, summary: summary, note: note, submitted: stamp))
        case .handoverAnswered(let id, let accepted, let text):
            guard let i = handovers.firstIndex(where: { $0.id == id }) else { return }
            handovers[i].replies.append(.init(accepted: accepted, text: text, stamp: stamp))
        case .restored(let inner, let from):
            // As it was made: by whom and when; the record itself says where it is kept now.
            guard !isRestored(inner) else { return }
            apply(inner, OpContext(actor: from.actor, at: from.at, node: ctx.node, seq: ctx.seq))
        }
    }

    private func isRestored(_ op: Op) -> Bool {
        if case .restored = op { return true }
        return false
    }

    /// Changes alert `id`, if there is one. Every change but reopening leaves a resolved alert
    /// resolved, so a resolved one still undecoded in the archive stays undecoded.
    private mutating func updateAlert(_ id: String, reopening: Bool = false, _ change: @escaping @Sendable (inout Alert) -> Void) {
        if reopening {
            guard alerts.contains(id) else { return }
            change(&alerts[id]!)
        } else {
            alerts.edit(id, keepingArchived: change)
        }
    }
}
