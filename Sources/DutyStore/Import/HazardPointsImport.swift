import DutyCore
import Foundation
import TOMLReader

/// The hazard points that 三查 inspects, as `[[point]]` tables.
public enum HazardPointsImport {
    public static func parse(_ data: Data, file: String) throws(ImportFailure) -> [HazardPoint] {
        let tables = try TOMLDocument.entries("point", data, file: file)
        var points: [HazardPoint] = []
        var problems: [ImportProblem] = []
        var firstUse: [String: Int] = [:]
        for (n, table) in zip(1..., tables) {
            let entry = TOMLEntry(table: table)
            do throws(RowError) {
                let point = try point(entry)
                // Ticks refer to points by id, so two points with one id would share their ticks.
                if let earlier = firstUse[point.id] {
                    throw RowError("id \"\(point.id)\" is already used by point \(earlier)", line: entry.line("id"))
                }
                firstUse[point.id] = n
                points.append(point)
            } catch {
                problems.append(ImportProblem(.entry, file: file, line: error.line ?? table.line, message: "point \(n): \(error.message)"))
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        return points
    }

    private static func point(_ entry: TOMLEntry) throws(RowError) -> HazardPoint {
        try entry.checkKeys(["id", "name", "type", "street"])
        let name = try entry.string("name")
        let type = try TOMLEntry.hazardType(try entry.string("type"), key: "type", line: entry.line("type"))
        let street: String
        do {
            street = try FieldCheck.street(try entry.string("street"), quoted: true)
        } catch {
            throw RowError(error.message, line: error.line ?? entry.line("street"))
        }
        let id = try entry.optionalString("id") ?? "\(street)/\(name)"
        return HazardPoint(id: id, name: name, type: type, street: street)
    }
}
