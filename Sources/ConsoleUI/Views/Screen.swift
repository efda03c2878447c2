import DutyCore

/// The smallest screen the console draws on; below it, it says so instead of drawing garbage.
public let minimumSize = Size(width: 80, height: 24)

/// Draws the whole screen for a state, pure: the same state and size give the same grid.
public func render(_ state: ConsoleState, size: Size, ascii: Bool = false) -> Grid {
    var g = Grid(width: size.width, height: size.height)
    let w = state.words
    guard size.width >= minimumSize.width, size.height >= minimumSize.height else {
        let lines = [w.lang.pick("终端窗口太小", "Terminal too small"),
                     w.lang.pick("至少需要 80×24，当前 \(size.width)×\(size.height)", "Needs 80×24, now \(size.width)×\(size.height)")]
        for (i, line) in lines.enumerated() {
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            g.put(line, x: x, y: size.height / 2 - 1 + i, role: i == 0 ? .warning : .normal)
        }
        return g
    }
    let glyphs = ascii ? Glyphs.ascii : Glyphs.unicode
    drawHeader(&g, state)
    drawTabs(&g, state)
    g.put(String(repeating: glyphs.horizontal, count: size.width), x: 0, y: 2, role: .border)
    let body = Rect(x: 0, y: 3, width: size.width, height: size.height - 4)
    state.pane.behaviour.draw(&g, state, in: body, glyphs: glyphs)
    drawFooter(&g, state)
    if let picker = state.personPicker { picker.draw(&g, state, glyphs: glyphs) }
    if state.showHelp { drawHelp(&g, state, glyphs) }
    if state.showRefused { drawRefused(&g, state, glyphs) }
    return g
}

struct Rect {
    var x, y, width, height: Int
    var maxY: Int { y + height }
    var maxX: Int { x + width }
}

private func drawHeader(_ g: inout Grid, _ s: ConsoleState) {
    let w = s.words
    let wide = g.width >= 110
    let role: Role = s.flashUntil != nil ? .headerAlarm : .header
    g.fill(x: 0, y: 0, width: g.width, role: role)
    let date = s.calendar.localDate(s.now)
    let sod = s.calendar.secondOfDay(s.now)
    let time = zeroPadded(sod / 3600, 2) + ":" + zeroPadded(sod / 60 % 60, 2)
    var clock = wide ? "\(date) \(w.weekday(date)) \(time):\(zeroPadded(sod % 60, 2))"
        : "\(date.monthDay) \(w.weekday(date)) \(time)"
    let titleWidth = DisplayWidth.of(w.title) + 2
    var x = 1 + titleWidth + DisplayWidth.of(clock) + (wide ? 3 : 2)
    // Right side first, so the signals take only the room that is left.
    let unacknowledged = s.unacknowledgedCount, overdue = s.overdueCount, lateReports = s.lateReportCount
    let saveText: String
    switch s.save {
    // A refused change leaves the store as it was: still saved.
    case .saved, .refused: saveText = w.lang.pick("已保存", "saved")
    case .readOnly: saveText = w.lang.pick("只读", "read-only")
    case .diskFull, .failed: saveText = w.lang.pick("保存失败", "NOT SAVED")
    }
    let shareText = shareWords(s, wide: wide)
    // Overdue is written, not only coloured: 逾期 2 is what the officer must act on first.
    // Narrow English says "new" (the queue's word for unacknowledged) to leave a signal its room.
    var counts = wide ? w.lang.pick("未确认 \(unacknowledged)", "unacked \(unacknowledged)") : w.lang.pick("未确认\(unacknowledged)", "new \(unacknowledged)")
    if overdue > 0 { counts += wide ? w.lang.pick(" 逾期 \(overdue)", " overdue \(overdue)") : w.lang.pick(" 逾期\(overdue)", " overdue \(overdue)") }
    // A report upward past its deadline is the other thing the room answers for.
    var alarms = ""
    if lateReports > 0 { alarms = wide ? w.lang.pick(" 超时上报 \(lateReports)", " reports late \(lateReports)") : w.lang.pick(" 超时上报\(lateReports)", " late \(lateReports)") }
    // Refused inbox files stay said until someone looks (`!`): a publisher's file may be the
    // warning that never arrived.
    let unseen = s.unseenRefusedCount
    if unseen > 0 { alarms += wide ? w.lang.pick(" 拒收 \(unseen)", " refused \(unseen)") : w.lang.pick(" 拒收\(unseen)", " refused \(unseen)") }
    let countsAndSave = counts + alarms + "  " + saveText + shareText
    let signals = s.signals.map { "[\(w.signal(kind: InertText.line($0.content.kind), level: $0.level))]" }
    let label = wide ? w.lang.pick("生效预警 ", "Signals ") : ""
    // Who is at the console never gives way: every change is recorded under that name.
    let person = operatorText(s, wide: wide)
    let countdown = handoverText(s, wide: wide)
    var handover = countdown
    // The console's name matters least: it is shown only when every signal in force fits beside
    // it. Signals that do not fit are counted (`+3`), never dropped unsaid; the countdown (also
    // on the handover pane) gives way when that shows more of them. A handover waiting to be
    // signed never gives way.
    func room(_ handover: String, title: Bool) -> Int {
        let right = DisplayWidth.of(person + handover + countsAndSave)
        // Two cells at least between the signals and the right side.
        return g.width - 1 - right - 2 - (x - (title ? 0 : titleWidth))
    }
    func arrange() -> (shown: Int, width: Int) {
        var layout = signalLayout(signals, label: label, spaced: wide, room: room(countdown, title: false))
        handover = countdown
        if layout.shown < signals.count, s.duty.pendingHandover == nil {
            let without = signalLayout(signals, label: label, spaced: wide, room: room("", title: false))
            // More signals named, or the count of them where there was not even that.
            if without.shown > layout.shown || (layout.width == 0 && without.width > 0) {
                handover = ""
                layout = without
            }
        }
        return layout
    }
    var layout = arrange()
    if !wide, layout.shown == 0, !signals.isEmpty {
        // Not one signal named on a crowded narrow line: the weekday gives way (the roster pane
        // says it) when that lets the first be said.
        let full = (clock, x)
        clock = "\(date.monthDay) \(time)"
        x -= DisplayWidth.of(full.0) - DisplayWidth.of(clock)
        let shorter = arrange()
        if shorter.shown > 0 { layout = shorter } else { (clock, x) = full; layout = arrange() }
    }
    // The name comes only when everything else fits, the countdown too.
    let titleRoom = room(countdown, title: true)
    let showTitle = titleRoom >= 0 && signalLayout(signals, label: label, spaced: wide, room: titleRoom).shown == signals.count
    let right = person + handover + countsAndSave
    let rightX = g.width - 1 - DisplayWidth.of(right)
    x = 1
    if showTitle { x += g.put(w.title, x: x, y: 0, role: role) + 2 }
    x += g.put(clock, x: x, y: 0, role: role) + (wide ? 3 : 2)
    if layout.width > 0 {
        x += g.put(label, x: x, y: 0, role: role)
        for sig in signals.prefix(layout.shown) { x += g.put(sig, x: x, y: 0, role: role) + (wide ? 1 : 0) }
        if layout.shown < signals.count {
            if !wide, layout.shown > 0 { x += 1 }
            g.put("+\(signals.count - layout.shown)", x: x, y: 0, role: role)
        }
    }
    g.put(right, x: rightX, y: 0, role: role)
    let handoverX = rightX + DisplayWidth.of(person)
    if s.duty.pendingHandover != nil {
        g.paint(x: handoverX, y: 0, width: DisplayWidth.of(handover) - 2, role: .headerAlarm)
    }
    if unacknowledged > 0 { g.paint(x: handoverX + DisplayWidth.of(handover), y: 0, width: DisplayWidth.of(counts), role: .headerAlarm) }
    if !alarms.isEmpty {
        g.paint(x: handoverX + DisplayWidth.of(handover) + DisplayWidth.of(counts), y: 0, width: DisplayWidth.of(alarms), role: .headerAlarm)
    }
    switch s.share {
    case .none, .shared, .sharing, .seen: break
    default:
        // Not shared: as loud as unsaved, since the other consoles do not see these changes.
        g.paint(x: g.width - 1 - DisplayWidth.of(shareText), y: 0, width: DisplayWidth.of(shareText), role: .headerAlarm)
    }
}

/// The files the inbox refused, newest first: when, which, why. Any key closes it.
private func drawRefused(_ g: inout Grid, _ s: ConsoleState, _ glyphs: Glyphs) {
    let w = s.words
    let clock = s.listClock(s.refused.map(\.at))
    let nameX = 3 + DisplayWidth.of(clock.write(s.now)) + 2
    let nameWidth = min(g.width / 3, s.refused.map { DisplayWidth.of(InertText.line($0.name)) }.max() ?? 0)
    let textX = nameX + nameWidth + 2, textWidth = max(10, g.width - textX - 1)
    // The whole reason, wrapped: it names the line at fault, which is what mends the feed. In
    // Chinese the sort of trouble comes first, the publisher's detail (English) after it.
    let texts: [[String]] = s.refused.map { f in
        let detail = InertText.line(f.reason)
        let said = s.language == .zh ? (f.chinese.map { InertText.line($0) + "：" + detail } ?? detail) : detail
        return DisplayWidth.wrapWords(said, width: textWidth)
    }
    let room = g.height - 8
    var shown = 0, lines = 0
    while shown < texts.count, lines + texts[shown].count <= room - (shown + 1 < texts.count ? 1 : 0) {
        lines += texts[shown].count
        shown += 1
    }
    let height = max(1, lines) + 3 + (s.refused.count > shown ? 1 : 0)
    let y0 = max(3, (g.height - height) / 2)
    for y in y0..<(y0 + height) { g.fill(x: 0, y: y, width: g.width, role: .normal) }
    g.put(String(repeating: glyphs.horizontal, count: g.width), x: 0, y: y0, role: .border)
    g.put(String(repeating: glyphs.horizontal, count: g.width), x: 0, y: y0 + height - 1, role: .border)
    g.put(w.lang.pick(" 拒收的文件 \(s.refused.count) 个（inbox/rejected，任意键关闭）", " Refused files: \(s.refused.count) (inbox/rejected; any key closes)"),
          x: 1, y: y0 + 1, role: .header, limit: g.width - 2)
    if s.refused.isEmpty { g.put(w.lang.pick("没有拒收的文件", "No file was refused"), x: 3, y: y0 + 2, role: .muted) }
    var y = y0 + 2
    for (f, text) in zip(s.refused.prefix(shown), texts) {
        g.put(clock.write(f.at), x: 3, y: y, role: .muted)
        g.put(DisplayWidth.truncate(InertText.line(f.name), to: nameWidth), x: nameX, y: y, role: .warning)
        for line in text {
            g.put(line, x: textX, y: y, role: .normal, limit: textWidth)
            y += 1
        }
    }
    if s.refused.count > shown {
        g.put(w.lang.pick("另有 \(s.refused.count - shown) 个未列出（见 inbox/rejected）", "\(s.refused.count - shown) more not shown (see inbox/rejected)"),
              x: 3, y: y, role: .muted)
    }
}

/// How many of the signals (in the order given) fit in `room` cells with their label, and the
/// cells they take: a signal not shown is counted in a `+N` after those that are; nothing (not
/// even the label) when not one signal, nor the count alone, fits.
func signalLayout(_ signals: [String], label: String, spaced: Bool, room: Int) -> (shown: Int, width: Int) {
    guard !signals.isEmpty else { return (0, 0) }
    let gap = spaced ? 1 : 0
    for k in stride(from: signals.count, through: 0, by: -1) {
        var width = DisplayWidth.of(label) + signals.prefix(k).reduce(0) { $0 + DisplayWidth.of($1) + gap }
        // The count stands apart from the signals, also where they are written close together.
        if k < signals.count { width += (k > 0 ? 1 - gap : 0) + DisplayWidth.of("+\(signals.count - k)") } else { width -= gap }
        if width <= room { return (k, width) }
    }
    return (0, 0)
}

/// After the save state: how this console's changes stand with the others. Calm when all is
/// well (`·已共享`), and written out when it is not: an officer must know that the street offices
/// cannot see what is typed here.
private func shareWords(_ s: ConsoleState, wide: Bool) -> String {
    let w = s.words
    switch s.share {
    case .none: return ""
    case .shared: return w.lang.pick("·已共享", wide ? " · shared" : "·shared")
    case .sharing: return w.lang.pick("·共享中", wide ? " · sharing" : "·sharing")
    case .seen: return w.lang.pick("·对方已收", wide ? " · seen" : "·seen")
    case .clockSkew(let peer, let minutes):
        let signed = minutes > 0 ? "+\(minutes)" : "\(minutes)"
        return w.lang.pick("·\(InertText.line(peer))时钟\(signed)分", " · \(InertText.line(peer)) clock \(signed)m")
    case .offline(let since):
        return w.lang.pick("·离线 自\(s.calendar.localTime(since))", " · offline since \(s.calendar.localTime(since))")
    case .full: return w.lang.pick("·共享已满", " · share full")
    case .readOnly: return w.lang.pick("·共享只读", " · share read-only")
    case .conflict: return w.lang.pick("·记录冲突!", " · CONFLICT")
    case .problem: return w.lang.pick("·共享出错", " · share problem")
    }
}

/// `操作员 冼嘉怡  `: who the console records changes under (`u` changes it).
private func operatorText(_ s: ConsoleState, wide: Bool) -> String {
    let name = DisplayWidth.truncate(InertText.line(s.actor), to: wide ? 24 : 16)
    // 操作员冼嘉怡 reads as one phrase in Chinese, and the cell saved keeps the console's name on a
    // 120-column header with a signal in force.
    return s.words.lang.pick("操作员", wide ? "operator " : "op. ") + name + "  "
}

/// `交接待签  ` while a handover waits to be signed, else the countdown to the next handover
/// (`交班 03:12:40` wide, `交班3:12` narrow); empty when nothing is rostered.
private func handoverText(_ s: ConsoleState, wide: Bool) -> String {
    let w = s.words
    if let h = s.duty.pendingHandover {
        let text = h.status == .returned ? w.lang.pick("交接退回", "handover returned") : w.lang.pick("交接待签", "handover pending")
        return text + "  "
    }
    guard let next = s.nextShift else { return "" }
    let left = max(0, next.start.seconds(since: s.now))
    // `交班还有 6时24分`: how long, never a time of day that could be read as when.
    if wide { return w.lang.pick("交班还有 ", "handover in ") + w.countdown(seconds: left) + "  " }
    return w.lang.pick("交班还有", "hand. in ") + w.countdown(seconds: left) + "  "
}

private func drawTabs(_ g: inout Grid, _ s: ConsoleState) {
    let w = s.words
    let wide = g.width >= 110
    var x = 1
    for p in Pane.built {
        let active = p == s.pane
        let label = wide ? (active ? "[\(p.number) \(w.pane(p))]" : " \(p.number) \(w.pane(p)) ") : (active ? "[\(p.number)\(w.pane(p))]" : " \(p.number)\(w.pane(p)) ")
        x += g.put(label, x: x, y: 1, role: active ? .tabActive : .tab) + (wide ? 1 : 0)
    }
}

private func drawFooter(_ g: inout Grid, _ s: ConsoleState) {
    let y = g.height - 1
    g.fill(x: 0, y: y, width: g.width, role: .footer)
    if let q = s.question {
        // The question takes the whole line: nothing else may be read as its answer.
        var x = 1
        for (text, role) in [(q.text + " ", Role.warning), ("y", .footerKey), (" " + q.yes + " / ", .footer),
                             (s.language.pick("其他键", "other keys"), .footerKey), (s.language.pick(" ", ": ") + q.no, .footer)] {
            x += g.put(text, x: x, y: y, role: role, limit: max(0, g.width - 1 - x))
        }
        return
    }
    let reminder = s.notice == nil ? reminderText(s) : nil
    // The reminder is for people, by name, and a notice says what just happened (or that it was
    // not recorded): the pane's keys give way to either (help and quit stay).
    let said = s.notice.map(InertText.line) ?? reminder
    let reserved = said.map { min(DisplayWidth.of($0) + 2, g.width * 3 / 5) } ?? 0
    var x = 1
    for hint in KeyMap.footer(s, width: g.width - reserved) {
        let need = DisplayWidth.of(hint.key) + DisplayWidth.of(hint.text) + 2
        guard x + need < g.width else { break }
        x += g.put(hint.key, x: x, y: y, role: .footerKey)
        // 「a确认」reads as one word in Chinese; English needs the space: 「a ack」.
        if s.language == .en { x += 1 }
        x += g.put(hint.text, x: x, y: y, role: .footer) + 1
    }
    if let notice = s.notice {
        let text = DisplayWidth.truncate(InertText.line(notice), to: max(0, g.width - x - 2))
        g.put(text, x: g.width - 1 - DisplayWidth.of(text), y: y, role: .footer)
    } else if let reminder {
        let text = DisplayWidth.truncate(reminder, to: max(0, g.width - x - 2))
        g.put(text, x: g.width - 1 - DisplayWidth.of(text), y: y, role: .warning)
    }
}

/// Said where every officer looks, from `handoverReminderMinutes` before a handover: when, and
/// the next shift's people by name. The time comes first so a cut line keeps it.
private func reminderText(_ s: ConsoleState) -> String? {
    guard let next = s.handoverReminder else { return nil }
    let names = next.slots.map { InertText.line($0.person) }.joined(separator: " ")
    let at = s.calendar.localTime(next.start)
    let left = s.words.age(seconds: max(0, next.start.seconds(since: s.now)))
    return s.words.lang.pick("提醒 \(at) 接班（\(left)后）：\(names)", "Reminder: on at \(at) (in \(left)): \(names)")
}

private func drawHelp(_ g: inout Grid, _ s: ConsoleState, _ glyphs: Glyphs) {
    let entries = KeyMap.help(s)
    // Every signal in force, the ones the header had no room for too.
    let w = s.words
    let signals = s.signals.map { "[\(w.signal(kind: InertText.line($0.content.kind), level: $0.level))]" }
    var signalLines: [String] = []
    if !signals.isEmpty {
        // As many lines as it takes within the screen: none is cut off.
        var line = w.lang.pick(" 生效预警", " Signals")
        for sig in signals {
            if DisplayWidth.of(line) + 1 + DisplayWidth.of(sig) > g.width - 2 {
                signalLines.append(line)
                line = String(repeating: " ", count: DisplayWidth.of(w.lang.pick(" 生效预警", " Signals")))
            }
            line += " " + sig
        }
        signalLines.append(line)
    }
    let top = signalLines.count
    // One column while it fits between the tabs and the footer; else two, the pane's own keys
    // in the first and those of every pane in the second when each fits, else evenly.
    let room = g.height - 7 - top
    let own = entries.dropFirst().firstIndex { $0.key.isEmpty } ?? entries.count
    let perColumn: Int
    if entries.count <= room {
        perColumn = entries.count
    } else if own <= room, entries.count - own <= room {
        perColumn = own
    } else {
        perColumn = (entries.count + 1) / 2
    }
    let columns = (entries.count + perColumn - 1) / perColumn
    let columnWidth = 38
    let boxWidth = min(g.width, max(columnWidth * columns + 4, (signalLines.map(DisplayWidth.of).max() ?? 0) + 2))
    let height = perColumn + 3 + top
    let x0 = (g.width - boxWidth) / 2, y0 = max(3, (g.height - height) / 2)
    for y in y0..<(y0 + height) { g.fill(x: x0, y: y, width: boxWidth, role: .normal) }
    g.put(String(repeating: glyphs.horizontal, count: boxWidth), x: x0, y: y0, role: .border)
    g.put(String(repeating: glyphs.horizontal, count: boxWidth), x: x0, y: y0 + height - 1, role: .border)
    for (i, line) in signalLines.enumerated() { g.put(line, x: x0 + 1, y: y0 + 1 + i, role: .warning, limit: boxWidth - 1) }
    g.put(w.lang.pick(" 按键（任意键关闭）", " Keys (any key closes)"), x: x0 + 1, y: y0 + 1 + top, role: .header)
    for (i, e) in entries.enumerated() {
        let cx = x0 + 3 + (i / perColumn) * columnWidth, cy = y0 + 2 + top + i % perColumn
        // A section's name has no key: it stands out to the left of the keys it heads.
        if e.key.isEmpty {
            g.put(e.text, x: cx - 1, y: cy, role: .header, limit: columnWidth - 2)
            continue
        }
        // Wide enough for Home/End and PgUp/PgDn.
        g.put(DisplayWidth.pad(e.key, to: 9), x: cx, y: cy, role: .footerKey)
        g.put(e.text, x: cx + 10, y: cy, role: .normal, limit: columnWidth - 11)
    }
}
