import DutyCore

/// Beside the map: the selected street, its open alerts (then the district's) with the one Enter
/// opens marked `>`, and its hazard points not yet checked in the open round, each with the three
/// people of its 三本台账 line and their phones in full (the duty room calls them).
struct MapSideList {
    let state: ConsoleState
    let glyphs: Glyphs
    let summary: MapSummary
    let street: String
    var w: MapWords { MapWords(state.language) }

    func draw(_ g: inout Grid, in r: Rect) {
        guard r.width > 4, r.height > 0 else { return }
        let narrow = r.width < 36
        let x = r.x + 1, right = r.maxX - 1
        var y = r.y
        let s = summary.streets[street]
        let cx = x + g.put(street, x: x, y: y, role: .header) + 2
        if let level = s?.level {
            g.put(w.levelCount(state.words.level(level), s?.alerts.count ?? 0, room: right - cx), x: cx, y: y, role: Role.level(level), limit: right - cx)
        } else {
            g.put(w.quiet, x: cx, y: y, role: .muted, limit: right - cx)
        }
        y += 1
        drawRound(&g, s?.progress, x: x, y: y, right: right)
        y += 2
        y = drawAlerts(&g, x: x, y: y, right: right, bottom: r.maxY, narrow: narrow)
        drawPoints(&g, x: x, y: y + 1, right: right, bottom: r.maxY, narrow: narrow)
    }

    /// `三查 雨前排查 9/26 !2`
    private func drawRound(_ g: inout Grid, _ progress: CheckProgress?, x: Int, y: Int, right: Int) {
        guard let round = state.duty.openRound else {
            g.put(w.noRound, x: x, y: y, role: .muted, limit: right - x)
            return
        }
        let phase = state.words.phase(round.phase)
        guard let p = progress else {
            let cx = x + g.put(w.roundLabel(phase), x: x, y: y, role: .normal, limit: right - x) + 1
            g.put(w.noPoints, x: cx, y: y, role: .muted, limit: max(0, right - cx))
            return
        }
        let numbers = ProgressMark(p, room: 12)
        // The numbers are what matter: the word 三查 gives way to them first, then the phase.
        var label = w.roundLabel(phase)
        if DisplayWidth.of(label) + 1 + numbers.width > right - x { label = phase }
        let cx = x + g.put(DisplayWidth.truncate(label, to: max(0, right - x - numbers.width - 1)), x: x, y: y, role: .normal) + 1
        numbers.draw(&g, x: cx, y: y)
    }

    // MARK: Alerts

    /// Returns the first free row.
    private func drawAlerts(_ g: inout Grid, x: Int, y: Int, right: Int, bottom: Int, narrow: Bool) -> Int {
        guard y < bottom else { return y }
        let own = summary.streets[street]?.alerts.count ?? 0
        let list = summary.listed(street)
        g.put(w.alertsHeading(own, district: summary.district.count, dot: glyphs.dot, narrow: narrow), x: x, y: y, role: .header, limit: right - x)
        var cy = y + 1
        guard let selected = MapPane.selectedAlert(state, in: list) else {
            if cy < bottom { g.put(w.noneHere, x: x, y: cy, role: .muted, limit: right - x) }
            return cy + 1
        }
        let room = min(narrow ? 3 : 6, bottom - cy)
        let (first, shown) = Self.window(list.count, selected: selected.index, room: room)
        for i in first..<(first + shown) {
            drawAlert(&g, list[i], district: i >= own, x: x, y: cy, right: right, selected: i == selected.index, narrow: narrow)
            cy += 1
        }
        if shown < list.count, cy < bottom {
            g.put(w.more(list.count - shown, points: false), x: x, y: cy, role: .muted, limit: right - x)
            cy += 1
        }
        return cy
    }

    /// The rows of a list of `count` shown in `room` lines around the selected one: all when they
    /// fit, else one line fewer, the last saying how many are not shown.
    static func window(_ count: Int, selected: Int, room: Int) -> (first: Int, shown: Int) {
        guard count > room else { return (0, count) }
        let shown = max(0, room - 1)
        let first = max(0, min(selected - shown + 1, count - shown))
        return (first, shown)
    }

    /// `>橙 未确认! 聚龙大街积水过膝…`, `黄 已确认 [全区] 市三防办…`; at 80×24 the status only
    /// while it waits for acknowledgement (what the officer must act on), to leave the title room.
    private func drawAlert(_ g: inout Grid, _ a: Alert, district: Bool, x: Int, y: Int, right: Int, selected: Bool, narrow: Bool) {
        let overdue = state.isOverdue(a)
        var cx = x
        cx += g.put(state.words.level(a.level), x: cx, y: y, role: Role.level(a.level), limit: right - cx) + 1
        if !narrow || a.status == .new {
            let status = state.words.status(a.status) + (overdue ? "!" : "")
            cx += g.put(status, x: cx, y: y, role: overdue ? .overdue : (a.status == .new ? .statusNew : .normal), limit: max(0, right - cx)) + 1
        }
        if district { cx += g.put(w.districtMark(narrow: narrow), x: cx, y: y, role: .muted, limit: max(0, right - cx)) + 1 }
        let title = InertText.line(a.content.title)
        g.put(DisplayWidth.truncate(title, to: max(0, right - cx)), x: cx, y: y, role: .normal, limit: max(0, right - cx))
        if selected {
            g.put(">", x: x - 1, y: y, role: .normal)
            g.paint(x: x, y: y, width: right - x, role: .focus)
        }
    }

    // MARK: Points

    private func drawPoints(_ g: inout Grid, x: Int, y: Int, right: Int, bottom: Int, narrow: Bool) {
        guard y < bottom else { return }
        guard state.duty.openRound != nil else { return }
        let total = state.duty.hazardPoints(in: street).count
        let points = MapSummary.unchecked(state, in: street)
        guard total > 0 else {
            g.put(w.noPoints, x: x, y: y, role: .muted, limit: right - x)
            return
        }
        guard !points.isEmpty else {
            g.put(w.allChecked, x: x, y: y, role: .ok, limit: right - x)
            return
        }
        g.put(w.pointsHeading(points.count, of: total), x: x, y: y, role: .header, limit: right - x)
        var cy = y + 1
        for (i, p) in points.enumerated() {
            let lines = p.contact == nil ? 2 : 1 + ResponsibleRole.allCases.count
            // The last line says how many are left out when the rest do not all fit.
            let isLast = i == points.count - 1
            guard cy + lines + (isLast ? 0 : 1) <= bottom else {
                if cy < bottom { g.put(w.more(points.count - i, points: true), x: x, y: cy, role: .muted, limit: right - x) }
                return
            }
            drawPoint(&g, p, x: x, y: cy, right: right, narrow: narrow)
            cy += lines
        }
    }

    /// The point with its progress at the right, then its three people with their phones.
    private func drawPoint(_ g: inout Grid, _ p: MapSummary.UncheckedPoint, x: Int, y: Int, right: Int, narrow: Bool) {
        let numbers = ProgressMark(p.progress, room: 8)
        let nx = right - numbers.width
        g.put(DisplayWidth.truncate(InertText.line(p.point.name), to: max(0, nx - x - 1)), x: x, y: y, role: .normal)
        numbers.draw(&g, x: nx, y: y)
        guard let contact = p.contact else {
            g.put(w.notInLedger, x: x + 2, y: y + 1, role: .warning, limit: max(0, right - x - 2))
            return
        }
        // 80×24: `党 邱德胜 138 0000 0108` in 23 cells.
        let postWidth = narrow ? 3 : (state.language == .zh ? 5 : 7)
        let nameWidth = narrow ? 7 : 8
        for (i, role) in ResponsibleRole.allCases.enumerated() {
            let cy = y + 1 + i
            let person = contact.person(role)
            let name = InertText.line(person.name)
            var cx = x + (narrow ? 0 : 2)
            g.put(w.post(role, narrow: narrow), x: cx, y: cy, role: .muted, limit: postWidth - 1)
            cx += postWidth
            g.put(DisplayWidth.truncate(name.isEmpty ? ContactsWords(state.language).missing : name, to: nameWidth - 1), x: cx, y: cy, role: name.isEmpty ? .warning : .normal)
            cx += nameWidth
            g.put(InertText.line(person.phone), x: cx, y: cy, role: .normal, limit: max(0, right - cx + 1))
        }
    }
}
