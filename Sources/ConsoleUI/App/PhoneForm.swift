import DutyCore

/// `n`: a duty-phone record (值班电话记录) typed while the caller is on the line. Every field is a
/// line of text; level and kind also step through their usual values with ←→. It becomes an
/// alert like those from the inbox.
public struct PhoneForm: Hashable, Sendable {
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case time, street, place, title, level, kind, measures, unit, reporter, phone
    }

    public var values: [Field: String]
    public var focus: Field = .time {
        didSet { cursor = self[focus].count }
    }
    /// Where typing goes in the focused field, in characters.
    public var cursor = 0
    /// What is wrong with the last attempt to submit; the form stays open.
    public var error: String?
    /// The values the form opened with: only what differs from them is a draft worth asking about.
    let defaults: [Field: String]

    static let levels: [AlertLevel] = [.red, .orange, .yellow, .blue, .white]
    /// The kinds of incident the duty phone mostly hears; any other may be typed.
    static let kinds = ["内涝", "火灾", "交通事故", "燃气", "树木倒伏", "地质灾害", "市政设施", "其他"]

    init(now: Instant, calendar: LocalCalendar, lang: Language) {
        let d: [Field: String] = [.time: calendar.localTime(now).description, .level: DutyWords(lang: lang).level(.yellow), .kind: "其他"]
        defaults = d
        values = d
        cursor = d[.time]?.count ?? 0
    }

    public subscript(_ f: Field) -> String {
        get { values[f] ?? "" }
        set { values[f] = newValue }
    }

    /// Everything typed beyond the defaults: Esc asks before throwing it away.
    var draft: String {
        Field.allCases.compactMap { f in self[f] != (defaults[f] ?? "") ? self[f] : nil }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    var isRequired: Set<Field> { [.street, .title] }

    mutating func move(_ delta: Int) {
        let all = Field.allCases
        focus = all[(focus.rawValue + delta + all.count) % all.count]
    }

    /// ←→ on level or kind: the next usual value.
    mutating func step(_ delta: Int, lang: Language) {
        let choices: [String]
        switch focus {
        case .level: choices = Self.levels.map { DutyWords(lang: lang).level($0) }
        case .kind: choices = Self.kinds
        default: return
        }
        let i = choices.firstIndex(of: self[focus].trimmingCharacters(in: .whitespaces)) ?? (delta > 0 ? -1 : 0)
        // Levels are a scale: ← stops at 红 and → at 白, so a held key never wraps red to white.
        // Kinds are a list, and go round.
        self[focus] = focus == .level ? choices[max(0, min(choices.count - 1, i + delta))] : choices[(i + delta + choices.count) % choices.count]
        cursor = self[focus].count
    }

    /// Types or deletes in the focused field, through the line editor so the same characters are kept out.
    mutating func edit(_ key: Key) {
        var editor = self.editor
        _ = editor.handle(key)
        self[focus] = editor.text
        cursor = editor.cursor
    }

    /// The focused field as a line editor, its cursor where it was left.
    var editor: LineEditor {
        var e = LineEditor(prompt: "", text: self[focus])
        e.cursor = min(cursor, e.text.count)
        return e
    }

    /// ← → step through levels and kinds; in the other fields they move the cursor.
    var stepsWithArrows: Bool { focus == .level || focus == .kind }

    /// Pasted text into the focused field: every field is one line.
    mutating func paste(_ text: String) {
        var editor = self.editor
        editor.paste(text)
        self[focus] = editor.text
        cursor = editor.cursor
    }

    // MARK: Checking and making the alert

    enum StreetMatch: Hashable {
        case street(String)
        case ambiguous([String])
        case unknown
        case empty
    }

    /// A street of Haizhu or 海珠区 itself, written out, without its 街, or as a unique beginning.
    static func street(_ text: String) -> StreetMatch {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return .empty }
        if let s = Haizhu.canonicalStreet(t) { return .street(s) }
        let candidates = (Haizhu.streets + [Haizhu.districtName]).filter { $0.hasPrefix(t) }
        switch candidates.count {
        case 0: return .unknown
        case 1: return .street(candidates[0])
        default: return .ambiguous(candidates)
        }
    }

    /// The alert the form describes, or what is wrong (and the field to go back to).
    func content(id: String, lang: Language, now: Instant? = nil, calendar: LocalCalendar? = nil) -> Result<AlertContent, FormProblem> {
        let w = PhoneFormWords(lang)
        let v = { (f: Field) in InertText.line(self[f]).trimmingCharacters(in: .whitespaces) }
        guard !v(.title).isEmpty else { return .failure(FormProblem(field: .title, message: w.titleNeeded)) }
        let street: String
        switch Self.street(v(.street)) {
        case .street(let s): street = s
        case .empty: return .failure(FormProblem(field: .street, message: w.streetNeeded))
        case .unknown: return .failure(FormProblem(field: .street, message: w.unknownStreet(v(.street))))
        case .ambiguous(let c): return .failure(FormProblem(field: .street, message: w.ambiguousStreet(v(.street), c)))
        }
        // A Chinese input method types the full-width colon.
        guard let time = LocalTime(parsing: v(.time).replacingOccurrences(of: "：", with: ":")) else { return .failure(FormProblem(field: .time, message: w.badTime(v(.time)))) }
        guard let level = AlertLevel(parsing: v(.level)) else { return .failure(FormProblem(field: .level, message: w.badLevel(v(.level)))) }
        let kind = v(.kind).isEmpty ? "其他" : v(.kind)
        let called = now.flatMap { now in calendar.map { Self.callInstant(time, now: now, calendar: $0) } }
        // A paste gone wrong may be megabytes: kept to what any report needs. The call's moment is
        // the record's `sent`: the caller sent the report then, and its age and deadlines count from it.
        return .success(AlertContent(id: id, source: AlertContent.phoneSource, kind: kind, level: level, title: v(.title),
                                     body: body(time: callTime(time, called: called, now: now, calendar: calendar), street: street, value: v, w),
                                     street: street, sent: called).cutToLimits().content)
    }

    /// The moment of a call typed at `now`: a time more than five minutes ahead of the clock is
    /// last night's (23:58 typed at 02:02), not a call to come; one a little ahead is a clock
    /// running slow, taken as now.
    static func callInstant(_ time: LocalTime, now: Instant, calendar: LocalCalendar) -> Instant {
        let today = calendar.localDate(now)
        let at = calendar.instant(today, time)
        if at.seconds(since: now) > 300 { return calendar.instant(today.adding(days: -1), time) }
        return min(at, now)
    }

    /// The call's time as the record writes it: with its date when the call came in on another
    /// day (23:58 typed at 02:02 was yesterday's call), so a record never loses its day.
    private func callTime(_ time: LocalTime, called: Instant?, now: Instant?, calendar: LocalCalendar?) -> String {
        guard let called, let now, let calendar else { return time.description }
        let day = calendar.localDate(called)
        return day == calendar.localDate(now) ? time.description : day.monthDay + " " + time.description
    }

    /// The record as the duty log writes it: who called when, where, and what was done.
    private func body(time: String, street: String, value v: (Field) -> String, _ w: PhoneFormWords) -> String {
        let caller = [v(.unit), v(.reporter)].filter { !$0.isEmpty }.joined(separator: " ")
        // What happened in full: the title may be cut to fit the queue.
        var lines = [w.callLine(time: time, caller: caller, phone: v(.phone)), w.whatLine(v(.title))]
        lines.append(w.placeLine([street, v(.place)].filter { !$0.isEmpty }.joined(separator: " ")))
        if !v(.measures).isEmpty { lines.append(w.measuresLine(v(.measures))) }
        return lines.joined(separator: "\n")
    }

    static func newID(_ state: ConsoleState) -> String {
        Planner.alertID(in: state.duty, node: state.settings.node, date: state.calendar.localDate(state.now))
    }
}

struct FormProblem: Error, Hashable {
    let field: PhoneForm.Field
    let message: String
}

/// The phone form's words, in both languages.
struct PhoneFormWords {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }

    var heading: String { lang.pick("电话报告（值班电话记录）", "Phone report (duty phone record)") }

    func label(_ f: PhoneForm.Field) -> String {
        switch f {
        case .time: lang.pick("来电时间", "Time")
        case .street: lang.pick("街道", "Street")
        case .place: lang.pick("地点", "Place")
        case .title: lang.pick("事件", "What")
        case .level: lang.pick("级别", "Level")
        case .kind: lang.pick("类别", "Kind")
        case .measures: lang.pick("已采取措施", "Measures")
        case .unit: lang.pick("报告单位", "Caller's unit")
        case .reporter: lang.pick("报告人", "Caller")
        case .phone: lang.pick("电话", "Phone")
        }
    }

    /// What goes in when the field is empty, or how to fill it.
    func hint(_ f: PhoneForm.Field) -> String {
        switch f {
        case .time: lang.pick("时:分，如 21:30", "HH:MM, e.g. 21:30")
        case .street: lang.pick("必填：街道或「海珠区」，可只写开头", "required: a street or 海珠区; its start will do")
        case .place: lang.pick("路名、小区、门牌", "road, estate, number")
        case .title: lang.pick("必填：发生了什么", "required: what happened")
        case .level, .kind: lang.pick("←→ 选择，或直接输入", "←→ to choose, or type")
        case .measures: lang.pick("已派人、已通知……", "who was sent, who was told")
        case .unit, .reporter, .phone: ""
        }
    }

    var titleNeeded: String { lang.pick("请填写事件：发生了什么", "Fill in what happened") }
    var streetNeeded: String { lang.pick("请填写街道（海珠区的街道，或「海珠区」）", "Fill in the street (a street of Haizhu, or 海珠区)") }
    func unknownStreet(_ t: String) -> String {
        lang.pick("「\(t)」不是海珠区的街道", "\"\(t)\" is not a street of Haizhu")
    }
    func ambiguousStreet(_ t: String, _ c: [String]) -> String {
        lang.pick("「\(t)」可指：\(c.joined(separator: "、"))，请多写几个字", "\"\(t)\" could be \(c.joined(separator: ", ")): type more")
    }
    func badTime(_ t: String) -> String { lang.pick("时间「\(t)」不对，请写成 21:30 这样", "Time \"\(t)\" is not HH:MM (e.g. 21:30)") }
    func badLevel(_ t: String) -> String { lang.pick("级别「\(t)」不对：红、橙、黄、蓝、白", "Level \"\(t)\" is not red, orange, yellow, blue or white") }
    func saved(_ id: String) -> String { lang.pick("已记录电话报告 \(id)", "Phone report recorded as \(id)") }

    func callLine(time: String, caller: String, phone: String) -> String {
        let who = caller.isEmpty ? "" : caller
        let number = phone.isEmpty ? "" : lang.pick("（\(phone)）", " (\(phone))")
        return lang.pick("\(time) \(who)\(number)来电", "\(time) call" + (who.isEmpty && number.isEmpty ? "" : " from \(who)\(number)"))
    }
    func whatLine(_ t: String) -> String { lang.pick("事件：\(t)", "What: \(t)") }
    func placeLine(_ p: String) -> String { lang.pick("地点：\(p)", "Place: \(p)") }
    func measuresLine(_ m: String) -> String { lang.pick("已采取措施：\(m)", "Measures taken: \(m)") }
}
