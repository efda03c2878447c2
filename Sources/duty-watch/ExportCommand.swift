import ArgumentParser
import DutyCore
import DutyExport
import DutyStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the store's data for other programs.",
                                                    subcommands: [ICal.self])

    struct ICal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ical",
            abstract: "The roster, after changes, as an iCalendar file (RFC 5545): one event per slot.")

        @OptionGroup var store: StoreOption
        @Option(help: "The file to write (replaced whole, never left half written).")
        var out: String
        @Option(help: "Only this person's slots.")
        var person: String?
        @Option(help: "The file's timestamp (DTSTAMP), ISO 8601 (default now).")
        var at: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            try runReporting {
                let s = try store.open()
                let t = DutyWords(lang: language.of(s))
                let stamp = try at.map { try parseInstant($0, s.calendar) } ?? now()
                let wanted = person?.trimmingCharacters(in: .whitespaces)
                if let wanted, wanted.isEmpty { throw CLIError(t.lang.pick("--person 不能为空", "--person is empty")) }
                let count = s.state.slots.values.filter { wanted == nil || $0.person == wanted }.count
                // A name with no slots is almost always a typo: an empty calendar would hide it.
                if let wanted, count == 0 {
                    throw CLIError(t.lang.pick("排班表中没有 \(InertText.line(wanted))", "nobody called \(InertText.line(wanted)) is on the roster"))
                }
                let ics = ICalendarExport.render(s.state, calendar: s.calendar, options: .init(person: wanted, stamp: stamp))
                do {
                    try RealFileSystem().replaceDurably(out, Array(ics.utf8))
                } catch {
                    throw CLIError("\(out): \(error)")
                }
                print(t.lang.pick("已写入 \(count) 个班次：\(out)", "wrote \(count) slots to \(out)"))
            }
        }
    }
}
