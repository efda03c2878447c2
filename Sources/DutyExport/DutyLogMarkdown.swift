import DutyCore
import Foundation

/// The duty log as Markdown, for office documents, and shown by the console (6 交接, `l`).
extension DutyReport {
    /// Reads well pasted into an office document: headings, short tables, no HTML.
    public func markdown(_ lang: Language = .zh) -> String {
        let w = DutyWords(lang: lang), log = DutyLogWords(lang: lang)
        var out: [String] = []
        out.append("# \(log.title) \(day) \(w.weekday(day))")
        out.append("")
        out.append("## \(log.onDuty)")
        out.append("")
        if slots.isEmpty {
            out.append(log.noSlots)
        } else {
            out.append("| \(log.shift) | \(log.role) | \(log.name) | \(log.phone) |")
            out.append("|---|---|---|---|")
            for s in slots {
                let changed = changes.contains { $0.slotIDs.contains(s.id) } ? w.changedMark : ""
                out.append("| \(w.shift(s, seenFrom: day)) | \(cell(w.role(s.role))) | \(cell(s.person))\(changed) | \(cell(s.phone)) |")
            }
        }
        for c in changes {
            out.append("")
            out.append("- \(log.change(c, calendar)): \(md(c.what))\(c.reason.isEmpty ? "" : "（\(md(c.reason))）")")
        }
        for g in gaps { out.append("- **\(log.gap(g, calendar))**") }
        out.append("")

        out.append("## \(log.alerts)（\(alerts.count)）")
        out.append("")
        if alerts.isEmpty { out.append(log.none) }
        for a in alerts {
            let c = a.content
            var tags = [w.level(c.level), w.status(a.status)]
            if !c.isReal { tags.append(w.reality(c.reality)) }
            if a.isLifted { tags.append(log.lifted) }
            out.append("### \(md(c.title))")
            out.append("")
            out.append("\(tags.joined(separator: " · ")) · \(md(c.kind)) · \(md(w.place(c))) · \(log.source) \(md(c.source)) · \(a.id)")
            out.append("")
            if !c.body.isEmpty {
                for line in c.body.split(separator: "\n", omittingEmptySubsequences: true) { out.append("> \(md(String(line)))") }
                out.append("")
            }
            for e in a.events {
                let text = e.text.isEmpty ? "" : "：\(md(e.text))"
                out.append("- \(log.clock(e.stamp.at, calendar, day)) \(md(e.stamp.actor)) \(w.event(e.kind))\(text)")
            }
            out.append("")
        }

        out.append("## \(log.calls)（\(calls.count)）")
        out.append("")
        if calls.isEmpty {
            out.append(log.none)
        } else {
            out.append("| \(log.time) | \(log.person) | \(log.phone) | \(log.outcome) | \(log.note) |")
            out.append("|---|---|---|---|---|")
            for c in calls {
                out.append("| \(log.clock(c.stamp.at, calendar, day)) | \(cell(c.person))（\(w.responsible(c.role))） | \(cell(c.phone)) | \(w.outcome(c.outcome)) | \(cell(c.note)) |")
            }
        }
        out.append("")

        out.append("## \(log.checks)")
        out.append("")
        if rounds.isEmpty { out.append(log.none) }
        for (r, progress) in rounds {
            let all = CheckProgress.sum(progress)
            out.append("### \(md(r.subject))")
            out.append("")
            out.append("\(w.phase(r.phase)) · \(log.roundState(r, calendar, day)) · \(log.completion) \(all.done)/\(all.total)")
            out.append("")
            out.append("| \(log.street) | \(log.done) | \(log.problems) |")
            out.append("|---|---|---|")
            for p in Haizhu.inDistrictOrder(progress, street: \.street) {
                out.append("| \(cell(p.street)) | \(p.done)/\(p.total) | \(p.problems) |")
            }
            out.append("")
        }

        out.append("## \(log.handovers)（\(handovers.count)）")
        out.append("")
        if handovers.isEmpty { out.append(log.none) }
        for h in handovers {
            out.append("- \(log.clock(h.submitted.at, calendar, day)) \(md(h.submitted.actor)) \(log.submitted)\(h.note.isEmpty ? "" : "：\(md(h.note))")")
            for line in h.summary.split(separator: "\n") { out.append("  - \(md(String(line)))") }
            for r in h.replies {
                let verb = w.reply(accepted: r.accepted)
                out.append("- \(log.clock(r.stamp.at, calendar, day)) \(md(r.stamp.actor)) \(verb)\(r.text.isEmpty ? "" : "：\(md(r.text))")")
            }
        }
        out.append("")
        return out.joined(separator: "\n")
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
}
