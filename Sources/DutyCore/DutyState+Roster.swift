/// Read-only views of the roster for one local day: the slots that touch it and the gaps in cover.
extension DutyState {
    /// Every slot whose shift touches `date` (the previous night's shift that runs past midnight
    /// included), by start time, then leaders first, then officers.
    public func slots(touching date: LocalDate, _ cal: LocalCalendar) -> [DutySlot] {
        let dayStart = cal.instant(date, LocalTime(hour: 0, minute: 0)!)
        let dayEnd = cal.instant(date.adding(days: 1), LocalTime(hour: 0, minute: 0)!)
        return slots.dated(from: date.adding(days: -1), through: date)
            .filter { $0.startInstant(cal) < dayEnd && $0.endInstant(cal) > dayStart }
            .sorted { ($0.startInstant(cal), $0.role.rank, $0.role.name, $0.person, $0.id) < ($1.startInstant(cal), $1.role.rank, $1.role.name, $1.person, $1.id) }
    }

    /// The stretches of `date` when one of `required` posts has nobody on it, in time order.
    /// Neighbouring stretches missing the same posts are one gap; a day with no roster at all is
    /// one gap from 00:00 to 24:00.
    public func coverGaps(on date: LocalDate, _ cal: LocalCalendar, required: [DutyRole] = [.leader, .officer]) -> [CoverGap] {
        let dayStart = cal.instant(date, LocalTime(hour: 0, minute: 0)!)
        let dayEnd = cal.instant(date.adding(days: 1), LocalTime(hour: 0, minute: 0)!)
        let touching = slots(touching: date, cal)
        let spans = touching.map { (role: $0.role, start: max(dayStart, $0.startInstant(cal)), end: min(dayEnd, $0.endInstant(cal))) }
        let cuts = Set([dayStart, dayEnd] + spans.flatMap { [$0.start, $0.end] }).sorted()
        var gaps: [CoverGap] = []
        for (a, b) in zip(cuts, cuts.dropFirst()) where a < b {
            let missing = required.filter { role in !spans.contains { $0.role == role && $0.start <= a && $0.end >= b } }
            guard !missing.isEmpty else { continue }
            if let last = gaps.last, last.end == a, last.missing == missing {
                gaps[gaps.count - 1].end = b
            } else {
                gaps.append(CoverGap(start: a, end: b, missing: missing))
            }
        }
        return gaps
    }
}

/// A stretch of time when a post that must always be staffed has nobody on it.
extension DutyState {
    /// Gaps over `days` days from `first`; a gap running over midnight is one gap.
    public func coverGaps(from first: LocalDate, days: Int, _ cal: LocalCalendar,
                          required: [DutyRole] = [.leader, .officer]) -> [CoverGap] {
        var out: [CoverGap] = []
        for i in 0..<max(0, days) {
            for g in coverGaps(on: first.adding(days: i), cal, required: required) {
                if let last = out.last, last.end == g.start, last.missing == g.missing {
                    out[out.count - 1].end = g.end
                } else {
                    out.append(g)
                }
            }
        }
        return out
    }

    /// Slots changed after the roster came in (given to someone else, swapped, added).
    public var changedSlotIDs: Set<String> { Set(rosterChanges.flatMap(\.slotIDs)) }
}

public struct CoverGap: Hashable, Sendable {
    public var start: Instant
    public var end: Instant
    /// The posts nobody holds, in the order they were asked for (leader before officer).
    public var missing: [DutyRole]

    public init(start: Instant, end: Instant, missing: [DutyRole]) {
        self.start = start
        self.end = end
        self.missing = missing
    }
}
