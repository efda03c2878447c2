import DutyCore
import Foundation

/// The day's duty log (值班日志): who was on duty, every alert with its timeline, the calls, the
/// 三查 rounds with completion per street, the handovers with their notes and signatures.
/// Built from the state alone, so the same store gives the same report.
public struct DutyReport: Sendable {
    public let day: LocalDate
    public let calendar: LocalCalendar
    public let slots: [DutySlot]
    public let changes: [RosterChange]
    public let gaps: [CoverGap]
    public let alerts: [Alert]
    public let calls: [CallEntry]
    public let rounds: [(round: ChecklistRound, progress: [CheckProgress])]
    public let handovers: [Handover]

    /// Everything that touched `day` (00:00–24:00 local): slots running into it (last night's
    /// shift included), alerts received that day or with something recorded on it.
    public init(_ state: DutyState, day: LocalDate, calendar: LocalCalendar) {
        self.day = day
        self.calendar = calendar
        let start = calendar.instant(day, LocalTime(hour: 0, minute: 0)!)
        let end = calendar.instant(day.adding(days: 1), LocalTime(hour: 0, minute: 0)!)
        let inDay = { (t: Instant) in start <= t && t < end }
        slots = state.slots(touching: day, calendar)
        let ids = Set(slots.map(\.id))
        changes = state.rosterChanges.filter { c in c.slotIDs.contains(where: ids.contains) }
        gaps = state.coverGaps(on: day, calendar)
        alerts = state.alerts.values
            .filter { a in a.events.contains { inDay($0.stamp.at) } }
            .sorted { ($0.received.at, $0.id) < ($1.received.at, $1.id) }
        calls = state.calls.filter { inDay($0.stamp.at) }.sorted { ($0.stamp.at, $0.id) < ($1.stamp.at, $1.id) }
        rounds = state.rounds.values
            .filter { r in r.opened.at < end && (r.closed.map { $0.at >= start } ?? true) }
            .sorted { ($0.opened.at, $0.id) < ($1.opened.at, $1.id) }
            .map { ($0, state.progress(of: $0)) }
        handovers = state.handovers.filter { h in inDay(h.submitted.at) || h.replies.contains { inDay($0.stamp.at) } }
    }

    // MARK: Markdown

    /// Reads well pasted into an office document: headings, short tables, no HTML.
    public func markdown(_ lang: ReportLanguage = .zh) -> String {
        let w = ReportWords(lang: lang)
        var out: [String] = []
        out.append("# \(w.title) \(day) \(w.weekday(day))")
        out.append("")
        out.append("## \(w.onDuty)")
        out.append("")
        if slots.isEmpty {
            out.append(w.noSlots)
        } else {
            out.append("| \(w.shift) | \(w.role) | \(w.name) | \(w.phone) |")
            out.append("|---|---|---|---|")
            for s in slots {
                let changed = changes.contains { $0.slotIDs.contains(s.id) } ? w.changedMark : ""
                out.append("| \(w.shift(s, day)) | \(cell(w.role(s.role))) | \(cell(s.person))\(changed) | \(cell(s.phone)) |")
            }
        }
        for c in changes {
            out.append("")
            out.append("- \(w.change(c, calendar)): \(md(c.what))\(c.reason.isEmpty ? "" : "（\(md(c.reason))）")")
        }
        for g in gaps { out.append("- **\(w.gap(g, calendar))**") }
        out.append("")

        out.append("## \(w.alerts)（\(alerts.count)）")
        out.append("")
        if alerts.isEmpty { out.append(w.none) }
        for a in alerts {
            let c = a.content
            var tags = [w.level(c.level), w.status(a.status)]
            if !c.isReal { tags.append(w.reality(c.reality)) }
            if a.isLifted { tags.append(w.lifted) }
            out.append("### \(md(c.title))")
            out.append("")
            out.append("\(tags.joined(separator: " · ")) · \(md(c.kind)) · \(md(c.street)) · \(w.source) \(md(c.source)) · \(a.id)")
            out.append("")
            if !c.body.isEmpty {
                for line in c.body.split(separator: "\n", omittingEmptySubsequences: true) { out.append("> \(md(String(line)))") }
                out.append("")
            }
            for e in a.events {
                let text = e.text.isEmpty ? "" : "：\(md(e.text))"
                out.append("- \(w.clock(e.stamp.at, calendar, day)) \(md(e.stamp.actor)) \(w.event(e.kind))\(text)")
            }
            out.append("")
        }

        out.append("## \(w.calls)（\(calls.count)）")
        out.append("")
        if calls.isEmpty {
            out.append(w.none)
        } else {
            out.append("| \(w.time) | \(w.person) | \(w.phone) | \(w.outcome) | \(w.note) |")
            out.append("|---|---|---|---|---|")
            for c in calls {
                out.append("| \(w.clock(c.stamp.at, calendar, day)) | \(cell(c.person))（\(w.responsible(c.role))） | \(cell(c.phone)) | \(w.outcome(c.outcome)) | \(cell(c.note)) |")
            }
        }
        out.append("")

        out.append("## \(w.checks)")
        out.append("")
        if rounds.isEmpty { out.append(w.none) }
        for (r, progress) in rounds {
            let done = progress.reduce(0) { $0 + $1.done }, total = progress.reduce(0) { $0 + $1.total }
            out.append("### \(md(r.title))")
            out.append("")
            out.append("\(w.phase(r.phase)) · \(w.roundState(r, calendar, day)) · \(w.completion) \(done)/\(total)")
            out.append("")
            out.append("| \(w.street) | \(w.done) | \(w.problems) |")
            out.append("|---|---|---|")
            for p in Haizhu.inDistrictOrder(progress, street: \.street) {
                out.append("| \(cell(p.street)) | \(p.done)/\(p.total) | \(p.problems) |")
            }
            out.append("")
        }

        out.append("## \(w.handovers)（\(handovers.count)）")
        out.append("")
        if handovers.isEmpty { out.append(w.none) }
        for h in handovers {
            out.append("- \(w.clock(h.submitted.at, calendar, day)) \(md(h.submitted.actor)) \(w.submitted)\(h.note.isEmpty ? "" : "：\(md(h.note))")")
            for line in h.summary.split(separator: "\n") { out.append("  - \(md(String(line)))") }
            for r in h.replies {
                let verb = r.accepted ? w.accepted : w.returned
                out.append("- \(w.clock(r.stamp.at, calendar, day)) \(md(r.stamp.actor)) \(verb)\(r.text.isEmpty ? "" : "：\(md(r.text))")")
            }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    // MARK: CSV

    /// One table that opens in Excel as it is: UTF-8 with a BOM (else Excel reads GB18030), CRLF,
    /// every field quoted. Columns: date, section, time, what, who, detail, then the 三查
    /// figures (done, total, problems) as numbers in cells of their own, so a sheet can add them.
    public func csv(_ lang: ReportLanguage = .zh) -> [UInt8] {
        let w = ReportWords(lang: lang)
        var rows: [[String]] = [[w.date, w.section, w.time, w.what, w.person, w.detail, w.done, w.total, w.problems]]
        func add(_ date: LocalDate, _ section: String, _ time: String, _ what: String, _ who: String, _ detail: String, _ figures: [Int] = []) {
            rows.append([date.description, section, time, what, who, detail] + (figures.isEmpty ? ["", "", ""] : figures.map(String.init)))
        }
        func at(_ t: Instant, _ section: String, _ what: String, _ who: String, _ detail: String) {
            add(calendar.localDate(t), section, calendar.localTime(t).description, what, who, detail)
        }
        for s in slots {
            let changed = changes.contains { $0.slotIDs.contains(s.id) } ? w.changedMark : ""
            // The date has its own column: the times alone (a night shift's end is the next morning).
            add(s.date, w.onDuty, "\(s.start)–\(s.end)", w.role(s.role), s.person, [s.phone, changed].filter { !$0.isEmpty }.joined(separator: " "))
        }
        for c in changes { at(c.by.at, w.onDuty, w.rosterChange, c.by.actor, c.what + (c.reason.isEmpty ? "" : "（\(c.reason)）")) }
        for g in gaps { add(calendar.localDate(g.start), w.onDuty, "", w.gapWord, "", w.gap(g, calendar)) }
        for a in alerts {
            for e in a.events {
                at(e.stamp.at, w.alerts, "\(a.id) \(w.level(a.level)) \(a.content.title)", e.stamp.actor,
                   e.text.isEmpty ? w.event(e.kind) : "\(w.event(e.kind))：\(e.text)")
            }
        }
        for c in calls {
            at(c.stamp.at, w.calls, "\(c.person)（\(w.responsible(c.role))）\(c.phone)", c.stamp.actor, "\(w.outcome(c.outcome))\(c.note.isEmpty ? "" : "：\(c.note)")")
        }
        for (r, progress) in rounds {
            for p in Haizhu.inDistrictOrder(progress, street: \.street) {
                add(day, w.checks, w.phase(r.phase), "\(r.title) \(p.street)", "", "", [p.done, p.total, p.problems])
            }
        }
        for h in handovers {
            at(h.submitted.at, w.handovers, w.submitted, h.submitted.actor,
               ([h.note] + h.summary.split(separator: "\n").map(String.init)).filter { !$0.isEmpty }.joined(separator: "\n"))
            for r in h.replies { at(r.stamp.at, w.handovers, r.accepted ? w.accepted : w.returned, r.stamp.actor, r.text) }
        }
        var text = ""
        for row in rows {
            text += row.map { "\"" + csvSafe($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    // MARK: Text safety

    /// Text from outside, made inert and kept on one line inside a table cell.
    private func cell(_ s: String) -> String { md(s).replacingOccurrences(of: "|", with: "\\|") }

    /// Inert text (no control characters or escape sequences) with Markdown's own marks
    /// escaped, so a title cannot become a heading, a link or bold type.
    private func md(_ s: String) -> String {
        var out = ""
        for ch in InertText.line(s) {
            if "\\`*_[]<>#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A spreadsheet cell starting with = + - @ is run as a formula by Excel; a leading
    /// apostrophe keeps it text. Newlines stay (quoted fields may hold them); other controls go.
    private func csvSafe(_ s: String) -> String {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { InertText.line(String($0)) }
        var t = lines.joined(separator: "\n")
        if let first = t.first, "=+-@".contains(first) { t = "'" + t }
        return t
    }
}

public enum ReportLanguage: String, Sendable {
    case zh, en
}

/// The report's words in both languages.
struct ReportWords {
    let lang: ReportLanguage
    func pick(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }

    var title: String { pick("海珠区应急管理局值班日志", "Haizhu District duty log") }
    var onDuty: String { pick("值班人员", "On duty") }
    var noSlots: String { pick("当天没有排班。", "No one was on the roster this day.") }
    var shift: String { pick("班次", "Shift") }
    var role: String { pick("岗位", "Post") }
    var name: String { pick("姓名", "Name") }
    var phone: String { pick("电话", "Phone") }
    var changedMark: String { pick("（已调整）", "(changed)") }
    var alerts: String { pick("警情", "Alerts") }
    var none: String { pick("无。", "None.") }
    var source: String { pick("来源", "source") }
    var lifted: String { pick("已解除", "lifted") }
    var calls: String { pick("电话调度", "Calls") }
    var time: String { pick("时间", "Time") }
    var date: String { pick("日期", "Date") }
    var total: String { pick("总数", "Total") }
    var person: String { pick("人员", "Person") }
    var outcome: String { pick("结果", "Outcome") }
    var note: String { pick("备注", "Note") }
    var checks: String { pick("三查", "Checks (三查)") }
    var completion: String { pick("完成", "done") }
    var street: String { pick("街道", "Street") }
    var done: String { pick("已查", "Done") }
    var problems: String { pick("问题", "Problems") }
    var handovers: String { pick("交接班", "Handovers") }
    var submitted: String { pick("提交交班", "handed over") }
    var accepted: String { pick("签收", "signed") }
    var returned: String { pick("退回", "returned") }
    var section: String { pick("部分", "Section") }
    var what: String { pick("事项", "What") }
    var detail: String { pick("内容", "Detail") }
    var rosterChange: String { pick("排班调整", "roster change") }
    var gapWord: String { pick("值班缺口", "gap in cover") }

    func weekday(_ d: LocalDate) -> String {
        lang == .zh ? ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][d.weekday] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.weekday]
    }

    func role(_ r: DutyRole) -> String { lang == .zh ? r.name : r.englishName }
    func level(_ l: AlertLevel) -> String { lang == .zh ? l.chinese : l.english }
    func status(_ s: AlertStatus) -> String { lang == .zh ? s.chinese : s.english }
    func reality(_ r: AlertReality) -> String { lang == .zh ? r.chinese : r.english }
    func phase(_ p: CheckPhase) -> String { lang == .zh ? p.chinese : p.english }
    func responsible(_ r: ResponsibleRole) -> String { lang == .zh ? r.chinese : r.english }
    func outcome(_ o: CallOutcome) -> String { lang == .zh ? o.chinese : o.english }

    func event(_ k: AlertEvent.Kind) -> String { lang == .zh ? k.chinese : k.english }

    /// `08:30–17:30`, `前日17:30–08:30`, `17:30–次日08:30` as seen from `day`.
    func shift(_ s: DutySlot, _ day: LocalDate) -> String {
        let start = s.date == day ? s.start.description : pick("前日", "prev. ") + s.start.description
        let end = s.endDate == day ? s.end.description : pick("次日", "+1 ") + s.end.description
        return "\(start)–\(end)"
    }

    /// `14:05`, or with the date when it is not `day` (an alert received the day before).
    func clock(_ t: Instant, _ cal: LocalCalendar, _ day: LocalDate) -> String {
        let d = cal.localDate(t)
        let time = cal.localTime(t).description
        return d == day ? time : String(format: "%02d-%02d ", d.month, d.day) + time
    }

    func change(_ c: RosterChange, _ cal: LocalCalendar) -> String {
        let d = cal.localDate(c.by.at)
        return pick("排班调整 ", "Roster change ") + String(format: "%02d-%02d ", d.month, d.day) + cal.localTime(c.by.at).description + " \(InertText.line(c.by.actor))"
    }

    func gap(_ g: CoverGap, _ cal: LocalCalendar) -> String {
        let missing = g.missing.map(role).joined(separator: pick("、", ", "))
        let end = cal.localTime(g.end)
        let endText = cal.localDate(g.end) == cal.localDate(g.start) ? end.description : "24:00"
        return pick("值班缺口 \(cal.localTime(g.start))–\(endText) 无\(missing)", "Gap in cover \(cal.localTime(g.start))–\(endText): no \(missing)")
    }

    func roundState(_ r: ChecklistRound, _ cal: LocalCalendar, _ day: LocalDate) -> String {
        let opened = pick("开启 ", "opened ") + clock(r.opened.at, cal, day)
        guard let closed = r.closed else { return opened + pick("，进行中", ", still open") }
        return opened + pick("，结束 ", ", closed ") + clock(closed.at, cal, day)
    }
}
