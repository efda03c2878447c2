import ArgumentParser
import DutyCore
import DutyStore
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Who is on duty now and next, open alerts by level, 三查 progress.")

    @OptionGroup var store: StoreOption
    @Option(help: "The moment to report on, ISO 8601 (e.g. 2026-12-02T03:00:00+08:00); default now.")
    var at: String?
    @Flag(help: "Print JSON (shape in the README).")
    var json = false

    func run() throws {
        try runReporting {
            let s = try store.open()
            let cal = s.calendar
            let t = try at.map { try parseInstant($0, cal) } ?? now()
            let report = StatusReport(state: s.state, at: t, calendar: cal)
            if json {
                try printJSON(report.json())
            } else {
                print(report.text())
            }
        }
    }
}

struct StatusReport {
    let state: DutyState
    let at: Instant
    let calendar: LocalCalendar

    var onDuty: [DutySlot] { state.onDuty(at: at, calendar) }
    var next: (start: Instant, slots: [DutySlot])? { state.nextShift(after: at, calendar) }
    var open: [Alert] { state.openAlertsByUrgency }

    func json() -> [String: Any] {
        var out: [String: Any] = ["at": calendar.iso8601(at)]
        out["onDuty"] = onDuty.map(JSONShape.slot)
        out["leaderOnDuty"] = onDuty.contains { $0.role == .leader }
        if let n = next {
            out["next"] = ["start": calendar.iso8601(n.start), "slots": n.slots.map(JSONShape.slot)] as [String: Any]
        } else {
            out["next"] = NSNull()
        }
        var byLevel: [String: Int] = [:]
        for l in AlertLevel.allCases { byLevel[l.rawValue] = open.filter { $0.level == l }.count }
        out["openAlerts"] = [
            "total": open.count, "unacknowledged": open.filter { $0.status == .new }.count, "byLevel": byLevel,
            "alerts": open.map { ["id": $0.id, "level": $0.level.rawValue, "status": $0.status.rawValue, "title": $0.content.title,
                                  "street": $0.content.street, "received": calendar.iso8601($0.received.at)] as [String: Any] },
        ] as [String: Any]
        if let r = state.openRound {
            out["checks"] = [
                "round": r.id, "title": r.title, "phase": r.phase.rawValue,
                "streets": state.progress(of: r).map { ["street": $0.street, "done": $0.done, "total": $0.total, "problems": $0.problems] },
            ] as [String: Any]
        } else {
            out["checks"] = NSNull()
        }
        return out
    }

    func text() -> String {
        let date = calendar.localDate(at)
        let time = calendar.localTime(at)
        var lines = ["海珠区应急值守台  \(date) \(Text.weekdays[date.weekday]) \(time)  (\(calendar.timeZone.identifier))", ""]
        if onDuty.isEmpty {
            lines.append("On duty: nobody on the roster at this time (gap in cover)")
        } else {
            lines.append("On duty (\(Text.shift(onDuty[0]))):")
            lines += onDuty.map(Text.slotLine)
            if !onDuty.contains(where: { $0.role == .leader }) { lines.append("  ! no 带班领导 (leader on duty) at this time") }
        }
        if let n = next {
            lines.append("Next shift at \(calendar.localTime(n.start)) (in \(Text.duration(seconds: n.start.seconds(since: at)))):")
            lines += n.slots.map(Text.slotLine)
        } else {
            lines.append("Next shift: none on the roster in the next 14 days")
        }
        lines.append("")
        let counts = AlertLevel.allCases.map { l in "\(l.rawValue) \(open.filter { $0.level == l }.count)" }.joined(separator: ", ")
        lines.append("Open alerts: \(open.count) (\(counts)); unacknowledged \(open.filter { $0.status == .new }.count)")
        for a in open {
            let age = Text.duration(seconds: at.seconds(since: a.received.at))
            lines.append("  \(a.level.chinese) \(pad(a.level.rawValue, 6)) \(pad(a.status.rawValue, 12)) \(pad(age, 7)) \(pad(InertText.line(a.content.street), 10)) \(InertText.line(a.content.title))  [\(a.id)]")
        }
        lines.append("")
        if let r = state.openRound {
            lines.append("三查 \(r.phase.chinese) (\(r.phase.english)) — \(InertText.line(r.title)) [\(r.id)]")
            for p in state.progress(of: r) {
                let problems = p.problems > 0 ? "  \(p.problems) problem\(p.problems == 1 ? "" : "s")" : ""
                lines.append("  \(pad(p.street, 10)) \(String(format: "%3d", p.done))/\(p.total)\(problems)")
            }
        } else {
            lines.append("三查: no open round")
        }
        return lines.joined(separator: "\n")
    }
}
