import DutyCore

/// One line of the alert queue, drawn the same on the overview and the alerts pane: level,
/// status, age, the next report due, street (区外 for another place's alert), and the event with
/// what the alert is (a group's count, a drill, lifted, expired) written before its title.
struct QueueRowView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: DutyWords { state.words }
    var lang: Language { state.language }

    struct Column {
        let title: String
        let x: Int
    }

    /// The same columns at every width; the event takes what is left. There is no "received"
    /// column: the age says what matters at a glance, and the detail gives the time.
    var columns: [Column] {
        let t = lang == .zh ? ["级别", "状态", "已过", "上报", "街道", "事件"] : ["Level", "Status", "Age", "Report", "Street", "Event"]
        // English words are longer: 未确认! is 7 cells, Acknowledged 12; 初报超时 3分 is 12, first late 3m 13.
        let x = lang == .zh ? [1, 6, 15, 24, 41, 50] : [1, 8, 21, 28, 45, 54]
        return zip(t, x).map { Column(title: $0, x: $1) }
    }

    func drawTitles(_ g: inout Grid, x: Int, y: Int, width: Int) {
        let cols = columns
        for (i, c) in cols.enumerated() {
            g.put(c.title, x: x + c.x, y: y, role: .muted, limit: (i + 1 < cols.count ? cols[i + 1].x : width) - c.x)
        }
    }

    func draw(_ g: inout Grid, _ row: QueueRow, x: Int, y: Int, width: Int, selected: Bool) {
        let a = row.alert
        let overdue = state.isOverdue(row)
        let resolved = a.status == .resolved
        let real = a.content.isCounted
        let quiet: Role = resolved || !real ? .muted : .normal
        // Lifted or expired, an alert nobody acknowledged no longer waits: its status is said,
        // not called out.
        let waits = a.status == .new && real && !a.isWithdrawn(at: state.now)
        let statusRole: Role = overdue ? .overdue : (waits ? .statusNew : quiet)
        let report = reportCell(row)
        let cells: [(String, Role)] = [
            (w.level(a.level), Role.level(a.level)),
            (w.status(a.status) + (overdue ? "!" : ""), statusRole),
            (resolved ? "—" : w.age(seconds: state.now.seconds(since: a.toldAt)), quiet),
            report,
            (InertText.line(w.place(a.content)), quiet),
        ]
        let cols = columns
        for (i, cell) in cells.enumerated() {
            let limit = cols[i + 1].x - cols[i].x - 1
            g.put(DisplayWidth.truncate(cell.0, to: limit), x: x + cols[i].x, y: y, role: cell.1, limit: limit)
        }
        drawEvent(&g, row, x: x + cols[5].x, y: y, limit: width - cols[5].x - 1, role: quiet)
        if selected { g.paint(x: x, y: y, width: width, role: .selection) }
    }

    /// `初报 12分`, `初报超时 3分` in the alarm role, or nothing when nothing is owed.
    private func reportCell(_ row: QueueRow) -> (String, Role) {
        guard let due = row.report, row.alert.isOpen else { return ("", .normal) }
        let (text, missed) = ReportWords.due(due, now: state.now, w)
        return (text, missed ? .overdue : .normal)
    }

    /// Indent and branch for a member, `×3` for a group, then the marks, then the title.
    private func drawEvent(_ g: inout Grid, _ row: QueueRow, x: Int, y: Int, limit: Int, role: Role) {
        var cx = x
        let end = x + max(0, limit)
        switch row.kind {
        case .single: break
        case .group(let count, let open):
            cx += g.put("\(open ? glyphs.groupOpen : glyphs.groupClosed)\(glyphs.times)\(count) ", x: cx, y: y, role: .header, limit: end - cx)
        case .member:
            cx += g.put(" \(glyphs.branch) ", x: cx, y: y, role: .muted, limit: end - cx)
        }
        for mark in marks(row.alert) where cx < end {
            cx += g.put("[\(mark.0)]", x: cx, y: y, role: mark.1, limit: end - cx)
        }
        if cx > x, cx < end, !marks(row.alert).isEmpty { cx += 1 }
        g.put(DisplayWidth.truncate(InertText.line(row.alert.content.title), to: max(0, end - cx)), x: cx, y: y, role: role, limit: max(0, end - cx))
    }

    /// What the alert is besides its status, written: a drill or test, lifted, expired.
    func marks(_ a: Alert) -> [(String, Role)] {
        var out: [(String, Role)] = []
        if !a.content.isReal { out.append((w.realityMark(a.content.reality), .warning)) }
        if a.isLifted { out.append((lang.pick("已解除", "lifted"), .muted)) } else if a.isExpired(at: state.now) { out.append((lang.pick("已过期", "expired"), .muted)) }
        return out
    }

}
