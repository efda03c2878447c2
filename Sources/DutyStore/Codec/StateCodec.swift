import DutyCore

/// The whole `DutyState` as bytes, in a canonical order (entities sorted by id, logs in fold
/// order): used for snapshots and for `check --digest`, where equal states must give equal bytes.
///
/// The state is written in sections, each with its own string table so that each decodes on its
/// own: what the screen needs at once (the roster from two weeks back on, points, contacts, open
/// alerts, the open round, handovers) and the parts (resolved alerts, closed rounds, the call
/// log, the open round's ticks, the roster's earlier days, and the ids of the archives) that a
/// snapshot hands over still encoded, to be decoded when first read.
enum StateCodec {
    static let version: UInt64 = 9

    enum Section: Int, CaseIterable {
        case live, archivedAlerts, archivedRounds, calls
        /// The open rounds' ticks, apart from the rounds themselves so that opening the store
        /// need not decode them.
        case openTicks
        /// The ids of the resolved alerts and of the closed rounds, apart from them: knowing that
        /// a new alert's or round's id is not among a year of them must not decode the year.
        case archivedAlertIDs, archivedRoundIDs
        /// The roster's slots of days before the cut (see `rosterCut`), and their ids.
        case earlierSlots, earlierSlotIDs
    }

    static func encode(_ s: DutyState) -> [[UInt8]] {
        Section.allCases.map { encode($0, s) }
    }

    static func encode(_ section: Section, _ s: DutyState) -> [UInt8] {
        var w = BinaryWriter()
        w.uint(version)
        switch section {
        case .live: encodeLive(s, &w)
        case .archivedAlerts: encodeAlerts(Array(s.alerts.archived.values), &w)
        case .archivedRounds: encodeRounds(Array(s.rounds.archived.values), withTicks: true, &w)
        case .calls: encodeCalls(s.calls, &w)
        case .archivedAlertIDs: encodeIDs(s.alerts.archived.keys, &w)
        case .archivedRoundIDs: encodeIDs(s.rounds.archived.keys, &w)
        case .earlierSlots:
            let slots = earlierSlots(s).values.sorted { $0.id < $1.id }
            w.count(slots.count)
            for slot in slots { encode(slot, &w) }
        case .earlierSlotIDs: encodeIDs(earlierSlots(s).keys, &w)
        case .openTicks:
            let rounds = s.rounds.live.values.sorted { $0.id < $1.id }
            w.count(rounds.count)
            for r in rounds {
                w.string(r.id)
                encodeTicks(r.ticks, &w)
            }
        }
        return w.bytes
    }

    private static func encodeIDs(_ ids: Dictionary<String, some Any>.Keys, _ w: inout BinaryWriter) {
        let laid = SortedIDs.layout(SortedIDs.sorted(ids))
        w.count(laid.count)
        w.bytes += laid.bytes
    }

    /// An ids frame, searched where it lies (see `SortedIDs`): its version, its count, then
    /// the ids laid out. `owner` keeps the bytes valid for as long as the ids are kept.
    static func decodeIDs(_ frame: UnsafeBufferPointer<UInt8>, keeping owner: AnyObject) throws(DecodeError) -> SortedIDs {
        var r = BinaryReader(frame)
        let v = try r.uint()
        guard v == version else { throw DecodeError("state format \(v) is not \(version)") }
        let n = try r.count()
        guard let ids = SortedIDs(laidOut: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: frame[r.offset...])), count: n, keeping: owner) else {
            throw DecodeError("a list of \(n) ids whose ends do not fit its bytes")
        }
        return ids
    }

    /// The number of entries a section of a list holds (its first count), read without decoding
    /// the entries.
    static func leadingCount(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> Int {
        var r = BinaryReader(bytes)
        let v = try r.uint()
        guard v == version else { throw DecodeError("state format \(v) is not \(version)") }
        return try r.count()
    }

    /// Where the roster is cut: slots of days before it go to a section of their own, decoded
    /// when something reads those days. Two weeks before the newest thing the state keeps a time
    /// of that the duty room does every day or so (an import, a roster change, a handover), taken
    /// as a UTC day so that no calendar is needed: the days around now and every coming day stay
    /// in the live section whatever the time zone, and a year's past roster is not decoded to
    /// open the store. A function of the state alone, so equal states give equal bytes.
    static func rosterCut(_ s: DutyState) -> LocalDate? {
        let times = s.imports.map(\.stamp.at) + s.rosterChanges.map(\.by.at) + s.handovers.map(\.submitted.at)
        guard let latest = times.max()?.ms else { return nil }
        let dayMs: Int64 = 86_400_000
        let day = latest >= 0 ? latest / dayMs : (latest - dayMs + 1) / dayMs
        return LocalDate(dayNumber: Int(day)).adding(days: -14)
    }

    /// The slots a snapshot of `s` keeps apart: those dated before the cut.
    static func earlierSlots(_ s: DutyState) -> [String: DutySlot] {
        guard let cut = rosterCut(s) else { return [:] }
        return s.slots.all.filter { $0.value.date < cut }
    }

    private static func encodeLive(_ s: DutyState, _ w: inout BinaryWriter) {
        let cut = rosterCut(s)
        w.bool(cut != nil)
        if let cut { w.int(cut.dayNumber) }
        let slots = s.slots.all.values.filter { cut == nil || $0.date >= cut! }.sorted { $0.id < $1.id }
        w.count(slots.count)
        for slot in slots { encode(slot, &w) }
        let conflicts = s.slotConflicts.sorted { $0.key < $1.key }
        w.count(conflicts.count)
        for (id, claims) in conflicts {
            w.string(id)
            w.count(claims.count)
            for c in claims {
                w.string(c.person)
                w.string(c.phone)
                encode(c.stamp, &w)
            }
        }
        w.count(s.rosterChanges.count)
        for c in s.rosterChanges {
            w.count(c.slotIDs.count)
            for id in c.slotIDs { w.string(id) }
            w.string(c.what)
            w.string(c.reason)
            encode(c.by, &w)
        }
        let points = s.hazardPoints.values.sorted { $0.id < $1.id }
        w.count(points.count)
        for p in points {
            w.string(p.id)
            w.string(p.name)
            w.enumCase(p.type)
            w.string(p.street)
        }
        let templates = CheckPhase.allCases.compactMap { s.templates[$0] }
        w.count(templates.count)
        for t in templates {
            w.enumCase(t.phase)
            w.count(t.items.count)
            for i in t.items {
                w.string(i.id)
                w.string(i.text)
                w.count(i.appliesTo.count)
                for h in i.appliesTo { w.enumCase(h) }
            }
        }
        let contacts = s.contacts.values.sorted { $0.id < $1.id }
        w.count(contacts.count)
        for c in contacts {
            w.string(c.id)
            w.string(c.facility)
            w.string(c.type)
            w.string(c.street)
            for role in ResponsibleRole.allCases {
                w.string(c.person(role).name)
                w.string(c.person(role).phone)
            }
        }
        encodeAlerts(Array(s.alerts.live.values), &w)
        encodeRounds(Array(s.rounds.live.values), withTicks: false, &w)
        w.count(s.handovers.count)
        for h in s.handovers {
            w.string(h.id)
            w.string(h.summary)
            w.string(h.note)
            encode(h.submitted, &w)
            w.count(h.replies.count)
            for r in h.replies {
                w.bool(r.accepted)
                w.string(r.text)
                encode(r.stamp, &w)
            }
        }
        w.count(s.imports.count)
        for i in s.imports {
            w.string(i.kind)
            w.string(i.source)
            w.count(i.count)
            encode(i.stamp, &w)
        }
        let aliases = s.alertAliases.sorted { $0.key < $1.key }
        w.count(aliases.count)
        for (message, alert) in aliases {
            w.string(message)
            w.string(alert)
        }
    }

    private static func encodeAlerts(_ list: [Alert], _ w: inout BinaryWriter) {
        let alerts = list.sorted { $0.id < $1.id }
        w.count(alerts.count)
        for a in alerts {
            let c = a.content
            w.string(c.id)
            w.string(c.source)
            w.string(c.kind)
            w.enumCase(c.level)
            w.string(c.title)
            w.string(c.body)
            w.string(c.street)
            optional(c.sent, &w)
            optional(c.expires, &w)
            w.uint(UInt64(AlertReality.allCases.firstIndex(of: c.reality)!) + (c.isOutside ? outsideFlag : 0))
            encode(a.received, &w)
            w.enumCase(a.status)
            w.count(a.acknowledgements.count)
            for st in a.acknowledgements { encode(st, &w) }
            w.count(a.events.count)
            for e in a.events {
                w.enumCase(e.kind)
                encode(e.stamp, &w)
                w.string(e.text)
                w.string(e.origin.node)
                w.uint(UInt64(e.origin.seq))
            }
            w.bool(a.lifted != nil)
            if let lifted = a.lifted { encode(lifted, &w) }
        }
    }

    /// The CAP status's case number, plus 8 for an alert outside the district: states written
    /// before alerts had areas keep their bytes, digests and format version.
    private static let outsideFlag: UInt64 = 8

    private static func realityAndArea(_ r: inout BinaryReader) throws(DecodeError) -> (AlertReality, Bool) {
        let at = r.offset, n = try r.uint()
        let reality = n & (outsideFlag - 1), outside = n & outsideFlag != 0
        guard n < 2 * outsideFlag, reality < UInt64(AlertReality.allCases.count) else { throw DecodeError("bad AlertReality at byte \(at)") }
        return (AlertReality.allCases[Int(reality)], outside)
    }

    private static func optional(_ t: Instant?, _ w: inout BinaryWriter) {
        w.bool(t != nil)
        if let t { w.int(t.ms) }
    }

    private static func optionalInstant(_ r: inout BinaryReader) throws(DecodeError) -> Instant? {
        try r.bool() ? Instant(ms: try r.int()) : nil
    }

    private static func encodeRounds(_ list: [ChecklistRound], withTicks: Bool, _ w: inout BinaryWriter) {
        let rounds = list.sorted { $0.id < $1.id }
        w.count(rounds.count)
        for r in rounds {
            w.string(r.id)
            w.string(r.title)
            w.enumCase(r.phase)
            encode(r.opened, &w)
            w.bool(r.closed != nil)
            if let c = r.closed { encode(c, &w) }
            w.count(r.phaseChanges.count)
            for pc in r.phaseChanges {
                w.enumCase(pc.phase)
                encode(pc.stamp, &w)
            }
            if withTicks { encodeTicks(r.ticks, &w) }
        }
    }

    private static func encodeTicks(_ ticks: [Tick], _ w: inout BinaryWriter) {
        w.count(ticks.count)
        for t in ticks {
            w.string(t.pointID)
            w.enumCase(t.phase)
            w.string(t.itemID)
            w.enumCase(t.result)
            w.string(t.remark)
            encode(t.stamp, &w)
        }
    }

    private static func encodeCalls(_ calls: [CallEntry], _ w: inout BinaryWriter) {
        w.count(calls.count)
        for c in calls {
            w.string(c.id)
            w.string(c.contactID)
            w.enumCase(c.role)
            w.string(c.person)
            w.string(c.phone)
            w.enumCase(c.outcome)
            w.string(c.note)
            encode(c.stamp, &w)
        }
    }

    private static func encode(_ slot: DutySlot, _ w: inout BinaryWriter) {
        w.string(slot.id)
        w.int(slot.date.dayNumber)
        w.int(slot.start.minutes)
        w.int(slot.end.minutes)
        w.string(slot.role.name)
        w.string(slot.person)
        w.string(slot.phone)
    }

    private static func encode(_ st: Stamp, _ w: inout BinaryWriter) {
        w.string(st.actor)
        w.int(st.at.ms)
    }

    // MARK: - Decoding

    static func decode<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (inout BinaryReader) throws(DecodeError) -> T) throws(DecodeError) -> T {
        var r = BinaryReader(bytes)
        let v = try r.uint()
        guard v == version else { throw DecodeError("state format \(v) is not \(version)") }
        let value = try body(&r)
        guard r.atEnd else { throw DecodeError("extra bytes after the state") }
        return value
    }

    /// The live section; the archives come from `archives`, already decoded or deferred.
    static func decodeLive(_ r: inout BinaryReader, archivedAlerts: Deferred<[String: Alert]>, archivedAlertIDs: Deferred<SortedIDs>,
                           archivedRounds: Deferred<[String: ChecklistRound]>, archivedRoundIDs: Deferred<SortedIDs>,
                           calls: CallLog, openTicks: Deferred<[String: [Tick]]>,
                           earlierSlots: Deferred<[String: DutySlot]>, earlierSlotIDs: Deferred<SortedIDs>) throws(DecodeError) -> DutyState {
        var s = DutyState()
        let cut = try r.bool() ? try decodeDay(&r) : nil
        let recent = try decodeSlots(&r)
        if let cut {
            guard recent.values.allSatisfy({ $0.date >= cut }) else { throw DecodeError("a slot before the roster's cut in the live section") }
            s.slots = SlotTable(recent: recent, cut: cut, earlier: earlierSlots, earlierIDs: earlierSlotIDs)
        } else {
            s.slots = SlotTable(recent)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            var claims: [SlotClaim] = []
            for _ in 0..<(try r.count()) { claims.append(SlotClaim(person: try r.string(), phone: try r.string(), stamp: try decodeStamp(&r))) }
            s.slotConflicts[id] = claims
        }
        for _ in 0..<(try r.count()) {
            var ids: [String] = []
            for _ in 0..<(try r.count()) { ids.append(try r.string()) }
            s.rosterChanges.append(RosterChange(slotIDs: ids, what: try r.string(), reason: try r.string(), by: try decodeStamp(&r)))
        }
        // Sized before they are filled: a year's tables grown one rehash at a time were a tenth
        // of an open.
        let pointCount = try r.count()
        s.hazardPoints.reserveCapacity(pointCount)
        for _ in 0..<pointCount {
            let p = HazardPoint(id: try r.string(), name: try r.string(), type: try r.enumCase(HazardType.self), street: try r.string())
            s.hazardPoints[p.id] = p
        }
        for _ in 0..<(try r.count()) {
            let phase = try r.enumCase(CheckPhase.self)
            var items: [ChecklistItem] = []
            for _ in 0..<(try r.count()) {
                let id = try r.string()
                let text = try r.string()
                var applies: [HazardType] = []
                for _ in 0..<(try r.count()) { applies.append(try r.enumCase(HazardType.self)) }
                items.append(ChecklistItem(id: id, text: text, appliesTo: applies))
            }
            s.templates[phase] = ChecklistTemplate(phase: phase, items: items)
        }
        let contactCount = try r.count()
        s.contacts.reserveCapacity(contactCount)
        for _ in 0..<contactCount {
            let id = try r.string(), facility = try r.string(), type = try r.string(), street = try r.string()
            var people: [ResponsiblePerson] = []
            for _ in ResponsibleRole.allCases { people.append(ResponsiblePerson(name: try r.string(), phone: try r.string())) }
            s.contacts[id] = FloodContact(id: id, facility: facility, type: type, street: street,
                                          leader: people[0], technical: people[1], maintenance: people[2])
        }
        s.alerts = ArchivedTable(live: try decodeAlerts(&r), archived: archivedAlerts, archivedIDs: archivedAlertIDs)
        var open = try decodeRounds(&r, withTicks: false)
        for id in open.keys { open[id]!.setTicks(Deferred(loading: { openTicks.value[id] ?? [] })) }
        s.rounds = ArchivedTable(live: open, archived: archivedRounds, archivedIDs: archivedRoundIDs)
        s.callLog = calls
        for _ in 0..<(try r.count()) {
            var h = Handover(id: try r.string(), summary: try r.string(), note: try r.string(), submitted: try decodeStamp(&r))
            for _ in 0..<(try r.count()) {
                h.replies.append(.init(accepted: try r.bool(), text: try r.string(), stamp: try decodeStamp(&r)))
            }
            s.handovers.append(h)
        }
        for _ in 0..<(try r.count()) {
            s.imports.append(.init(kind: try r.string(), source: try r.string(), count: try r.natural(), stamp: try decodeStamp(&r)))
        }
        let aliasCount = try r.count()
        s.alertAliases.reserveCapacity(aliasCount)
        for _ in 0..<aliasCount {
            let message = try r.string()
            s.alertAliases[message] = try r.string()
        }
        return s
    }

    static func decodeAlerts(_ r: inout BinaryReader) throws(DecodeError) -> [String: Alert] {
        let alertCount = try r.count()
        var alerts: [String: Alert] = [:]
        alerts.reserveCapacity(alertCount)
        for _ in 0..<alertCount {
            var content = AlertContent(id: try r.string(), source: try r.string(), kind: try r.string(),
                                       level: try r.enumCase(AlertLevel.self),
                                       title: try r.string(), body: try r.string(), street: try r.string(),
                                       sent: try optionalInstant(&r), expires: try optionalInstant(&r))
            (content.reality, content.isOutside) = try realityAndArea(&r)
            let received = try decodeStamp(&r)
            let status = try r.enumCase(AlertStatus.self)
            var acks: [Stamp] = []
            for _ in 0..<(try r.count()) { acks.append(try decodeStamp(&r)) }
            let eventCount = try r.count()
            var events: [AlertEvent] = []
            events.reserveCapacity(eventCount)
            for _ in 0..<eventCount {
                events.append(AlertEvent(kind: try r.enumCase(AlertEvent.Kind.self), stamp: try decodeStamp(&r), text: try r.string(),
                                          origin: Origin(node: try r.string(), seq: try r.natural())))
            }
            let lifted = try r.bool() ? try decodeStamp(&r) : nil
            alerts[content.id] = Alert(content: content, received: received, status: status, acknowledgements: acks, events: events,
                                       lifted: lifted)
        }
        return alerts
    }

    static func decodeRounds(_ r: inout BinaryReader, withTicks: Bool) throws(DecodeError) -> [String: ChecklistRound] {
        var rounds: [String: ChecklistRound] = [:]
        for _ in 0..<(try r.count()) {
            var round = ChecklistRound(id: try r.string(), title: try r.string(),
                                       phase: try r.enumCase(CheckPhase.self), opened: try decodeStamp(&r))
            if try r.bool() { round.closed = try decodeStamp(&r) }
            round.phaseChanges = []
            for _ in 0..<(try r.count()) {
                round.phaseChanges.append(.init(phase: try r.enumCase(CheckPhase.self), stamp: try decodeStamp(&r)))
            }
            if withTicks { round.ticks = try decodeTicks(&r) }
            rounds[round.id] = round
        }
        return rounds
    }

    static func decodeTicks(_ r: inout BinaryReader) throws(DecodeError) -> [Tick] {
        let n = try r.count()
        var ticks: [Tick] = []
        ticks.reserveCapacity(n)
        for _ in 0..<n {
            ticks.append(Tick(pointID: try r.string(), phase: try r.enumCase(CheckPhase.self),
                              itemID: try r.string(), result: try r.enumCase(TickResult.self),
                              remark: try r.string(), stamp: try decodeStamp(&r)))
        }
        return ticks
    }

    static func decodeOpenTicks(_ r: inout BinaryReader) throws(DecodeError) -> [String: [Tick]] {
        var byRound: [String: [Tick]] = [:]
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            byRound[id] = try decodeTicks(&r)
        }
        return byRound
    }

    static func decodeCalls(_ r: inout BinaryReader) throws(DecodeError) -> [CallEntry] {
        let callCount = try r.count()
        var calls: [CallEntry] = []
        calls.reserveCapacity(callCount)
        for _ in 0..<callCount {
            calls.append(CallEntry(id: try r.string(), contactID: try r.string(), role: try r.enumCase(ResponsibleRole.self),
                                   person: try r.string(), phone: try r.string(), outcome: try r.enumCase(CallOutcome.self),
                                   note: try r.string(), stamp: try decodeStamp(&r)))
        }
        return calls
    }

    static func decodeSlots(_ r: inout BinaryReader) throws(DecodeError) -> [String: DutySlot] {
        let n = try r.count()
        var slots: [String: DutySlot] = [:]
        slots.reserveCapacity(n)
        for _ in 0..<n {
            let slot = try decodeSlot(&r)
            slots[slot.id] = slot
        }
        return slots
    }

    private static func decodeSlot(_ r: inout BinaryReader) throws(DecodeError) -> DutySlot {
        let id = try r.string()
        let day = try decodeDay(&r)
        let start = Int(try r.int()), end = Int(try r.int())
        guard let st = LocalTime(hour: start / 60, minute: start % 60), let en = LocalTime(hour: end / 60, minute: end % 60) else {
            throw DecodeError("slot \(id) has a bad time")
        }
        return DutySlot(id: id, date: day, start: st, end: en,
                        role: DutyRole(try r.string()), person: try r.string(), phone: try r.string())
    }

    /// A day by its number since 1970, within ten thousand years of it: a number past that is
    /// damage, and working out its date would overflow.
    private static func decodeDay(_ r: inout BinaryReader) throws(DecodeError) -> LocalDate {
        let n = try r.int()
        guard n > -3_650_000, n < 3_650_000 else { throw DecodeError("day \(n) is out of range (byte \(r.offset))") }
        return LocalDate(dayNumber: Int(n))
    }

    private static func decodeStamp(_ r: inout BinaryReader) throws(DecodeError) -> Stamp {
        Stamp(actor: try r.string(), at: Instant(ms: try r.int()))
    }
}
