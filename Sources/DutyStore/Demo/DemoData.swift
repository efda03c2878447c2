import DutyCore
import Foundation

/// The content of a demo store: real Haizhu place names, made-up people and phone numbers, and a
/// rainy afternoon's worth of duty-room activity ending just before `now`.
public enum DemoData {
    /// Everything `duty-watch init --demo` writes, in the order it happened. `now` is the moment of
    /// init; the roster covers 7 days before and 7 days after today (local dates, 14+ days);
    /// alerts and ticks are dated in the hours before `now`, never after it.
    public static func entries(now: Instant, calendar: LocalCalendar) -> [PendingOp] {
        let today = calendar.localDate(now)
        let duty = DutyRoster(today: today, calendar: calendar)
        var timeline = Timeline()

        // The registers were loaded the day before, so the whole story below happens with them in place.
        let setup = now.adding(minutes: -18 * 60)
        let clerk = duty.officer(at: setup)
        let points = hazardPoints
        timeline.add(setup, clerk, .hazardPointsImported(source: "demo", points: points))
        timeline.add(setup.adding(minutes: 2), clerk, .checklistTemplatesImported(source: "demo", templates: checklistTemplates))
        timeline.add(setup.adding(minutes: 4), clerk, .contactsImported(source: "demo", contacts: contacts(for: points)))
        timeline.add(setup.adding(minutes: 6), clerk, .rosterImported(source: "demo", slots: duty.slots))

        let story = Story(now: now, calendar: calendar, duty: duty, points: points)
        story.write(into: &timeline)
        return timeline.entries()
    }
}

// MARK: - Timeline

/// Collects ops at the moments they happened and hands them back in journal order.
struct Timeline {
    private var items: [(at: Instant, order: Int, actor: String, op: Op)] = []

    mutating func add(_ at: Instant, _ actor: String, _ op: Op) {
        items.append((at, items.count, actor, op))
    }

    /// Sorted by time; ops written at the same moment keep the order they were added in (a raise
    /// before its acknowledgement) and are pushed 1 ms apart, because the journal wants strictly
    /// increasing times.
    func entries() -> [PendingOp] {
        let sorted = items.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
        var out: [PendingOp] = []
        out.reserveCapacity(sorted.count)
        for item in sorted {
            var at = item.at
            if let last = out.last, at <= last.at { at = Instant(ms: last.at.ms + 1) }
            out.append(PendingOp(op: item.op, actor: item.actor, at: at))
        }
        return out
    }
}

// MARK: - Formatting

extension DemoData {
    /// Made-up numbers in the 138 0000 xxxx block, written the way the duty room reads them out.
    static func phone(_ n: Int) -> String {
        String(format: "138 0000 %04d", n)
    }

    /// `20260605`, the date part of alert, round, call and handover ids.
    static func compact(_ date: LocalDate) -> String { date.compact }

    static func time(_ t: LocalTime) -> String { t.description }
}
