import DutyCore
import Foundation

/// The flood-control responsibility ledger (三本台账): one facility and its three people per row.
public enum ContactsImport {
    enum Column: String, CSVColumn {
        case facility, type, street, leader, leaderPhone, technical, technicalPhone, maintenance, maintenancePhone

        var englishHeader: String {
            switch self {
            case .leaderPhone: "leader_phone"
            case .technicalPhone: "technical_phone"
            case .maintenancePhone: "maintenance_phone"
            default: rawValue
            }
        }

        var chineseHeader: String {
            switch self {
            case .facility: "设施名称"
            case .type: "设施类型"
            case .street: "街道"
            case .leader: "党政责任人"
            case .leaderPhone: "党政责任人电话"
            case .technical: "技术负责人"
            case .technicalPhone: "技术负责人电话"
            case .maintenance: "管护负责人"
            case .maintenancePhone: "管护负责人电话"
            }
        }
    }

    public static func parse(_ data: Data, file: String) throws(ImportFailure) -> [FloodContact] {
        let sheet = try CSVSheet<Column>(data, file: file)
        var firstLine: [String: Int] = [:]
        return try sheet.rows { (row: CSVRow<Column>) throws(RowError) -> FloodContact in
            let contact = try contact(row)
            // The id is facility and street, so a second row would silently replace the first.
            if let earlier = firstLine[contact.id] {
                throw RowError("same facility and street as line \(earlier)")
            }
            firstLine[contact.id] = row.line
            return contact
        }
    }

    private static func contact(_ row: CSVRow<Column>) throws(RowError) -> FloodContact {
        let facility = try FieldCheck.nonEmpty(row[.facility], label: "facility")
        // Free text: ledgers name facility types (水闸, 山塘, 堤防 …) beyond the hazard types.
        let type = try FieldCheck.nonEmpty(row[.type], label: "type")
        let street = try FieldCheck.street(row[.street])
        return FloodContact(
            id: FloodContact.makeID(facility: facility, street: street),
            facility: facility, type: type, street: street,
            leader: try person(row, .leader, .leaderPhone, label: "leader"),
            technical: try person(row, .technical, .technicalPhone, label: "technical lead"),
            maintenance: try person(row, .maintenance, .maintenancePhone, label: "maintenance lead"))
    }

    private static func person(_ row: CSVRow<Column>, _ name: Column, _ phone: Column, label: String) throws(RowError) -> ResponsiblePerson {
        ResponsiblePerson(name: try FieldCheck.nonEmpty(row[name], label: "\(label) name"),
                          phone: try FieldCheck.phone(row[phone], label: "\(label) phone"))
    }
}
