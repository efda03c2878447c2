import DutyCore

/// A yes/no question in the footer, asked before anything that cannot be taken back at a keypress
/// (quitting, resolving, acting on a whole group): `y` does what it says, any other key lets it go
/// and is used for nothing else, so a key pressed in a hurry never acts twice.
public struct Question: Hashable, Sendable {
    public var text: String
    /// What `y` does, and what any other key does, in the footer's words.
    public var yes: String
    public var no: String
    public var answer: Answer
    /// Said when the question is let go (nil: nothing).
    public var declined: String?

    public indirect enum Answer: Hashable, Sendable {
        case quit
        /// Saves; `notice` is said once the save returned.
        case save([Intent], notice: String)
        /// Asks again (a warning after the confirmation).
        case ask(Question)
        /// Opens the handover note (asked first when the shift is far from its end).
        case handOverNote
        /// Puts a name typed in the picker, not on the roster now or next, at the console.
        case personOffRoster(String)
    }

    public init(text: String, yes: String, no: String, answer: Answer, declined: String? = nil) {
        self.text = text
        self.yes = yes
        self.no = no
        self.answer = answer
        self.declined = declined
    }

    public static func quit(_ lang: Language) -> Question {
        Question(text: lang.pick("退出值守台？", "Quit the duty console?"), yes: lang.pick("退出", "quit"), no: lang.pick("继续", "stay"), answer: .quit)
    }
}

/// The answer to the question in the footer: the key is used up either way.
func answer(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard let q = state.question else { return [] }
    state.question = nil
    guard key == .char("y") || key == .char("Y") else {
        state.notice = q.declined
        return []
    }
    switch q.answer {
    case .quit:
        state.quitting = true
        return [.quit]
    case .save(let intents, let notice):
        // What was typed for it goes with the save (and comes back if the save fails).
        state.resolveEntry = nil
        state.handoverPane.entry = nil
        state.checksPane.entry = nil
        state.notice = notice
        return [.perform(intents)]
    case .ask(let next):
        state.question = next
        return []
    case .handOverNote:
        HandoverPane.openNote(&state)
        return []
    case .personOffRoster(let name):
        state.personPicker = nil
        PersonPicker.choose(&state, name, onRoster: false)
        return []
    }
}
