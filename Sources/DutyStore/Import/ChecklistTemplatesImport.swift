import DutyCore
import Foundation
import TOMLReader

/// The 三查 checklists, one `[[phase]]` table with its `[[phase.item]]` tables per phase.
public enum ChecklistTemplatesImport {
    public static func parse(_ data: Data, file: String) throws(ImportFailure) -> [ChecklistTemplate] {
        let tables = try TOMLDocument.entries("phase", data, file: file)
        var templates: [ChecklistTemplate] = []
        var problems: [ImportProblem] = []
        var firstUse: [CheckPhase: Int] = [:]
        for (n, table) in zip(1..., tables) {
            let label = "phase \(n)"
            // The phase line and the items are checked apart, so that one pass reports both.
            var phase: CheckPhase?
            let entry = TOMLEntry(table: table)
            do throws(RowError) {
                let p = try Self.phase(entry)
                // Rounds look a template up by phase; a second one would be ambiguous.
                if let earlier = firstUse[p] {
                    throw RowError("phase \(p.rawValue) is already given by phase \(earlier)", line: entry.line("phase"))
                }
                firstUse[p] = n
                phase = p
            } catch {
                problems.append(ImportProblem(.entry, file: file, line: error.line ?? table.line, message: "\(label): \(error.message)"))
            }
            var items: [ChecklistItem] = []
            do throws(RowError) {
                let (parsed, itemProblems) = Self.items(try TOMLDocument.tables("item", in: table, path: "phase.item"), label: label, file: file)
                items = parsed
                problems += itemProblems
            } catch {
                problems.append(ImportProblem(.entry, file: file, line: error.line ?? table.line, message: "\(label): \(error.message)"))
            }
            if let phase { templates.append(ChecklistTemplate(phase: phase, items: items)) }
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        return templates
    }

    private static func phase(_ entry: TOMLEntry) throws(RowError) -> CheckPhase {
        try entry.checkKeys(["phase", "item"])
        let text = try entry.string("phase")
        guard let phase = CheckPhase(parsing: text) else {
            throw RowError("phase \"\(InertText.excerpt(text))\" is not a check phase (before, during, after)", line: entry.line("phase"))
        }
        return phase
    }

    private static func items(_ tables: [TOMLTable], label: String, file: String) -> ([ChecklistItem], [ImportProblem]) {
        var items: [ChecklistItem] = []
        var problems: [ImportProblem] = []
        var firstUse: [String: Int] = [:]
        for (n, table) in zip(1..., tables) {
            let entry = TOMLEntry(table: table)
            do throws(RowError) {
                let item = try item(entry)
                // Ticks refer to items by id within a phase.
                if let earlier = firstUse[item.id] { throw RowError("id \"\(item.id)\" is already used by item \(earlier)", line: entry.line("id")) }
                firstUse[item.id] = n
                items.append(item)
            } catch {
                problems.append(ImportProblem(.entry, file: file, line: error.line ?? table.line, message: "\(label) item \(n): \(error.message)"))
            }
        }
        return (items, problems)
    }

    private static func item(_ entry: TOMLEntry) throws(RowError) -> ChecklistItem {
        try entry.checkKeys(["id", "text", "applies_to"])
        let id = try entry.string("id")
        let text = try entry.string("text")
        var types: [HazardType] = []
        for name in try entry.strings("applies_to") ?? [] {
            types.append(try TOMLEntry.hazardType(name, key: "applies_to", line: entry.line("applies_to")))
        }
        return ChecklistItem(id: id, text: text, appliesTo: types)
    }
}
