/// Plans the changes a person means, in one place for the console's panes and the command line:
/// an intent in, the ops that carry it out (or the reason it cannot be) out.
public enum Planner {
    /// The ops that raise `content` at `now`: the alert, and what the 三查 rule says follows (a
    /// rainstorm or typhoon signal opens or moves the round), whoever raised it.
    public static func raise(_ content: AlertContent, in state: DutyState, node: String, actor: String, at now: Instant,
                             calendar: LocalCalendar) throws(DomainError) -> [Op] {
        let raised = Op.alertRaised(content)
        try state.validate(raised)
        var after = state
        after.apply(raised, OpContext(actor: actor, at: now, node: node, seq: 0))
        return [raised] + after.roundOps(since: state, at: now, calendar: calendar)
    }

    /// An id for an alert raised on this console: `A-YYYYMMDD-<node>-NN`, the first number of the
    /// day not yet taken here. The console's name in it means two consoles that have not synced
    /// can never give out the same id (a phone report on each would otherwise be one alert after
    /// the sync, and the other report lost); the number keeps it short to read out.
    public static func alertID(in state: DutyState, node: String, date: LocalDate) -> String {
        let prefix = "A-\(zeroPadded(date.year, 4))\(zeroPadded(date.month, 2))\(zeroPadded(date.day, 2))-\(node)-"
        var n = 1
        while state.alerts[prefix + zeroPadded(n, 2)] != nil { n += 1 }
        return prefix + zeroPadded(n, 2)
    }

    /// Ids a console minted (`A-…`: phone reports, `alert raise`): a second alert under one with
    /// other content is another report. Ids of taken-in messages are hashed from the publisher's
    /// own names, so there the same id is the same message by construction.
    public static func isConsoleMinted(_ id: String) -> Bool { id.hasPrefix("A-") }
}
