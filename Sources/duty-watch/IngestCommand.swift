import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// `duty-watch ingest --store DIR`: takes the inbox in once, a line per file and a summary.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take in the alert files waiting in <store>/inbox/ (CAP 1.2 XML or JSON) once.",
        discussion: "Exit status 0 when every file was taken in or was a duplicate, 1 when any file was refused.")

    @OptionGroup var store: StoreOption
    @Option(help: "The language of the output and of the CAP info block taken in (default: the store's language).")
    var lang: Language?
    @Flag(help: "Print JSON (shape in the README).") var json = false

    func run() throws {
        var refused = 0
        try runReporting {
            let s = try store.open()
            let t = DutyWords(lang: Language.resolve(lang, s.config))
            let inbox = Inbox(store: s, language: t.lang)
            let outcomes = try inbox.takeInAll(now: now)
            if json {
                let shape = IngestJSON(outcomes)
                refused = shape.counts.refused
                try printJSON(shape)
                return
            }
            var counts: [String: Int] = [:]
            for o in outcomes {
                let (key, words) = Self.describe(o.result, t.lang)
                counts[key, default: 0] += 1
                let cut = o.cuts.isEmpty ? "" : t.lang.pick("（过长，已截断：", " (") + o.cuts.joined(separator: "; ")
                    + t.lang.pick("；原文件留在 inbox/\(o.movedTo)）", "; the whole file is kept in inbox/\(o.movedTo))")
                print("\(InertText.line(o.file)): \(words)\(Self.outsideNote(o.result, s.state, t))\(InertText.line(cut))")
            }
            refused = counts["refused"] ?? 0
            let summary: [(String, String, String)] = [
                ("raised", "新警情", "new"), ("updated", "更新", "updated"), ("lifted", "解除", "lifted"),
                ("duplicate", "重复", "duplicate"), ("refused", "拒收", "refused"),
            ]
            let parts = summary.map { key, zh, en in t.lang.pick("\(zh) \(counts[key] ?? 0)", "\(counts[key] ?? 0) \(en)") }
            print(t.lang.pick("共 \(outcomes.count) 个文件：", "\(outcomes.count) files: ") + parts.joined(separator: t.lang.pick("，", ", ")))
        }
        if refused > 0 { throw ExitCode(1) }
    }

    /// Said of a new alert whose area lies wholly outside the district, so that whoever fed the
    /// inbox sees at once that it will not be counted.
    static func outsideNote(_ r: InboxOutcome.Result, _ state: DutyState, _ t: DutyWords) -> String {
        guard case .raised(let id) = r, state.alerts[id]?.content.isOutside == true else { return "" }
        return t.lang.pick("（\(t.outside)，不计入）", " (\(t.outside) the district: not counted)")
    }

    /// A summary key and the words of one file's line; outside text is made inert.
    static func describe(_ r: InboxOutcome.Result, _ lang: Language) -> (String, String) {
        switch r {
        case .raised(let id): ("raised", lang.pick("新警情 \(id)", "taken in as new alert \(id)"))
        case .updated(let id, let note): ("updated", lang.pick("更新 \(id)（\(InertText.line(note))）", "updated \(id) (\(InertText.line(note)))"))
        case .lifted(let id): ("lifted", lang.pick("解除 \(id)", "lifted \(id)"))
        case .duplicate(let id): ("duplicate", lang.pick("重复，已有 \(id)", "duplicate of \(id)"))
        // In Chinese the sort of trouble first; the English detail names the line at fault.
        case .refused(let why):
            ("refused", lang.pick("拒收：\(InertText.line(why.chinese))（\(InertText.line(why.reason))）", "refused: " + InertText.line(why.reason)))
        }
    }
}
