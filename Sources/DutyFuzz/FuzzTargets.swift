import ConsoleUI
import Crypto
import DutyCore
import DutyStore
import Foundation

/// Every parser that reads bytes from outside, as a function of the bytes that either returns
/// (taken in or refused) or names a broken promise. libFuzzer (`duty-fuzz`, built with
/// `--sanitize=fuzzer`) runs them for minutes; `swift test` runs them over seeded mutations of
/// the samples. A trap, a hang or a stack overflow is the fuzzer's to find; what is checked here
/// is the rest of the promise: a refusal names its file and line, and quotes nothing raw.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// CAP 1.2 XML files of the inbox.
    case cap
    /// The inbox's JSON alerts.
    case json
    /// Roster and contacts sheets (CSV from Excel).
    case csv
    /// Hazard points, checklists, config.toml and theme files.
    case toml
    /// Journal lines: each line sealed with its own hash, decoded and folded, as a peer that
    /// writes valid hashes around hostile content would have them folded.
    case journal
    /// A peer's segment as it lies on the share: framing, hashes, chain and sequence checked.
    case segment

    /// Nil when every promise held; else what was broken.
    public func run(_ bytes: [UInt8]) -> String? {
        switch self {
        case .cap: Self.inbox(bytes, name: "f.xml")
        case .json: Self.inbox(bytes, name: "f.json")
        case .csv: Self.csv(bytes)
        case .toml: Self.toml(bytes)
        case .journal: Self.journal(bytes)
        case .segment: Self.segment(bytes)
        }
    }

    // MARK: - Promises

    /// One line, nothing raw, short enough to read.
    static func inert(_ text: String, _ what: String) -> String? {
        if !InertText.isClean(text) { return "\(what) holds a control character: \(InertText.line(text).prefix(200))" }
        if text.unicodeScalars.count > 1_000 { return "\(what) is \(text.unicodeScalars.count) characters long" }
        if text.isEmpty { return "\(what) is empty" }
        return nil
    }

    /// `FILE:LINE: …` with a line of 1 or more.
    static func located(_ text: String, file: String) -> String? {
        // By bytes: a message may go on with a combining mark that Characters would fold in.
        let bytes = Array(text.utf8), head = Array((file + ":").utf8)
        guard bytes.starts(with: head) else { return "does not name \(file): \(text.prefix(200))" }
        let rest = bytes.dropFirst(head.count)
        let digits = rest.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty, rest.dropFirst(digits.count).starts(with: [0x3A, 0x20]), Int(String(decoding: digits, as: UTF8.self)) ?? 0 >= 1 else {
            return "names no line: \(text.prefix(200))"
        }
        return nil
    }

    // MARK: - Targets

    static func inbox(_ bytes: [UInt8], name: String) -> String? {
        do {
            let m = try InboxFormat.parse(bytes, name: name, language: .zh)
            if m.content.title.unicodeScalars.count > TextLimits.title { return "a title of \(m.content.title.unicodeScalars.count) characters was kept" }
            if m.content.body.unicodeScalars.count > TextLimits.body + 100 { return "a text of \(m.content.body.unicodeScalars.count) characters was kept" }
            return nil
        } catch {
            if let broken = inert(error.reason, "the reason") { return broken }
            // A CAP refusal points at its line; only whole-file ones (empty, too large, a web page,
            // not an alert format at all) need none.
            let wholeFile = ["the file is empty", "too large", "an HTML page", "neither CAP XML"]
            if name.hasSuffix(".xml"), bytes.drop(while: { $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: "{") }).first == UInt8(ascii: "<"),
               !error.reason.hasPrefix("line "), !wholeFile.contains(where: error.reason.hasPrefix) {
                return "a CAP refusal names no line: \(error.reason)"
            }
            return nil
        }
    }

    static func problems(_ failure: ImportFailure, file: String) -> String? {
        if failure.problems.isEmpty { return "refused with no problem named" }
        for p in failure.problems {
            if let broken = inert(p.description, "a problem") ?? located(p.description, file: file) { return broken }
        }
        return nil
    }

    /// An import of `file`: taken in, or refused with every problem located and inert.
    static func importing(_ file: String, _ body: () throws(ImportFailure) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return problems(error, file: file)
        }
    }

    static func csv(_ bytes: [UInt8]) -> String? {
        let data = Data(bytes)
        return importing("r.csv") { () throws(ImportFailure) in _ = try RosterImport.parse(data, file: "r.csv") { "S-\($0)" } }
            ?? importing("c.csv") { () throws(ImportFailure) in _ = try ContactsImport.parse(data, file: "c.csv") }
    }

    static func toml(_ bytes: [UInt8]) -> String? {
        let data = Data(bytes)
        if let broken = importing("h.toml", { () throws(ImportFailure) in _ = try HazardPointsImport.parse(data, file: "h.toml") })
            ?? importing("k.toml", { () throws(ImportFailure) in _ = try ChecklistTemplatesImport.parse(data, file: "k.toml") }) {
            return broken
        }
        // config.toml and themes are read as UTF-8 text by their callers.
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        do {
            _ = try StoreConfig.parse(text, file: "config.toml")
        } catch {
            if let broken = inert(error.description, "a config error") ?? located(error.description, file: "config.toml") { return broken }
        }
        do {
            _ = try Theme.parse(text, file: "t.toml")
        } catch {
            if let broken = inert(error.description, "a theme error") ?? located(error.description, file: "t.toml") { return broken }
        }
        return nil
    }

    /// Each line of the input is a record's body; sealed with its hash, it reaches the op
    /// decoder and the fold, as a peer that computes hashes could make it.
    static func journal(_ bytes: [UInt8]) -> String? {
        var records: [JournalRecord] = []
        for line in bytes.split(separator: 0x0A) {
            var sealed = Array(line)
            let hash = SHA256.hash(data: sealed).map { String(format: "%02x", $0) }.joined()
            sealed += Array(#","hash":""#.utf8) + Array(hash.utf8) + Array("\"}".utf8)
            do {
                records.append(try RecordCodec.decode(sealed))
            } catch {
                if let broken = inert(error.description, "a decode error") { return broken }
            }
            _ = try? RecordCodec.decode(Array(line))
        }
        var state = JournalRecord.fold(records)
        for r in records {
            _ = try? state.validate(r.op)
            state.apply(r.op, r.context)
        }
        _ = stateDigest(state)
        return nil
    }

    static func segment(_ bytes: [UInt8]) -> String? {
        guard let reason = SyncRound.quarantineReason(segment: bytes, peer: "peer", first: 1, last: 3) else { return nil }
        return inert(StoreProblem(reason).description, "a quarantine reason")
    }
}
