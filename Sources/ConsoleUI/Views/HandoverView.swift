import DutyCore

/// 交接: what this shift hands over, as a list of lines that scrolls when it is longer than the body.
struct HandoverView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: DutyWords { state.words }
    var lang: Language { state.language }
    var cal: LocalCalendar { state.calendar }

    /// One piece of text on a line.
    struct Piece {
        var x: Int
        var text: String
        var role: Role
        var limit: Int?
    }

    typealias Line = [Piece]

    func draw(_ g: inout Grid, in r: Rect) {
        let all = lines(width: r.width)
        let offset = min(state.handoverPane.scroll, Self.maxScroll(lines: all.count, height: r.height))
        var y = r.y
        if offset > 0 {
            g.put(lang.pick("…上面还有 \(offset) 行（k 向上）", "… \(offset) more lines above (k)"), x: r.x + 1, y: y, role: .muted)
            y += 1
        }
        var room = r.maxY - y
        let below = all.count - offset > room
        if below { room -= 1 }
        for line in all.dropFirst(offset).prefix(room) {
            for p in line { g.put(p.text, x: r.x + p.x, y: y, role: p.role, limit: min(p.limit ?? r.width, r.width - p.x)) }
            y += 1
        }
        if below {
            let rest = all.count - offset - room
            g.put(lang.pick("…下面还有 \(rest) 行（j 向下）", "… \(rest) more lines below (j)"), x: r.x + 1, y: r.maxY - 1, role: .muted)
        }
    }

    /// How far the lines can scroll in a body of `height` rows: until the last line shows (with
    /// the "lines above" row on top).
    static func maxScroll(lines: Int, height: Int) -> Int {
        lines <= height ? 0 : max(0, lines - (height - 1))
    }

    /// Everything the pane shows, for a body `width` cells wide.
    func lines(width: Int) -> [Line] {
        var out = shifts(width: width)
        out.append([])
        if let h = state.duty.pendingHandover {
            out += pending(h, width: width)
            out.append([])
        } else if let h = state.duty.handovers.last(where: { $0.status == .accepted }) {
            // The last signed handover stays in view: what the shift took over, and from whom.
            out += signed(h, width: width)
            out.append([])
        }
        out += alerts(width: width)
        out.append([])
        out += checks(width: width)
        out.append([])
        out += calls(width: width)
        return out
    }

    // MARK: Shifts

    /// Where "this shift" begins for its calls: the start of the earliest slot on duty, else
    /// the last twelve hours.
    static func shiftStart(_ state: ConsoleState) -> Instant {
        state.duty.onDuty(at: state.now, state.calendar).map { $0.startInstant(state.calendar) }.min() ?? state.now.adding(minutes: -12 * 60)
    }

    /// The shift on duty now on the left, the next one on the right, each with its people.
    private func shifts(width: Int) -> [Line] {
        let rightX = width / 2
        var left: [Line] = []
        let onDuty = state.duty.onDuty(at: state.now, cal)
        var head: Line = [Piece(x: 1, text: lang.pick("当前班次", "On duty"), role: .header)]
        if let first = onDuty.first { head.append(Piece(x: 11, text: w.shift(first), role: .normal)) }
        left.append(head)
        if onDuty.isEmpty {
            left.append([Piece(x: 1, text: lang.pick("无人在班（值班空缺）", "Nobody on duty (gap)"), role: .warning)])
        } else if !onDuty.contains(where: { $0.role == .leader }) {
            left.append([Piece(x: 1, text: lang.pick("！没有带班领导", "! no leader on duty"), role: .warning)])
        }
        left += onDuty.map { person($0, x: 1, role: .onDuty, width: rightX - 2) }

        var right: [Line] = []
        if let next = state.duty.nextShift(after: state.now, cal) {
            let wait = w.countdown(seconds: next.start.seconds(since: state.now))
            let at = String(describing: cal.localTime(next.start))
            right.append([Piece(x: rightX, text: lang.pick("下一班", "Next"), role: .header),
                          Piece(x: rightX + 10, text: lang.pick("\(at) 接班（还有 \(wait)）", "\(at) (in \(wait))"), role: .normal)])
            right += next.slots.map { person($0, x: rightX, role: .normal, width: width - rightX - 1) }
        } else {
            right.append([Piece(x: rightX, text: lang.pick("下一班  未排班", "Next  not rostered"), role: .warning)])
        }
        return (0..<max(left.count, right.count)).map { i in
            (i < left.count ? left[i] : []) + (i < right.count ? right[i] : [])
        }
    }

    private func person(_ s: DutySlot, x: Int, role: Role, width: Int) -> Line {
        [Piece(x: x, text: DisplayWidth.truncate(w.shortRole(s.role), to: 9), role: .muted),
         Piece(x: x + 10, text: DisplayWidth.truncate(InertText.line(s.person), to: 9), role: role),
         Piece(x: x + 20, text: InertText.line(s.phone), role: .normal, limit: max(0, width - 20))]
    }

    // MARK: Pending handover

    private func pending(_ h: Handover, width: Int) -> [Line] {
        let status = h.status == .returned ? lang.pick("已退回，待重新提交", "returned") : lang.pick("待签收", "waiting to be signed")
        let who = InertText.line(h.submitted.actor)
        let at = state.when(h.submitted.at)
        var out: [Line] = [[Piece(x: 1, text: lang.pick("待签交接", "Handover"), role: .header),
                            Piece(x: 11, text: lang.pick("\(at) \(who) 提交 \(glyphs.dot) \(status)", "submitted \(at) by \(who) \(glyphs.dot) \(status)"),
                                  role: .warning)]]
        let label = lang.pick("留言  ", "Note  ")
        let note = h.note.isEmpty ? lang.pick("（无）", "(none)") : InertText.line(h.note)
        for (i, part) in DisplayWidth.wrap(note, width: width - 3 - DisplayWidth.of(label)).enumerated() {
            out.append([Piece(x: 3, text: i == 0 ? label : "", role: .muted), Piece(x: 3 + DisplayWidth.of(label), text: part, role: .normal)])
        }
        if h.status == .returned, let reply = h.replies.last {
            let text = lang.pick("退回 \(state.when(reply.stamp.at)) \(InertText.line(reply.stamp.actor))：", "Returned \(state.when(reply.stamp.at)) by \(InertText.line(reply.stamp.actor)): ")
                + InertText.line(reply.text)
            out.append([Piece(x: 3, text: text, role: .warning)])
        }
        return out
    }

    private func signed(_ h: Handover, width: Int) -> [Line] {
        let who = InertText.line(h.submitted.actor)
        let reply = h.replies.last!
        let text = lang.pick("\(clock(h.submitted.at)) \(who) 交班 \(glyphs.dot) \(clock(reply.stamp.at)) \(InertText.line(reply.stamp.actor)) 签收",
                             "handed over \(clock(h.submitted.at)) by \(who) \(glyphs.dot) signed \(clock(reply.stamp.at)) by \(InertText.line(reply.stamp.actor))")
        var out: [Line] = [[Piece(x: 1, text: lang.pick("上次交接", "Last"), role: .header), Piece(x: 11, text: text, role: .normal)]]
        let label = lang.pick("留言  ", "Note  ")
        let note = [h.note, reply.text].filter { !$0.isEmpty }.map(InertText.line).joined(separator: " ")
        for (i, part) in DisplayWidth.wrap(note.isEmpty ? lang.pick("（无）", "(none)") : note, width: width - 3 - DisplayWidth.of(label)).prefix(2).enumerated() {
            out.append([Piece(x: 3, text: i == 0 ? label : "", role: .muted), Piece(x: 3 + DisplayWidth.of(label), text: part, role: .normal)])
        }
        return out
    }

    /// `08:30`, or `06-04 08:30` on another day.
    private func clock(_ t: Instant) -> String { state.when(t) }

    // MARK: Open alerts

    private struct Columns {
        let level, status, received, age, street, title: Int
    }

    private var columns: Columns {
        lang == .zh ? Columns(level: 1, status: 7, received: 16, age: 23, street: 32, title: 42)
            : Columns(level: 1, status: 9, received: 23, age: 30, street: 38, title: 48)
    }

    private func alerts(width: Int) -> [Line] {
        // Unacknowledged first: they are what the incoming shift must take up at once. Alerts for
        // other places are not the district's matters to hand over.
        let ours = state.queue.filter { !$0.content.isOutside }
        let open = ours.filter { $0.status == .new } + ours.filter { $0.status != .new }
        let unacked = open.filter { $0.status == .new }.count, overdue = open.filter(state.isOverdue).count
        var head: Line = [Piece(x: 1, text: lang.pick("未结警情", "Open alerts"), role: .header)]
        var summary = lang.pick("\(open.count) 起 \(glyphs.dot) 未确认 \(unacked)", "\(open.count) \(glyphs.dot) unacked \(unacked)")
        if overdue > 0 { summary += lang.pick(" \(glyphs.dot) 逾期 \(overdue)", " \(glyphs.dot) overdue \(overdue)") }
        head.append(Piece(x: 11 + (lang == .zh ? 0 : 3), text: summary, role: .normal))
        guard !open.isEmpty else {
            return [head, [Piece(x: 3, text: lang.pick("没有未结警情", "No open alerts"), role: .muted)]]
        }
        // Yesterday's receipts with their date: the columns after move over to make room.
        let clock = state.listClock(open.map(\.toldAt))
        let c0 = columns, e = clock.extra
        let c = Columns(level: c0.level, status: c0.status, received: c0.received, age: c0.age + e, street: c0.street + e, title: c0.title + e)
        let titles = lang == .zh ? ["级别", "状态", "收到", "已过", "街道", "事件"] : ["Level", "Status", "Recv", "Age", "Street", "Event"]
        let xs = [c.level, c.status, c.received, c.age, c.street, c.title]
        var out = [head, zip(titles, xs).map { Piece(x: $1, text: $0, role: .muted) }]
        for a in open {
            let overdueNow = state.isOverdue(a)
            var line: Line = [
                Piece(x: c.level, text: w.level(a.level), role: Role.level(a.level), limit: c.status - c.level - 1),
                Piece(x: c.status, text: w.status(a.status) + (overdueNow ? "!" : ""), role: overdueNow ? .overdue : (a.status == .new ? .statusNew : .normal),
                      limit: c.received - c.status - 1),
                Piece(x: c.received, text: clock.write(a.toldAt), role: .normal),
                Piece(x: c.age, text: w.age(seconds: state.now.seconds(since: a.toldAt)), role: .normal, limit: c.street - c.age - 1),
                Piece(x: c.street, text: DisplayWidth.truncate(InertText.line(a.content.street), to: c.title - c.street - 1), role: .normal),
            ]
            // The latest note says where the matter stands, when there is room for it.
            let room = width - c.title - 1
            let title = InertText.line(a.content.title)
            if let note = a.notes.last, DisplayWidth.of(title) + 2 + 20 <= room {
                let used = DisplayWidth.of(title) + 2
                line.append(Piece(x: c.title, text: title, role: .normal))
                line.append(Piece(x: c.title + used, text: DisplayWidth.truncate(InertText.line(note.text), to: room - used), role: .muted))
            } else {
                line.append(Piece(x: c.title, text: DisplayWidth.truncate(title, to: room), role: .normal))
            }
            out.append(line)
        }
        return out
    }


    // MARK: 三查

    private func checks(width: Int) -> [Line] {
        guard let round = state.duty.openRound else {
            return [[Piece(x: 1, text: lang.pick("三查", "Checks"), role: .header),
                     Piece(x: 11, text: lang.pick("没有进行中的一轮", "no open round"), role: .muted)]]
        }
        let progress = state.roundProgress
        let all = CheckProgress.sum(progress)
        let title = "\(w.phase(round.phase)) \(glyphs.dot) \(InertText.line(round.subject))"
        var out: [Line] = [[Piece(x: 1, text: lang.pick("三查", "Checks"), role: .header),
                            Piece(x: 11, text: title + lang.pick("  已完成 \(all.done)/\(all.total)", "  done \(all.done)/\(all.total)"), role: .normal)]]

        // Unfinished items per street, the most behind first.
        let behind = progress.filter { $0.done < $0.total }.sorted { ($0.total - $0.done) > ($1.total - $1.done) }
        // The labels of this block are longer in English: the values start further right.
        let vx = lang == .zh ? 11 : 13
        let label = lang.pick("未完成", "To do")
        if behind.isEmpty {
            out.append([Piece(x: 3, text: lang.pick("各街道本阶段检查均已完成", "Every street has finished this phase"), role: .ok)])
        } else {
            let items = behind.map { "\(InertText.line($0.street)) \($0.total - $0.done)" }
            for (i, text) in flow(items, separator: " \(glyphs.dot) ", width: width - vx - 1).enumerated() {
                out.append([Piece(x: 3, text: i == 0 ? label : "", role: .muted), Piece(x: vx, text: text, role: .normal)])
            }
        }

        // Every item whose latest tick is a problem: where, what was found, who and when.
        let problems = DutyState.problems(latest: state.roundTicks)
        out.append([Piece(x: 3, text: lang.pick("有问题", "Problems"), role: problems.isEmpty ? .muted : .problem),
                    Piece(x: vx, text: lang.pick("\(problems.count) 项", "\(problems.count)"), role: problems.isEmpty ? .muted : .problem)])
        let wide = width >= 110
        let clock = state.listClock(problems.map(\.stamp.at)), e = clock.extra
        for t in problems {
            let point = state.duty.hazardPoints[t.pointID]
            let place = InertText.line(point?.name ?? t.pointID)
            let street = point.map { InertText.line($0.street) } ?? ""
            let item = state.duty.templates[t.phase]?.items.first { $0.id == t.itemID }?.text ?? t.itemID
            let phase = t.phase == round.phase ? "" : "[\(lang == .zh ? t.phase.shortChinese : w.phase(t.phase))] "
            var line: Line = [Piece(x: 3, text: clock.write(t.stamp.at), role: .muted),
                              Piece(x: 9 + e, text: DisplayWidth.truncate(InertText.line(t.stamp.actor), to: 8), role: .normal),
                              Piece(x: 18 + e, text: DisplayWidth.truncate(place, to: wide ? 24 : 18), role: .problem),
                              Piece(x: (wide ? 43 : 37) + e, text: DisplayWidth.truncate(street, to: 8), role: .muted)]
            let rx = (wide ? 52 : 46) + e
            let remark = t.remark.isEmpty ? InertText.line(item) : InertText.line(t.remark)
            line.append(Piece(x: rx, text: DisplayWidth.truncate(phase + remark, to: width - rx - 1), role: .normal))
            out.append(line)
        }
        return out
    }

    // MARK: Calls

    /// Calls of this shift that did not get through and have not been called back.
    private func calls(width: Int) -> [Line] {
        let missed = state.callsNotReached
        var out: [Line] = [[Piece(x: 1, text: lang.pick("未接通电话", "Calls not reached"), role: .header),
                            Piece(x: lang == .zh ? 13 : 20, text: "\(missed.count)", role: missed.isEmpty ? .muted : .warning)]]
        if missed.isEmpty {
            out.append([Piece(x: 3, text: lang.pick("本班没有未接通的电话", "None this shift"), role: .muted)])
        }
        let wide = width >= 110
        let clock = state.listClock(missed.map(\.stamp.at)), e = clock.extra
        for c in missed {
            let facility = InertText.line(state.duty.contacts[c.contactID]?.facility ?? c.contactID)
            let role = w.responsible(c.role)
            // Facility, post (longer in English), person, phone, then what was done about it.
            let facilityWidth = wide ? 24 : 18, roleWidth = lang == .zh ? 10 : 16
            let rx = 9 + e + facilityWidth + 1, px = rx + roleWidth + 1, fx = px + 9, nx = fx + 15
            var line: Line = [Piece(x: 3, text: clock.write(c.stamp.at), role: .muted),
                              Piece(x: 9 + e, text: DisplayWidth.truncate(facility, to: facilityWidth), role: .normal),
                              Piece(x: rx, text: DisplayWidth.truncate(role, to: roleWidth), role: .muted),
                              Piece(x: px, text: DisplayWidth.truncate(InertText.line(c.person), to: 8), role: .warning),
                              Piece(x: fx, text: InertText.line(c.phone), role: .normal, limit: 14)]
            if wide, !c.note.isEmpty {
                line.append(Piece(x: nx, text: DisplayWidth.truncate(InertText.line(c.note), to: width - nx - 1), role: .muted))
            }
            out.append(line)
            if !wide, !c.note.isEmpty {
                out.append([Piece(x: 9 + e, text: DisplayWidth.truncate(InertText.line(c.note), to: width - 10 - e), role: .muted)])
            }
        }
        return out
    }

    // MARK: Text


    /// Joins items with a separator into lines of at most `width` cells, never splitting an item.
    private func flow(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for item in items {
            let candidate = current.isEmpty ? item : current + separator + item
            if !current.isEmpty, DisplayWidth.of(candidate) > width {
                lines.append(current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
