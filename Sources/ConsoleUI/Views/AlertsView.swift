import DutyCore

/// 警情: the list (one line per alert, in queue order) and the detail of the selected alert,
/// beside it from 110 columns, below it on a narrower screen. Never a pop-up over the list.
struct AlertsView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: DutyWords { state.words }
    var lang: Language { state.language }
    var pane: AlertsPaneState { state.alertsPane }

    func draw(_ g: inout Grid, in r: Rect) {
        if let form = state.phoneForm {
            PhoneFormView(state: state, form: form).draw(&g, in: r)
            return
        }
        let list = AlertsPane.rows(state)
        let current = AlertsPane.currentIndex(state, in: list)
        let (top, detail, wide) = layout(r, count: list.count)
        if wide {
            for y in r.y..<r.maxY { g.put(glyphs.vertical, x: top.x + top.width, y: y, role: .border) }
        } else {
            g.put(String(repeating: glyphs.horizontal, count: r.width), x: r.x, y: top.maxY, role: .border)
        }
        drawList(&g, list, current, in: top)
        drawDetail(&g, current.map { list[$0].alert }, in: detail, wide: wide)
    }

    /// Where the list and the detail go: side by side from 110 columns, else the list on top
    /// (at most two fifths of the room) and the detail below a rule.
    private func layout(_ r: Rect, count: Int) -> (list: Rect, detail: Rect, wide: Bool) {
        if r.width >= 110 {
            let leftWidth = r.width * 4 / 7
            return (Rect(x: r.x, y: r.y, width: leftWidth, height: r.height),
                    Rect(x: r.x + leftWidth + 1, y: r.y, width: r.width - leftWidth - 1, height: r.height), true)
        }
        let head = 2 + (hasFilterLine ? 1 : 0)
        let rows = min(max(count, 1), max(3, (r.height - head - 1) * 2 / 5))
        let top = Rect(x: r.x, y: r.y, width: r.width, height: head + rows)
        return (top, Rect(x: r.x, y: top.maxY + 1, width: r.width, height: r.maxY - top.maxY - 1), false)
    }

    /// The furthest the detail of the selected alert can scroll in a body of this size.
    func maxDetailScroll(in r: Rect) -> Int {
        let list = AlertsPane.rows(state)
        guard let i = AlertsPane.currentIndex(state, in: list) else { return 0 }
        let alert = list[i].alert
        let (_, detail, wide) = layout(r, count: list.count)
        let lines = (wide ? wideDetail(alert, width: detail.width) : compactDetail(alert, width: detail.width)).count
        let room = detail.height - (hasEditor ? 1 : 0)
        return lines > room ? lines - (room - 1) : 0
    }

    private var hasEditor: Bool { (pane.entry.map { $0.kind != .filter } ?? false) || state.queueEditor != nil }

    /// The entry drawn at the foot of the detail: a note, a reason to reopen, or a report.
    private var footEditor: LineEditor? {
        if let e = state.queueEditor { return e }
        return hasEditor ? pane.entry?.editor : nil
    }

    private var hasFilterLine: Bool { pane.entry?.kind == .filter || !pane.filter.isEmpty }

    // MARK: List

    private func drawList(_ g: inout Grid, _ list: [QueueRow], _ selected: Int?, in r: Rect) {
        var y = r.y
        let dot = " \(glyphs.dot) "
        var summary = OverviewView.summary(state, glyphs, title: ("警情", "Alerts"))
        if pane.showResolved {
            let resolved = list.count(where: { $0.alert.status == .resolved })
            summary += lang.pick("\(dot)含近\(AlertsPane.resolvedDays)天已解决", "\(dot)with resolved (\(AlertsPane.resolvedDays) days)")
            if AlertFilter(AlertsPane.filterText(state)).isEmpty { summary += lang.pick(" \(resolved)", ": \(resolved)") }
        }
        g.put(summary, x: r.x + 1, y: y, role: .header, limit: r.width - 2)
        y += 1
        if let entry = pane.entry, entry.kind == .filter {
            entry.editor.draw(&g, x: r.x + 1, y: y, width: r.width - 2)
            y += 1
        } else if !pane.filter.isEmpty {
            let count = lang.pick("  符合 \(list.count) 条", "  \(list.count) matching")
            let clear = lang.pick(" （Esc 清除）", " (Esc clears)")
            let room = r.width - 2 - DisplayWidth.of(AlertsWords(lang).filterPrompt) - DisplayWidth.of(clear + count)
            let text = AlertsWords(lang).filterPrompt + DisplayWidth.truncate(InertText.line(pane.filter), to: max(1, room)) + clear + count
            g.put(text, x: r.x + 1, y: y, role: .focus, limit: r.width - 2)
            y += 1
        }
        let view = QueueRowView(state: state, glyphs: glyphs)
        view.drawTitles(&g, x: r.x, y: y, width: r.width)
        y += 1
        guard let selected, !list.isEmpty else {
            let empty: String
            if !AlertFilter(AlertsPane.filterText(state)).isEmpty {
                empty = lang.pick("没有符合筛选的警情", "No alert matches the filter")
            } else if pane.showResolved {
                empty = lang.pick("没有未结或近期已解决的警情", "No open or recently resolved alerts")
            } else {
                empty = lang.pick("没有未结警情", "No open alerts")
            }
            g.put(empty, x: r.x + 1, y: y, role: .muted, limit: r.width - 2)
            return
        }
        let rows = max(1, r.maxY - y)
        drawListPosition(&g, selected: selected, total: list.count, shown: rows, right: r.maxX - 1, y: y - 1, lang: lang)
        let first = max(0, min(selected - rows + 1, list.count - rows))
        for (i, row) in list[first..<min(list.count, first + rows)].enumerated() {
            view.draw(&g, row, x: r.x, y: y + i, width: r.width, selected: first + i == selected)
        }
    }



    // MARK: Detail

    /// One row of the detail: pieces of text at cell offsets from the left edge.
    private typealias Line = [(x: Int, text: String, role: Role)]

    private func drawDetail(_ g: inout Grid, _ alert: Alert?, in r: Rect, wide: Bool) {
        guard r.height > 0 else { return }
        let editor = footEditor
        var room = r.height - (editor == nil ? 0 : 1)
        if let editor { editor.draw(&g, x: r.x + 1, y: r.maxY - 1, width: r.width - 2) }
        guard let alert else {
            g.put(lang.pick("没有选中的警情", "No alert selected"), x: r.x + 1, y: r.y, role: .muted, limit: r.width - 2)
            return
        }
        let lines = wide ? wideDetail(alert, width: r.width) : compactDetail(alert, width: r.width)
        var first = 0
        var marker: String?
        if lines.count > room {
            room -= 1
            first = max(0, min(pane.detailScroll, lines.count - room))
            marker = lang.pick("第 \(first + 1)–\(first + room) 行，共 \(lines.count) 行  PgUp/PgDn 翻页",
                               "lines \(first + 1)–\(first + room) of \(lines.count)  PgUp/PgDn scrolls")
        }
        for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
            for piece in line {
                g.put(piece.text, x: r.x + piece.x, y: r.y + i, role: piece.role, limit: max(0, r.width - piece.x - 1))
            }
        }
        if let marker { g.put(marker, x: r.x + 1, y: r.y + room, role: .muted, limit: r.width - 2) }
    }

    /// Beside the list: a labelled field per line, then the text and the timeline.
    private func wideDetail(_ a: Alert, width: Int) -> [Line] {
        let labelWidth = lang == .zh ? 6 : 10
        let vx = 1 + labelWidth
        let valueWidth = width - vx - 1
        var lines: [Line] = DisplayWidth.wrapWords(InertText.line(a.content.title), width: width - 2).map { [(1, $0, .header)] }
        func field(_ label: String, _ value: [(String, Role)]) {
            let flowed = flow(value, width: valueWidth)
            for (i, l) in flowed.enumerated() {
                lines.append((i == 0 ? [(1, label, .muted)] : []) + l.map { ($0.x + vx, $0.text, $0.role) })
            }
        }
        let overdue = state.isOverdue(a)
        field(lang.pick("编号", "ID"), [(a.id, .normal)])
        field(lang.pick("级别", "Level"), [(w.level(a.level), Role.level(a.level))])
        field(lang.pick("类别", "Kind"), [(InertText.line(a.content.kind), .normal)])
        field(lang.pick("状态", "Status"), status(a) + (overdue ? [(lang.pick("逾期未确认", "overdue"), .overdue)] : []))
        field(lang.pick("来源", "Source"), [(InertText.line(a.content.source), .normal)])
        field(lang.pick("街道", "Street"), place(a))
        field(lang.pick("收到", "Received"), received(a))
        field(lang.pick("确认", "Acked by"), acknowledgements(a))
        if let r = reports(a) { field(lang.pick("上报", "Reports"), r) }
        lines.append([])
        lines.append([(1, lang.pick("内容", "Text"), .header)])
        lines += body(a, x: 1, width: width - 2)
        lines.append([])
        lines.append([(1, lang.pick("时间线", "Timeline"), .header)])
        lines += timeline(a, width: width)
        return lines
    }

    /// Below the list: the title with the id, the fields flowing on one or two lines, the text,
    /// who acknowledged, and the timeline.
    private func compactDetail(_ a: Alert, width: Int) -> [Line] {
        let id = a.id
        let titleRoom = width - 2 - DisplayWidth.of(id) - 2
        var lines: [Line] = [[(1, DisplayWidth.truncate(InertText.line(a.content.title), to: titleRoom), .header),
                              (width - 1 - DisplayWidth.of(id), id, .muted)]]
        var chunks: [[(String, Role)]] = [
            [(lang.pick("级别", "Level"), .muted), (w.level(a.level), Role.level(a.level))],
            [(lang.pick("状态", "Status"), .muted)] + status(a),
            [(lang.pick("来源", "Source"), .muted), (InertText.line(a.content.source), .normal)],
            [(lang.pick("街道", "Street"), .muted)] + place(a),
        ]
        chunks.append([(lang.pick("收到", "Received"), .muted)] + received(a))
        if let r = reports(a) { chunks.append([(lang.pick("上报", "Reports"), .muted)] + r) }
        lines += flowChunks(chunks, width: width - 2).map { $0.map { ($0.x + 1, $0.text, $0.role) } }
        lines += body(a, x: 1, width: width - 2)
        let ackLabel = lang.pick("确认", "Acked by")
        let acks = flow(acknowledgements(a), width: width - 3 - DisplayWidth.of(ackLabel))
        for (i, l) in acks.enumerated() {
            lines.append((i == 0 ? [(1, ackLabel, .muted)] : []) + l.map { ($0.x + 2 + DisplayWidth.of(ackLabel), $0.text, $0.role) })
        }
        lines.append([(1, lang.pick("时间线", "Timeline"), .header)])
        lines += timeline(a, width: width)
        return lines
    }

    /// The status written, `!` when acknowledging is overdue, and when it was resolved; then
    /// what else it is: a drill or test, lifted (when), expired or valid until (when).
    private func status(_ a: Alert) -> [(String, Role)] {
        let overdue = state.isOverdue(a)
        let role: Role = overdue ? .overdue : (a.status == .new && a.content.isCounted ? .statusNew : .normal)
        var parts: [(String, Role)] = [(w.status(a.status) + (overdue ? "!" : ""), role)]
        if a.status == .resolved { parts.append((state.when(a.resolvedAt), .normal)) }
        if !a.content.isReal {
            parts.append((lang.pick("[\(w.realityMark(a.content.reality))]不计入", "[\(w.realityMark(a.content.reality))] not counted"), .warning))
        }
        if let lifted = a.lifted {
            parts.append((lang.pick("已解除 \(state.when(lifted.at))", "lifted \(state.when(lifted.at))"), .muted))
        } else if let expires = a.content.expires {
            parts.append(a.isExpired(at: state.now) ? (lang.pick("已过期 \(state.when(expires))", "expired \(state.when(expires))"), .muted)
                                                    : (lang.pick("有效至 \(state.when(expires))", "valid until \(state.when(expires))"), .normal))
        }
        return parts
    }

    /// The street, or 区外 for an alert whose area lies wholly outside the district, said as
    /// not counted (its status line says so for a drill).
    private func place(_ a: Alert) -> [(String, Role)] {
        guard a.content.isOutside else { return [(InertText.line(a.content.street), .normal)] }
        return [(lang.pick("\(w.outside)（不计入）", "\(w.outside) (not counted)"), .warning)]
    }

    /// Reports made (with their times) and the next one due; nil for what owes none and has none.
    private func reports(_ a: Alert) -> [(String, Role)]? {
        var parts: [(String, Role)] = ReportStage.allCases.flatMap { stage in
            a.reports(stage).map { ("\(ReportWords.stage(stage, lang)) \(state.when($0.at))", Role.ok) }
        }
        if let due = a.owedReport(state.settings.deadlines) {
            parts.append((ReportWords.dueInFull(due, now: state.now, by: state.when(due.due), w), due.isMissed(at: state.now) ? .overdue : .normal))
        }
        return parts.isEmpty ? nil : parts
    }

    /// When it came in and how long ago; a phone report typed after the call names the call's
    /// time first, which its age and deadlines count from, then when it was typed in.
    private func received(_ a: Alert) -> [(String, Role)] {
        let called = a.toldAt != a.received.at
        var parts: [(String, Role)] = [(called ? lang.pick("来电 ", "call ") + state.when(a.toldAt) : state.when(a.received.at), .normal)]
        if a.isOpen {
            let age = w.age(seconds: state.now.seconds(since: a.toldAt))
            parts.append((lang.pick("\(age)前", "\(age) ago"), .normal))
        }
        if called { parts.append((lang.pick("录入 ", "typed in ") + state.when(a.received.at), .muted)) }
        return parts
    }

    /// Everyone who acknowledged it, with the time: two consoles acknowledging both count.
    private func acknowledgements(_ a: Alert) -> [(String, Role)] {
        guard !a.acknowledgements.isEmpty else { return [(lang.pick("尚无", "nobody yet"), a.status == .new ? .statusNew : .muted)] }
        return a.acknowledgements.map { ("\(InertText.line($0.actor)) \(state.when($0.at))", .normal) }
    }

    private func body(_ a: Alert, x: Int, width: Int) -> [Line] {
        let text = InertText.block(a.content.body)
        guard !text.isEmpty else { return [[(x, lang.pick("（无正文）", "(no text)"), .muted)]] }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { DisplayWidth.wrapWords(String($0), width: width) }
            .map { [(x, $0, .normal)] }
    }

    /// Every event: time, who, what and the words given, the words wrapped under themselves;
    /// on a shared store each ends with how far it has gone (saved, shared, seen) or where it
    /// came from, in a column of its own.
    private func timeline(_ a: Alert, width: Int) -> [Line] {
        let today = state.calendar.localDate(state.now)
        let longTimes = a.events.contains { state.calendar.localDate($0.stamp.at) != today }
        let timeWidth = longTimes ? 11 : 5
        let ax = 1 + timeWidth + 1, tx = ax + 9
        let stages = a.events.map { e in state.progress.map { $0.stage(of: e.origin) } }
        let stageWidth = stages.reduce(0) { max($0, $1.map { DisplayWidth.of(w.stage($0)) } ?? 0) }
        let sx = width - 1 - stageWidth
        let textWidth = max(4, width - tx - 1 - (stageWidth > 0 ? stageWidth + 2 : 0))
        var lines: [Line] = []
        for (e, stage) in zip(a.events, stages) {
            let time = longTimes ? fullClock(e.stamp.at) : state.calendar.localTime(e.stamp.at).description
            // A note's own line breaks are kept (a pasted report reads as it was written).
            let what = w.event(e).split(separator: "\n", omittingEmptySubsequences: false).flatMap { DisplayWidth.wrapWords(String($0), width: textWidth) }
            for (i, part) in what.enumerated() {
                var line: Line = i == 0 ? [(1, time, .muted), (ax, DisplayWidth.truncate(InertText.line(e.stamp.actor), to: 8), .normal)] : []
                line.append((tx, part, .normal))
                if i == 0, let stage { line.append((sx, w.stage(stage), Self.role(stage))) }
                lines.append(line)
            }
        }
        return lines
    }

    /// Quiet while a change is on its way; green once another console has it.
    private static func role(_ stage: ShareProgress.Stage) -> Role {
        switch stage {
        case .seen: .ok
        case .saved, .shared, .from: .muted
        }
    }

    private func fullClock(_ t: Instant) -> String {
        let d = state.calendar.localDate(t)
        return d.monthDay + " " + state.calendar.localTime(t).description
    }

    // MARK: Text layout

    /// Pieces laid left to right two cells apart, a piece that does not fit starting a new line
    /// (cut with … only when it is wider than a whole line).
    private func flow(_ pieces: [(String, Role)], width: Int) -> [[(x: Int, text: String, role: Role)]] {
        flowChunks(pieces.map { [$0] }, width: width, innerGap: 1)
    }

    /// Chunks of pieces (a label and its value) kept together on a line, chunks two cells apart.
    private func flowChunks(_ chunks: [[(String, Role)]], width: Int, innerGap: Int = 1) -> [[(x: Int, text: String, role: Role)]] {
        guard width > 0 else { return [] }
        var lines: [[(x: Int, text: String, role: Role)]] = [[]]
        var x = 0
        for chunk in chunks {
            let need = chunk.reduce(0) { $0 + DisplayWidth.of($1.0) } + innerGap * (chunk.count - 1)
            if x > 0, x + 2 + need > width {
                lines.append([])
                x = 0
            } else if x > 0 {
                x += 2
            }
            for (i, piece) in chunk.enumerated() {
                if i > 0 { x += innerGap }
                let text = DisplayWidth.truncate(piece.0, to: max(0, width - x))
                lines[lines.count - 1].append((x, text, piece.1))
                x += DisplayWidth.of(text)
            }
        }
        return lines
    }

}
