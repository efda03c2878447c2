import DutyCore

/// The words only the console's screens say; the duty room's own words are `DutyWords`.
extension DutyWords {
    var title: String { lang.pick("海珠区应急值守台", "Haizhu Duty Watch") }

    func pane(_ p: Pane) -> String {
        switch p {
        case .overview: lang.pick("总览", "Overview")
        case .alerts: lang.pick("警情", "Alerts")
        case .roster: lang.pick("值班", "Roster")
        case .checks: lang.pick("三查", "Checks")
        case .contacts: lang.pick("三防", "Contacts")
        case .handover: lang.pick("交接", "Handover")
        case .map: lang.pick("地图", "Map")
        }
    }

    /// One line of an alert's timeline: what happened, then the words given with it.
    func event(_ e: AlertEvent) -> String {
        let verb = event(e.kind)
        return e.text.isEmpty ? verb : verb + lang.pick("：", ": ") + InertText.block(e.text)
    }

    /// How far one change has gone, as its timeline line ends: the same words as the header's.
    func stage(_ s: ShareProgress.Stage) -> String {
        switch s {
        case .saved: lang.pick("已保存", "saved")
        case .shared: lang.pick("已共享", "shared")
        case .seen(let by, let of): by >= of ? lang.pick("对方已收", "seen") : lang.pick("\(by)/\(of)已收", "seen \(by)/\(of)")
        case .from(let node): lang.pick("来自", "from ") + DisplayWidth.truncate(InertText.line(node), to: 10)
        }
    }

    /// `6时24分` for a countdown: `06:24:53` read as a clock time at 3 a.m.
    func countdown(seconds: Int64) -> String {
        seconds < 60 ? lang.pick("不到1分", "<1m") : hoursAndMinutes(seconds: seconds)
    }
}
