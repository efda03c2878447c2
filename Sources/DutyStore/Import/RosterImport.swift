import DutyCore
import Foundation

/// The duty roster sheet: one row per person per shift.
public enum RosterImport {
    enum Column: String, CSVColumn {
        case date, start, end, role, name, phone

        var englishHeader: String { rawValue }
        var chineseHeader: String {
            switch self {
            case .date: "日期"
            case .start: "开始"
            case .end: "结束"
            case .role: "岗位"
            case .name: "姓名"
            case .phone: "电话"
            }
        }
    }

    /// The same person on the same post at the same start is one slot typed twice.
    private struct SlotKey: Hashable {
        var date: LocalDate, start: LocalTime, role: DutyRole, person: String
    }

    /// `makeID(n)` names the n-th returned slot (0-based); it is called only once the whole sheet
    /// is valid, so a failed import consumes no ids.
    public static func parse(_ data: Data, file: String, makeID: (Int) -> String) throws(ImportFailure) -> [DutySlot] {
        let sheet = try CSVSheet<Column>(data, file: file)
        var firstLine: [SlotKey: Int] = [:]
        let slots = try sheet.rows { (row: CSVRow<Column>) throws(RowError) -> DutySlot in
            let slot = try slot(row)
            let key = SlotKey(date: slot.date, start: slot.start, role: slot.role, person: slot.person)
            if let earlier = firstLine[key] {
                throw RowError("same date, start, role and name as line \(earlier)")
            }
            firstLine[key] = row.line
            return slot
        }
        return slots.enumerated().map { n, slot in
            var slot = slot
            slot.id = makeID(n)
            return slot
        }
    }

    private static func slot(_ row: CSVRow<Column>) throws(RowError) -> DutySlot {
        let dateText = try FieldCheck.nonEmpty(row[.date], label: "date")
        guard let date = LocalDate(parsing: dateText) else {
            throw RowError("date \(dateText) is not a date (YYYY-MM-DD)")
        }
        let start = try time(row[.start], label: "start time")
        // End at or before start is a shift into the next day; DutySlot reads it that way.
        let end = try time(row[.end], label: "end time")
        guard let role = DutyRole(parsing: row[.role]) else { throw RowError("role is empty") }
        let person = try FieldCheck.nonEmpty(row[.name], label: "name")
        let phone = try FieldCheck.phone(row[.phone], label: "phone")
        return DutySlot(id: "", date: date, start: start, end: end, role: role, person: person, phone: phone)
    }

    private static func time(_ text: String, label: String) throws(RowError) -> LocalTime {
        let text = try FieldCheck.nonEmpty(text, label: label)
        guard let time = LocalTime(parsing: text) else { throw RowError("\(label) \(text) is not a time") }
        return time
    }
}
