import ArgumentParser
import ConsoleLink
import ConsoleUI
import DutyCore
import DutyStore
import Foundation
import NcursesBackend

/// `duty-watch --store DIR`: the full-screen console.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the full-screen console (the default).")

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("as"), help: "Who is at the console (default: the duty officer on duty now).") var actor: String?
    @Option(help: "night, day, high-contrast, mono, or a path to a theme .toml (default: the store's theme).") var theme: String?
    @OptionGroup var language: LanguageOption
    @Flag(help: "Open on a fresh demo store in a temporary folder.") var demo = false
    @Flag(help: "Draw lines and bars with ASCII characters.") var ascii = false

    func run() throws {
        try runReporting {
            let path = demo ? try makeDemoStore() : try store.path()
            let s: Store
            do {
                s = try Store.open(at: path, fs: RealFileSystem())
            } catch {
                throw CLIError("\(error)")
            }
            let chosen = try loadTheme(theme ?? s.config.theme)
            var state = ConsoleSession.initialState(store: s, now: now(), language: language.lang, actor: actor)
            let speaker = ConsoleSession.speaker(for: &state, program: Espeak.find())
            NcursesTerminal.installRestoreHandlers()
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(theme: chosen, termName: nil)
            } catch {
                complain("duty-watch: \(error)")
                throw ExitCode(2)
            }
            if !terminal.hasColors, let mono = try? Theme.named("mono", fileText: nil) { terminal.setTheme(mono) }
            let link = StoreLink(s, language: state.language, settings: state.settings, clock: { now() })
            let runtime = ConsoleRuntime(terminal: terminal, store: link, state: state, ascii: ascii || chosen.ascii, speaker: speaker, clock: now)
            runtime.run()
            link.stop()
            try? s.writeSnapshot()
        }
    }

    private func loadTheme(_ name: String) throws -> Theme {
        do {
            if name.hasSuffix(".toml") {
                guard let data = FileManager.default.contents(atPath: name) else { throw CLIError("\(name): cannot read the theme file") }
                return try Theme.parse(String(decoding: data, as: UTF8.self), file: (name as NSString).lastPathComponent)
            }
            return try Theme.named(name, fileText: nil)
        } catch let e as ThemeError {
            throw CLIError(e.description)
        }
    }

    private func makeDemoStore() throws -> String {
        let dir = NSTemporaryDirectory() + "duty-watch-demo-\(ProcessInfo.processInfo.processIdentifier)/store"
        do {
            try Store.create(at: dir, node: "demo", fs: RealFileSystem())
            let s = try Store.open(at: dir, fs: RealFileSystem())
            try s.append(DemoData.entries(now: now(), calendar: s.calendar))
            try s.writeSnapshot()
        } catch {
            throw CLIError("cannot create the demo store: \(error)")
        }
        return dir
    }
}
