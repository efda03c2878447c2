import ArgumentParser
import ConsoleLink
import DutyCore
import DutyStore

/// `duty-watch say`: what the console would say aloud of an alert, written to a WAV file for a
/// person to listen to (the console itself only speaks with `speech = true`).
struct SayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Write what the console says aloud of an alert to a WAV file (needs espeak-ng).")

    @OptionGroup var store: StoreOption
    @Argument(help: ArgumentHelp("The alert's id.", valueName: "alert-id")) var id: String
    @Option(help: ArgumentHelp("The WAV file to write.", valueName: "file.wav")) var out: String
    @Flag(help: "The words said when it becomes overdue.") var overdue = false
    @OptionGroup var language: LanguageOption

    func run() throws {
        try runReporting {
            let s = try store.open()
            let lang = language.of(s)
            guard let alert = s.state.alerts[id] else { throw CLIError(lang.pick("没有警情 \(InertText.line(id))", "no alert \(InertText.line(id))")) }
            guard let program = Espeak.find() else {
                throw CLIError("\(Espeak.program) is not installed (not found on PATH): apt-get install \(Espeak.program)")
            }
            let text = SpokenWarning.text(for: alert, language: lang, overdue: overdue)
            do {
                try Espeak.writeWAV(text, language: lang, to: out, program: program)
            } catch {
                throw CLIError("\(out): \(error)")
            }
            print(lang.pick("已写入 \(out)：\(InertText.line(text))", "wrote \(out): \(InertText.line(text))"))
        }
    }
}
