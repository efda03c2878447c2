/// The clocks an open alert runs against: acknowledging it in time, and reporting it upward
/// (初报, 续报, 终报). Pure: the caller brings the time and the configured minutes.

/// The next report an alert owes and when it is due.
public struct ReportDue: Hashable, Sendable {
    public var stage: ReportStage
    public var due: Instant

    public init(stage: ReportStage, due: Instant) {
        self.stage = stage
        self.due = due
    }

    /// Seconds until it is due; negative once the deadline has passed.
    public func secondsLeft(at now: Instant) -> Int64 { due.seconds(since: now) }

    /// Missed from the minute it is due: "due at 22:07" means a report at 22:07 is already late.
    public func isMissed(at now: Instant) -> Bool { now >= due }
}

extension Alert {
    /// The first report not yet made, due `deadlines[level]` minutes after the duty room was told
    /// (`toldAt`: receipt, or a phone report's call). Every deadline counts from there, not from
    /// the report before, so a late first report does not push the follow-up back. Nil when nothing is owed: the alert
    /// is resolved, is not real (test, exercise, draft) or not the district's (区外), or its final report is made.
    public func nextReport(_ deadlines: [AlertLevel: ReportDeadlines]) -> ReportDue? {
        guard isOpen, content.isCounted, let d = deadlines[level] else { return nil }
        for stage in ReportStage.allCases where reports(stage).isEmpty {
            return ReportDue(stage: stage, due: toldAt.adding(minutes: d.minutes(stage)))
        }
        return nil
    }

    /// The report the duty room owes upward on this alert, as the queue counts it down. Warning
    /// signals and orders from above come down the line: the duty room passes them on, it does
    /// not report them up as incidents, so they show no deadline (one can still be recorded).
    public func owedReport(_ deadlines: [AlertLevel: ReportDeadlines]) -> ReportDue? {
        guard WarningSignal.names[content.kind] == nil, content.kind != "上级指令" else { return nil }
        return nextReport(deadlines)
    }

    /// When a new alert becomes overdue for acknowledgement; nil when that cannot happen (it is
    /// acknowledged, not real, not the district's, or its level has no limit).
    public func acknowledgementDue(_ within: [AlertLevel: Int]) -> Instant? {
        guard status == .new, content.isCounted, let minutes = within[level] else { return nil }
        return received.at.adding(minutes: minutes)
    }

    /// No longer in force: lifted by its publisher or past its `expires`.
    public func isWithdrawn(at now: Instant) -> Bool { isLifted || isExpired(at: now) }
}
