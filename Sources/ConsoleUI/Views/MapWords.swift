import DutyCore

/// The map pane's words in both languages. Street and place names stay as the district writes
/// them: they are what the street offices answer to on the phone.
struct MapWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var title: String { lang.pick("海珠区一张图", "District map") }
    var noRound: String { lang.pick("三查 没有进行中的一轮", "Checks: no open round") }
    var frontChannel: String { lang.pick("珠江前航道", "Pearl River, front channel") }
    var backChannel: String { lang.pick("珠江后航道", "Pearl River, back channel") }
    var legend: String {
        lang.pick("红/橙/黄/蓝 N条：该街最高级别的未结警情、条数   9/26 !2：三查已查/应查，!问题",
                  "Level N: worst open alert, count   9/26 !2: checks done/due, !problems")
    }
    /// Second line of a street with nothing open: said, so an empty line is never read as missing.
    var quiet: String { lang.pick("无警情", "none") }
    func districtMark(narrow: Bool) -> String { lang.pick("[全区]", narrow ? "[dist]" : "[district]") }
    var noneHere: String { lang.pick("没有未结警情", "No open alerts") }
    var allChecked: String { lang.pick("隐患点均已查完", "Every point checked") }
    var noPoints: String { lang.pick("本街没有隐患点", "No hazard points here") }
    var notInLedger: String { lang.pick("台账中没有此点的责任人", "Not in the ledger") }

    func openCount(_ n: Int, district: Int, dot: String) -> String {
        let all = lang.pick("未结警情 \(n)", "open alerts \(n)")
        guard district > 0 else { return all }
        return all + lang.pick(" \(dot) 其中全区 \(district)", " \(dot) district-wide \(district)")
    }

    func roundLabel(_ phase: String) -> String { lang.pick("三查 \(phase)", "Checks \(phase)") }

    /// `橙 2条`, `Orange 2`; the space goes first when the room is short.
    func levelCount(_ level: String, _ n: Int, room: Int) -> String {
        let text = lang.pick("\(level) \(n)条", "\(level) \(n)")
        return DisplayWidth.of(text) <= room ? text : text.replacingOccurrences(of: " ", with: "")
    }

    /// `警情 本街 1 · 全区 2`: the street's own, and the district's listed after them.
    func alertsHeading(_ street: Int, district: Int, dot: String, narrow: Bool) -> String {
        lang.pick("警情 本街 \(street) \(dot) 全区 \(district)", "\(narrow ? "Here" : "Alerts here") \(street) \(dot) district \(district)")
    }

    func pointsHeading(_ n: Int, of total: Int) -> String {
        lang.pick("未查完的隐患点 \(n)/\(total)", "Unchecked points \(n)/\(total)")
    }

    func more(_ n: Int, points: Bool) -> String {
        points ? lang.pick("另有 \(n) 处未列出", "\(n) more not shown") : lang.pick("另有 \(n) 条未列出", "\(n) more not shown")
    }

    /// The ledger's three posts: a word where there is room, a single character at 80×24.
    func post(_ r: ResponsibleRole, narrow: Bool) -> String {
        let word = ContactsWords(lang).shortRole(r)
        guard narrow else { return word }
        return lang == .zh ? String(word.prefix(1)) : String(word.prefix(1)).uppercased()
    }

    func noAlerts(_ street: String) -> String { lang.pick("\(street)没有未结警情", "No open alerts in \(street)") }
}

/// 三查 progress as the map writes it: `9/26`, then ` !2` in the problem role; the space goes
/// first when the room is short.
struct ProgressMark {
    let progress: CheckProgress
    let text: String
    let problems: String

    init(_ p: CheckProgress, room: Int) {
        progress = p
        text = "\(p.done)/\(p.total)"
        let spaced = " !\(p.problems)"
        problems = p.problems == 0 ? "" : DisplayWidth.of(text + spaced) <= room ? spaced : "!\(p.problems)"
    }

    var width: Int { DisplayWidth.of(text) + DisplayWidth.of(problems) }

    /// Returns the cells used.
    @discardableResult
    func draw(_ g: inout Grid, x: Int, y: Int) -> Int {
        let used = g.put(text, x: x, y: y, role: progress.done == progress.total ? .ok : .normal)
        return used + g.put(problems, x: x + used, y: y, role: .problem)
    }
}
