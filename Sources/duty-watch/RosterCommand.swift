import ArgumentParser
import DutyCore
import DutyStore

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "The duty roster.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The slots of one day.")

        @OptionGroup var store: StoreOption
        @Option(help: "YYYY-MM-DD (default today).")
        var date: String?
        @Flag(help: "Print JSON (shape in the README).")
        var json = false
        @Option(help: "zh or en (default: the store's language).")
        var lang: Lang?

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
                    try printJSON(["date": day.description, "slots": slots.map(JSONShape.slot)] as [String: Any])
                    return
                }
                let t = Text(lang: Lang.resolve(lang, s.config))
                print(t.lang.pick("值班表 \(day) \(t.weekday(day))", "Roster \(day) \(t.weekday(day))"))
                if slots.isEmpty { print(t.lang.pick("  当天没有排班", "  no slots on this day")) }
                for slot in slots {
                    print("  \(pad(t.shift(slot), 22)) \(t.slotLine(slot).dropFirst(2))")
                }
            }
        }
    }
}
