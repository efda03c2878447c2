/// Warning signals that drive 三查: a rainstorm or typhoon signal opens a round and moves it
/// through its phases (domain.md). Pure: the caller gives the state before and after a change.
extension DutyState {
    /// The signal kinds that open and move 三查 rounds.
    public static let rainSignalKinds: Set<String> = ["暴雨", "台风"]

    /// The alert a publisher's message reached: the alert of that id, or the alert an earlier
    /// Update or Cancel with that message id changed. Nil when the message was never taken in.
    public func alertID(reachedBy messageID: String) -> String? {
        if alerts.contains(messageID) { return messageID }
        return alertAliases[messageID]
    }

    /// Real rainstorm and typhoon signals for the district in force at `now` (not lifted, not
    /// expired), most severe first: a signal for another place opens no round here.
    public func rainSignals(at now: Instant) -> [Alert] {
        alerts.live.values.filter { Self.isRainSignal($0, at: now) }.sorted(by: Alert.urgencyOrder)
    }

    public static func isRainSignal(_ a: Alert, at now: Instant) -> Bool {
        a.isOpen && rainSignalKinds.contains(a.content.kind) && a.content.isCounted && !a.isWithdrawn(at: now)
    }

    /// What the 三查 round should do now that the state went from `before` to `self`:
    /// a signal of yellow or higher opens a round (雨前排查) when none is open; orange or higher
    /// moves it to 雨中巡查; when the last signal in force is lifted it moves to 雨后复查.
    /// Acts only on a change of the signals, so a round opened or moved by hand is left alone
    /// until the next signal arrives.
    public func roundOps(since before: DutyState, at now: Instant, calendar: LocalCalendar) -> [Op] {
        roundOps(signalsBefore: before.rainSignals(at: now), signalsNow: rainSignals(at: now), at: now, calendar: calendar)
    }

    /// As `roundOps(since:at:calendar:)`, from the signals in force before and now (each most
    /// severe first).
    public func roundOps(signalsBefore was: [Alert], signalsNow isNow: [Alert], at now: Instant, calendar: LocalCalendar) -> [Op] {
        let changed = was.map(\.id) != isNow.map(\.id) || zip(was, isNow).contains(where: { $0.level != $1.level })
        return roundOps(signalsChanged: changed, hadSignals: !was.isEmpty, hasSignals: !isNow.isEmpty, top: { isNow.first },
                        at: now, calendar: calendar)
    }

    /// The rule itself, for callers that track the signals in force as they change (the inbox):
    /// `top` (the most severe signal now) is asked for only when the rule needs it, so that a
    /// flood of signals does not mean a walk over all of them per message.
    public func roundOps(signalsChanged: Bool, hadSignals: Bool, hasSignals: Bool, top: () -> Alert?, at now: Instant,
                         calendar: LocalCalendar) -> [Op] {
        guard signalsChanged else { return [] }
        if let round = openRound {
            if round.phase == .before, hasSignals, let t = top(), t.level <= .orange {
                return [.roundPhaseChanged(id: round.id, phase: .during)]
            }
            if !hasSignals, hadSignals, round.phase != .after { return [.roundPhaseChanged(id: round.id, phase: .after)] }
            return []
        }
        guard hasSignals, let t = top(), t.level <= .yellow else { return [] }
        let id = freeRoundID(on: calendar.localDate(now))
        var ops: [Op] = [.roundOpened(id: id, title: "\(t.content.kind)\(t.level.chinese)色预警", phase: .before)]
        if t.level <= .orange { ops.append(.roundPhaseChanged(id: id, phase: .during)) }
        return ops
    }

    /// `R-YYYYMMDD` as the demo and the checks pane name rounds; a second round on one day gets `-2`.
    private func freeRoundID(on date: LocalDate) -> String {
        let base = "R-" + String(date.year) + (date.month < 10 ? "0" : "") + String(date.month) + (date.day < 10 ? "0" : "") + String(date.day)
        if !rounds.contains(base) { return base }
        var n = 2
        while rounds.contains("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }
}
