import ConsoleUI
import DutyCore
import Foundation

/// The console's voice: each text said by a child `espeak-ng`, one at a time, never waited for.
/// The key loop starts a child and goes on; on each turn (`poll`) it reaps a finished one with
/// `WNOHANG` and starts the next waiting text.
public final class EspeakSpeaker: Speaker {
    /// Texts waiting while one is said. An utterance takes about five seconds: past this many,
    /// new ones are dropped, not queued, so that a storm of alerts never leaves the room hearing
    /// minutes behind the screen (the bell and the header have told of them already). The ones
    /// kept are the first to come, and each batch arrives most urgent first.
    public static let maxWaiting = 3

    let program: String
    let language: Language
    private var speaking: pid_t?
    public private(set) var waiting: [String] = []
    /// Texts dropped because too many waited, for the tests and for anyone curious.
    public private(set) var dropped = 0

    public init(program: String, language: Language) {
        self.program = program
        self.language = language
    }

    public var isSpeaking: Bool { speaking != nil }

    public func speak(_ text: String) {
        reap()
        if speaking != nil, waiting.count >= Self.maxWaiting {
            dropped += 1
            return
        }
        waiting.append(text)
        startNext()
    }

    public func poll() {
        reap()
        startNext()
    }

    private func reap() {
        guard let pid = speaking else { return }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        // 0: still speaking. Anything else (its pid, or ECHILD should someone else have reaped
        // it) means it is done.
        if r == 0 || (r < 0 && errno == EINTR) { return }
        speaking = nil
    }

    private func startNext() {
        // A text that cannot be started (the program removed since the console began) is
        // dropped: trying it again every turn would hold up the ones behind it.
        while speaking == nil, !waiting.isEmpty {
            let text = waiting.removeFirst()
            speaking = Espeak.spawn(program, Espeak.arguments(text, language: language))
        }
    }
}
