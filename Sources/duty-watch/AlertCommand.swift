import ArgumentParser
import DutyCore
import DutyStore
import Foundation

struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert", abstract: "Raise, list and handle alerts.",
        subcommands: [Raise.self, List.self, Ack.self, Handling.self, Resolve.self, Reopen.self, Note.self])

    struct Raise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise an alert; prints its id.")
        @OptionGroup var store: StoreOption
        @Option(help: "The level (红/橙/黄/蓝/白 are understood too).") var level: AlertLevel
        @Option var title: String
        @Option(help: "e.g. 暴雨, 内涝, 火灾.") var kind = "其他"
        @Option(help: "A street of Haizhu District, or 海珠区 for the whole district.") var street = Haizhu.districtName
        @Option var body = ""
        @Option(help: "Where it came from.") var source = "命令行"
        @Option(help: "Who raises it.") var by = "系统"
        @Option(help: "When it came in, ISO 8601 (default now): a phone report written up afterwards.") var at: String?

        func run() throws {
            try runReporting {
                let lv = level
                guard let st = Haizhu.canonicalStreet(street) else {
                    throw CLIError("--street \(street) is not a street of Haizhu District (\(Haizhu.streets.joined(separator: "、")), or 海珠区)")
                }
                let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !t.isEmpty else { throw CLIError("--title is empty") }
                let s = try store.open()
                let at = try self.at.map { try parseInstant($0, s.calendar) } ?? now()
                // The id is minted where it is planned, against the latest state.
                let (content, cuts) = AlertContent(id: "", source: source, kind: kind, level: lv, title: t, body: body, street: st).cutToLimits()
                for cut in cuts { complain("duty-watch: \(cut)") }
                let records = try s.perform([.raise(content)], actor: by, at: at)
                guard case .alertRaised(let raised)? = records.first?.op else { throw CLIError("the alert was not raised") }
                print(raised.id)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open alerts, most urgent first (--all: every alert).")
        @OptionGroup var store: StoreOption
        @Flag(help: "Include resolved alerts.") var all = false
        @Flag(help: "Print JSON (shape in the README).") var json = false
        @OptionGroup var language: LanguageOption
        @Option(help: "Judge `expired` at this time (ISO 8601; default now).") var at: String?

        func run() throws {
            try runReporting {
                let s = try store.open()
                let when = try at.map { try parseInstant($0, s.calendar) } ?? now()
                let alerts = Alert.districtFirst(all ? Alert.sortedByUrgency(s.state.alerts.values) : s.state.openAlertsByUrgency)
                if json {
                    // By index: mapping the alerts themselves copies each one (a dozen retains) on the way.
                    try printJSONArray(alerts.indices.lazy.map { AlertJSON(alerts[$0], s.calendar, at: when) })
                    return
                }
                let t = DutyWords(lang: language.of(s))
                if alerts.isEmpty { print(all ? t.lang.pick("没有警情", "no alerts") : t.lang.pick("没有未结警情", "no open alerts")) }
                for a in alerts {
                    let received = s.calendar.iso8601(a.received.at).prefix(16).replacingOccurrences(of: "T", with: " ")
                    print("\(pad(a.id, 16)) \(pad(t.level(a.level), t.lang == .zh ? 3 : 7)) \(pad(t.status(a.status), 13)) \(received)  \(pad(InertText.line(t.place(a.content)), 10)) \(InertText.line(a.content.title))")
                }
            }
        }
    }

    /// ack, handling, resolve, reopen and note share their arguments.
    struct Change: ParsableArguments {
        @Argument(help: "The alert's id.") var id: String
        @OptionGroup var store: StoreOption
        @Option(help: "Who does it (required).") var by: String
        @Option(help: "A note to keep with the change.") var note = ""

        func apply(_ intent: (String, String) -> Intent) throws {
            try runReporting {
                let who = by.trimmingCharacters(in: .whitespaces)
                guard !who.isEmpty else { throw CLIError("--by is empty") }
                let s = try store.open()
                try s.perform([intent(id, note)], actor: who, at: now())
                let a = s.state.alerts[id]!
                let w = DutyWords(lang: s.config.language)
                print(w.lang.pick("\(id)：\(w.status(a.status))（\(InertText.line(who))）", "\(id): \(a.status.rawValue) (\(InertText.line(who)))"))
            }
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge an alert.")
        @OptionGroup var change: Change
        func run() throws { try change.apply { .acknowledge(alert: $0, note: $1) } }
    }

    struct Handling: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an alert as being handled.")
        @OptionGroup var change: Change
        func run() throws { try change.apply { .startHandling(alert: $0, note: $1) } }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve (close) an alert.")
        @OptionGroup var change: Change
        func run() throws { try change.apply { .resolve(alert: $0, note: $1) } }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a resolved alert (needs --note).")
        @OptionGroup var change: Change
        func run() throws { try change.apply { .reopen(alert: $0, note: $1) } }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to an alert's timeline (--note TEXT).")
        @OptionGroup var change: Change
        func run() throws { try change.apply { .addNote(alert: $0, text: $1) } }
    }
}

