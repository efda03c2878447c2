import ArgumentParser
import DutyCore
import DutyExport
import DutyStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The day's duty log (值班日志): who was on duty, alerts with their timelines, calls, 三查 rounds, handovers.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, csv
    }

    @OptionGroup var store: StoreOption
    @Option(help: "YYYY-MM-DD (default today).") var day: String?
    @Option(help: "md (Markdown, for office documents) or csv (opens in Excel: UTF-8 with BOM).") var format: Format = .md
    @Option(help: "Write to this file instead of standard output (replaced whole, never half written).") var out: String?
    @OptionGroup var language: LanguageOption

    func run() throws {
        try runReporting {
            let s = try store.open()
            let date: LocalDate
            if let d = day {
                guard let parsed = LocalDate(parsing: d) else { throw CLIError("--day \(d) is not a date (YYYY-MM-DD)") }
                date = parsed
            } else {
                date = s.calendar.localDate(now())
            }
            let report = DutyReport(s.state, day: date, calendar: s.calendar)
            let lang = language.of(s)
            let bytes = format == .md ? Array(report.markdown(lang).utf8) : report.csv(lang)
            if let out {
                do {
                    try RealFileSystem().replaceDurably(out, bytes)
                } catch {
                    throw CLIError("\(out): \(error)")
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}
