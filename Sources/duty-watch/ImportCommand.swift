import ArgumentParser
import DutyCore
import DutyStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster or contacts sheet (CSV from Excel), hazard points or checklists (TOML).",
        discussion: "A file with any bad row changes nothing; every bad row is listed as FILE:LINE: what is wrong.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case roster, contacts
        case hazardPoints = "hazard-points"
        case checklists
    }

    @Argument(help: "roster, contacts, hazard-points or checklists") var kind: Kind
    @Argument(help: "The file to import.") var file: String
    @OptionGroup var store: StoreOption
    @Option(help: "Who imports it.") var by = "系统"

    func run() throws {
        try runReporting {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read the file") }
            let name = (file as NSString).lastPathComponent
            let s = try store.open()
            let intent: Intent
            do {
                switch kind {
                case .roster:
                    let stamp = UInt64(now().ms)
                    let slots = try RosterImport.parse(data, file: name) { "S-\(String(stamp, radix: 36))-\($0)" }
                    intent = .importRoster(source: name, slots: slots)
                case .contacts:
                    intent = .importContacts(source: name, contacts: try ContactsImport.parse(data, file: name))
                case .hazardPoints:
                    intent = .importHazardPoints(source: name, points: try HazardPointsImport.parse(data, file: name))
                case .checklists:
                    intent = .importTemplates(source: name, templates: try ChecklistTemplatesImport.parse(data, file: name))
                }
            } catch let failure as ImportFailure {
                for p in failure.problems { complain(p.description) }
                throw CLIError("\(name): \(failure.problems.count) problem\(failure.problems.count == 1 ? "" : "s"); nothing was imported")
            }
            let records = try s.perform([intent], actor: by, at: now())
            let encoding = TextDecoding.encoding(of: data).map { "; read as \($0.rawValue)" } ?? ""
            print(InertText.line("imported \(name): \(records.first.map { summary($0.op) } ?? "nothing")\(encoding)"))
        }
    }

    private func summary(_ op: Op) -> String {
        switch op {
        case .rosterImported(_, let slots):
            let dates = Set(slots.map(\.date)).sorted()
            return "\(slots.count) slots, \(dates.first!)…\(dates.last!) (replacing those dates)"
        case .contactsImported(_, let c): return "\(c.count) contacts"
        case .hazardPointsImported(_, let p): return "\(p.count) hazard points"
        case .checklistTemplatesImported(_, let t): return "\(t.count) checklists (\(t.map(\.phase.chinese).joined(separator: "、")))"
        default: return ""
        }
    }
}
