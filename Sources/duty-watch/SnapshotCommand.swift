import ArgumentParser
import ConsoleUI
import DutyCore
import DutyStore
import Foundation

extension Pane: ExpressibleByArgument {}
extension ConsoleUI.Language: ExpressibleByArgument {}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the console's screen as plain text, exactly as it would be drawn.")

    @OptionGroup var store: StoreOption
    @Option(help: "WIDTHxHEIGHT (default 120x40).") var size = "120x40"
    @Option(help: "overview, alerts, roster, checks, contacts or handover.") var pane: Pane = .overview
    @Option(help: "The moment to draw, ISO 8601 (default now).") var at: String?
    @Option(help: "zh or en (default: the store's language).") var lang: ConsoleUI.Language?

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
            var state = ConsoleSession.initialState(store: s, now: t, language: lang, actor: nil)
            state.pane = pane
            let grid = render(state, size: Size(width: parts[0], height: parts[1]))
            print(grid.lines.joined(separator: "\n"))
        }
    }
}

/// Builds the console's state from a store; shared by the console and `snapshot`.
enum ConsoleSession {
    static func settings(_ config: StoreConfig, _ calendar: LocalCalendar) -> ConsoleSettings {
        ConsoleSettings(calendar: calendar, acknowledgeWithin: config.acknowledgeWithin, bell: config.bell, deadlines: config.deadlines,
                        handoverReminderMinutes: config.handoverReminder)
    }

    static func initialState(store: Store, now: Instant, language: ConsoleUI.Language?, actor: String?) -> ConsoleState {
        let lang = language ?? ConsoleUI.Language(rawValue: store.config.language) ?? .zh
        // Whoever is at the console is named at start; by default the duty officer on duty now.
        let onDuty = store.state.onDuty(at: now, store.calendar)
        let who = actor ?? onDuty.first { $0.role == .officer }?.person ?? onDuty.first?.person ?? "值班员"
        var state = ConsoleState(duty: store.state, now: now, settings: settings(store.config, store.calendar), language: lang, actor: who)
        if let reason = store.readOnlyReason { state.save = .readOnly(reason) }
        return state
    }
}
