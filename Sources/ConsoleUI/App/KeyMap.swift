import DutyCore

/// What a key press asks for, named after what happened (bubbletea's messages, htop's actions).
/// Outside a text entry, panes act on these and never on keys, so what a key means is written
/// once, in `KeyMap.rows`, and the footer, the help and the tests are drawn from there.
public enum Command: Hashable, Sendable {
    // Every pane.
    case nextPanePressed, helpPressed, switchPersonPressed, quitPressed, refusedFilesPressed
    case panePressed(Pane)
    // Moving through a list.
    case upPressed, downPressed, pageUpPressed, pageDownPressed, homePressed, endPressed
    case leftPressed, rightPressed, enterPressed, escapePressed
    // The queue (overview and alerts pane).
    case acknowledgePressed, handlingPressed, resolvePressed, reportPressed, phonePressed
    case notePressed, reopenPressed, showResolvedPressed
    /// `/`: find, or narrow the list, wherever there is one to search.
    case findPressed
    // 三查.
    case okPressed, okWithNotePressed, problemPressed, notApplicablePressed, phasePressed
    // 值班.
    case todayPressed
    // 三防.
    case callPressed
    // 交接.
    case handOverPressed, signPressed, giveBackPressed, dutyLogPressed
    // 地图: the arrows go from street to street, so the list beside the map has keys of its own.
    case nextAlertPressed, previousAlertPressed
}

/// One line of the key table: the keys it binds (each to a command), the panes it works on, what
/// it is called, and when the footer shows it (the help always lists it).
struct KeyRow: Sendable {
    enum Footer: Sendable {
        case shown, hidden
        case when(@Sendable (ConsoleState) -> Bool)
    }

    let label: (zh: String, en: String)
    /// What the footer calls the keys, where the help's full list would crowd it (`←→` for `←→/hl`).
    var brief: String?
    let bound: [(key: Key, command: Command)]
    /// Nil: every pane (and pane keys may not take these keys).
    let panes: Set<Pane>?
    let words: @Sendable (ConsoleState) -> String
    let footer: Footer
    /// Ctrl-C: works with a text entry open too (everything else there is typing).
    var whileTyping = false

    init(_ label: String, en: String? = nil, _ bound: [(Key, Command)], on panes: [Pane]?, _ zh: String, _ enWords: String, footer: Footer = .shown) {
        self.label = (label, en ?? label)
        self.bound = bound.map { (key: $0.0, command: $0.1) }
        self.panes = panes.map(Set.init)
        words = { $0.language.pick(zh, enWords) }
        self.footer = footer
    }

    init(_ label: String, _ bound: [(Key, Command)], on panes: [Pane]?, words: @escaping @Sendable (ConsoleState) -> String, footer: Footer = .shown) {
        self.label = (label, label)
        self.bound = bound.map { (key: $0.0, command: $0.1) }
        self.panes = panes.map(Set.init)
        self.words = words
        self.footer = footer
    }

    func works(on pane: Pane) -> Bool { panes?.contains(pane) ?? true }

    func isShown(_ state: ConsoleState) -> Bool {
        switch footer {
        case .shown: true
        case .hidden: false
        case .when(let test): test(state)
        }
    }

    /// How the help lists the row.
    func hint(_ state: ConsoleState) -> (key: String, text: String) {
        (state.language == .en ? label.en : label.zh, words(state))
    }

    /// How the footer shows the row.
    func tip(_ state: ConsoleState) -> (key: String, text: String) {
        (brief ?? hint(state).key, words(state))
    }

    func briefly(_ keys: String) -> KeyRow {
        var row = self
        row.brief = keys
        return row
    }
}

/// The key table (htop's `Action.c`): every key of every pane, outside text entries, bound to a
/// command. A key means the same on every pane that binds it, or each pane's help says what it
/// means there (`h` is 处置 on the queue and ← on lists of columns).
public enum KeyMap {
    private static let queue: [Pane] = [.overview, .alerts]
    private static let upDown: [(Key, Command)] = [(.up, .upPressed), (.char("k"), .upPressed), (.down, .downPressed), (.char("j"), .downPressed)]
    private static let pages: [(Key, Command)] = [(.pageUp, .pageUpPressed), (.pageDown, .pageDownPressed)]
    private static let ends: [(Key, Command)] = [(.home, .homePressed), (.end, .endPressed)]
    private static let leftRight: [(Key, Command)] = [(.left, .leftPressed), (.char("h"), .leftPressed), (.right, .rightPressed), (.char("l"), .rightPressed)]

    /// In the order the footer and the help show them: the pane's keys, then the ones of every pane.
    static let rows: [KeyRow] = queueRows + rosterRows + checksRows + contactsRows + handoverRows + mapRows + globalRows

    private static let queueRows: [KeyRow] = [
        KeyRow("a", [(.char("a"), .acknowledgePressed)], on: queue, "确认", "ack"),
        KeyRow("h", [(.char("h"), .handlingPressed)], on: queue, "处置", "handling"),
        KeyRow("r", [(.char("r"), .resolvePressed)], on: queue, "解决", "resolve"),
        KeyRow("p", [(.char("p"), .reportPressed)], on: queue, "上报", "report"),
        KeyRow("n", [(.char("n"), .phonePressed)], on: queue, "电话", "phone"),
        KeyRow("c", [(.char("c"), .notePressed)], on: [.alerts], "备注", "note"),
        KeyRow("o", [(.char("o"), .reopenPressed)], on: [.alerts], "重开", "reopen"),
        KeyRow("/", [(.char("/"), .findPressed)], on: [.alerts], "筛选", "filter"),
        KeyRow("v", [(.char("v"), .showResolvedPressed)], on: [.alerts], "含已解决", "resolved"),
        KeyRow("→", [(.right, .rightPressed)], on: queue, "展开", "open", footer: .when { QueueKeys.selectedGroupIsOpen($0) == false }),
        KeyRow("←", [(.left, .leftPressed)], on: queue, "收起", "fold", footer: .when { QueueKeys.selectedGroupIsOpen($0) == true }),
        KeyRow("Enter", [(.enter, .enterPressed)], on: queue, "展开/收起一组", "open/fold a group", footer: .hidden),
        KeyRow("Esc", [(.escape, .escapePressed)], on: [.alerts], "清除筛选", "clear filter", footer: .when { !$0.alertsPane.filter.isEmpty }),
        KeyRow("↑↓/jk", upDown, on: queue, "上下移动", "move", footer: .hidden),
        KeyRow("PgUp/PgDn", pages, on: [.overview], "翻页", "page", footer: .hidden),
        KeyRow("PgUp/PgDn", pages, on: [.alerts], "详情滚动", "scroll the detail", footer: .hidden),
        KeyRow("Home/End", ends, on: queue, "到首项/末项", "first / last", footer: .hidden),
    ]

    private static let rosterRows: [KeyRow] = [
        KeyRow("←→/hl", leftRight, on: [.roster], "换日", "day").briefly("←→"),
        KeyRow("t", [(.char("t"), .todayPressed)], on: [.roster], "今天", "today"),
        KeyRow("↑↓/jk", upDown, on: [.roster], "选班次", "pick a slot", footer: .hidden),
    ]

    private static let roundOpen: KeyRow.Footer = .when { $0.duty.openRound != nil }
    private static let checksRows: [KeyRow] = [
        KeyRow("空格", en: "Space", [(.char(" "), .okPressed)], on: [.checks], "正常", "ok", footer: roundOpen),
        KeyRow("o", [(.char("o"), .okWithNotePressed)], on: [.checks], "正常+读数", "ok+note", footer: roundOpen),
        KeyRow("x", [(.char("x"), .problemPressed)], on: [.checks], "问题", "problem", footer: roundOpen),
        KeyRow("n", [(.char("n"), .notApplicablePressed)], on: [.checks], "不适用", "n/a", footer: roundOpen),
        KeyRow("p", [(.char("p"), .phasePressed)], on: [.checks], "阶段", "phase", footer: roundOpen),
        KeyRow("/", [(.char("/"), .findPressed)], on: [.checks], "查找", "find", footer: roundOpen),
        KeyRow("←→/hl", leftRight, on: [.checks], "选列", "column", footer: roundOpen).briefly("←→"),
        KeyRow("Enter", [(.enter, .enterPressed)], on: [.checks], "进入下一列", "into the next column", footer: .hidden),
        KeyRow("Esc", [(.escape, .escapePressed)], on: [.checks], "回上一列", "back a column", footer: .hidden),
        KeyRow("↑↓/jk", upDown, on: [.checks], "上下移动", "move", footer: .hidden),
        KeyRow("PgUp/PgDn", pages, on: [.checks], "翻页", "page", footer: .hidden),
        KeyRow("Home/End", ends, on: [.checks], "到首项/末项", "first / last", footer: .hidden),
    ]

    private static let contactsRows: [KeyRow] = [
        KeyRow("/", [(.char("/"), .findPressed)], on: [.contacts], "搜索", "search"),
        KeyRow("c", [(.char("c"), .callPressed)], on: [.contacts], "记录呼叫", "log call"),
        KeyRow("←→/hl", leftRight, on: [.contacts], "选人", "person").briefly("←→"),
        KeyRow("Esc", [(.escape, .escapePressed)], on: [.contacts], "清除筛选", "clear filter", footer: .when { !$0.contactsPane.query.isEmpty }),
        KeyRow("↑↓/jk", upDown, on: [.contacts], "上下移动", "move", footer: .hidden),
        KeyRow("PgUp/PgDn", pages, on: [.contacts], "翻页", "page", footer: .hidden),
        KeyRow("Home/End", ends, on: [.contacts], "到首项/末项", "first / last", footer: .hidden),
    ]

    private static let handoverRows: [KeyRow] = {
        let pending: @Sendable (ConsoleState) -> Bool = { $0.handoverPane.log == nil && $0.duty.pendingHandover?.status == .pending }
        return [
            KeyRow("↑↓/jk", upDown, on: [.handover], "滚动", "scroll").briefly("↑↓"),
            KeyRow("l", [(.char("l"), .dutyLogPressed)], on: [.handover],
                   words: { $0.handoverPane.log == nil ? $0.language.pick("值班日志", "duty log") : $0.language.pick("关闭日志", "close log") }),
            KeyRow("s", [(.char("s"), .handOverPressed)], on: [.handover], "交班", "hand over", footer: .when { $0.handoverPane.log == nil && !pending($0) }),
            KeyRow("y", [(.char("y"), .signPressed)], on: [.handover], "签收", "sign", footer: .when(pending)),
            KeyRow("x", [(.char("x"), .giveBackPressed)], on: [.handover], "退回", "return", footer: .when(pending)),
            KeyRow("PgUp/PgDn", pages, on: [.handover], "翻页", "page", footer: .hidden),
            KeyRow("Home/End", ends, on: [.handover], "到顶/到底", "top / bottom", footer: .hidden),
            KeyRow("Esc", [(.escape, .escapePressed)], on: [.handover], "关闭日志", "close the log", footer: .hidden),
        ]
    }()

    private static let mapRows: [KeyRow] = [
        KeyRow("↑↓←→", [(.up, .upPressed), (.down, .downPressed), (.left, .leftPressed), (.right, .rightPressed)], on: [.map], "换街道", "street"),
        KeyRow("j/k", [(.char("j"), .nextAlertPressed), (.char("k"), .previousAlertPressed)], on: [.map], "选警情", "pick an alert").briefly("jk"),
        KeyRow("Enter", [(.enter, .enterPressed)], on: [.map], "在警情页打开", "open on the alerts pane",
               footer: .when { MapPane.hasAlerts($0) }),
    ]

    private static let globalRows: [KeyRow] = {
        var ctrlC = KeyRow("^C", [(.ctrl("c"), .quitPressed)], on: nil, "退出（先问）", "quit (asks)", footer: .hidden)
        ctrlC.whileTyping = true
        return [
            // Before help and quit, which end every footer.
            KeyRow("!", [(.char("!"), .refusedFilesPressed)], on: nil, "拒收文件", "refused files",
                   footer: .when { $0.unseenRefusedCount > 0 }),
            KeyRow("?", [(.char("?"), .helpPressed)], on: nil, "帮助", "help"),
            KeyRow("q", [(.char("q"), .quitPressed)], on: nil, "退出", "quit"),
            ctrlC,
            KeyRow("Tab", [(.tab, .nextPanePressed)], on: nil, "切换", "next pane", footer: .hidden),
            KeyRow("u", [(.char("u"), .switchPersonPressed)], on: nil, "换操作员", "who is at the console", footer: .hidden),
            // One row for all the pane numbers: the tab bar names each, and seven rows of them
            // would push the help into a third column at 80×24.
            KeyRow("\(Pane.built.first!.number)–\(Pane.built.last!.number)",
                   Pane.built.map { p in (.char(Character(String(p.number))), .panePressed(p)) },
                   on: nil, "转到该页（见顶栏编号）", "go to that pane (see tabs)", footer: .hidden),
        ]
    }()

    /// Each pane's keys, looked up once: the first row that binds a key on a pane wins (a test
    /// holds that no two do).
    private static let lookup: [Pane: [Key: Command]] = {
        var all: [Pane: [Key: Command]] = [:]
        for pane in Pane.allCases {
            var keys: [Key: Command] = [:]
            for row in rows where row.works(on: pane) {
                for b in row.bound where keys[b.key] == nil { keys[b.key] = b.command }
            }
            all[pane] = keys
        }
        return all
    }()

    /// What `key` asks for on `pane`; nil when nothing there binds it.
    public static func command(for key: Key, pane: Pane) -> Command? { lookup[pane]?[key] }

    /// What `key` asks for while a text entry is open: only Ctrl-C (to quit, asked first).
    static func commandWhileTyping(_ key: Key) -> Command? {
        rows.first { $0.whileTyping && $0.bound.contains { $0.key == key } }?.bound.first { $0.key == key }?.command
    }

    /// The rows that work on `pane`, the pane's own first.
    static func rows(on pane: Pane) -> [KeyRow] {
        rows.filter { $0.panes?.contains(pane) ?? false } + rows.filter { $0.panes == nil }
    }

    /// The footer: the pane's keys the moment calls for, then help and quit; while an entry,
    /// a question or the picker is open, its own keys (q and ? are letters there).
    static func hints(_ state: ConsoleState) -> [(key: String, text: String)] {
        if state.confirmDiscard {
            return [("Esc", state.language.pick("放弃已输入的内容", "discard what was typed")),
                    (state.language.pick("其他键", "other keys"), state.language.pick("继续输入", "go on typing"))]
        }
        if state.personPicker != nil { return PersonPicker.hints(state.language) }
        if state.pane.behaviour.isEditing(state) { return state.pane.behaviour.entryHints(state) }
        return rows(on: state.pane).filter { $0.isShown(state) }.map { $0.tip(state) }
    }

    /// How many of the footer's hints are the ones of every pane (help and quit), kept last.
    private static func globalCount(_ state: ConsoleState) -> Int {
        if state.confirmDiscard || state.personPicker != nil || state.pane.behaviour.isEditing(state) { return 0 }
        return rows.filter { $0.panes == nil && $0.isShown(state) }.count
    }

    /// The footer's hints that fit in `width` cells: when the pane has more keys than room, its
    /// last ones give way, never help and quit (the help lists them all).
    static func footer(_ state: ConsoleState, width: Int) -> [(key: String, text: String)] {
        var hints = Self.hints(state)
        let gap = state.language == .en ? 1 : 0
        let need = { (h: [(key: String, text: String)]) in h.reduce(1) { $0 + DisplayWidth.of($1.key) + gap + DisplayWidth.of($1.text) + 1 } }
        let globals = globalCount(state)
        while need(hints) + 1 - gap >= width, hints.count > globals { hints.remove(at: hints.count - globals - 1) }
        return hints
    }

    /// The help overlay: this pane's keys under its name, then the keys of every pane.
    static func help(_ state: ConsoleState) -> [(key: String, text: String)] {
        let lang = state.language
        let own = rows.filter { $0.panes?.contains(state.pane) ?? false }.map { $0.hint(state) }
        let every = rows.filter { $0.panes == nil }.map { $0.hint(state) }
        return [("", lang.pick("本页（\(DutyWords(lang: lang).pane(state.pane))）", "This pane (\(DutyWords(lang: lang).pane(state.pane)))"))] + own
            + [("", lang.pick("各页通用", "Every pane"))] + every
    }
}
