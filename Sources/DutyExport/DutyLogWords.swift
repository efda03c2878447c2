import DutyCore

/// The duty log's headings and its own sentences, for its Markdown and its CSV; the duty
/// room's words in it (levels, roles, shifts …) are `DutyWords`.
public struct DutyLogWords: Sendable {
    public let lang: Language

    public init(lang: Language) { self.lang = lang }

    public var title: String { lang.pick("海珠区应急管理局值班日志", "Haizhu District duty log") }
    public var onDuty: String { lang.pick("值班人员", "On duty") }
    public var noSlots: String { lang.pick("当天没有排班。", "No one was on the roster this day.") }
    public var shift: String { lang.pick("班次", "Shift") }
    public var role: String { lang.pick("岗位", "Post") }
    public var name: String { lang.pick("姓名", "Name") }
    public var phone: String { lang.pick("电话", "Phone") }
    public var alerts: String { lang.pick("警情", "Alerts") }
    public var none: String { lang.pick("无。", "None.") }
    public var source: String { lang.pick("来源", "source") }
    public var lifted: String { lang.pick("已解除", "lifted") }
    public var calls: String { lang.pick("电话调度", "Calls") }
    public var time: String { lang.pick("时间", "Time") }
    public var date: String { lang.pick("日期", "Date") }
    public var total: String { lang.pick("总数", "Total") }
    public var person: String { lang.pick("人员", "Person") }
    public var outcome: String { lang.pick("结果", "Outcome") }
    public var note: String { lang.pick("备注", "Note") }
    public var checks: String { lang.pick("三查", "Checks (三查)") }
    public var completion: String { lang.pick("完成", "done") }
    public var street: String { lang.pick("街道", "Street") }
    public var done: String { lang.pick("已查", "Done") }
    public var problems: String { lang.pick("问题", "Problems") }
    public var handovers: String { lang.pick("交接班", "Handovers") }
    public var submitted: String { lang.pick("提交交班", "handed over") }
    public var section: String { lang.pick("部分", "Section") }
    public var what: String { lang.pick("事项", "What") }
    public var detail: String { lang.pick("内容", "Detail") }
    public var rosterChange: String { lang.pick("排班调整", "roster change") }
    public var gapWord: String { lang.pick("值班缺口", "gap in cover") }

    /// `14:05`, or with the date when it is not `day` (an alert received the day before).
    public func clock(_ t: Instant, _ cal: LocalCalendar, _ day: LocalDate) -> String {
        let d = cal.localDate(t)
        let time = cal.localTime(t).description
        return d == day ? time : d.monthDay + " " + time
    }

    public func change(_ c: RosterChange, _ cal: LocalCalendar) -> String {
        let d = cal.localDate(c.by.at)
        return lang.pick("排班调整 ", "Roster change ") + d.monthDay + " " + cal.localTime(c.by.at).description + " \(InertText.line(c.by.actor))"
    }

    public func gap(_ g: CoverGap, _ cal: LocalCalendar) -> String {
        let missing = g.missing.map(DutyWords(lang: lang).role).joined(separator: lang.pick("、", ", "))
        let end = cal.localTime(g.end)
        let endText = cal.localDate(g.end) == cal.localDate(g.start) ? end.description : "24:00"
        return lang.pick("值班缺口 \(cal.localTime(g.start))–\(endText) 无\(missing)", "Gap in cover \(cal.localTime(g.start))–\(endText): no \(missing)")
    }

    public func roundState(_ r: ChecklistRound, _ cal: LocalCalendar, _ day: LocalDate) -> String {
        let opened = lang.pick("开启 ", "opened ") + clock(r.opened.at, cal, day)
        guard let closed = r.closed else { return opened + lang.pick("，进行中", ", still open") }
        return opened + lang.pick("，结束 ", ", closed ") + clock(closed.at, cal, day)
    }
}
