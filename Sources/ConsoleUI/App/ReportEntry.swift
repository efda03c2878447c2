import DutyCore

/// `p` on an alert: which report (初报, 续报, 终报) is being recorded, with an optional note.
public struct ReportEntry: Hashable, Sendable {
    public var alertID: String
    public var stage: ReportStage
    /// The stages that may still be recorded; Tab moves through them.
    public var stages: [ReportStage]
    public var editor: LineEditor

    /// Opens on the stage the alert owes next; nil when nothing is left to record (its final
    /// report is made). A resolved alert may still owe its final report: 终报 often comes after.
    init?(_ a: Alert, deadlines: [AlertLevel: ReportDeadlines], lang: Language) {
        guard a.reports(.final).isEmpty else { return nil }
        // Follow-ups may be several; the first and final reports are made once (the fold refuses more).
        let stages = ReportStage.allCases.filter { $0 == .followUp || a.reports($0).isEmpty }
        alertID = a.id
        self.stages = stages
        stage = a.owedReport(deadlines).map(\.stage).flatMap { stages.contains($0) ? $0 : nil } ?? stages[0]
        editor = LineEditor(prompt: "", keepsLineBreaks: true)
        editor.prompt = Self.prompt(stage, lang)
    }

    static func prompt(_ stage: ReportStage, _ lang: Language) -> String {
        lang.pick("\(stage.chinese)（Tab 换）备注：", "\(ReportWords.stage(stage, .en)) (Tab: other) note: ")
    }

    mutating func nextStage(_ lang: Language) {
        guard let i = stages.firstIndex(of: stage) else { return }
        stage = stages[(i + 1) % stages.count]
        editor.prompt = Self.prompt(stage, lang)
    }
}

/// Words for reports and deadlines, in both languages.
enum ReportWords {
    /// The stage as the queue column says it: short, the column is narrow.
    static func stage(_ s: ReportStage, _ lang: Language) -> String {
        switch s {
        case .initial: lang.pick("初报", "first")
        // "update", not "follow-up": the English column has room for 16 cells, `update late 2h14m`.
        case .followUp: lang.pick("续报", "update")
        case .final: lang.pick("终报", "final")
        }
    }

    /// `初报 12分` / `first 12m`, or `初报超时 3分` / `first late 3m` once missed.
    static func due(_ r: ReportDue, now: Instant, _ w: DutyWords) -> (text: String, missed: Bool) {
        let left = r.secondsLeft(at: now)
        let name = stage(r.stage, w.lang)
        // Rounded up: a minute and a half left reads 2分, and 0分 is never shown while time is left.
        if left > 0 { return ("\(name) \(w.age(seconds: left + 59))", false) }
        return (w.lang.pick("\(name)超时 \(w.age(seconds: -left))", "\(name) late \(w.age(seconds: -left))"), true)
    }

    /// The same in the detail, with the deadline's time: `初报 22:30前 还有12分`, `初报超时 3分（应于22:30前）`.
    static func dueInFull(_ r: ReportDue, now: Instant, by time: String, _ w: DutyWords) -> String {
        let left = r.secondsLeft(at: now)
        let name = stage(r.stage, w.lang)
        if left > 0 { return w.lang.pick("\(name) \(time)前 还有\(w.age(seconds: left + 59))", "\(name) by \(time), \(w.age(seconds: left + 59)) left") }
        return w.lang.pick("\(name)超时 \(w.age(seconds: -left))（应于\(time)前）", "\(name) late \(w.age(seconds: -left)) (due \(time))")
    }

    static func recorded(_ s: ReportStage, _ id: String, _ lang: Language) -> String {
        lang.pick("已记\(s.chinese) \(id)", "\(stage(s, .en).capitalized) report recorded on \(id)")
    }

    static func allMade(_ id: String, _ lang: Language) -> String {
        lang.pick("\(id) 终报已报，无需再报", "\(id): the final report is already made")
    }
}
