import DutyCore

/// 三查: streets with progress bars, the hazard points of the selected street, the items of the
/// selected point in the phase being viewed. Three columns when wide; at 80 columns two of them,
/// sliding right as the officer goes deeper.
struct ChecksView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: ChecksWords { ChecksWords(state.language) }
    var p: ChecksPaneState { state.checksPane }

    static let streetsWidth = 30
    static let pointsWidth = 38

    func draw(_ g: inout Grid, in r: Rect) {
        let sel = ChecksSelection(state)
        guard let round = sel.round else {
            g.put(w.noRound, x: r.x + 1, y: r.y, role: .warning, limit: r.width - 2)
            var y = r.y + 2
            for line in DisplayWidth.wrap(w.noRoundHelp, width: r.width - 2) where y < r.maxY {
                g.put(line, x: r.x + 1, y: y, role: .muted)
                y += 1
            }
            return
        }
        // Kept per store change; everything below reads from it.
        let latest = round.id == state.duty.openRound?.id ? state.roundTicks : state.duty.latestTicks(round)
        let streets = state.duty.streetProgress(phase: sel.phase, latest: latest)
        drawHeader(&g, round, sel, streets, y: r.y, x: r.x, width: r.width)
        let lists = Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1 - (p.entry == nil && p.search == nil ? 0 : 1))

        var columns: [(ChecksColumn, Int)]
        if r.width >= 110 {
            columns = [(.streets, Self.streetsWidth), (.points, Self.pointsWidth), (.items, r.width - Self.streetsWidth - Self.pointsWidth - 2)]
        } else if p.column == .items {
            columns = [(.points, Self.streetsWidth), (.items, r.width - Self.streetsWidth - 1)]
        } else {
            columns = [(.streets, Self.streetsWidth), (.points, r.width - Self.streetsWidth - 1)]
        }
        var x = lists.x
        for (i, (column, width)) in columns.enumerated() {
            let rect = Rect(x: x, y: lists.y, width: width, height: lists.height)
            switch column {
            case .streets: drawStreets(&g, sel, streets, in: rect)
            case .points: drawPoints(&g, sel, latest, in: rect)
            case .items: drawItems(&g, round, sel, latest, in: rect)
            }
            x += width
            if i + 1 < columns.count {
                for y in lists.y..<lists.maxY { g.put(glyphs.vertical, x: x, y: y, role: .border) }
                x += 1
            }
        }
        if let editor = p.entry?.editor ?? p.search { editor.draw(&g, x: r.x, y: r.maxY - 1, width: r.width) }
    }

    // MARK: Header

    /// `暴雨黄色预警 雨前排查  本轮阶段 雨前排查  查看 [雨前] 雨中 雨后  全区 41/57 问题 5`
    private func drawHeader(_ g: inout Grid, _ round: ChecklistRound, _ sel: ChecksSelection, _ streets: [String: CheckProgress],
                            y: Int, x: Int, width: Int) {
        let total = streets.values.reduce(into: (done: 0, total: 0, problems: 0)) {
            $0.done += $1.done
            $0.total += $1.total
            $0.problems += $1.problems
        }
        let wide = width >= 110
        let roundPhase = w.roundPhase(round.phase, wide: wide)
        let picker = w.viewLabel + " " + CheckPhase.allCases.map { $0 == sel.phase ? "[\(w.short($0))]" : w.short($0) }.joined(separator: " ")
        let sum = w.total(done: total.done, total: total.total, problems: total.problems, wide: wide)
        let gap = 2
        let rightWidth = DisplayWidth.of(roundPhase) + DisplayWidth.of(picker) + DisplayWidth.of(sum) + 3 * gap
        let title = DisplayWidth.truncate(InertText.line(round.subject), to: max(4, width - 2 - rightWidth))
        var cx = x + 1
        cx += g.put(title, x: cx, y: y, role: .header) + gap
        cx += g.put(roundPhase, x: cx, y: y, role: .normal) + gap
        // Viewing another phase than the round's is allowed (late after-rain checks) but must show.
        cx += g.put(picker, x: cx, y: y, role: sel.phase == round.phase ? .normal : .warning) + gap
        let sumX = cx
        cx += g.put(sum, x: cx, y: y, role: total.done == total.total ? .ok : .normal)
        if total.problems > 0 {
            let problems = w.problems(total.problems, wide: wide)
            g.put(problems, x: sumX + DisplayWidth.of(sum) - DisplayWidth.of(problems), y: y, role: .problem)
        }
    }

    // MARK: Columns

    /// The column title, bright when the column has the focus.
    private func title(_ g: inout Grid, _ text: String, _ column: ChecksColumn, in r: Rect) {
        g.put(DisplayWidth.truncate(text, to: r.width - 2), x: r.x + 1, y: r.y, role: p.column == column ? .header : .muted)
    }

    /// The first row to show so that `selected` (of `count`, each `rowHeight` tall) is visible.
    private func firstRow(selected: Int, count: Int, rows: Int, rowHeight: Int = 1) -> Int {
        let fit = max(1, rows / rowHeight)
        return max(0, min(selected - fit + 1, count - fit))
    }

    /// `>` marks the selected row of every column; the focused column's row is also highlighted.
    private func mark(_ g: inout Grid, _ column: ChecksColumn, x: Int, y: Int, width: Int) {
        g.put(">", x: x, y: y, role: .normal)
        g.paint(x: x, y: y, width: width, role: p.column == column ? .selection : .focus)
    }

    private func drawStreets(_ g: inout Grid, _ sel: ChecksSelection, _ progress: [String: CheckProgress], in r: Rect) {
        title(&g, w.streetsTitle, .streets, in: r)
        // District order, not behind-first: the officer finds his street where it always is, and
        // rows do not jump under the cursor as ticks arrive. Behind shows in the bars and counts.
        let rows = r.height - 1
        let first = firstRow(selected: sel.streetIndex, count: sel.streets.count, rows: rows)
        for (i, street) in sel.streets.enumerated().dropFirst(first).prefix(rows) {
            let y = r.y + 1 + i - first
            let pr = progress[street] ?? CheckProgress(street: street, done: 0, total: 0, problems: 0)
            g.put(DisplayWidth.truncate(InertText.line(street), to: 8), x: r.x + 1, y: y, role: .normal)
            drawBar(&g, done: pr.done, total: pr.total, x: r.x + 10, y: y, width: 10)
            drawCount(&g, pr, x: r.x + 21, y: y)
            if i == sel.streetIndex { mark(&g, .streets, x: r.x, y: y, width: r.width) }
        }
    }

    private func drawPoints(_ g: inout Grid, _ sel: ChecksSelection, _ latest: [TickKey: Tick], in r: Rect) {
        title(&g, w.pointsTitle(sel.street.map(InertText.line) ?? ""), .points, in: r)
        guard !sel.points.isEmpty else {
            g.put(w.noPoints, x: r.x + 2, y: r.y + 1, role: .muted, limit: r.width - 3)
            return
        }
        // Layout: marker, name, [type], count (5), problems (3), a blank before the line.
        let showType = r.width >= 36
        let nameWidth = r.width - 10 - (showType ? 9 : 0)
        let rows = r.height - 1
        let first = firstRow(selected: sel.pointIndex, count: sel.points.count, rows: rows)
        for (i, point) in sel.points.enumerated().dropFirst(first).prefix(rows) {
            let y = r.y + 1 + i - first
            let pr = state.duty.pointProgress(point, phase: sel.phase, latest: latest)
            g.put(DisplayWidth.truncate(InertText.line(point.name), to: nameWidth), x: r.x + 1, y: y, role: .normal)
            if showType { g.put(w.type(point.type), x: r.x + 2 + nameWidth, y: y, role: .muted, limit: 8) }
            drawCount(&g, pr, x: r.x + r.width - 9, y: y)
            if i == sel.pointIndex { mark(&g, .points, x: r.x, y: y, width: r.width) }
        }
    }

    private func drawItems(_ g: inout Grid, _ round: ChecklistRound, _ sel: ChecksSelection, _ latest: [TickKey: Tick], in r: Rect) {
        let pointName = sel.point.map { InertText.line($0.name) } ?? ""
        title(&g, w.itemsTitle(sel.phase, point: pointName, dot: glyphs.dot), .items, in: r)
        guard let point = sel.point, !sel.items.isEmpty else {
            g.put(w.noItems, x: r.x + 2, y: r.y + 1, role: .muted, limit: r.width - 3)
            return
        }
        // Two lines an item: the box and the text, then what the latest tick found.
        let listRows = min(r.height - 1, sel.items.count * 2)
        let first = firstRow(selected: sel.itemIndex, count: sel.items.count, rows: listRows, rowHeight: 2)
        var y = r.y + 1
        for (i, item) in sel.items.enumerated().dropFirst(first) where y + 1 <= r.y + listRows {
            let tick = latest[TickKey(pointID: point.id, phase: sel.phase, itemID: item.id)]
            g.put(box(tick?.result), x: r.x + 1, y: y, role: tick.map { role($0.result) } ?? .normal)
            g.put(DisplayWidth.truncate(InertText.line(item.text), to: r.width - 6), x: r.x + 5, y: y, role: .normal)
            if let t = tick {
                var x = r.x + 5
                x += g.put(w.result(t.result), x: x, y: y + 1, role: role(t.result)) + 1
                x += g.put(DisplayWidth.truncate(InertText.line(t.stamp.actor), to: 8), x: x, y: y + 1, role: .muted) + 1
                x += g.put(state.when(t.stamp.at), x: x, y: y + 1, role: .muted) + 2
                g.put(DisplayWidth.truncate(InertText.line(t.remark), to: max(0, r.x + r.width - x - 1)), x: x, y: y + 1, role: .normal)
            } else {
                g.put(w.toDo, x: r.x + 5, y: y + 1, role: .muted)
            }
            if i == sel.itemIndex { mark(&g, .items, x: r.x, y: y, width: r.width) }
            y += 2
        }
        drawItemDetail(&g, round, sel, in: Rect(x: r.x, y: y + 1, width: r.width, height: r.maxY - y - 1))
    }

    /// The selected item in full and every tick it had in this round, when there is room.
    private func drawItemDetail(_ g: inout Grid, _ round: ChecklistRound, _ sel: ChecksSelection, in r: Rect) {
        guard r.height >= 3, let point = sel.point, let item = sel.item else { return }
        let history = state.duty.tickHistory(round, pointID: point.id, phase: sel.phase, itemID: item.id)
        var lines: [(String, Role, Int)] = []   // text, role, indent
        for (n, line) in DisplayWidth.wrap("\(item.id)  " + InertText.line(item.text), width: r.width - 2).enumerated() {
            lines.append((line, n == 0 ? .header : .normal, 1))
        }
        lines.append((w.historyTitle(history.count), .muted, 1))
        // Newest first, and no more than can be shown: an item ticked all year stays cheap.
        for t in history.suffix(r.height).reversed() {
            let head = "\(state.when(t.stamp.at)) \(DisplayWidth.pad(InertText.line(t.stamp.actor), to: 8)) \(w.result(t.result))"
            lines.append((head, role(t.result), 3))
            if !t.remark.isEmpty {
                for line in DisplayWidth.wrap(InertText.line(t.remark), width: r.width - 6) { lines.append((line, .normal, 5)) }
            }
        }
        for (i, line) in lines.prefix(r.height).enumerated() {
            g.put(line.0, x: r.x + line.2, y: r.y + i, role: line.1, limit: r.width - line.2)
        }
    }

    // MARK: Pieces

    private func drawBar(_ g: inout Grid, done: Int, total: Int, x: Int, y: Int, width: Int) {
        let filled = total == 0 ? 0 : done * width / total
        g.put(String(repeating: glyphs.barDone, count: filled), x: x, y: y, role: .barDone)
        g.put(String(repeating: glyphs.barTodo, count: width - filled), x: x + filled, y: y, role: .barTodo)
    }

    /// `done/total` right-aligned in five cells, then ` !n` problems.
    private func drawCount(_ g: inout Grid, _ pr: CheckProgress, x: Int, y: Int) {
        let count = "\(pr.done)/\(pr.total)"
        g.put(count, x: x + max(0, 5 - count.count), y: y, role: pr.total > 0 && pr.done == pr.total ? .ok : .normal)
        if pr.problems > 0 { g.put("!\(pr.problems)", x: x + 6, y: y, role: .problem, limit: 2) }
    }

    /// Boxes three cells wide; the tick is one cell (not an ambiguous-width character), `v` under ASCII.
    private func box(_ r: TickResult?) -> String {
        switch r {
        case nil: "[ ]"
        case .ok: "[\(glyphs.ok)]"
        case .problem: "[!]"
        case .notApplicable: "[-]"
        }
    }

    private func role(_ r: TickResult) -> Role {
        switch r {
        case .ok: .ok
        case .problem: .problem
        case .notApplicable: .notApplicable
        }
    }
}


/// The 三查 pane's words in both languages.
struct ChecksWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var noRound: String { lang.pick("没有进行中的三查轮次", "No inspection round is open") }
    var noRoundShort: String { lang.pick("没有进行中的三查轮次，无法勾选", "No open round: nothing to tick") }
    var noRoundHelp: String {
        lang.pick("一轮三查属于一次降雨过程，通常随暴雨、台风预警开启。开启后，在此按街道、隐患点逐项勾选雨前排查、雨中巡查、雨后复查。",
                  "A round belongs to one rain event and is usually opened with a rainstorm or typhoon warning. Once open, its before-, during- and after-rain items are ticked here by street and hazard point.")
    }
    var pickItemFirst: String { lang.pick("先用 → 选中一个检查项", "Go to an item first (→)") }
    var cancelled: String { lang.pick("已取消", "Cancelled") }
    var searchPrompt: String { lang.pick("查找街道或隐患点：", "Find a street or point: ") }
    func notFound(_ t: String) -> String { lang.pick("没有名称含「\(t)」的街道或隐患点", "No street or point named like \"\(t)\"") }
    func otherPhase(round: CheckPhase, tick: CheckPhase) -> String {
        lang.pick("本轮现为\(round.chinese)，这是\(tick.chinese)的项", "The round is in \(round.english.lowercased()); this is \(tick.english.lowercased())")
    }
    func already(_ r: TickResult, by: String, at: String) -> String {
        lang.pick("此项已记为\(r.chinese)（\(by) \(at)）", "Already recorded \(r.english.lowercased()) (\(by) \(at))")
    }
    var recordAnyway: String { lang.pick("，仍要记录？", ". Record anyway?") }
    var record: String { lang.pick("记录", "record") }
    var goBack: String { lang.pick("返回", "go back") }
    var viewLabel: String { lang.pick("查看", "View") }
    var streetsTitle: String { lang.pick("街道      进度", "Street    progress") }
    var noPoints: String { lang.pick("本街没有隐患点", "No hazard points") }
    var noItems: String { lang.pick("本阶段没有检查项", "No items in this phase") }
    var toDo: String { lang.pick("待查", "to do") }

    func viewing(_ p: CheckPhase) -> String { lang.pick("查看 \(p.chinese)", "Viewing \(p.english.lowercased())") }
    func short(_ p: CheckPhase) -> String {
        lang == .zh ? p.shortChinese : ["before", "during", "after"][CheckPhase.allCases.firstIndex(of: p)!]
    }
    func roundPhase(_ p: CheckPhase, wide: Bool) -> String {
        lang.pick("本轮阶段 " + (wide ? p.chinese : p.shortChinese), "Round: " + (wide ? p.english.lowercased() : short(p)))
    }
    func total(done: Int, total: Int, problems: Int, wide: Bool) -> String {
        let p = problems > 0 ? " " + self.problems(problems, wide: wide) : ""
        return (wide ? lang.pick("全区 ", "District ") : "") + "\(done)/\(total)" + p
    }
    func problems(_ n: Int, wide: Bool) -> String { wide ? lang.pick("问题 \(n)", "problems \(n)") : "!\(n)" }
    func pointsTitle(_ street: String) -> String { lang.pick("\(street) 隐患点", "Points in \(street)") }
    func itemsTitle(_ p: CheckPhase, point: String, dot: String) -> String {
        "\(DutyWords(lang: lang).phase(p)) \(dot) \(point)"
    }
    func historyTitle(_ n: Int) -> String {
        n == 0 ? lang.pick("本轮尚未检查", "Not checked in this round") : n == 1 ? lang.pick("本轮记录 1 次", "1 tick this round")
            : lang.pick("本轮记录 \(n) 次（新的在前）", "\(n) ticks this round, newest first")
    }
    func result(_ r: TickResult) -> String { lang == .zh ? r.chinese : r.english }
    func type(_ t: HazardType) -> String {
        switch t {
        case .geohazard: lang.pick("地灾点", "geohaz.")
        case .waterlogging: lang.pick("内涝点", "waterlog")
        case .tunnel: lang.pick("隧道", "tunnel")
        case .culvert: lang.pick("涵洞", "culvert")
        case .underground: lang.pick("地下工程", "undergr.")
        }
    }
    func prompt(_ r: TickResult, item: String) -> String {
        switch r {
        case .ok: lang.pick("\(item) 正常，读数或备注（可空）：", "\(item) OK, reading or note (may be empty): ")
        case .problem: lang.pick("\(item) 问题说明（必填）：", "\(item) problem (required): ")
        case .notApplicable: lang.pick("\(item) 不适用原因（必填）：", "\(item) why not applicable (required): ")
        }
    }
    func remarkRequired(_ r: TickResult) -> String {
        r == .problem ? lang.pick("有问题须写明情况", "A problem needs a remark") : lang.pick("不适用须写明原因", "Not applicable needs a reason")
    }
    func refused(_ why: String) -> String { lang.pick("未记录：\(why)", "Not recorded: \(why)") }
    func ticked(_ r: TickResult, point: String, item: String) -> String {
        lang.pick("已记录 \(point) \(item) \(r.chinese)", "Recorded \(r.english): \(point) \(item)")
    }
}
