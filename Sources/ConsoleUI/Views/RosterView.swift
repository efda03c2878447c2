import DutyCore

/// 值班: the day's timeline (one row per post, bars for each slot's part of the day, a now-marker
/// on today, the gaps in cover), then the day's slots with role, person and phone.
struct RosterView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: DutyWords { state.words }
    var lang: Language { state.language }
    var cal: LocalCalendar { state.calendar }

    /// Cells from the left edge of the body to the first hour of the timeline.
    static let labelWidth = 11

    func draw(_ g: inout Grid, in r: Rect) {
        let day = RosterPane.shownDay(state)
        let today = RosterPane.today(state)
        let slots = RosterPane.slots(state)
        let compact = r.height < 30
        var y = r.y
        drawTitle(&g, day: day, today: today, x: r.x, y: y, width: r.width)
        y += compact ? 1 : 2
        y = drawTimeline(&g, day: day, isToday: day == today, slots: slots, in: Rect(x: r.x, y: y, width: r.width, height: r.maxY - y))
        y += 1
        drawList(&g, day: day, isToday: day == today, slots: slots, in: Rect(x: r.x, y: y, width: r.width, height: r.maxY - y))
    }

    // MARK: Title

    private func drawTitle(_ g: inout Grid, day: LocalDate, today: LocalDate, x: Int, y: Int, width: Int) {
        var cx = x + 1
        cx += g.put(lang.pick("值班表", "Roster"), x: cx, y: y, role: .header) + 2
        cx += g.put("\(day) \(w.weekday(day))", x: cx, y: y, role: .normal) + 2
        let n = day.dayNumber - today.dayNumber
        let relative: String
        switch n {
        case 0: relative = lang.pick("今天", "today")
        case -1: relative = lang.pick("昨天", "yesterday")
        case 1: relative = lang.pick("明天", "tomorrow")
        default: relative = n > 0 ? lang.pick("\(n)天后", "in \(n) days") : lang.pick("\(-n)天前", "\(-n) days ago")
        }
        cx += g.put(relative, x: cx, y: y, role: n == 0 ? .onDuty : .muted) + 2
        if n != 0 { g.put(lang.pick("（t 回到今天）", "(t: back to today)"), x: cx, y: y, role: .muted, limit: x + width - cx) }
    }

    // MARK: Timeline

    /// One row of the timeline: a post and its slots' parts of the day, in minutes from 00:00.
    struct Lane {
        var role: DutyRole
        var parts: [(slot: DutySlot, from: Int, to: Int)] = []
        var end: Int { parts.last?.to ?? 0 }
    }

    /// Leaders, officers, technical support, then other posts; each post gets as many rows as it
    /// has people on at the same time. Leader and officer rows are always there: an empty one is a gap.
    func lanes(day: LocalDate, slots: [DutySlot]) -> [Lane] {
        let dayStart = cal.instant(day, LocalTime(hour: 0, minute: 0)!)
        func minutes(_ t: Instant) -> Int { max(0, min(1440, Int(t.seconds(since: dayStart) / 60))) }
        var roles: [DutyRole] = [.leader, .officer]
        for s in slots where !roles.contains(s.role) { roles.append(s.role) }
        roles.sort { ($0.rank, $0.name) < ($1.rank, $1.name) }
        var lanes: [Lane] = []
        for role in roles {
            var own: [Lane] = []
            for s in slots where s.role == role {
                let from = minutes(s.startInstant(cal)), to = minutes(s.endInstant(cal))
                if let i = own.firstIndex(where: { $0.end <= from }) {
                    own[i].parts.append((s, from, to))
                } else {
                    own.append(Lane(role: role, parts: [(s, from, to)]))
                }
            }
            lanes += own.isEmpty ? [Lane(role: role)] : own
        }
        return lanes
    }

    /// Timeline cells per hour: as many as fit (4 at 120 columns, 2 at 80).
    static func cellsPerHour(width: Int) -> Int {
        [4, 2, 1].first { labelWidth + 24 * $0 + 2 <= width } ?? 1
    }

    /// Returns the first free row.
    private func drawTimeline(_ g: inout Grid, day: LocalDate, isToday: Bool, slots: [DutySlot], in r: Rect) -> Int {
        let cph = Self.cellsPerHour(width: r.width)
        let step = 60 / cph
        let x0 = r.x + Self.labelWidth
        let cells = 24 * cph
        var y = r.y
        let nowMinute = cal.secondOfDay(state.now) / 60
        let nowCol: Int? = isToday ? x0 + nowMinute / step : nil

        // The hour scale, labelled every three hours; on today the time of the marker above it.
        var nowLabel: (x: Int, text: String)?
        if let c = nowCol {
            let text = String(describing: cal.localTime(state.now))
            nowLabel = (max(x0, min(x0 + cells + 2 - text.count, c - 2)), text)
        }
        for h in stride(from: 0, through: 24, by: 3) {
            let lx = x0 + h * cph
            if let n = nowLabel, lx + 2 > n.x - 1, lx < n.x + n.text.count + 1 { continue }
            g.put(String(format: "%02d", h), x: lx, y: y, role: .muted)
        }
        if let n = nowLabel { g.put(n.text, x: n.x, y: y, role: .onDuty) }
        y += 1

        for lane in lanes(day: day, slots: slots) where y < r.maxY {
            g.put(DisplayWidth.truncate(w.shortRole(lane.role), to: Self.labelWidth - 2), x: r.x + 1, y: y, role: .muted)
            for part in lane.parts {
                // A cell belongs to a slot when the slot covers its middle; a slot shows at least one cell.
                let first = ceilDiv(2 * part.from - step, 2 * step)
                let last = max(first + 1, ceilDiv(2 * part.to - step, 2 * step))
                let a = max(0, first), b = min(cells, last)
                guard a < b else { continue }
                let onDuty = isToday && part.slot.covers(state.now, cal)
                g.put(String(repeating: glyphs.barDone, count: b - a), x: x0 + a, y: y, role: onDuty ? .onDuty : .barDone)
                // The name starts the bar; where the now-marker would cut it, it starts just after the marker.
                let person = InertText.line(part.slot.person)
                var nx = x0 + a
                if let c = nowCol, c >= nx, c <= nx + DisplayWidth.of(person) { nx = c + 1 }
                let name = DisplayWidth.prefix(person, fitting: x0 + b - nx - 1)
                if DisplayWidth.of(name) >= 2 {
                    let used = g.put(name, x: nx, y: y, role: onDuty ? .onDuty : .normal)
                    g.put(" ", x: nx + used, y: y)
                }
            }
            if let c = nowCol { g.put(glyphs.vertical, x: c, y: y, role: .onDuty) }
            y += 1
        }

        // Gaps: the stretches with no leader or no officer, marked in the warning role.
        guard y < r.maxY else { return y }
        let gaps = state.duty.coverGaps(on: day, cal)
        let dayStart = cal.instant(day, LocalTime(hour: 0, minute: 0)!)
        g.put(lang.pick("缺口", "Gaps"), x: r.x + 1, y: y, role: gaps.isEmpty ? .muted : .warning)
        for gap in gaps {
            let from = Int(gap.start.seconds(since: dayStart) / 60), to = Int(gap.end.seconds(since: dayStart) / 60)
            let a = max(0, from / step), b = min(cells, max(a + 1, ceilDiv(to, step)))
            g.put(String(repeating: "!", count: b - a), x: x0 + a, y: y, role: .warning)
            let text = DisplayWidth.prefix(missingText(gap.missing), fitting: b - a - 1)
            if DisplayWidth.of(text) >= 2 { g.put(text + " ", x: x0 + a, y: y, role: .warning) }
        }
        if let c = nowCol { g.put(glyphs.vertical, x: c, y: y, role: .onDuty) }
        y += 1

        // The same gaps in words, so the times are exact whatever the scale.
        guard y < r.maxY else { return y }
        // The fortnight ahead, from now, on the right of the same row: a gap next week is found
        // while there is still time to fill it.
        let ahead = state.duty.coverGaps(from: cal.localDate(state.now), days: 14, cal).filter { $0.end > state.now }
        let outlook: String
        if let first = ahead.first {
            let d = cal.localDate(max(first.start, state.now)), t = cal.localTime(max(first.start, state.now))
            let when = d.monthDay + " " + t.description
            outlook = lang.pick("14天内缺口 \(ahead.count) 处，最近 \(when)", "\(ahead.count) gap\(ahead.count == 1 ? "" : "s") in 14 days, next \(when)")
        } else {
            outlook = lang.pick("14天内无缺口", "no gaps in 14 days")
        }
        let outlookX = r.x + r.width - 1 - DisplayWidth.of(outlook)
        let room = max(0, outlookX - 2 - x0)
        g.put(outlook, x: outlookX, y: y, role: ahead.isEmpty ? .muted : .warning)
        if gaps.isEmpty {
            g.put(lang.pick("全天有带班领导和值班员在岗", "Leader and officer on post all day"), x: x0, y: y, role: .muted, limit: room)
        } else {
            let text = gaps.map { gap in
                let to = cal.localDate(gap.end) > day ? "24:00" : String(describing: cal.localTime(gap.end))
                return "\(cal.localTime(gap.start))–\(to) \(missingText(gap.missing))"
            }.joined(separator: lang.pick("；", "; "))
            g.put(lang.pick("！缺口 ", "! Gap ") + text, x: x0, y: y, role: .warning, limit: room)
        }
        return y + 1
    }

    private func missingText(_ roles: [DutyRole]) -> String {
        let names = roles.map { r -> String in
            switch r {
            case .leader: lang.pick("带班领导", "leader")
            case .officer: lang.pick("值班员", "officer")
            default: w.role(r)
            }
        }
        return lang.pick("缺", "no ") + names.joined(separator: lang.pick("、", "/"))
    }

    // MARK: List

    /// English spans (`prev 17:30–08:30`) are a cell longer than Chinese ones.
    private struct Columns {
        let span = 1
        let role, person, phone, status, change: Int
        init(_ lang: Language) {
            let s = lang == .zh ? 0 : 1
            (role, person, phone, status, change) = (18 + s, 28 + s, 38 + s, 53 + s, 62 + s)
        }
    }

    private func drawList(_ g: inout Grid, day: LocalDate, isToday: Bool, slots: [DutySlot], in r: Rect) {
        guard r.height >= 2 else { return }
        let c = Columns(lang)
        var y = r.y
        let titles = lang == .zh ? ["时间", "岗位", "姓名", "电话"] : ["Time", "Post", "Name", "Phone"]
        for (t, x) in zip(titles, [c.span, c.role, c.person, c.phone]) { g.put(t, x: r.x + x, y: y, role: .muted) }
        y += 1
        guard let selected = RosterPane.selectedIndex(state, slots) else {
            g.put(lang.pick("这一天没有排班", "Nobody is rostered on this day"), x: r.x + 1, y: y, role: .warning)
            return
        }
        let rows = max(1, r.maxY - y)
        let first = max(0, min(selected - rows + 1, slots.count - rows))
        for (i, s) in slots.enumerated().dropFirst(first).prefix(rows) {
            let onDuty = isToday && s.covers(state.now, cal)
            g.put(span(s, day: day), x: r.x + c.span, y: y, role: .normal)
            g.put(DisplayWidth.truncate(w.shortRole(s.role), to: c.person - c.role - 1), x: r.x + c.role, y: y, role: .muted)
            g.put(DisplayWidth.truncate(InertText.line(s.person), to: c.phone - c.person - 1), x: r.x + c.person, y: y, role: onDuty ? .onDuty : .normal)
            g.put(InertText.line(s.phone), x: r.x + c.phone, y: y, role: .normal, limit: c.status - c.phone - 1)
            if onDuty { g.put(lang.pick("在班", "on duty"), x: r.x + c.status, y: y, role: .onDuty) }
            if let claims = state.duty.slotConflicts[s.id], r.width > c.change + 10 {
                // Given to two people at once on different consoles: a lead must settle it.
                let names = claims.map { InertText.line($0.person) }.joined(separator: " / ")
                let text = lang.pick("冲突：\(names)（带班领导重新指定）", "CONFLICT: \(names) (a lead gives it again)")
                g.put(DisplayWidth.truncate(text, to: r.width - c.change - 1), x: r.x + c.change, y: y, role: .warning)
            } else if let change = state.duty.rosterChanges.last(where: { $0.slotIDs.contains(s.id) }), r.width > c.change + 10 {
                let reason = change.reason.isEmpty ? "" : lang.pick("（\(change.reason)）", " (\(change.reason))")
                let text = lang.pick("已调整 ", "changed ") + InertText.line(change.what + reason)
                g.put(DisplayWidth.truncate(text, to: r.width - c.change - 1), x: r.x + c.change, y: y, role: .muted)
            }
            if i == selected { g.paint(x: r.x, y: y, width: r.width, role: .selection) }
            y += 1
        }
    }

    /// `17:30–次日08:30`; a night shift that began the day before reads `昨日17:30–08:30` on
    /// today's roster and `4日17:30–08:30` on another day's (前日 reads as the day before yesterday).
    func span(_ s: DutySlot, day: LocalDate) -> String {
        guard s.date < day else { return w.shift(s) }
        let today = state.calendar.localDate(state.now)
        let began = day == today && s.date == today.adding(days: -1) ? lang.pick("昨日", "yday ") : w.startDay(s.date)
        return "\(began)\(s.start)–\(s.end)"
    }
}

private func ceilDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? (a + b - 1) / b : -((-a) / b) }
