import DutyCore
import Foundation

/// Debian's `espeak-ng`, as the console and `duty-watch say` call it: where it is, and the
/// arguments that say a text in the console's language.
public enum Espeak {
    public static let program = "espeak-ng"

    /// Mandarin. Not `cmn`: in espeak-ng 1.51 (Debian 12) that voice reads the tone digits of
    /// its own pinyin in English (`红` as "hong two", espeak-ng issues #1028 and #1370, fixed
    /// only in later releases); `cmn-latn-pinyin` says the same characters in Mandarin alone.
    /// Latin letters in a title are then read as pinyin, a smaller loss than every syllable.
    public static let mandarinVoice = "cmn-latn-pinyin"
    public static let englishVoice = "en"

    /// The program's path when it is on `PATH` and executable, looked for once at start.
    public static func find(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// `-v VOICE [-w FILE] -- TEXT`: the `--` keeps a text from ever being read as an option.
    /// English goes as SSML (`-m`), its Chinese runs (streets, titles typed in Chinese) in the
    /// Mandarin voice: the English voice would say "Chinese letter" for each character.
    public static func arguments(_ text: String, language: Language, wav: String? = nil) -> [String] {
        let out = wav.map { ["-w", $0] } ?? []
        switch language {
        case .zh: return ["-v", mandarinVoice] + out + ["--", text]
        case .en: return ["-m", "-v", englishVoice] + out + ["--", ssml(text)]
        }
    }

    /// The text with markup escaped and each run of Chinese in a Mandarin `<voice>`.
    static func ssml(_ text: String) -> String {
        var out = ""
        var inChinese = false
        for u in text.unicodeScalars {
            let chinese = isChinese(u)
            if chinese != inChinese {
                out += chinese ? "<voice name=\"\(mandarinVoice)\">" : "</voice>"
                inChinese = chinese
            }
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(u)
            }
        }
        return inChinese ? out + "</voice>" : out
    }

    /// Han characters and the full-width punctuation written among them.
    static func isChinese(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FFFF: true
        default: false
        }
    }

    /// Starts `program` and returns at once. Its output goes to /dev/null (it would land on the
    /// console's screen), and it runs in a process group of its own, so no signal the terminal
    /// sends the console reaches it. Nil when it could not be started.
    static func spawn(_ program: String, _ arguments: [String]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, program, &actions, &attributes, argv, environ) == 0 else { return nil }
        return pid
    }

    /// Writes what `text` sounds like to a WAV file, waiting for it (`duty-watch say`).
    public static func writeWAV(_ text: String, language: Language, to file: String, program: String) throws(EspeakError) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments(text, language: language, wav: file)
        let errors = Pipe()
        p.standardError = errors
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            throw EspeakError("cannot start \(program): \(error.localizedDescription)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            let why = said.trimmingCharacters(in: .whitespacesAndNewlines)
            throw EspeakError("\(program) failed (status \(p.terminationStatus))\(why.isEmpty ? "" : ": " + why)")
        }
    }
}

public struct EspeakError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}
