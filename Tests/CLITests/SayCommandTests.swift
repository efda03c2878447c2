import DutyTestSupport
import Foundation
import Testing

/// `duty-watch say`: the words the console speaks of an alert, rendered by the real espeak-ng to a
/// WAV file, and checked as audio a person could hear: a RIFF file of plausible length whose
/// samples are not silence. The tests that need espeak-ng are skipped (and counted as skipped)
/// where it is not installed; `.ci/run` installs it.
@Suite struct SayCommandTests {
    /// A demo store with a red phone report in it; its id.
    static func storeWithRedAlert(lang: String = "zh") throws -> (store: String, id: String) {
        let store = tempStore()
        #expect(try run(["init", "--store", store, "--demo", "--node", "room1"]).status == 0)
        let raised = try run(["alert", "raise", "--store", store, "--level", "red", "--street", "南华西街", "--title", "聚龙大街积水过膝", "--kind", "内涝"])
        #expect(raised.status == 0, "\(raised.err)")
        return (store, raised.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(.enabled(if: espeakInstalled))
    func sayWritesAudibleMandarin() throws {
        let (store, id) = try Self.storeWithRedAlert()
        let wav = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("red.wav").path
        let said = try run(["say", "--store", store, id, "--out", wav])
        #expect(said.status == 0, "\(said.err)")
        #expect(said.out == "已写入 \(wav)：红色预警，南华西街，聚龙大街积水过膝\n")
        let audio = try WAV(FileManager.default.contents(atPath: wav) ?? Data())
        #expect(audio.seconds > 1 && audio.seconds < 30, "\(audio.seconds) s")
        #expect(audio.rms > 0.01, "rms \(audio.rms)")

        // Overdue says more before the same words: a longer recording.
        let overdueFile = wav.replacingOccurrences(of: "red.wav", with: "overdue.wav")
        #expect(try run(["say", "--store", store, id, "--out", overdueFile, "--overdue"]).status == 0)
        let overdue = try WAV(FileManager.default.contents(atPath: overdueFile) ?? Data())
        #expect(overdue.seconds > audio.seconds + 0.5 && overdue.rms > 0.01, "\(overdue.seconds) s against \(audio.seconds) s")
    }

    @Test(.enabled(if: espeakInstalled))
    func sayWritesAudibleEnglishUnderLangEn() throws {
        let (store, id) = try Self.storeWithRedAlert()
        let wav = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("red-en.wav").path
        let said = try run(["say", "--store", store, id, "--out", wav, "--lang", "en"])
        #expect(said.status == 0, "\(said.err)")
        #expect(said.out == "wrote \(wav): Red warning, 南华西街, 聚龙大街积水过膝\n")
        let audio = try WAV(FileManager.default.contents(atPath: wav) ?? Data())
        #expect(audio.seconds > 1 && audio.seconds < 30 && audio.rms > 0.01, "\(audio.seconds) s, rms \(audio.rms)")
    }

    /// The voice the console uses says the warning in Mandarin throughout: espeak-ng's phoneme
    /// output switches to English (`(en)`) nowhere. Debian 12's `cmn` voice does, reading each
    /// syllable's tone digit as an English number ("hong two"), which is why it is not used.
    @Test(.enabled(if: espeakInstalled))
    func theMandarinVoiceNeverFallsIntoEnglish() throws {
        let out = try runChild(URL(fileURLWithPath: espeakPath), ["-q", "-x", "-v", "cmn-latn-pinyin", "--", "逾期未确认，红色预警，南华西街，聚龙大街积水过膝"])
        let phonemes = String(decoding: out.out, as: UTF8.self)
        #expect(out.status == 0)
        #expect(!phonemes.isEmpty && !phonemes.contains("(en)"), "\(phonemes)")
    }

    @Test func sayRefusesAnUnknownAlert() throws {
        let (store, _) = try Self.storeWithRedAlert()
        let said = try run(["say", "--store", store, "A-NOPE", "--out", store + "/x.wav"])
        #expect(said.status == 1)
        #expect(said.err == "duty-watch: 没有警情 A-NOPE\n")
        #expect(said.out.isEmpty && !FileManager.default.fileExists(atPath: store + "/x.wav"))
        let english = try run(["say", "--store", store, "A-NOPE", "--out", store + "/x.wav", "--lang", "en"])
        #expect(english.err == "duty-watch: no alert A-NOPE\n")
    }

    /// Without espeak-ng on PATH it says what is missing and how to get it, and writes nothing.
    @Test func sayWithoutEspeakSaysSo() throws {
        let (store, id) = try Self.storeWithRedAlert()
        let said = try run(["say", "--store", store, id, "--out", store + "/x.wav"], env: ["PATH": "/nonexistent"])
        #expect(said.status == 1)
        #expect(said.err == "duty-watch: espeak-ng is not installed (not found on PATH): apt-get install espeak-ng\n")
        #expect(!FileManager.default.fileExists(atPath: store + "/x.wav"))
    }
}

private let espeakPath = "/usr/bin/espeak-ng"
private var espeakInstalled: Bool { FileManager.default.isExecutableFile(atPath: espeakPath) }

/// A PCM WAV file as espeak-ng writes it (RIFF, `fmt ` then `data`), read chunk by chunk.
struct WAV {
    var channels = 0
    var sampleRate = 0
    var bitsPerSample = 0
    var samples: [Int16] = []

    init(_ data: Data) throws {
        let b = [UInt8](data)
        func u32(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24 }
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        guard b.count >= 12, b[0..<4].elementsEqual("RIFF".utf8), b[8..<12].elementsEqual("WAVE".utf8) else {
            throw CLIFailure("not a RIFF WAVE file (\(b.count) bytes)")
        }
        var i = 12
        while i + 8 <= b.count {
            let id = String(decoding: b[i..<(i + 4)], as: UTF8.self)
            // espeak-ng writing to a pipe leaves sizes at 0x7FFFFFFF: never read past the end.
            let size = min(u32(i + 4), b.count - i - 8)
            let body = i + 8
            if id == "fmt " {
                guard size >= 16, u16(body) == 1 else { throw CLIFailure("not PCM (format \(u16(body)))") }
                channels = u16(body + 2)
                sampleRate = u32(body + 4)
                bitsPerSample = u16(body + 14)
            } else if id == "data" {
                guard bitsPerSample == 16 else { throw CLIFailure("\(bitsPerSample)-bit samples, expected 16") }
                samples = stride(from: body, to: body + size - 1, by: 2).map { Int16(bitPattern: UInt16(u16($0))) }
            }
            i = body + size + size % 2
        }
        guard sampleRate > 0, channels > 0 else { throw CLIFailure("no fmt chunk") }
    }

    var seconds: Double { Double(samples.count) / Double(channels * sampleRate) }

    /// Root mean square, full scale = 1.
    var rms: Double {
        guard !samples.isEmpty else { return 0 }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(samples.count)).squareRoot() / 32768
    }
}
