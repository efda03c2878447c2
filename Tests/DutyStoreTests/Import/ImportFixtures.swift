import DutyCore
import DutyTestSupport
import DutyTestSupport
import Foundation
@testable import DutyStore

/// Byte forms of a text file as Excel and editors save it.
enum Bytes {
    static func utf8(_ text: String) -> Data { Data(text.utf8) }
    static func utf8BOM(_ text: String) -> Data { Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8) }
    static func gb18030(_ text: String) -> Data { text.data(using: TextDecoding.gb18030)! }
    static func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }
}

/// The descriptions of the problems `body` throws, or [] when it succeeds. Untyped `throws`
/// because closures inside `#expect` do not infer a typed throw.
func problems<T>(_ body: () throws -> T) -> [String] {
    do {
        _ = try body()
        return []
    } catch let failure as ImportFailure {
        return failure.problems.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

func roster(_ text: String) throws(ImportFailure) -> [DutySlot] {
    try RosterImport.parse(Bytes.utf8(text), file: "roster.csv", makeID: { "slot-\($0)" })
}

func contacts(_ text: String) throws(ImportFailure) -> [FloodContact] {
    try ContactsImport.parse(Bytes.utf8(text), file: "contacts.csv")
}

func hazards(_ text: String) throws(ImportFailure) -> [HazardPoint] {
    try HazardPointsImport.parse(Bytes.utf8(text), file: "hazard.toml")
}

func checklists(_ text: String) throws(ImportFailure) -> [ChecklistTemplate] {
    try ChecklistTemplatesImport.parse(Bytes.utf8(text), file: "checklists.toml")
}

enum Fixture {
    /// The sheets are kept once, as the fuzzers' seeds in Tests/Fuzz/corpus/csv: the importers'
    /// tests read the same bytes the fuzzers start from.
    static func corpus(_ name: String) -> String {
        let url = TestPaths.tests("Fuzz/corpus/csv/\(name)")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? "missing \(url.path)"
    }

    /// A day and a night shift, a free-text post and a quoted name with a comma and a quote.
    static let rosterChinese = corpus("roster-zh.csv")

    /// The same sheet with English headers in another order and a notes column.
    static let rosterEnglish = corpus("roster-en.csv")

    static let rosterSlots: [DutySlot] = [
        Wall.slot("slot-0", Wall.date("2026-06-05"), "08:30", "17:30", .leader, "王建国", "138 0000 0001"),
        Wall.slot("slot-1", Wall.date("2026-06-05"), "17:30", "08:30", .officer, "李明", "020-8888-0002"),
        Wall.slot("slot-2", Wall.date("2026-06-06"), "08:30", "17:30", DutyRole("联勤值守"),
                  "陈\"小华\", 二组", "+86 138 0000 0003"),
    ]

    static let contactsChinese = corpus("contacts-zh.csv")

    static let contactsEnglish = corpus("contacts-en.csv")

    static let contacts: [FloodContact] = [
        FloodContact(id: "华洲街/新滘中路隧道", facility: "新滘中路隧道", type: "隧道", street: "华洲街",
                     leader: ResponsiblePerson(name: "张伟", phone: "13800001001"),
                     technical: ResponsiblePerson(name: "刘洋", phone: "020-8900 1002"),
                     maintenance: ResponsiblePerson(name: "赵强", phone: "13800001003")),
        FloodContact(id: "南华西街/聚龙大街", facility: "聚龙大街", type: "内涝点", street: "南华西街",
                     leader: ResponsiblePerson(name: "孙丽", phone: "13800001004"),
                     technical: ResponsiblePerson(name: "周杰", phone: "13800001005"),
                     maintenance: ResponsiblePerson(name: "吴敏", phone: "13800001006")),
    ]

    static let hazardPoints = """
        # 三查 points of 海珠区
        [[point]]
        id = "HP-GZ-01"
        name = "北山岗边坡"
        type = "geohazard"
        street = "官洲街"

        [[point]]
        name = "土华公园"
        type = "地质灾害隐患点"
        street = "华洲"

        [[point]]
        name = "新滘中路—广州大道隧道"
        type = "隧道"
        street = "华洲街"
        """

    static let checklistTemplates = """
        [[phase]]
        phase = "before"
        [[phase.item]]
        id = "drains"
        text = "排水口、雨水篦子已清理"
        applies_to = ["waterlogging", "tunnel", "culvert"]
        [[phase.item]]
        id = "warned"
        text = "已通知周边群众"

        [[phase]]
        phase = "雨中巡查"
        [[phase.item]]
        id = "slope"
        text = "边坡有无裂缝、滑移"
        applies_to = ["地灾点"]
        """
}

extension Array where Element == UInt8 {
    /// The first index of `byte` at or after `start`.
    func firstIndex(of byte: UInt8, after start: Int) -> Int? { self[start...].firstIndex(of: byte) }
}
