@testable import ConsoleLink
import ConsoleUI
import DutyCore
import DutyTestSupport
import Foundation
import Testing

/// How the console calls espeak-ng: the arguments, finding it on PATH, and a speaker that never
/// waits for its child (tried with a stand-in program that takes its time).
@Suite struct EspeakTests {
    @Test func mandarinGoesAsPlainTextAfterDashDash() {
        #expect(Espeak.arguments("红色预警，南华西街", language: .zh) == ["-v", "cmn-latn-pinyin", "--", "红色预警，南华西街"])
        #expect(Espeak.arguments("-w 红色预警", language: .zh, wav: "/tmp/a.wav") == ["-v", "cmn-latn-pinyin", "-w", "/tmp/a.wav", "--", "-w 红色预警"])
    }

    /// English is SSML: the Chinese street and title in the Mandarin voice, markup in the text
    /// escaped so a title can never switch voices or end the document.
    @Test func englishSpeaksItsChineseRunsInMandarin() {
        let args = Espeak.arguments("Red warning, 南华西街, 聚龙大街积水 <40cm> & more", language: .en)
        #expect(args == ["-m", "-v", "en", "--",
                         "Red warning, <voice name=\"cmn-latn-pinyin\">南华西街</voice>, <voice name=\"cmn-latn-pinyin\">聚龙大街积水</voice> &lt;40cm&gt; &amp; more"])
        #expect(Espeak.ssml("隧道积水（严重）") == "<voice name=\"cmn-latn-pinyin\">隧道积水（严重）</voice>")
        #expect(Espeak.ssml("Fog") == "Fog")
    }

    @Test func itIsFoundOnPathOnlyWhereItIsExecutable() throws {
        try TempDir.with("espeak-path") { dir in
            #expect(Espeak.find(path: dir) == nil)
            #expect(Espeak.find(path: "") == nil)
            #expect(Espeak.find(path: nil) == nil)
            let file = dir + "/espeak-ng"
            FileManager.default.createFile(atPath: file, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o644])
            #expect(Espeak.find(path: "/nonexistent:\(dir)") == nil)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
            #expect(Espeak.find(path: "/nonexistent::\(dir)") == file)
        }
    }

    /// A stand-in for espeak-ng that writes down what it was to say, then takes 0.4 s "saying" it.
    static func slowSpeaker(in dir: String) throws -> (program: String, log: String) {
        let program = dir + "/fake-espeak"
        let log = dir + "/said.log"
        let script = "#!/bin/sh\nfor last; do :; done\necho \"$last\" >> '\(log)'\nsleep 0.4\n"
        FileManager.default.createFile(atPath: program, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
        return (program, log)
    }

    static func said(_ log: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Six texts at once: none waits for the child; one is said, three wait, two are dropped;
    /// then each turn of the loop (`poll`) starts the next once the last has finished, in order.
    @Test func theSpeakerNeverWaitsAndDropsWhatWouldPileUp() throws {
        try TempDir.with("espeak-queue") { dir in
            let (program, log) = try Self.slowSpeaker(in: dir)
            let speaker = EspeakSpeaker(program: program, language: .zh)
            let start = Date()
            for i in 1...6 { speaker.speak("预警\(i)") }
            #expect(Date().timeIntervalSince(start) < 0.3, "speak must not wait for the child")
            #expect(speaker.isSpeaking)
            #expect(speaker.waiting == ["预警2", "预警3", "预警4"])
            #expect(speaker.dropped == 2)
            let deadline = Date().addingTimeInterval(20)
            while speaker.isSpeaking || !speaker.waiting.isEmpty, Date() < deadline {
                speaker.poll()
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(!speaker.isSpeaking && speaker.waiting.isEmpty)
            #expect(Self.said(log) == ["预警1", "预警2", "预警3", "预警4"])
            // Once quiet, the next is said at once.
            speaker.speak("预警7")
            #expect(speaker.isSpeaking && speaker.waiting.isEmpty)
        }
    }

    /// A program gone since the console started: the text is dropped, nothing waits or fails.
    @Test func aProgramThatCannotStartIsPassedOver() {
        let speaker = EspeakSpeaker(program: "/nonexistent/espeak-ng", language: .en)
        speaker.speak("Red warning")
        speaker.poll()
        #expect(!speaker.isSpeaking && speaker.waiting.isEmpty)
    }

    /// `speech = true` with no program: no speaker, a notice, speech off; with one, a speaker.
    @Test func theSessionGivesASpeakerOnlyWhenAskedAndFound() {
        var off = Scene.state()
        #expect(ConsoleSession.speaker(for: &off, program: nil) == nil)
        #expect(off.notice == nil)
        var missing = Scene.state()
        missing.settings.speech = true
        #expect(ConsoleSession.speaker(for: &missing, program: nil) == nil)
        #expect(!missing.settings.speech)
        #expect(missing.notice?.hasPrefix("未安装 espeak-ng") == true)
        var found = Scene.state(.en)
        found.settings.speech = true
        let speaker = ConsoleSession.speaker(for: &found, program: "/usr/bin/espeak-ng") as? EspeakSpeaker
        #expect(speaker?.language == .en && speaker?.program == "/usr/bin/espeak-ng")
        #expect(found.settings.speech && found.notice == nil)
    }
}
