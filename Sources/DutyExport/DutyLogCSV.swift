import DutyCore
import Foundation

/// The duty log as a spreadsheet, for `duty-watch report --format csv`.
extension DutyReport {
    /// One table that opens in Excel as it is: UTF-8 with a BOM (else Excel reads GB18030), CRLF,
    /// every field quoted. Columns: date, section, time, what, who, detail, then the 三查
    /// figures (done, total, problems) as numbers in cells of their own, so a sheet can add them.
    public func csv(_ lang: Language = .zh) -> [UInt8] {
        let w = DutyWords(lang: lang), log = DutyLogWords(lang: lang)
        var rows: [[String]] = [[log.date, log.section, log.time, log.what, log.person, log.detail, log.done, log.total, log.problems]]
        func add(_ date: LocalDate, _ section: String, _ time: String, _ what: String, _ who: String, _ detail: String, _ figures: [Int] = []) {
            rows.append([date.description, section, time, what, who, detail] + (figures.isEmpty ? ["", "", ""] : figures.map(String.init)))
        }
        func at(_ t: Instant, _ section: String, _ what: String, _ who: String, _ detail: String) {
            add(calendar.localDate(t), section, calendar.localTime(t).description, what, who, detail)
        }
        for s in slots {
            let changed = changes.contains { $0.slotIDs.contains(s.id) } ? w.changedMark : ""
            // The date has its own column: the times alone (a night shift's end is the next morning).
            add(s.date, log.onDuty, "\(s.start)–\(s.end)", w.role(s.role), s.person, [s.phone, changed].filter { !$0.isEmpty }.joined(separator: " "))
        }
        for c in changes { at(c.by.at, log.onDuty, log.rosterChange, c.by.actor, c.what + (c.reason.isEmpty ? "" : "（\(c.reason)）")) }
        for g in gaps { add(calendar.localDate(g.start), log.onDuty, "", log.gapWord, "", log.gap(g, calendar)) }
        for a in alerts {
            for e in a.events {
                at(e.stamp.at, log.alerts, "\(a.id) \(w.level(a.level)) \(a.content.title)", e.stamp.actor,
                   e.text.isEmpty ? w.event(e.kind) : "\(w.event(e.kind))：\(e.text)")
            }
        }
        for c in calls {
            at(c.stamp.at, log.calls, "\(c.person)（\(w.responsible(c.role))）\(c.phone)", c.stamp.actor, "\(w.outcome(c.outcome))\(c.note.isEmpty ? "" : "：\(c.note)")")
        }
        for (r, progress) in rounds {
            for p in Haizhu.inDistrictOrder(progress, street: \.street) {
                add(day, log.checks, w.phase(r.phase), "\(r.subject) \(p.street)", "", "", [p.done, p.total, p.problems])
            }
        }
        for h in handovers {
            at(h.submitted.at, log.handovers, log.submitted, h.submitted.actor,
               ([h.note] + h.summary.split(separator: "\n").map(String.init)).filter { !$0.isEmpty }.joined(separator: "\n"))
            for r in h.replies { at(r.stamp.at, log.handovers, w.reply(accepted: r.accepted), r.stamp.actor, r.text) }
        }
        var text = ""
        for row in rows {
            text += row.map { "\"" + csvSafe($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
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
