import DutyCore

/// 总览: the alert queue, who is on duty and next, and 三查 progress (screens.md).
struct OverviewView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: DutyWords { state.words }

    func draw(_ g: inout Grid, in r: Rect) {
        if let form = state.phoneForm {
            PhoneFormView(state: state, form: form).draw(&g, in: r)
            return
        }
        // The report entry takes the body's last row, under whatever was there.
        let body = Rect(x: r.x, y: r.y, width: r.width, height: r.height - (state.queueEditor == nil ? 0 : 1))
        if let editor = state.queueEditor { editor.draw(&g, x: r.x + 1, y: r.maxY - 1, width: r.width - 2) }
        if body.width >= 110 {
            let rightWidth = 44
            let left = Rect(x: body.x, y: body.y, width: body.width - rightWidth - 1, height: body.height)
            let right = Rect(x: body.x + left.width + 1, y: body.y, width: rightWidth, height: body.height)
            for y in body.y..<body.maxY { g.put(glyphs.vertical, x: left.width, y: y, role: .border) }
            var y = drawQueue(&g, in: left, columns: .wide)
            y = drawDetail(&g, in: Rect(x: left.x, y: y + 1, width: left.width, height: left.maxY - y - 1))
            var ry = drawDuty(&g, in: right)
            ry = drawChecks(&g, in: Rect(x: right.x, y: ry + 1, width: right.width, height: right.maxY - ry - 1), columns: 1)
        } else {
            let queueHeight = min(r.height / 2, 2 + max(1, state.rows.count))
            let y = drawQueue(&g, in: Rect(x: body.x, y: body.y, width: body.width, height: queueHeight), columns: .narrow)
            let dy = drawDutyCompact(&g, in: Rect(x: body.x, y: y + 1, width: body.width, height: 4))
            _ = drawChecks(&g, in: Rect(x: body.x, y: dy + 1, width: body.width, height: body.maxY - dy - 1), columns: 2)
        }
    }

    enum Columns { case wide, narrow }

    // MARK: Queue

    /// The counts over the queue: the district's real alerts only; tests and exercises, and
    /// alerts for other places, are counted apart.
    static func summary(_ state: ConsoleState, _ glyphs: Glyphs, title: (String, String)) -> String {
        let lang = state.language
        let open = state.realOpenCount, unacked = state.unacknowledgedCount, overdue = state.overdueCount
        var text = lang.pick("\(title.0)  未结 \(open) \(glyphs.dot) 未确认 \(unacked) \(glyphs.dot) 逾期 \(overdue)",
                             "\(title.1)  open \(open) \(glyphs.dot) unacked \(unacked) \(glyphs.dot) overdue \(overdue)")
        if state.lateReportCount > 0 {
            text += lang.pick(" \(glyphs.dot) 超时上报 \(state.lateReportCount)", " \(glyphs.dot) reports late \(state.lateReportCount)")
        }
        if state.notRealCount > 0 {
            text += lang.pick(" \(glyphs.dot) 演练/测试 \(state.notRealCount)（不计）", " \(glyphs.dot) drills/tests \(state.notRealCount) (not counted)")
        }
        if state.outsideCount > 0 {
            text += lang.pick(" \(glyphs.dot) 区外 \(state.outsideCount)（不计）", " \(glyphs.dot) outside \(state.outsideCount) (not counted)")
        }
        return text
    }

    /// Returns the first free row.
    private func drawQueue(_ g: inout Grid, in r: Rect, columns: Columns) -> Int {
        let rows = state.rows
        var y = r.y
        if columns == .wide {
            g.put(Self.summary(state, glyphs, title: ("警情队列", "Alert queue")), x: r.x + 1, y: y, role: .header, limit: r.width - 1)
            y += 2
        }
        let view = QueueRowView(state: state, glyphs: glyphs)
        view.drawTitles(&g, x: r.x, y: y, width: r.width)
        y += 1
        if rows.isEmpty {
            g.put(w.lang.pick("没有未结警情", "No open alerts"), x: r.x + 1, y: y, role: .muted)
            return y + 1
        }
        let room = max(1, r.maxY - y)
        let selected = state.selection.current(in: rows)?.row ?? 0
        drawListPosition(&g, selected: selected, total: rows.count, shown: room, right: r.maxX - 1, y: y - 1, lang: w.lang)
        let first = max(0, min(selected - room + 1, rows.count - room))
        for (i, row) in rows[first..<min(rows.count, first + room)].enumerated() {
            view.draw(&g, row, x: r.x, y: y + i, width: r.width, selected: first + i == selected)
        }
        return y + min(room, rows.count - first)
    }

    // MARK: Detail

    private func drawDetail(_ g: inout Grid, in r: Rect) -> Int {
        guard r.height >= 3, let a = state.selected else { return r.y }
        var y = r.y
        let label = w.lang.pick("详情", "Detail")
        g.put(label, x: r.x + 1, y: y, role: .header)
        let tx = r.x + 3 + DisplayWidth.of(label)
        g.put(InertText.line(a.content.title), x: tx, y: y, role: .normal, limit: r.width - tx - 1)
        y += 1
        let source = w.lang.pick("来源 ", "Source ") + InertText.line(a.content.source)
        var x = r.x + 3 + g.put(source, x: r.x + 3, y: y, role: .muted, limit: r.width - 4)
        // What the row says in short, said again beside the detail: drill, lifted, the next report.
        let view = QueueRowView(state: state, glyphs: glyphs)
        var extras = view.marks(a).map { ("[\($0.0)]", $0.1) }
        if state.isOverdue(a) { extras.append((w.lang.pick("逾期未确认", "overdue"), .overdue)) }
        if let due = a.owedReport(state.settings.deadlines) {
            let (text, missed) = ReportWords.due(due, now: state.now, w)
            extras.append((text, missed ? .overdue : .normal))
        }
        for (text, role) in extras where x + 2 < r.maxX {
            x += 2 + g.put(text, x: x + 2, y: y, role: role, limit: r.maxX - x - 3)
        }
        y += 1
        for line in DisplayWidth.wrap(InertText.line(a.content.body), width: r.width - 4).prefix(3) where y < r.maxY {
            g.put(line, x: r.x + 3, y: y, role: .normal)
            y += 1
        }
        let shown = a.events.suffix(max(0, r.maxY - y))
        let clock = state.listClock(shown.map(\.stamp.at))
        for e in shown where y < r.maxY {
            let what = InertText.line(w.event(e))
            g.put(clock.write(e.stamp.at), x: r.x + 3, y: y, role: .muted)
            g.put(InertText.line(e.stamp.actor), x: r.x + 9 + clock.extra, y: y, role: .normal, limit: 9)
            g.put(what, x: r.x + 19 + clock.extra, y: y, role: .normal, limit: r.width - 20 - clock.extra)
            y += 1
        }
        return y
    }


    // MARK: Duty

    private func drawDuty(_ g: inout Grid, in r: Rect) -> Int {
        var y = r.y
        let onDuty = state.duty.onDuty(at: state.now, state.calendar)
        g.put(w.lang.pick("当前值班", "On duty"), x: r.x + 1, y: y, role: .header)
        if let first = onDuty.first { g.put(w.shift(first), x: r.x + 11, y: y, role: .normal) }
        y += 1
        if onDuty.isEmpty {
            g.put(w.lang.pick("无人在班（值班空缺）", "Nobody on duty (gap)"), x: r.x + 1, y: y, role: .warning)
            y += 1
        }
        for s in onDuty where y < r.maxY {
            drawSlot(&g, s, x: r.x, y: y, role: .onDuty)
            y += 1
        }
        if !onDuty.contains(where: { $0.role == .leader }), !onDuty.isEmpty, y < r.maxY {
            g.put(w.lang.pick("！没有带班领导", "! no leader on duty"), x: r.x + 1, y: y, role: .warning)
            y += 1
        }
        y += 1
        if let next = state.duty.nextShift(after: state.now, state.calendar), y < r.maxY {
            let wait = w.countdown(seconds: next.start.seconds(since: state.now))
            let text = w.lang.pick("\(state.calendar.localTime(next.start)) 接班（还有 \(wait)）", "\(state.calendar.localTime(next.start)) (in \(wait))")
            g.put(w.lang.pick("下一班", "Next"), x: r.x + 1, y: y, role: .header)
            g.put(text, x: r.x + 11, y: y, role: .normal, limit: r.width - 12)
            y += 1
            // Everyone on the next shift, the technical support too: they are all called.
            for s in next.slots where y < r.maxY {
                drawSlot(&g, s, x: r.x, y: y, role: .normal)
                y += 1
            }
        }
        return y
    }

    private func drawSlot(_ g: inout Grid, _ s: DutySlot, x: Int, y: Int, role: Role) {
        g.put(DisplayWidth.truncate(w.shortRole(s.role), to: 9), x: x + 1, y: y, role: .muted)
        g.put(DisplayWidth.truncate(InertText.line(s.person), to: 9), x: x + 11, y: y, role: role)
        g.put(InertText.line(s.phone), x: x + 21, y: y, role: .normal, limit: 22)
    }

    private func drawDutyCompact(_ g: inout Grid, in r: Rect) -> Int {
        var y = r.y
        let onDuty = state.duty.onDuty(at: state.now, state.calendar)
        let shift = onDuty.first.map(w.shift) ?? ""
        g.put(w.lang.pick("当前值班 ", "On duty ") + shift, x: r.x + 1, y: y, role: .header)
        if onDuty.isEmpty { g.put(w.lang.pick("无人在班（值班空缺）", "Nobody on duty (gap)"), x: r.x + 30, y: y, role: .warning) }
        for s in onDuty.filter({ $0.role.rank <= 1 }).prefix(3) {
            g.put(DisplayWidth.truncate(w.shortRole(s.role), to: 9), x: r.x + 30, y: y, role: .muted)
            g.put(DisplayWidth.truncate(InertText.line(s.person), to: 9), x: r.x + 40, y: y, role: .onDuty)
            g.put(InertText.line(s.phone), x: r.x + 50, y: y, role: .normal, limit: r.width - 51)
            y += 1
        }
        y = max(y, r.y + 1)
        if let next = state.duty.nextShift(after: state.now, state.calendar) {
            let wait = w.age(seconds: next.start.seconds(since: state.now))
            g.put(w.lang.pick("下一班 \(state.calendar.localTime(next.start))（\(wait)后）", "Next \(state.calendar.localTime(next.start)) (in \(wait))"),
                  x: r.x + 1, y: y, role: .header, limit: 28)
            var x = r.x + 30
            // Everyone on the next shift; those that do not fit are counted, not dropped unsaid.
            for (i, s) in next.slots.enumerated() {
                let item = "\(Self.compactRole(s.role, w.lang)) \(InertText.line(s.person))"
                let more = i + 1 < next.slots.count ? DisplayWidth.of(" +\(next.slots.count - i - 1)") : 0
                guard x + DisplayWidth.of(item) + more < r.x + r.width else {
                    g.put("+\(next.slots.count - i)", x: x, y: y, role: .muted)
                    break
                }
                x += g.put(item, x: x, y: y, role: .normal) + 2
            }
            y += 1
        }
        return y
    }

    /// Two characters for a role, where a line lists a whole shift.
    static func compactRole(_ role: DutyRole, _ lang: Language) -> String {
        switch role {
        case .leader: lang.pick("带班", "Lead")
        case .officer: lang.pick("值班", "Off.")
        case .technical: lang.pick("技术", "Tech")
        default: DisplayWidth.truncate(role.name, to: 4)
        }
    }

    // MARK: Checks

    private func drawChecks(_ g: inout Grid, in r: Rect, columns: Int) -> Int {
        guard r.height >= 2 else { return r.y }
        var y = r.y
        guard let round = state.duty.openRound else {
            g.put(w.lang.pick("三查  没有进行中的一轮", "Checks  no open round"), x: r.x + 1, y: y, role: .muted)
            return y + 1
        }
        g.put(w.lang.pick("三查进度", "Checks"), x: r.x + 1, y: y, role: .header)
        g.put("\(w.phase(round.phase)) \(glyphs.dot) \(InertText.line(round.subject))", x: r.x + 11, y: y, role: .normal, limit: r.width - 12)
        y += 1
        // Streets that are behind first: they are what the officer has to chase.
        let progress = state.roundProgress.sorted {
            let a = Double($0.done) / Double(max(1, $0.total)), b = Double($1.done) / Double(max(1, $1.total))
            return a != b ? a < b : false
        }
        let columnWidth = r.width / columns
        var rows = r.maxY - y
        // When not every street fits, the last row says how many are left out.
        if progress.count > rows * columns { rows -= 1 }
        let shown = min(progress.count, rows * columns)
        for (i, p) in progress.prefix(shown).enumerated() {
            let cx = r.x + (i / max(1, rows)) * columnWidth
            let cy = y + i % max(1, rows)
            drawStreet(&g, p, x: cx, y: cy, width: columnWidth)
        }
        if shown < progress.count, rows > 0 {
            let rest = w.lang.pick("其余 \(progress.count - shown) 街", "\(progress.count - shown) more streets")
            g.put(rest, x: r.x + 1, y: y + rows, role: .muted)
        }
        return y + min(rows + (shown < progress.count ? 1 : 0), progress.count)
    }

    private func drawStreet(_ g: inout Grid, _ p: CheckProgress, x: Int, y: Int, width: Int) {
        let barWidth = max(4, min(14, width - 22))
        let done = p.total == 0 ? 0 : p.done * barWidth / p.total
        g.put(DisplayWidth.truncate(p.street, to: 9), x: x + 1, y: y, role: .normal)
        g.put(String(repeating: glyphs.barDone, count: done), x: x + 11, y: y, role: .barDone)
        g.put(String(repeating: glyphs.barTodo, count: barWidth - done), x: x + 11 + done, y: y, role: .barTodo)
        let count = "\(p.done)/\(p.total)"
        g.put(count, x: x + 12 + barWidth, y: y, role: p.done == p.total ? .ok : .normal)
        if p.problems > 0 { g.put("!\(p.problems)", x: x + 13 + barWidth + count.count, y: y, role: .problem) }
    }
}
