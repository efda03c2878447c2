import DutyCore

/// 三防: the 三本台账 table, and below it the selected line's three people with the last call to
/// each. Wide, the table shows all three people with phones; at 80 columns the facility, street
/// and the latest call, the people only in the block below.
struct ContactsView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: ContactsWords { ContactsWords(state.language) }
    var p: ContactsPaneState { state.contactsPane }

    /// The ledger lines the search lets through, in map order.
    static func rows(_ state: ConsoleState) -> [FloodContact] {
        let q = state.contactsPane.query
        return state.duty.contactsInOrder.filter { $0.matches(q) }
    }

    static func selectedIndex(_ state: ConsoleState, _ rows: [FloodContact]) -> Int {
        state.contactsPane.selectedID.flatMap { id in rows.firstIndex { $0.id == id } } ?? 0
    }

    /// Rule, facility line, three people.
    static let detailHeight = 5
    static let personWidth = 25

    func draw(_ g: inout Grid, in r: Rect) {
        let rows = Self.rows(state)
        let index = Self.selectedIndex(state, rows)
        let calls = state.lastCalls
        let bottom = p.search != nil || p.call != nil ? 1 : 0
        drawHeader(&g, rows: rows.count, calls: calls, x: r.x, y: r.y, width: r.width)
        let wide = r.width >= 110
        let table = Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1 - Self.detailHeight - bottom)
        drawTable(&g, rows, index, calls, in: table, wide: wide)
        let detail = Rect(x: r.x, y: table.maxY, width: r.width, height: Self.detailHeight)
        g.put(String(repeating: glyphs.horizontal, count: r.width), x: r.x, y: detail.y, role: .border)
        if rows.indices.contains(index) { drawDetail(&g, rows[index], calls, in: detail) }
        if bottom == 1 { drawBottom(&g, x: r.x, y: r.maxY - 1, width: r.width) }
    }

    // MARK: Header

    /// `三本台账  60 处设施  筛选“南洲” 5 处                        今日呼叫 4 · 待回拨 1`
    private func drawHeader(_ g: inout Grid, rows: Int, calls: [ContactRoleKey: (last: CallEntry, count: Int)], x: Int, y: Int, width: Int) {
        let todayCalls = state.callsToday
        // Whoever was last called without an answer still has to be reached.
        let callBack = calls.values.filter { $0.last.outcome == .notReached }.count
        let right = w.callSummary(today: todayCalls, callBack: callBack, dot: glyphs.dot)
        let rightX = x + width - 1 - DisplayWidth.of(right)
        var cx = x + 1
        cx += g.put(w.title, x: cx, y: y, role: .header) + 2
        cx += g.put(w.facilities(state.duty.contacts.count), x: cx, y: y, role: .normal) + 2
        if !p.query.isEmpty || p.search != nil {
            let filter = w.filter(DisplayWidth.truncate(InertText.line(p.query), to: 16), rows)
            g.put(filter, x: cx, y: y, role: rows == 0 ? .warning : .focus, limit: max(0, rightX - cx - 1))
        }
        g.put(right, x: rightX, y: y, role: callBack > 0 ? .warning : .normal)
    }

    // MARK: Table

    private struct Columns {
        var facility = 1, facilityWidth = 28, type = 31, street = 40
        var people: [Int] = []   // wide: where each person starts
        var lastCall = 49
    }

    private func columns(_ width: Int, wide: Bool) -> Columns {
        var c = Columns()
        if wide {
            let pw = Self.personWidth + 1
            c.people = (0..<3).map { width - (3 - $0) * pw }
            c.street = c.people[0] - 9
            c.type = c.street - 9
            c.facilityWidth = c.type - 2
        }
        return c
    }

    private func drawTable(_ g: inout Grid, _ rows: [FloodContact], _ index: Int, _ calls: [ContactRoleKey: (last: CallEntry, count: Int)],
                           in r: Rect, wide: Bool) {
        let c = columns(r.width, wide: wide)
        let y0 = r.y
        g.put(w.facilityTitle, x: r.x + c.facility, y: y0, role: .muted)
        g.put(w.typeTitle, x: r.x + c.type, y: y0, role: .muted)
        g.put(w.streetTitle, x: r.x + c.street, y: y0, role: .muted)
        if wide {
            for (i, role) in ResponsibleRole.allCases.enumerated() {
                g.put(w.role(role), x: r.x + c.people[i], y: y0, role: role == p.role ? .header : .muted)
            }
        } else {
            g.put(w.lastCallTitle, x: r.x + c.lastCall, y: y0, role: .muted)
        }
        let height = r.height - 1
        guard !rows.isEmpty else {
            let text = state.duty.contacts.isEmpty ? w.emptyLedger : w.noMatch(InertText.line(p.query))
            g.put(text, x: r.x + 2, y: y0 + 1, role: .muted, limit: r.width - 3)
            return
        }
        guard height > 0 else { return }
        drawListPosition(&g, selected: index, total: rows.count, shown: height, right: r.maxX - 1, y: y0, lang: state.language)
        let first = max(0, min(index - height + 1, rows.count - height))
        for (i, contact) in rows.enumerated().dropFirst(first).prefix(height) {
            let y = y0 + 1 + i - first
            g.put(DisplayWidth.truncate(InertText.line(contact.facility), to: c.facilityWidth), x: r.x + c.facility, y: y, role: .normal)
            g.put(DisplayWidth.truncate(w.type(contact.type), to: 8), x: r.x + c.type, y: y, role: .muted)
            g.put(DisplayWidth.truncate(InertText.line(contact.street), to: 8), x: r.x + c.street, y: y, role: .normal)
            if wide {
                for (n, role) in ResponsibleRole.allCases.enumerated() {
                    drawPersonCell(&g, contact, role, calls[ContactRoleKey(contactID: contact.id, role: role)]?.last, x: r.x + c.people[n], y: y)
                }
            } else if let last = ResponsibleRole.allCases.compactMap({ calls[ContactRoleKey(contactID: contact.id, role: $0)]?.last })
                .max(by: { ($0.stamp.at, $0.id) < ($1.stamp.at, $1.id) }) {
                let text = "\(state.when(last.stamp.at)) \(w.shortRole(last.role)) \(last.outcome.contactsWord(state.language))"
                g.put(text, x: r.x + c.lastCall, y: y, role: last.outcome == .reached ? .normal : .warning, limit: r.width - c.lastCall - 1)
            }
            if i == index {
                g.put(">", x: r.x, y: y, role: .normal)
                g.paint(x: r.x, y: y, width: r.width, role: .selection)
                if wide, let n = ResponsibleRole.allCases.firstIndex(of: p.role) {
                    g.paint(x: r.x + c.people[n], y: y, width: Self.personWidth, role: .focus)
                }
            }
        }
    }

    /// `骆国平   138 0000 0116 通`: name, phone in full, and how the last call went.
    private func drawPersonCell(_ g: inout Grid, _ contact: FloodContact, _ role: ResponsibleRole, _ last: CallEntry?, x: Int, y: Int) {
        let person = contact.person(role)
        let name = InertText.line(person.name)
        g.put(name.isEmpty ? w.missing : DisplayWidth.truncate(name, to: 8), x: x, y: y, role: name.isEmpty ? .warning : .normal)
        g.put(InertText.line(person.phone), x: x + 9, y: y, role: .normal, limit: 13)
        if let last { g.put(w.mark(last.outcome), x: x + 23, y: y, role: last.outcome == .reached ? .ok : .warning, limit: 2) }
    }

    // MARK: Detail

    private func drawDetail(_ g: inout Grid, _ contact: FloodContact, _ calls: [ContactRoleKey: (last: CallEntry, count: Int)], in r: Rect) {
        var x = r.x + 1
        let y = r.y + 1
        x += g.put(DisplayWidth.truncate(InertText.line(contact.facility), to: r.width - 24), x: x, y: y, role: .header) + 2
        x += g.put(w.type(contact.type), x: x, y: y, role: .muted) + 2
        g.put(InertText.line(contact.street), x: x, y: y, role: .normal, limit: max(0, r.x + r.width - x - 1))
        for (i, role) in ResponsibleRole.allCases.enumerated() {
            let ry = y + 1 + i
            let person = contact.person(role)
            let name = InertText.line(person.name)
            g.put(w.role(role), x: r.x + 2, y: ry, role: .muted, limit: 12)
            g.put(name.isEmpty ? w.missing : DisplayWidth.truncate(name, to: 8), x: r.x + 15, y: ry, role: name.isEmpty ? .warning : .normal)
            g.put(InertText.line(person.phone), x: r.x + 24, y: ry, role: .normal, limit: 13)
            var cx = r.x + 39
            if let entry = calls[ContactRoleKey(contactID: contact.id, role: role)] {
                let last = entry.last
                cx += g.put("\(state.when(last.stamp.at)) \(last.outcome.contactsWord(state.language))", x: cx, y: ry,
                            role: last.outcome == .reached ? .ok : .warning)
                if entry.count > 1 { cx += g.put(w.times(entry.count), x: cx, y: ry, role: .muted) }
                cx += 2
                let note = InertText.line(last.note)
                g.put(DisplayWidth.truncate(note, to: max(0, r.x + r.width - cx - 1)), x: cx, y: ry, role: .normal)
            } else {
                g.put(w.notCalled, x: cx, y: ry, role: .muted)
            }
            if role == p.role {
                g.put(">", x: r.x, y: ry, role: .normal)
                g.paint(x: r.x, y: ry, width: r.width, role: .focus)
            }
        }
    }

    // MARK: Bottom line

    private func drawBottom(_ g: inout Grid, x: Int, y: Int, width: Int) {
        if let search = p.search {
            search.draw(&g, x: x, y: y, width: width)
            return
        }
        guard let call = p.call, let contact = state.duty.contacts[call.contactID] else { return }
        switch call.step {
        case .outcome:
            let person = contact.person(call.role)
            let text = w.callPrompt(name: InertText.line(person.name), phone: InertText.line(person.phone))
            g.fill(x: x, y: y, width: width, role: .input)
            g.put(text, x: x, y: y, role: .input, limit: width)
        case .note(_, let editor):
            editor.draw(&g, x: x, y: y, width: width)
        }
    }
}

/// The 三防 pane's words in both languages.
struct ContactsWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var title: String { lang.pick("三本台账", "Flood-duty ledger") }
    var facilityTitle: String { lang.pick("设施", "Facility") }
    var typeTitle: String { lang.pick("类型", "Type") }
    var streetTitle: String { lang.pick("街道", "Street") }
    var lastCallTitle: String { lang.pick("最近呼叫", "Last call") }
    var searchPrompt: String { lang.pick("搜索（设施、街道、姓名或电话）：", "Search (facility, street, name or phone): ") }
    var filterCleared: String { lang.pick("已清除筛选", "Filter cleared") }
    var nobodyToCall: String { lang.pick("没有选中的台账", "No ledger line selected") }
    var cancelled: String { lang.pick("已取消", "Cancelled") }
    var notCalled: String { lang.pick("未呼叫", "not called") }
    var missing: String { lang.pick("（未填）", "(none)") }
    var emptyLedger: String {
        lang.pick("台账为空：用 duty-watch import contacts 文件.csv 导入", "The ledger is empty: duty-watch import contacts FILE.csv")
    }

    func facilities(_ n: Int) -> String { lang.pick("\(n) 处设施", "\(n) facilities") }
    func filter(_ q: String, _ n: Int) -> String { lang.pick("筛选“\(q)” \(n) 处", "filter \"\(q)\": \(n)") }
    func noMatch(_ q: String) -> String { lang.pick("没有与“\(q)”匹配的台账（Esc 清除筛选）", "Nothing matches \"\(q)\" (Esc clears the filter)") }
    func found(_ n: Int, _ q: String) -> String { lang.pick("“\(InertText.line(q))”：\(n) 处", "\"\(InertText.line(q))\": \(n) found") }
    func callSummary(today: Int, callBack: Int, dot: String) -> String {
        lang.pick("今日呼叫 \(today) \(dot) 待回拨 \(callBack)", "calls today \(today) \(dot) to call back \(callBack)")
    }
    func role(_ r: ResponsibleRole) -> String {
        lang == .zh ? r.chinese : ["Leader", "Technical", "Maintenance"][ResponsibleRole.allCases.firstIndex(of: r)!]
    }
    func shortRole(_ r: ResponsibleRole) -> String {
        switch r {
        case .leader: lang.pick("党政", "leader")
        case .technical: lang.pick("技术", "tech")
        case .maintenance: lang.pick("管护", "maint.")
        }
    }
    /// Two cells beside a phone in the wide table: how the last call went.
    func mark(_ o: CallOutcome) -> String { o == .reached ? lang.pick("通", "ok") : lang.pick("未", "no") }
    func times(_ n: Int) -> String { lang.pick(" 共\(n)次", ", \(n) calls") }
    /// The sheet's type as written, shortened for the eight-cell column (and in English when known).
    func type(_ raw: String) -> String {
        guard let t = HazardType(parsing: raw) else { return InertText.line(raw) }
        return ChecksWords(lang).type(t)
    }
    /// The person's post and facility are in the block just above, marked with `>`.
    func callPrompt(name: String, phone: String) -> String {
        lang.pick("呼叫 \(name) \(phone)：y 已接通  n 未接通  Esc 取消", "Call \(name) \(phone): y reached  n not reached  Esc cancel")
    }
    func notePrompt(_ name: String, _ o: CallOutcome) -> String {
        lang.pick("\(name) \(o.chinese)，通话记录（可空）：", "\(name) \(o.english.lowercased()), note (may be empty): ")
    }
    func refused(_ why: String) -> String { lang.pick("未记录：\(why)", "Not recorded: \(why)") }
    func logged(_ name: String, _ o: CallOutcome) -> String {
        lang.pick("已记录呼叫 \(name) \(o.chinese)", "Call logged: \(name) \(o.english.lowercased())")
    }
}
