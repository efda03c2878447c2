import ArgumentParser
import DutyCore
import DutyStore

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "The duty roster.",
                                                    subcommands: [Show.self, Gaps.self, Swap.self, Give.self, Cover.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The slots of one day.")

        @OptionGroup var store: StoreOption
        @Option(help: "YYYY-MM-DD (default today).")
        var date: String?
        @Flag(help: "Print JSON (shape in the README).")
        var json = false
        @OptionGroup var language: LanguageOption

        func run() throws {
            try runReporting {
                let s = try store.open()
                let day: LocalDate
                if let d = date {
                    guard let parsed = LocalDate(parsing: d) else { throw CLIError("--date \(d) is not a date (YYYY-MM-DD)") }
                    day = parsed
                } else {
                    day = s.calendar.localDate(now())
                }
                let slots = s.state.slots(on: day)
                if json {
                    let changed = s.state.changedSlotIDs
                    try printJSON(RosterDayJSON(
                        changes: s.state.rosterChanges.filter { c in c.slotIDs.contains { id in slots.contains { $0.id == id } } }
                            .map { RosterChangeJSON($0, s.calendar) },
                        date: day.description,
                        gaps: s.state.coverGaps(on: day, s.calendar).map { GapJSON($0, s.calendar) },
                        slots: slots.map { SlotJSON($0, changed: changed.contains($0.id), conflict: s.state.slotConflicts[$0.id]?.map(\.person)) }))
                    return
                }
                let t = DutyWords(lang: language.of(s))
                print(t.lang.pick("值班表 \(day) \(t.weekday(day))", "Roster \(day) \(t.weekday(day))"))
                if slots.isEmpty { print(t.lang.pick("  当天没有排班", "  no slots on this day")) }
                let changed = s.state.changedSlotIDs
                for slot in slots {
                    var mark = changed.contains(slot.id) ? "  " + t.changedMark : ""
                    if let claims = s.state.slotConflicts[slot.id] {
                        let names = claims.map { InertText.line($0.person) }.joined(separator: " / ")
                        mark += t.lang.pick("  冲突：\(names)，请带班领导重新指定", "  CONFLICT: \(names); a lead must give it again")
                    }
                    print("  \(pad(t.shiftSpelledOut(slot), 22)) \(t.slotLine(slot).dropFirst(2))  \(slot.id)\(mark)")
                }
                for c in s.state.rosterChanges where c.slotIDs.contains(where: { id in slots.contains { $0.id == id } }) {
                    print(t.rosterChange(c, s.calendar))
                }
                for gap in s.state.coverGaps(on: day, s.calendar) {
                    print(t.gapLine(gap, s.calendar))
                }
            }
        }
    }
}

/// Options every roster change takes: who changes it and why (both kept with the change).
struct ChangeOptions: ParsableArguments {
    @Option(help: "Who makes the change (required).") var by: String
    @Option(help: "Why (required): kept with the change and shown with the slot.") var reason: String
    @Option(help: "The moment of the change, ISO 8601 (default now).") var at: String?

    func checked() throws -> (by: String, reason: String) {
        let who = by.trimmingCharacters(in: .whitespaces), why = reason.trimmingCharacters(in: .whitespaces)
        guard !who.isEmpty else { throw CLIError("--by is empty: say who makes the change") }
        guard !why.isEmpty else { throw CLIError("--reason is empty: a roster change needs a reason") }
        return (who, why)
    }
}

/// Saves one roster change and says what it did.
private func saveChange(_ s: Store, _ intent: Intent, _ change: ChangeOptions, _ done: ([JournalRecord], DutyState) -> String) throws {
    let (by, _) = try change.checked()
    let at = try change.at.map { try parseInstant($0, s.calendar) } ?? now()
    let records = try s.perform([intent], actor: by, at: at)
    print(done(records, s.state))
}

extension RosterCommand {
    struct Gaps: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Times with no leader on duty or no duty officer, from a day on (default: today and the next 13 days).")

        @OptionGroup var store: StoreOption
        @Option(help: "The first day, YYYY-MM-DD (default today).") var from: String?
        @Option(help: "How many days.") var days = 14
        @Flag(help: "Print JSON (shape in the README).") var json = false
        @OptionGroup var language: LanguageOption

        func run() throws {
            try runReporting {
                let s = try store.open()
                guard (1...366).contains(days) else { throw CLIError("--days \(days) is not between 1 and 366") }
                let first: LocalDate
                if let f = from {
                    guard let d = LocalDate(parsing: f) else { throw CLIError("--from \(f) is not a date (YYYY-MM-DD)") }
                    first = d
                } else {
                    first = s.calendar.localDate(now())
                }
                let gaps = s.state.coverGaps(from: first, days: days, s.calendar)
                if json {
                    try printJSON(RosterGapsJSON(days: days, from: first.description, gaps: gaps.map { GapJSON($0, s.calendar) }))
                    return
                }
                let t = DutyWords(lang: language.of(s))
                print(t.lang.pick("值班缺口 \(first) 起 \(days) 天", "Gaps in cover, \(days) days from \(first)"))
                if gaps.isEmpty { print(t.lang.pick("  没有缺口：每时每刻都有带班领导和值班员", "  none: a leader and an officer at every moment")) }
                for g in gaps { print(t.gapLine(g, s.calendar)) }
            }
        }
    }

    struct Swap: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Swap the people of two slots (ids from `roster show`).")

        @OptionGroup var store: StoreOption
        @Option(help: "One slot id.") var slot: String
        @Option(name: .customLong("with"), help: "The other slot id.") var other: String
        @OptionGroup var change: ChangeOptions

        func run() throws {
            try runReporting {
                let s = try store.open()
                let (_, reason) = try change.checked()
                try saveChange(s, .swapSlots(first: slot, second: other, reason: reason), change) { _, st in
                    let a = st.slots[slot], b = st.slots[other]
                    let pair = "\(slot) \(a.map { InertText.line($0.person) } ?? "?") ⇄ \(other) \(b.map { InertText.line($0.person) } ?? "?")"
                    return s.config.language.pick("已对调 ", "swapped: ") + pair
                }
            }
        }
    }

    struct Give: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a slot to someone else (e.g. the one on it has to go to hospital now).")

        @OptionGroup var store: StoreOption
        @Option(help: "The slot id (from `roster show`).") var slot: String
        @Option(help: "Who takes it.") var to: String
        @Option(help: "Their phone.") var phone = ""
        @OptionGroup var change: ChangeOptions

        func run() throws {
            try runReporting {
                let s = try store.open()
                let (_, reason) = try change.checked()
                let person = to.trimmingCharacters(in: .whitespaces)
                guard !person.isEmpty else { throw CLIError("--to is empty: say who takes the slot") }
                // Who is on it now, as this console sees it: given elsewhere meanwhile, both are kept.
                let seen = s.state.slots[slot]?.person
                try saveChange(s, .reassignSlot(slot: slot, person: person, phone: phone.trimmingCharacters(in: .whitespaces), reason: reason, seen: seen),
                               change) { _, _ in s.config.language.pick("已改派 ", "given: ") + "\(slot) → \(InertText.line(person))" }
            }
        }
    }

    struct Cover: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a slot to cover a gap.")

        @OptionGroup var store: StoreOption
        @Option(help: "YYYY-MM-DD.") var date: String
        @Option(help: "HH:MM.") var start: String
        @Option(help: "HH:MM (not after the start: ends the next day).") var end: String
        @Option(help: "带班领导/值班员/技术保障 or leader/officer/technical.") var role: String
        @Option(help: "Who covers.") var name: String
        @Option(help: "Their phone.") var phone = ""
        @OptionGroup var change: ChangeOptions

        func run() throws {
            try runReporting {
                let s = try store.open()
                let (_, reason) = try change.checked()
                guard let d = LocalDate(parsing: date) else { throw CLIError("--date \(date) is not a date (YYYY-MM-DD)") }
                guard let st = LocalTime(parsing: start) else { throw CLIError("--start \(start) is not a time (HH:MM)") }
                guard let en = LocalTime(parsing: end) else { throw CLIError("--end \(end) is not a time (HH:MM)") }
                guard let r = DutyRole(parsing: role) else { throw CLIError("--role is empty") }
                let person = name.trimmingCharacters(in: .whitespaces)
                guard !person.isEmpty else { throw CLIError("--name is empty: say who covers") }
                let intent = Intent.addSlot(date: d, start: st, end: en, role: r, person: person,
                                            phone: phone.trimmingCharacters(in: .whitespaces), reason: reason)
                try saveChange(s, intent, change) { records, _ in
                    let w = s.config.language
                    guard case .slotAdded(let slot, _)? = records.first?.op else { return w.pick("未补排", "added nothing") }
                    return w.pick("已补排 ", "added: ") + "\(slot.id) \(d) \(st)–\(en) \(r.name) \(InertText.line(person))"
                }
            }
        }
    }
}
