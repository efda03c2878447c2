import ArgumentParser
import ConsoleUI
import DutyCore
import DutyStore
import Foundation
import Synchronization

@main
struct DutyWatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duty-watch",
        abstract: "Duty-watch console of the Haizhu District emergency-management duty room.",
        discussion: "Every command takes --store DIR, or the DUTYWATCH_STORE environment variable.",
        version: dutyWatchVersion,
        subcommands: [
            ConsoleCommand.self, InitCommand.self, StatusCommand.self, RosterCommand.self, ImportCommand.self,
            AlertCommand.self, IngestCommand.self, CheckCommand.self, SnapshotCommand.self, HandoverCommand.self, ReportCommand.self,
            ExportCommand.self, SyncCommand.self, SayCommand.self, StressAppendCommand.self, StressSyncCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    /// ArgumentParser's own `main` prints a bad argument's value as typed, escape sequences and
    /// all: its messages go through `complain` like every other.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
            } else if code == .validationFailure {
                // A mistake on the command line is a mistake like any other: one line, status 1
                // (`--help` lists what is allowed).
                complain("duty-watch: " + oneLine(message) + " (see \(helpCommand(message)))")
                Foundation.exit(1)
            } else if !message.isEmpty {
                complain(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// What `duty-watch --version` prints.
let dutyWatchVersion = "0.16.0"

/// ArgumentParser's message for a bad argument (`Error: …`, then help and usage lines) as the
/// one line the README promises.
func oneLine(_ message: String) -> String {
    let first = message.split(separator: "\n").first.map(String.init) ?? message
    return first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
}

/// The help that lists what the mistaken command allows: ArgumentParser names it in its usage
/// (`See 'duty-watch alert raise --help' …`).
func helpCommand(_ message: String) -> String {
    for line in message.split(separator: "\n") {
        guard let open = line.range(of: "See '"), let close = line[open.upperBound...].firstIndex(of: "'") else { continue }
        return String(line[open.upperBound..<close])
    }
    return "duty-watch --help"
}

/// A command failed in a way the user can act on: printed as `duty-watch: <message>`, exit 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// `--lang`: the language of a command's output, else the store's.
struct LanguageOption: ParsableArguments {
    @Option(help: "The language of the output (default: the store's language).")
    var lang: Language?

    func of(_ store: Store) -> Language { Language.resolve(lang, store.config) }
}

struct StoreOption: ParsableArguments {
    @Option(name: .long, help: "The store folder (default: $DUTYWATCH_STORE).", completion: .directory)
    var store: String?

    func path() throws -> String {
        if let s = store, !s.isEmpty { return s }
        if let s = ProcessInfo.processInfo.environment["DUTYWATCH_STORE"], !s.isEmpty { return s }
        throw CLIError("no store given: pass --store DIR or set DUTYWATCH_STORE")
    }

    func open() throws -> Store {
        let store = try Store.open(at: try path(), fs: RealFileSystem())
        openedLanguage.withLock { $0 = store.config.language }
        return store
    }
}

/// The language of the store the command opened: the duty room's refusals are said in it.
private let openedLanguage = Mutex(Language.en)

/// Runs a command body; a CLIError or StoreError ends with its message on stderr and status 1.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as CLIError {
        complain("duty-watch: \(e.description)")
        throw ExitCode(1)
    } catch let e as StoreError {
        complain("duty-watch: \(e.text(openedLanguage.withLock { $0 }))")
        throw ExitCode(1)
    }
}

/// Every line for stderr goes through here: messages quote files, sheets and arguments, and none
/// of that may reach the terminal as control characters. Each line of `text` stays a line.
func complain(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { InertText.line(String($0)) }
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}

func now() -> Instant { Instant(Date()) }

func parseInstant(_ text: String, _ cal: LocalCalendar) throws -> Instant {
    let offset = cal.offsetSeconds(at: now())
    guard let t = ISO8601.parse(text, defaultOffsetSeconds: offset) else {
        throw CLIError("--at \(text) is not a time (ISO 8601, e.g. 2026-12-02T03:00:00+08:00)")
    }
    return t
}

/// Pads to a display width as the console measures it (CJK two cells); text wider is left whole,
/// never cut: an id or a name on the command line is printed in full.
func pad(_ s: String, _ width: Int) -> String {
    let w = DisplayWidth.of(s)
    return w >= width ? s : s + String(repeating: " ", count: width - w)
}
