import ConsoleUI
import DutyCore
import DutyStore

/// The console's settings and first state, taken from the store, for `duty-watch` (console and
/// `snapshot`) and the benchmarks alike.
public enum ConsoleSession {
    public static func settings(_ config: StoreConfig, _ calendar: LocalCalendar) -> ConsoleSettings {
        ConsoleSettings(calendar: calendar, acknowledgeWithin: config.acknowledgeWithin, bell: config.bell, deadlines: config.deadlines,
                        handoverReminderMinutes: config.handoverReminder, node: config.node, speech: config.speech)
    }

    public static func initialState(store: Store, now: Instant, language: Language?, actor: String?) -> ConsoleState {
        let lang = Language.resolve(language, store.config)
        // Whoever is at the console is named at start; by default the duty officer on duty now.
        let onDuty = store.state.onDuty(at: now, store.calendar)
        let who = actor ?? onDuty.first { $0.role == .officer }?.person ?? onDuty.first?.person ?? "值班员"
        var state = ConsoleState(duty: store.state, now: now, settings: settings(store.config, store.calendar), language: lang, actor: who)
        if let reason = store.readOnlyReason { state.save = .readOnly(reason) }
        return state
    }

    /// The console's voice when config.toml asks for speech: `program` is espeak-ng's path, looked
    /// for once at start (nil: not installed). Without it the footer says so once and the console
    /// goes on silent.
    public static func speaker(for state: inout ConsoleState, program: String?) -> Speaker? {
        guard state.settings.speech else { return nil }
        guard let program else {
            state.speechMissing(program: Espeak.program)
            return nil
        }
        return EspeakSpeaker(program: program, language: state.language)
    }
}
