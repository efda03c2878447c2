import DutyCore

/// Where the runtime sends what is to be said aloud (`Effect.speak`): the real one hands it to a
/// speech program as a child process, tests use `MemorySpeaker`. Neither call may wait: the key
/// loop calls both.
public protocol Speaker: AnyObject {
    /// Says `text` now, or after what is being said (or drops it, as the speaker's policy says).
    func speak(_ text: String)
    /// Called on every turn of the loop: notices a finished utterance and starts the next.
    func poll()
}

/// Keeps what it was asked to say, in order, for tests.
public final class MemorySpeaker: Speaker {
    public private(set) var spoken: [String] = []
    public private(set) var polls = 0

    public init() {}

    public func speak(_ text: String) { spoken.append(text) }
    public func poll() { polls += 1 }
}

extension ConsoleState {
    /// `speech = true` but the speech program is not there: said once in the footer (a notice,
    /// gone with the next key), and the console goes on without speech rather than failing a
    /// spawn for every alert.
    public mutating func speechMissing(program: String) {
        settings.speech = false
        // Short enough to be whole beside the overview's keys at 80 columns.
        notice = language.pick("未安装 \(program)，预警不播报（apt install \(program)）",
                               "\(program) missing: no speech (apt install \(program))")
    }
}
