import DutyCore

/// 总览: the alert queue, who is on duty and next, and 三查 progress (screens.md).
struct OverviewView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: Words { state.words }

    func draw(_ g: inout Grid, in r: Rect) {
        if r.width >= 110 {
            let rightWidth = 44
            let left = Rect(x: r.x, y: r.y, width: r.width - rightWidth - 1, height: r.height)
            let right = Rect(x: r.x + left.width + 1, y: r.y, width: rightWidth, height: r.height)
            for y in r.y..<r.maxY { g.put(glyphs.vertical, x: left.width, y: y, role: .border) }
            var y = drawQueue(&g, in: left, columns: .wide)
            y = drawDetail(&g, in: Rect(x: left.x, y: y + 1, width: left.width, height: left.maxY - y - 1))
            var ry = drawDuty(&g, in: right)
            ry = drawChecks(&g, in: Rect(x: right.x, y: ry + 1, width: right.width, height: right.maxY - ry - 1), columns: 1)
        } else {
            let queueHeight = min(r.height / 2, 2 + max(1, state.queue.count))
            let y = drawQueue(&g, in: Rect(x: r.x, y: r.y, width: r.width, height: queueHeight), columns: .narrow)
            let dy = drawDutyCompact(&g, in: Rect(x: r.x, y: y + 1, width: r.width, height: 4))
            _ = drawChecks(&g, in: Rect(x: r.x, y: dy + 1, width: r.width, height: r.maxY - dy - 1), columns: 2)
        }
    }

    enum Columns { case wide, narrow }

    // MARK: Queue

    /// Returns the first free row.
    private func drawQueue(_ g: inout Grid, in r: Rect, columns: Columns) -> Int {
        let queue = state.queue
        var y = r.y
        if columns == .wide {
            let open = queue.count, unacked = state.unacknowledgedCount, overdue = state.overdueCount
            let summary = w.lang.pick("警情队列  未结 \(open) \(glyphs.dot) 未确认 \(unacked) \(glyphs.dot) 逾期 \(overdue)",
                                      "Alert queue  open \(open) \(glyphs.dot) unacked \(unacked) \(glyphs.dot) overdue \(overdue)")
            g.put(summary, x: r.x + 1, y: y, role: .header, limit: r.width - 1)
            y += 2
        }
        let cols = columnLayout(columns, width: r.width)
        for (i, c) in cols.enumerated() {
            g.put(c.title, x: r.x + c.x, y: y, role: .muted, limit: i + 1 < cols.count ? cols[i + 1].x - c.x : r.width - c.x)
        }
        y += 1
        if queue.isEmpty {
            g.put(w.lang.pick("没有未结警情", "No open alerts"), x: r.x + 1, y: y, role: .muted)
            return y + 1
        }
        let rows = max(1, r.maxY - y)
        let selected = min(state.selectedAlert, queue.count - 1)
        let first = max(0, min(selected - rows + 1, queue.count - rows))
        for (row, a) in queue.dropFirst(first).prefix(rows).enumerated() {
            drawAlertRow(&g, a, y: y + row, x: r.x, width: r.width, cols: cols, selected: first + row == selected)
        }
        return y + min(rows, queue.count - first)
    }

    struct Column {
        let title: String
        let x: Int
    }

    private func columnLayout(_ c: Columns, width: Int) -> [Column] {
        let t = w.lang == .zh ? ["级别", "状态", "收到", "已过", "街道", "事件"] : ["Level", "Status", "Recv", "Age", "Street", "Event"]
        // English level names are longer than 红/橙/黄: the status column moves right by two.
        let s = w.lang == .zh ? 0 : 2
        switch c {
        case .wide:
            return [Column(title: t[0], x: 1), Column(title: t[1], x: 7 + s), Column(title: t[2], x: 21 + s), Column(title: t[3], x: 28 + s),
                    Column(title: t[4], x: 37 + s), Column(title: t[5], x: 47 + s)]
        case .narrow:
            return [Column(title: t[0], x: 1), Column(title: t[1], x: 7 + s), Column(title: t[3], x: 21 + s),
                    Column(title: t[4], x: 29 + s), Column(title: t[5], x: 39 + s)]
        }
    }

    private func drawAlertRow(_ g: inout Grid, _ a: Alert, y: Int, x: Int, width: Int, cols: [Column], selected: Bool) {
        let overdue = state.isOverdue(a)
        var values = [w.level(a.level), w.status(a.status) + (overdue ? "!" : ""),
                      String(describing: state.calendar.localTime(a.received.at)), w.age(seconds: state.now.seconds(since: a.received.at)),
                      InertText.line(a.content.street), InertText.line(a.content.title)]
        if cols.count == 5 { values.remove(at: 2) }
        let roles: [Role] = [levelRole(a.level), overdue ? .overdue : (a.status == .new ? .statusNew : .normal), .normal, .normal, .normal, .normal]
        let rowRoles = cols.count == 5 ? [roles[0], roles[1], roles[3], roles[4], roles[5]] : roles
        for (i, c) in cols.enumerated() {
            let limit = (i + 1 < cols.count ? cols[i + 1].x - c.x - 1 : width - c.x - 1)
            g.put(DisplayWidth.truncate(values[i], to: limit), x: x + c.x, y: y, role: rowRoles[i], limit: limit)
        }
        if selected { g.paint(x: x, y: y, width: width, role: .selection) }
    }

    private func levelRole(_ l: AlertLevel) -> Role {
        switch l {
        case .red: .levelRed
        case .orange: .levelOrange
        case .yellow: .levelYellow
        case .blue: .levelBlue
        case .white: .levelWhite
        }
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
        g.put(source, x: r.x + 3, y: y, role: .muted, limit: r.width - 4)
        y += 1
        for line in wrap(InertText.line(a.content.body), width: r.width - 4).prefix(3) where y < r.maxY {
            g.put(line, x: r.x + 3, y: y, role: .normal)
            y += 1
        }
        for e in a.events.suffix(max(0, r.maxY - y)) where y < r.maxY {
            let time = String(describing: state.calendar.localTime(e.stamp.at))
            let what = w.event(e)
            g.put(time, x: r.x + 3, y: y, role: .muted)
            g.put(InertText.line(e.stamp.actor), x: r.x + 9, y: y, role: .normal, limit: 9)
            g.put(what, x: r.x + 19, y: y, role: .normal, limit: r.width - 20)
            y += 1
        }
        return y
    }

    /// Splits text into lines of at most `width` cells, never inside a wide character.
    private func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], current = "", used = 0
        for c in text {
            let cw = DisplayWidth.of(c)
            if used + cw > width {
                lines.append(current)
                current = ""
                used = 0
            }
            current.append(c)
            used += cw
        }
        if !current.isEmpty { lines.append(current) }
        return lines
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
            for s in next.slots where y < r.maxY && s.role.rank <= 1 {
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
            for s in next.slots where s.role.rank <= 1 {
                let item = "\(w.lang.pick(s.role == .leader ? "带班" : "值班", s.role == .leader ? "Lead" : "Off.")) \(InertText.line(s.person))"
                guard x + DisplayWidth.of(item) < r.x + r.width else { break }
                x += g.put(item, x: x, y: y, role: .normal) + 2
            }
            y += 1
        }
        return y
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
        g.put("\(w.phase(round.phase)) \(glyphs.dot) \(InertText.line(round.title))", x: r.x + 11, y: y, role: .normal, limit: r.width - 12)
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
