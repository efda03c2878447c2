@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Spoken warnings (`speech = true`): which alerts `update` asks to be said, and when; what the
/// footer says when the speech program is missing; the runtime handing texts to its speaker.
@Suite struct SpeechTests {
    static func speaking(_ language: Language = .zh) -> ConsoleState {
        var s = Scene.state(language)
        s.settings.speech = true
        return s
    }

    static func raise(_ duty: inout DutyState, _ id: String, _ level: AlertLevel, street: String = "南华西街", title: String,
                      reality: AlertReality = .actual, seq: Int) {
        duty.apply(.alertRaised(AlertContent(id: id, source: "电话报告", kind: "内涝", level: level, title: title, body: "", street: street,
                                             reality: reality)), by: "冼嘉怡", seq: seq)
    }

    @Test func aNewRedAlertIsSpokenOnceBesideTheBell() {
        var s = Self.speaking()
        var duty = s.duty
        Self.raise(&duty, "A-SAY-1", .red, title: "聚龙大街积水过膝", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [.bell, .speak("红色预警，南华西街，聚龙大街积水过膝")])
        #expect(s.announced.contains("A-SAY-1"))
        // The same state again (a refresh, a save's state after) says nothing again.
        #expect(update(&s, .storeChanged(duty)) == [])
        Self.raise(&duty, "A-SAY-Y", .yellow, title: "路面积水", seq: 9002)
        #expect(update(&s, .storeChanged(duty)) == [])
    }

    /// Several at once: one bell, each spoken, the most urgent first; a drill and a yellow one
    /// among them are not.
    @Test func severalAtOnceAreSpokenMostUrgentFirst() {
        var s = Self.speaking(.en)
        var duty = s.duty
        Self.raise(&duty, "A-O", .orange, street: "官洲街", title: "北山岗边坡落石", seq: 9001)
        Self.raise(&duty, "A-R", .red, street: "新港街", title: "新港西路隧道水浸", seq: 9002)
        Self.raise(&duty, "A-D", .red, street: "琶洲街", title: "会展中心消防演练", reality: .exercise, seq: 9003)
        Self.raise(&duty, "A-Y", .yellow, title: "路面积水", seq: 9004)
        #expect(update(&s, .storeChanged(duty)) == [
            .bell, .speak("Red warning, 新港街, 新港西路隧道水浸"), .speak("Orange warning, 官洲街, 北山岗边坡落石"),
        ])
    }

    @Test func withTheBellOffItIsStillSpoken() {
        var s = Self.speaking()
        s.settings.bell = false
        var duty = s.duty
        Self.raise(&duty, "A-SAY-2", .orange, title: "聚龙大街积水", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [.speak("橙色预警，南华西街，聚龙大街积水")])
    }

    /// Speech off (the default): the bell alone, as before.
    @Test func withSpeechOffNothingIsSpoken() {
        var s = Scene.state()
        var duty = s.duty
        Self.raise(&duty, "A-SAY-3", .red, title: "隧道积水", seq: 9001)
        #expect(update(&s, .storeChanged(duty)) == [.bell])
        #expect(update(&s, .tick(Scene.now.adding(seconds: 120))) == [.bell])
    }

    /// An alert another console acknowledged before this one took it in is no news: quiet.
    @Test func anAlertArrivingAcknowledgedIsNotSpoken() {
        var s = Self.speaking()
        var duty = s.duty
        Self.raise(&duty, "A-SAY-4", .red, title: "隧道积水", seq: 9001)
        duty.apply(.alertAcknowledged(id: "A-SAY-4", note: ""), by: "司徒文", seq: 9002)
        #expect(update(&s, .storeChanged(duty)) == [])
    }

    /// Red must be acknowledged within 2 minutes: at that moment it rings and is spoken again,
    /// saying it waits, once; a yellow one escalating rings but is not spoken.
    @Test func anOverdueAlertIsSpokenAgainOnce() {
        var s = Self.speaking()
        var duty = s.duty
        Self.raise(&duty, "A-SAY-5", .red, title: "聚龙大街积水过膝", seq: 9001)
        Self.raise(&duty, "A-SAY-6", .yellow, title: "路面积水", seq: 9002)
        _ = update(&s, .storeChanged(duty))
        #expect(update(&s, .tick(Scene.now.adding(seconds: 119))) == [])
        #expect(update(&s, .tick(Scene.now.adding(seconds: 120))) == [.bell, .speak("逾期未确认，红色预警，南华西街，聚龙大街积水过膝")])
        #expect(update(&s, .tick(Scene.now.adding(seconds: 121))) == [])
        #expect(update(&s, .tick(Scene.now.adding(seconds: 900))) == [.bell])
        #expect(update(&s, .tick(Scene.now.adding(seconds: 901))) == [])
    }

    /// What was overdue when the console opened is shown, not rung for nor spoken.
    @Test func overdueAtStartIsNotSpoken() {
        var s = Self.speaking()
        #expect(s.overdueCount == 1)
        #expect(update(&s, .tick(Scene.now.adding(seconds: 1))) == [])
    }

    @Test func aMissingSpeechProgramIsSaidOnceInTheFooter() {
        let said = [Language.zh: "未安装 espeak-ng，预警不播报（apt install espeak-ng）", .en: "espeak-ng missing: no speech (apt install espeak-ng)"]
        for (language, words) in said {
            var s = Self.speaking(language)
            s.speechMissing(program: "espeak-ng")
            #expect(!s.settings.speech)
            // Whole at 80 columns, beside the overview's keys.
            let footer = render(s, size: Scene.small).lines.last!
            #expect(footer.contains(words), "\(footer)")
            // It goes on: a red alert still rings, silently, and the next key clears the line.
            var duty = s.duty
            Self.raise(&duty, "A-SAY-7", .red, title: "隧道积水", seq: 9001)
            #expect(update(&s, .storeChanged(duty)) == [.bell])
            _ = update(&s, .key(.char("j")))
            #expect(!render(s, size: Scene.small).text.contains(words))
        }
    }

    /// The runtime hands each text to its speaker as the alert arrives, and lets the speaker
    /// look after its child on every turn of the loop.
    @Test func theRuntimeHandsTextsToItsSpeaker() {
        let store = RuntimeTests.MemoryStore(Scene.duty())
        store.fromElsewhere = [.alertRaised(AlertContent(id: "X-1", source: "脚本", kind: "内涝", level: .red,
                                                         title: "新港西路隧道水浸", body: "", street: "新港街"))]
        let terminal = MemoryTerminal(size: Scene.large, script: [.idle, .idle, .key(.char("q")), .key(.char("y"))])
        let speaker = MemorySpeaker()
        let runtime = ConsoleRuntime(terminal: terminal, store: store, state: Self.speaking(), ascii: false, speaker: speaker) { Scene.now }
        runtime.run()
        #expect(speaker.spoken == ["红色预警，新港街，新港西路隧道水浸"])
        #expect(terminal.bells == 1)
        #expect(speaker.polls >= 2)
    }
}
