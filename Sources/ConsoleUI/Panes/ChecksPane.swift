import DutyCore

/// The three lists of the 三查 pane, left to right.
public enum ChecksColumn: Int, CaseIterable, Hashable, Sendable {
    case streets, points, items
}

/// A remark being typed for a problem or a not-applicable tick. The target is fixed when the
/// entry opens, so a tick arriving from another console cannot move it to another item.
public struct ChecksEntry: Hashable, Sendable {
    public var editor: LineEditor
    public var result: TickResult
    public var roundID: String
    public var pointID: String
    public var phase: CheckPhase
    public var itemID: String
}

public struct ChecksPaneState: Hashable, Sendable {
    public var column: ChecksColumn = .streets
    /// Selected by name and id, not by row: ticks from other consoles never move the selection.
    public var street: String?
    public var pointID: String?
    public var item = 0
    /// The phase being viewed; nil follows the round's current phase.
    public var phase: CheckPhase?
    public var entry: ChecksEntry?
    /// `/`: a street or a point to go to, by any part of its name.
    public var search: LineEditor?
    public init() {}
}

/// 4 三查: street → hazard point → items of the phase, ticked in place.
enum ChecksPane: PaneBehaviour {
    static let isBuilt = true

    static func type(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        if state.checksPane.entry != nil { return typeRemark(&state, key) }
        return typeSearch(&state, key)
    }

    static func handle(_ state: inout ConsoleState, _ command: Command) -> [Effect]? {
        let sel = ChecksSelection(state)
        switch command {
        case .downPressed: move(&state, sel, 1)
        case .upPressed: move(&state, sel, -1)
        case .pageDownPressed: move(&state, sel, 10)
        case .pageUpPressed: move(&state, sel, -10)
        case .homePressed: move(&state, sel, -Int(Int32.max))
        case .endPressed: move(&state, sel, Int(Int32.max))
        case .rightPressed, .enterPressed: deeper(&state, sel)
        case .leftPressed, .escapePressed:
            if let c = ChecksColumn(rawValue: state.checksPane.column.rawValue - 1) { state.checksPane.column = c }
        case .phasePressed:
            let all = CheckPhase.allCases
            let next = all[(all.firstIndex(of: sel.phase)! + 1) % all.count]
            state.checksPane.phase = next
            state.checksPane.item = 0
            state.notice = ChecksWords(state.language).viewing(next)
        case .findPressed: state.checksPane.search = LineEditor(prompt: ChecksWords(state.language).searchPrompt)
        case .okPressed: return tickOK(&state, sel)
        case .problemPressed: openEntry(&state, sel, .problem)
        // 正常 with a reading (水位 20 厘米, 泵电流 12A) or a note.
        case .okWithNotePressed: openEntry(&state, sel, .ok)
        case .notApplicablePressed: openEntry(&state, sel, .notApplicable)
        default: return nil
        }
        return []
    }

    static func draw(_ g: inout Grid, _ state: ConsoleState, in r: Rect, glyphs: Glyphs) {
        ChecksView(state: state, glyphs: glyphs).draw(&g, in: r)
    }

    static func entryHints(_ state: ConsoleState) -> [(key: String, text: String)] {
        let l = state.language
        if state.checksPane.entry != nil { return [("Enter", l.pick("确定", "save")), ("Esc", l.pick("取消", "cancel"))] }
        return [("Enter", l.pick("前往", "go")), ("Esc", l.pick("取消", "cancel"))]
    }

    static func isEditing(_ state: ConsoleState) -> Bool { state.checksPane.entry != nil || state.checksPane.search != nil }
    static func paste(_ state: inout ConsoleState, _ text: String) -> Bool {
        if var search = state.checksPane.search {
            search.paste(text)
            state.checksPane.search = search
            return true
        }
        guard var entry = state.checksPane.entry else { return false }
        entry.editor.paste(text)
        state.checksPane.entry = entry
        return true
    }
    static func draft(_ state: ConsoleState) -> String { state.checksPane.entry?.editor.text ?? "" }

    // MARK: Finding

    private static func typeSearch(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var editor = state.checksPane.search else { return [] }
        switch editor.handle(key) {
        case .editing:
            state.checksPane.search = editor
        case .cancelled:
            state.checksPane.search = nil
        case .submitted(let text):
            state.checksPane.search = nil
            if !text.isEmpty { find(&state, text) }
        }
        return []
    }

    /// A street whose name holds the text, else the first point (in street order) whose name does.
    private static func find(_ state: inout ConsoleState, _ text: String) {
        let w = ChecksWords(state.language)
        let streets = state.duty.checkStreets
        if let street = streets.first(where: { $0.contains(text) }) {
            state.checksPane.street = street
            state.checksPane.pointID = nil
            state.checksPane.item = 0
            state.checksPane.column = .streets
            return
        }
        for street in streets {
            guard let point = state.duty.hazardPoints(in: street).first(where: { $0.name.contains(text) }) else { continue }
            state.checksPane.street = street
            state.checksPane.pointID = point.id
            state.checksPane.item = 0
            state.checksPane.column = .points
            return
        }
        state.notice = w.notFound(InertText.line(text))
    }

    // MARK: Moving

    private static func move(_ state: inout ConsoleState, _ sel: ChecksSelection, _ delta: Int) {
        func clamp(_ i: Int, _ count: Int) -> Int { max(0, min(count - 1, i)) }
        switch state.checksPane.column {
        case .streets:
            guard !sel.streets.isEmpty else { return }
            state.checksPane.street = sel.streets[clamp(sel.streetIndex + delta, sel.streets.count)]
            state.checksPane.pointID = nil
            state.checksPane.item = 0
        case .points:
            guard !sel.points.isEmpty else { return }
            state.checksPane.pointID = sel.points[clamp(sel.pointIndex + delta, sel.points.count)].id
            state.checksPane.item = 0
        case .items:
            guard !sel.items.isEmpty else { return }
            state.checksPane.item = clamp(sel.itemIndex + delta, sel.items.count)
        }
    }

    private static func deeper(_ state: inout ConsoleState, _ sel: ChecksSelection) {
        switch state.checksPane.column {
        case .streets where !sel.points.isEmpty:
            state.checksPane.street = sel.street
            state.checksPane.column = .points
        case .points where !sel.items.isEmpty:
            state.checksPane.pointID = sel.point?.id
            state.checksPane.column = .items
        default: break
        }
    }

    // MARK: Ticking

    /// The item a tick would go to, or a notice saying why there is none.
    private static func target(_ state: inout ConsoleState, _ sel: ChecksSelection) -> (ChecklistRound, HazardPoint, ChecklistItem)? {
        let w = ChecksWords(state.language)
        guard let round = sel.round else {
            state.notice = w.noRoundShort
            return nil
        }
        guard state.checksPane.column == .items, let point = sel.point, let item = sel.item else {
            state.notice = w.pickItemFirst
            return nil
        }
        return (round, point, item)
    }

    private static func tickOK(_ state: inout ConsoleState, _ sel: ChecksSelection) -> [Effect] {
        guard let (round, point, item) = target(&state, sel) else { return [] }
        return tick(&state, .tick(round: round.id, point: point.id, phase: sel.phase, item: item.id, result: .ok, remark: ""),
                    point: point.name, advance: true)
    }

    private static func openEntry(_ state: inout ConsoleState, _ sel: ChecksSelection, _ result: TickResult) {
        guard let (round, point, item) = target(&state, sel) else { return }
        let w = ChecksWords(state.language)
        state.checksPane.entry = ChecksEntry(editor: LineEditor(prompt: w.prompt(result, item: item.id)), result: result,
                                             roundID: round.id, pointID: point.id, phase: sel.phase, itemID: item.id)
        state.notice = nil
    }

    private static func typeRemark(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard var entry = state.checksPane.entry else { return [] }
        let w = ChecksWords(state.language)
        switch entry.editor.handle(key) {
        case .editing:
            state.checksPane.entry = entry
            return []
        case .cancelled:
            state.checksPane.entry = nil
            state.notice = w.cancelled
            return []
        case .submitted(let remark):
            // A problem needs saying what it is; "not applicable" needs saying why; OK may say nothing.
            guard !remark.isEmpty || entry.result == .ok else {
                entry.editor.text = ""
                state.checksPane.entry = entry
                state.notice = w.remarkRequired(entry.result)
                return []
            }
            let name = state.duty.hazardPoints[entry.pointID]?.name ?? entry.pointID
            return tick(&state, .tick(round: entry.roundID, point: entry.pointID, phase: entry.phase, item: entry.itemID,
                                      result: entry.result, remark: remark),
                        point: name, advance: true)
        }
    }

    /// Plans the tick against the state before it leaves the pane; on success moves to the next item.
    private static func tick(_ state: inout ConsoleState, _ intent: Intent, point: String, advance: Bool) -> [Effect] {
        let w = ChecksWords(state.language)
        do {
            _ = try state.planner.plan(intent, in: state.duty)
        } catch {
            state.notice = w.refused(error.text(state.language))
            return []
        }
        guard case .tick(_, let pointID, let phase, let itemID, let result, _) = intent else { return [] }
        let said = w.ticked(result, point: InertText.line(point), item: itemID)
        // A tick for a phase the round is not in, or the same result on an item again, is more
        // often a slip than a finding: asked first.
        var doubts: [String] = []
        if let round = state.duty.openRound, round.phase != phase { doubts.append(w.otherPhase(round: round.phase, tick: phase)) }
        if let last = state.roundTicks[TickKey(pointID: pointID, phase: phase, itemID: itemID)], last.result == result {
            doubts.append(w.already(result, by: InertText.line(last.stamp.actor), at: state.when(last.stamp.at)))
        }
        if !doubts.isEmpty {
            state.question = Question(text: doubts.joined(separator: state.language.pick("；", "; ")) + w.recordAnyway, yes: w.record, no: w.goBack,
                                      answer: .save([intent], notice: said))
            return []
        }
        state.checksPane.entry = nil
        state.notice = said
        if advance { advanceItem(&state) }
        return [.perform([intent])]
    }

    /// After a tick: the next item of the point not yet checked in this phase; after the point's
    /// last, the next point (at its first item not yet checked). Items already checked are passed
    /// over, so Space after Space goes through what is left; ↑ goes back to one to check again.
    private static func advanceItem(_ state: inout ConsoleState) {
        let sel = ChecksSelection(state)
        let ticks = state.roundTicks
        let unchecked = { (point: HazardPoint, item: ChecklistItem) in
            ticks[TickKey(pointID: point.id, phase: sel.phase, itemID: item.id)] == nil
        }
        if let point = sel.point, let next = sel.items.indices.dropFirst(sel.itemIndex + 1).first(where: { unchecked(point, sel.items[$0]) }) {
            state.checksPane.item = next
        } else if sel.pointIndex + 1 < sel.points.count {
            let point = sel.points[sel.pointIndex + 1]
            state.checksPane.pointID = point.id
            state.checksPane.item = state.duty.items(for: point, phase: sel.phase).firstIndex { unchecked(point, $0) } ?? 0
        }
    }
}

/// What the pane's state points at, resolved against the duty state: names that vanished fall
/// back to the first row.
struct ChecksSelection {
    let round: ChecklistRound?
    let phase: CheckPhase
    let streets: [String]
    let streetIndex: Int
    let points: [HazardPoint]
    let pointIndex: Int
    let items: [ChecklistItem]
    let itemIndex: Int

    var street: String? { streets.isEmpty ? nil : streets[streetIndex] }
    var point: HazardPoint? { points.isEmpty ? nil : points[pointIndex] }
    var item: ChecklistItem? { items.isEmpty ? nil : items[itemIndex] }

    init(_ state: ConsoleState) {
        let p = state.checksPane
        let duty = state.duty
        round = duty.openRound
        phase = p.phase ?? round?.phase ?? .before
        let streets = duty.checkStreets
        let streetIndex = p.street.flatMap { streets.firstIndex(of: $0) } ?? 0
        let points = streets.isEmpty ? [] : duty.hazardPoints(in: streets[streetIndex])
        let pointIndex = p.pointID.flatMap { id in points.firstIndex { $0.id == id } } ?? 0
        let items = points.isEmpty ? [] : duty.items(for: points[pointIndex], phase: phase)
        self.streets = streets
        self.streetIndex = streetIndex
        self.points = points
        self.pointIndex = pointIndex
        self.items = items
        itemIndex = items.isEmpty ? 0 : max(0, min(items.count - 1, p.item))
    }
}
