import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// 交接班 from the command line: the outgoing lead hands over, the incoming lead signs or returns it.
struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "Hand over the shift (default), or sign, return or show a handover.",
        subcommands: [Submit.self, Accept.self, Return.self, Show.self],
        defaultSubcommand: Submit.self)

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit", abstract: "The outgoing lead hands over: what is open is filled in, with a note.")

        @OptionGroup var store: StoreOption
        @Option(help: "The outgoing lead (required).") var by: String
        @Option(help: "A note for the incoming shift.") var note = ""
        @Option(help: "The moment of handing over, ISO 8601 (default now).") var at: String?

        func run() throws {
            try runReporting {
                let s = try store.open()
                let who = try named(by)
                let t = try at.map { try parseInstant($0, s.calendar) } ?? now()
                let records = try save(s, .handOver(note: note.trimmingCharacters(in: .whitespacesAndNewlines), deadlines: s.config.deadlines), who, t)
                guard case .handoverSubmitted(let id, let summary, _)? = records.first?.op else { throw CLIError("nothing was handed over") }
                let w = s.config.language
                print(w.pick("已交班 \(id)，待接班领导签收", "handed over: \(id)"))
                print(summary)
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The incoming lead signs the handover waiting to be signed.")

        @OptionGroup var store: StoreOption
        @Option(help: "The incoming lead (required).") var by: String
        @Option(help: "A word with the signature.") var note = ""
        @Option(help: "The moment of signing, ISO 8601 (default now).") var at: String?

        func run() throws {
            try runReporting {
                let s = try store.open()
                let who = try named(by)
                let h = try HandoverCommand.waiting(s.state, who, s.config.language)
                let t = try at.map { try parseInstant($0, s.calendar) } ?? now()
                try save(s, .answerHandover(id: h.id, accepted: true, text: note.trimmingCharacters(in: .whitespacesAndNewlines)), who, t)
                print(s.config.language.pick("已签收 \(h.id)：\(InertText.line(who))", "signed: \(h.id) by \(InertText.line(who))"))
            }
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The incoming lead returns the handover with a question.")

        @OptionGroup var store: StoreOption
        @Option(help: "The incoming lead (required).") var by: String
        @Option(help: "What must be answered before signing (required).") var question: String
        @Option(help: "The moment, ISO 8601 (default now).") var at: String?

        func run() throws {
            try runReporting {
                let s = try store.open()
                let who = try named(by)
                let q = question.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !q.isEmpty else { throw CLIError("--question is empty: say what must be answered") }
                let h = try HandoverCommand.waiting(s.state, who, s.config.language)
                let t = try at.map { try parseInstant($0, s.calendar) } ?? now()
                try save(s, .answerHandover(id: h.id, accepted: false, text: q), who, t)
                print(s.config.language.pick("已退回 \(h.id)：\(InertText.line(who))", "returned: \(h.id) by \(InertText.line(who))"))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What would be handed over now, and the handover waiting to be signed.")

        @OptionGroup var store: StoreOption
        @Option(help: "The moment, ISO 8601 (default now).") var at: String?
        @Flag(help: "Print JSON (shape in the README).") var json = false

        func run() throws {
            try runReporting {
                let s = try store.open()
                let t = try at.map { try parseInstant($0, s.calendar) } ?? now()
                let draft = s.state.handoverDraft(at: t, s.calendar, deadlines: s.config.deadlines)
                let last = s.state.handovers.last
                if json {
                    try printJSON(HandoverShowJSON(draft: draft.summary, last: OrNull(last.map { HandoverShowJSON.Last($0, s.calendar) })))
                    return
                }
                if let h = last {
                    let w = s.config.language
                    let status = switch h.status {
                    case .pending: w.pick("待签", "pending")
                    case .accepted: w.pick("已签收", "accepted")
                    case .returned: w.pick("已退回", "returned")
                    }
                    print("\(h.id) \(status)\(w.pick("：", ": "))\(InertText.line(h.submitted.actor)) \(s.calendar.iso8601(h.submitted.at))")
                    // The note is what the outgoing lead wanted read: each of its lines, indented.
                    for line in h.note.split(separator: "\n", omittingEmptySubsequences: false) where !h.note.isEmpty {
                        print(w.pick("  留言：", "  note: ") + InertText.line(String(line)))
                    }
                    for r in h.replies {
                        print("  \(DutyWords(lang: w).reply(accepted: r.accepted)) \(InertText.line(r.stamp.actor)) \(s.calendar.iso8601(r.stamp.at)) \(InertText.line(r.text))")
                    }
                    print("")
                }
                print(draft.summary)
            }
        }
    }

    /// The handover waiting for `who` to sign or return: there must be one, and not their own.
    static func waiting(_ state: DutyState, _ who: String, _ lang: Language) throws -> Handover {
        switch state.handoverAnswerRefusal(by: who) {
        case nil: break
        case .ownHandover(let id):
            let name = InertText.line(who)
            throw CLIError(lang.pick("\(name) 提交了交接 \(id)，不能自己签收", "\(name) handed \(id) over and cannot sign it too"))
        case let refusal?: throw CLIError(lang.pick(refusal.chinese, refusal.description))
        }
        return state.pendingHandover!
    }
}

private func named(_ by: String) throws -> String {
    let who = by.trimmingCharacters(in: .whitespaces)
    guard !who.isEmpty else { throw CLIError("--by is empty: say who you are") }
    return who
}

@discardableResult
private func save(_ s: Store, _ intent: Intent, _ who: String, _ t: Instant) throws -> [JournalRecord] {
    try s.perform([intent], actor: who, at: t)
}
