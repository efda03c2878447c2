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
    @OptionGroup var language: LanguageOption

    func run() throws {
        try runReporting {
            let s = try store.open()
            let cal = s.calendar
            let t = try at.map { try parseInstant($0, cal) } ?? now()
            let report = StatusReport(state: s.state, at: t, calendar: cal, text: DutyWords(lang: language.of(s)))
            if json {
                try printJSON(report.json())
            } else {
                print(report.render())
            }
        }
    }
}

struct StatusReport {
    let state: DutyState
    let at: Instant
    let calendar: LocalCalendar
    let text: DutyWords
    /// Sorted once: with a district's thousands of open alerts the sort is most of a report.
    /// Alerts for other places (区外) come last and are never counted.
    let open: [Alert]
    let counted: [Alert]

    init(state: DutyState, at: Instant, calendar: LocalCalendar, text: DutyWords) {
        self.state = state
        self.at = at
        self.calendar = calendar
        self.text = text
        open = Alert.districtFirst(state.openAlertsByUrgency)
        counted = open.filter { !$0.content.isOutside }
    }

    var onDuty: [DutySlot] { state.onDuty(at: at, calendar) }
    var next: (start: Instant, slots: [DutySlot])? { state.nextShift(after: at, calendar) }
    /// Gaps in cover from now to the end of the 14th day.
    var gaps: [CoverGap] {
        state.coverGaps(from: calendar.localDate(at), days: 14, calendar).compactMap { g in
            guard g.end > at else { return nil }
            var g = g
            g.start = max(g.start, at)
            return g
        }
    }

    func slotLine(_ slot: DutySlot) -> String {
        text.slotLine(slot) + (state.changedSlotIDs.contains(slot.id) ? "  " + text.changedMark : "")
    }

    func json() -> StatusJSON {
        let changed = state.changedSlotIDs
        func slot(_ s: DutySlot) -> SlotJSON { SlotJSON(s, changed: changed.contains(s.id)) }
        let onDuty = self.onDuty
        return StatusJSON(
            at: calendar.iso8601(at),
            checks: OrNull(state.openRound.map { r in
                StatusJSON.Checks(phase: r.phase.rawValue, round: r.id, streets: state.progress(of: r).map {
                    StatusJSON.Street(done: $0.done, problems: $0.problems, street: $0.street, total: $0.total)
                }, title: r.title)
            }),
            gaps: gaps.map { GapJSON($0, calendar) },
            leaderOnDuty: onDuty.contains { $0.role == .leader },
            next: OrNull(next.map { StatusJSON.NextShift(slots: $0.slots.map(slot), start: calendar.iso8601($0.start)) }),
            onDuty: onDuty.map(slot),
            openAlerts: StatusJSON.OpenAlerts(
                alerts: open.map {
                    StatusJSON.Row(id: $0.id, level: $0.level.rawValue, outside: $0.content.isOutside, received: calendar.iso8601($0.received.at),
                                   status: $0.status.rawValue, street: $0.content.street, title: $0.content.title)
                },
                byLevel: StatusJSON.ByLevel(counted), total: counted.count, unacknowledged: counted.count { $0.status == .new }))
    }

    func render() -> String {
        let t = text, zh = text.lang == .zh
        let date = calendar.localDate(at)
        var lines = ["\(t.lang.pick("海珠区应急值守台", "Haizhu District duty room"))  \(date) \(t.weekday(date)) \(calendar.localTime(at))  (\(calendar.timeZone.identifier))", ""]
        if onDuty.isEmpty {
            lines.append(t.lang.pick("当前值班：此时无人在班（值班空缺）", "On duty: nobody on the roster at this time (gap in cover)"))
        } else {
            lines.append(t.lang.pick("当前值班 \(t.shiftSpelledOut(onDuty[0]))", "On duty \(t.shiftSpelledOut(onDuty[0]))"))
            lines += onDuty.map(slotLine)
            if !onDuty.contains(where: { $0.role == .leader }) {
                lines.append(t.lang.pick("  ！此时没有带班领导", "  ! no leader on duty at this time"))
            }
        }
        if let n = next {
            let wait = t.hoursAndMinutes(seconds: n.start.seconds(since: at))
            lines.append(t.lang.pick("下一班 \(calendar.localTime(n.start)) 接班（还有\(wait)）", "Next shift at \(calendar.localTime(n.start)) (in \(wait))"))
            lines += n.slots.map(slotLine)
        } else {
            lines.append(t.lang.pick("下一班：未来14天值班表中没有", "Next shift: none on the roster in the next 14 days"))
        }
        // A handover nobody has signed yet is the one thing a lead arriving must not miss.
        if let h = state.pendingHandover, h.status == .pending {
            let when = calendar.localDate(h.submitted.at) == calendar.localDate(at)
                ? "\(calendar.localTime(h.submitted.at))" : "\(calendar.localDate(h.submitted.at)) \(calendar.localTime(h.submitted.at))"
            let waited = t.hoursAndMinutes(seconds: max(0, at.seconds(since: h.submitted.at)))
            let by = InertText.line(h.submitted.actor)
            lines.append(t.lang.pick("交接待签 \(h.id)：\(by) \(when) 交班，已等\(waited)",
                                     "Handover waiting to be signed: \(h.id), handed over by \(by) at \(when) (\(waited) ago)"))
        }
        let gaps = self.gaps
        if gaps.isEmpty {
            lines.append(t.lang.pick("值班缺口：14天内没有", "Gaps in cover: none in the next 14 days"))
        } else {
            lines.append(t.lang.pick("值班缺口（14天内）\(gaps.count) 处", "Gaps in cover (next 14 days): \(gaps.count)"))
            lines += gaps.map { t.gapLine($0, calendar) }
        }
        lines.append("")
        let counts = AlertLevel.allCases.map { l in "\(t.level(l)) \(counted.filter { $0.level == l }.count)" }.joined(separator: zh ? "  " : ", ")
        let unacknowledged = counted.filter { $0.status == .new }.count
        let outside = open.count - counted.count
        lines.append(t.lang.pick("未结警情 \(counted.count)（\(counts)）  未确认 \(unacknowledged)", "Open alerts: \(counted.count) (\(counts)); unacknowledged \(unacknowledged)")
            + (outside == 0 ? "" : t.lang.pick("  区外 \(outside)（不计入）", "; outside \(outside) (not counted)")))
        for a in open {
            let age = t.hoursAndMinutes(seconds: at.seconds(since: a.toldAt))
            lines.append("  \(pad(t.level(a.level), zh ? 3 : 7)) \(pad(t.status(a.status), 13)) \(pad(age, 8)) \(pad(InertText.line(t.place(a.content)), 10)) \(InertText.line(a.content.title))  [\(a.id)]")
        }
        lines.append("")
        if let r = state.openRound {
            lines.append(t.lang.pick("三查 \(r.phase.chinese)", "Checks (三查): \(r.phase.english)") + " — \(InertText.line(r.subject)) [\(r.id)]")
            for p in state.progress(of: r) {
                let problems = p.problems == 0 ? "" : t.lang.pick("  问题 \(p.problems)", "  \(p.problems) problem\(p.problems == 1 ? "" : "s")")
                lines.append("  \(pad(p.street, 10)) \(String(format: "%3d", p.done))/\(p.total)\(problems)")
            }
        } else {
            lines.append(t.lang.pick("三查：没有进行中的一轮", "Checks (三查): no open round"))
        }
        return lines.joined(separator: "\n")
    }
}
