import ArgumentParser
import ConsoleLink
import ConsoleUI
import DutyCore
import DutyStore
import Foundation

extension Pane: ExpressibleByArgument {}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the console's screen as plain text, exactly as it would be drawn.")

    @OptionGroup var store: StoreOption
    @Option(help: "WIDTHxHEIGHT.") var size = "120x40"
    @Option(help: "overview, alerts, roster, checks, contacts, handover or map.") var pane: Pane = .overview
    @Option(help: "The moment to draw, ISO 8601 (default now).") var at: String?
    @OptionGroup var language: LanguageOption

    func run() throws {
        try runReporting {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
                throw CLIError("--size \(size) is not WIDTHxHEIGHT (e.g. 120x40)")
            }
            guard Pane.built.contains(pane) else {
                throw CLIError("--pane \(pane.rawValue): this build draws \(Pane.built.map(\.rawValue).joined(separator: ", ")) so far")
            }
            let s = try store.open()
            let t = try at.map { try parseInstant($0, s.calendar) } ?? now()
            var state = ConsoleSession.initialState(store: s, now: t, language: language.lang, actor: nil)
            state.pane = pane
            let grid = render(state, size: Size(width: parts[0], height: parts[1]))
            print(grid.lines.joined(separator: "\n"))
        }
    }
}
