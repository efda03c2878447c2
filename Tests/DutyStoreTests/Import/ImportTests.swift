import DutyCore
import Foundation
import Testing
@testable import DutyStore

struct ImportTests {
    // MARK: - Text decoding

    func decoded(_ data: Data) -> String? { try? TextDecoding.decode(data, file: "t.csv").text }

    @Test func decodesUTF8WithAndWithoutBOMAndGB18030() {
        #expect(decoded(Bytes.utf8("日期,开始")) == "日期,开始")
        #expect(decoded(Bytes.utf8BOM("日期,开始")) == "日期,开始")
        #expect(decoded(Bytes.gb18030("日期,开始")) == "日期,开始")
        #expect(TextDecoding.encoding(of: Bytes.gb18030("日期,开始")) == .gb18030)
        #expect(TextDecoding.encoding(of: Bytes.utf8BOM("日期,开始")) == .utf8)
        #expect(Bytes.gb18030("日期") != Bytes.utf8("日期"))
    }

    @Test func utf8WinsWhereBothDecode() {
        // UTF-8 日期 is also well-formed GB18030 (three two-byte characters of mojibake).
        #expect(String(data: Bytes.utf8("日期"), encoding: TextDecoding.gb18030) != "日期")
        #expect(String(data: Bytes.utf8("日期"), encoding: TextDecoding.gb18030) != nil)
        #expect(decoded(Bytes.utf8("日期")) == "日期")
    }

    @Test func gb18030AcceptsALone0x80ButNot0xFF() {
        // Foundation maps 0x80 to € (as code page 936 does), so only bytes like 0xFF prove "neither".
        #expect(decoded(Data([0x41, 0x80])) == "A€")
        #expect(problems { try TextDecoding.decode(Data([0x41, 0xFF]), file: "t.csv") }
            == ["t.csv:1: byte 2 (0xFF, column 2) is neither UTF-8 nor GB18030: save the sheet as CSV UTF-8"])
        #expect(decoded(Data([0x41, 0x81])) == nil)
    }

    /// A UTF-8 sheet with one damaged byte was taken as GB18030 and every name garbled (欧阳 →
    /// 娆ч槼): it is refused at the byte, and GB18030 is left to files that really are.
    @Test func aUTF8SheetWithOneBadByteIsRefusedAtThatByte() throws {
        var bytes = Array("date,start,end,role,name,phone\n2026-12-02,08:30,17:30,带班领导,欧阳,13800000001\n2026-12-02,08:30,17:30,值班员,李明,13800000002\n".utf8)
        // The second byte of 李 (E6 9D 8E).
        let li = try #require(bytes.indices.first { bytes[$0...].starts(with: [0xE6, 0x9D, 0x8E]) })
        bytes[li + 1] = 0xE0
        let expected = "r2.csv:3: byte \(li + 1) (0xE6, column 28) is not UTF-8, though the file is UTF-8 elsewhere: the character there is damaged; retype it and save as CSV UTF-8"
        #expect(problems { try RosterImport.parse(Data(bytes), file: "r2.csv") { "S-\($0)" } } == [expected])
        // With a BOM the file says it is UTF-8: refused too.
        #expect(problems { try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF, 0x41, 0xC5, 0xB7, 0xD1, 0xF4]), file: "b.csv") }.first?.hasPrefix("b.csv:1: byte 7 (0xD1, column 3) is not UTF-8") == true)
        // The same sheet saved by Excel as GB18030 is read as GB18030.
        let gb = Bytes.gb18030(String(decoding: Array("date,start,end,role,name,phone\n2026-12-02,08:30,17:30,带班领导,欧阳,13800000001\n".utf8), as: UTF8.self))
        #expect(try TextDecoding.decode(gb, file: "g.csv").encoding == .gb18030)
        #expect(try RosterImport.parse(gb, file: "g.csv") { "S-\($0)" }.map(\.person) == ["欧阳"])
    }

    // MARK: - CSV reader

    @Test func csvRecordsKeepTheirStartLine() throws {
        let text = "a,b\r\n\"c,d\",\"e\"\"f\"\r\n\r\n\"g\r\nh\",i\r\n,\n\rlast"
        #expect(try CSVReader.read(text) == [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 2, fields: ["c,d", "e\"f"]),
            CSVRecord(line: 4, fields: ["g\r\nh", "i"]),
            CSVRecord(line: 6, fields: ["", ""]),
            CSVRecord(line: 8, fields: ["last"]),
        ])
    }

    @Test func csvTrailingNewlineAndEmptyQuotedField() throws {
        #expect(try CSVReader.read("a,\"\"\n\n") == [CSVRecord(line: 1, fields: ["a", ""])])
        #expect(try CSVReader.read("") == [])
    }

    @Test func csvUnterminatedQuoteNamesTheLineItOpens() {
        #expect(throws: CSVSyntaxError(line: 2, message: "quoted field is not closed")) {
            try CSVReader.read("a,b\nc,\"d\ne\n")
        }
        #expect(throws: CSVSyntaxError(line: 1, message: "text after the closing quote of a field")) {
            try CSVReader.read("\"a\"b,c\n")
        }
    }

    // MARK: - Roster

    @Test func rosterIsTheSameInEveryEncodingAndLineEnding() throws {
        let text = Fixture.rosterChinese
        let forms: [Data] = [
            Bytes.utf8(text), Bytes.utf8(Bytes.crlf(text)), Bytes.utf8BOM(Bytes.crlf(text)),
            Bytes.gb18030(Bytes.crlf(text)), Bytes.gb18030(text),
        ]
        for data in forms {
            let slots = try RosterImport.parse(data, file: "roster.csv", makeID: { "slot-\($0)" })
            #expect(slots == Fixture.rosterSlots)
        }
    }

    @Test func rosterWithEnglishHeaderInAnotherOrder() throws {
        #expect(try roster(Fixture.rosterEnglish) == Fixture.rosterSlots)
    }

    @Test func nightAndTwentyFourHourShiftsEndNextDay() throws {
        let slots = try roster("""
            date,start,end,role,name,phone
            2026-06-05,17:30,08:30,值班员,李明,13800000002
            2026-06-05,08:00,08:00,技术保障,周杰,13800000003
            2026-06-05,08:30,24:00,带班领导,王建国,13800000001
            """)
        #expect(slots.map(\.endsNextDay) == [true, true, true])
        #expect(slots.map(\.endDate.description) == ["2026-06-06", "2026-06-06", "2026-06-06"])
        #expect(slots.map(\.role) == [.officer, .technical, .leader])
    }

    @Test func rosterReportsEveryBadRowWithItsLine() {
        let text = """
            日期,开始,结束,岗位,姓名,电话
            2026-06-05,08:30,17:30,带班领导,王建国,13800000001
            2026-13-01,08:30,17:30,值班员,李明,13800000002
            2026-06-05,25:00,08:30,值班员,李明,13800000002
            2026-06-05,08:30,8h,值班员,李明,13800000002
            2026-06-05,08:30,17:30, ,李明,13800000002
            2026-06-05,08:30,17:30,值班员,,13800000002
            2026-06-05,08:30,17:30,值班员,李明,13x
            2026-06-05,08:30,17:30,值班员
            2026-06-05,08:30,17:30,带班,王建国,13900000009

            ,,,,,
            2026-06-05,08:30,17:30,值班员,"李
            明",
            ,08:30,17:30,值班员,李明,1234
            2026-06-06,08:30,17:30,值班员,李明,1234
            2026-06-06,08:30,17:30,值班员,李,明,13800000002
            """
        #expect(problems { try roster(text) } == [
            "roster.csv:3: date 2026-13-01 is not a date (YYYY-MM-DD)",
            "roster.csv:4: start time 25:00 is not a time",
            "roster.csv:5: end time 8h is not a time",
            "roster.csv:6: role is empty",
            "roster.csv:7: name is empty",
            "roster.csv:8: phone 13x is not a phone number",
            "roster.csv:9: expected 6 fields, found 4",
            "roster.csv:10: same date, start, role and name as line 2",
            "roster.csv:13: phone is empty",
            "roster.csv:15: date is empty",
            "roster.csv:16: phone 1234 is not a phone number",
            "roster.csv:17: expected 6 fields, found 7",
        ])
    }

    @Test func rosterWholeFileProblems() {
        #expect(problems { try roster("日期,开始,结束,岗位,姓名\n2026-06-05,08:30,17:30,值班员,李明\n") }
            == ["roster.csv:1: missing column phone (电话)"])
        #expect(problems { try roster("date,begin,end,role,person,phone\n") }
            == ["roster.csv:1: missing columns start (开始), name (姓名)"])
        #expect(problems { try roster("date,start,end,role,name,phone,电话\nx,x,x,x,x,x,x\n") }
            == ["roster.csv:1: column phone (电话) appears 2 times"])
        #expect(problems { try roster("") } == ["roster.csv:1: no rows"])
        #expect(problems { try roster("\r\n\r\n") } == ["roster.csv:1: no rows"])
        #expect(problems { try roster("日期,开始,结束,岗位,姓名,电话\r\n,,,,,\r\n") } == ["roster.csv:1: no rows"])
    }

    @Test func rosterUnterminatedQuote() {
        let text = "日期,开始,结束,岗位,姓名,电话\n2026-06-05,08:30,17:30,值班员,李明,13800000002\n"
            + "2026-06-05,08:30,17:30,值班员,\"李明,13800000002\n2026-06-06,08:30,17:30,值班员,李明,13800000002\n"
        #expect(problems { try roster(text) } == ["roster.csv:3: quoted field is not closed"])
    }

    @Test func rosterBytesThatAreNeitherUTF8NorGB18030() {
        let data = Data("日期,开始,结束,岗位,姓名,电话\r\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let utf16WithBOM = Data([0xFF, 0xFE]) + data
        #expect(problems { try RosterImport.parse(utf16WithBOM, file: "roster.csv", makeID: { "\($0)" }) }
            == ["roster.csv:1: the file is UTF-16 (Excel's \"Unicode text\"): save the sheet as CSV UTF-8"])
    }

    @Test func rosterIDsAreDrawnOnlyForAValidSheet() {
        var drawn: [Int] = []
        let bad = Fixture.rosterChinese + "2026-06-07,08:30,17:30,值班员,,13800000002\n"
        _ = problems { try RosterImport.parse(Bytes.utf8(bad), file: "r.csv", makeID: { drawn.append($0); return "" }) }
        #expect(drawn == [])
        _ = problems { try RosterImport.parse(Bytes.utf8(Fixture.rosterChinese), file: "r.csv", makeID: { drawn.append($0); return "" }) }
        #expect(drawn == [0, 1, 2])
    }

    // MARK: - Contacts

    @Test func contactsInBothHeadersAndEncodings() throws {
        #expect(try contacts(Fixture.contactsChinese) == Fixture.contacts)
        #expect(try contacts(Fixture.contactsEnglish) == Fixture.contacts)
        let gb = Bytes.gb18030(Bytes.crlf(Fixture.contactsChinese))
        #expect(try ContactsImport.parse(gb, file: "contacts.csv") == Fixture.contacts)
    }

    @Test func contactsReportBadStreetPhoneNameAndDuplicate() {
        let text = Fixture.contactsChinese + """
            沙园涵洞,涵洞,东山街,张伟,13800001001,刘洋,13800001002,赵强,13800001003
            江燕路,内涝点,沙园,张伟,13800001001,刘洋,1380000100x,赵强,13800001003
            江燕路,内涝点,沙园街,张伟,13800001001,刘洋,13800001002,,13800001003
            新滘中路隧道,隧道,华洲,张伟,13800001001,刘洋,13800001002,赵强,13800001003
            ,水闸,琶洲街,张伟,13800001001,刘洋,13800001002,赵强,13800001003
            民主直街,,素社街,张伟,13800001001,刘洋,13800001002,赵强,13800001003
            民主直街,内涝点,素社街,,13800001001,刘洋,13800001002,赵强,
            """
        #expect(problems { try contacts(text) } == [
            "contacts.csv:4: street 东山街 is not a street of Haizhu District",
            "contacts.csv:5: technical lead phone 1380000100x is not a phone number",
            "contacts.csv:6: maintenance lead name is empty",
            "contacts.csv:7: same facility and street as line 2",
            "contacts.csv:8: facility is empty",
            "contacts.csv:9: type is empty",
            "contacts.csv:10: leader name is empty",
        ])
    }

    // MARK: - Hazard points

    @Test func hazardPoints() throws {
        #expect(try hazards(Fixture.hazardPoints) == [
            HazardPoint(id: "HP-GZ-01", name: "北山岗边坡", type: .geohazard, street: "官洲街"),
            HazardPoint(id: "华洲街/土华公园", name: "土华公园", type: .geohazard, street: "华洲街"),
            HazardPoint(id: "华洲街/新滘中路—广州大道隧道", name: "新滘中路—广州大道隧道", type: .tunnel, street: "华洲街"),
        ])
        let gb = Bytes.gb18030(Fixture.hazardPoints)
        #expect(try HazardPointsImport.parse(gb, file: "hazard.toml") == hazards(Fixture.hazardPoints))
    }

    @Test func hazardPointProblemsNameTheEntryAndKey() {
        let text = Fixture.hazardPoints + """

            [[point]]
            name = "聚龙大街"
            type = "bridge"
            street = "南华西街"

            [[point]]
            name = "江燕路"
            type = "waterlogging"

            [[point]]
            name = "民主直街"
            type = "waterlogging"
            stret = "素社街"

            [[point]]
            id = "HP-GZ-01"
            name = "北山"
            type = "geohazard"
            street = "东山街"

            [[point]]
            id = "HP-GZ-01"
            name = 7
            type = "geohazard"
            street = "官洲街"

            [[point]]
            id = "HP-GZ-01"
            name = "北山村"
            type = "geohazard"
            street = "官洲街"
            """
        #expect(problems { try hazards(text) } == [
            "hazard.toml:19: point 4: type \"bridge\" is not a hazard type (geohazard, waterlogging, tunnel, culvert, underground)",
            "hazard.toml:22: point 5: missing key \"street\"",
            "hazard.toml:29: point 6: unknown key \"stret\"",
            "hazard.toml:35: point 7: street \"东山街\" is not a street of Haizhu District",
            "hazard.toml:39: point 8: name must be a string, not a whole number",
            "hazard.toml:44: point 9: id \"HP-GZ-01\" is already used by point 1",
        ])
    }

    @Test func hazardFileProblems() {
        #expect(problems { try hazards("") } == ["hazard.toml:1: no [[point]] entries"])
        #expect(problems { try hazards("[[points]]\nname = \"x\"\n") } == ["hazard.toml:1: unknown key \"points\""])
        #expect(problems { try hazards("point = 3\n") } == ["hazard.toml:1: point must be a list of tables ([[point]])"])
        #expect(problems { try hazards("[[point]]\nname = \"北山岗\"\ntype = geohazard\n") }
            == ["hazard.toml:3: TOML syntax error at column 8: \"geohazard\" is not a value (strings are quoted)"])
    }

    // MARK: - Checklist templates

    @Test func checklistTemplates() throws {
        #expect(try checklists(Fixture.checklistTemplates) == [
            ChecklistTemplate(phase: .before, items: [
                ChecklistItem(id: "drains", text: "排水口、雨水篦子已清理", appliesTo: [.waterlogging, .tunnel, .culvert]),
                ChecklistItem(id: "warned", text: "已通知周边群众"),
            ]),
            ChecklistTemplate(phase: .during, items: [
                ChecklistItem(id: "slope", text: "边坡有无裂缝、滑移", appliesTo: [.geohazard]),
            ]),
        ])
    }

    @Test func checklistProblemsNameThePhaseItemAndKey() {
        let text = Fixture.checklistTemplates + """

            [[phase]]
            phase = "rain"
            [[phase.item]]
            id = "a"
            [[phase.item]]
            id = "b"
            text = "b"
            [[phase.item]]
            id = "b"
            text = "again"
            applies_to = ["tunnel", "bridge"]
            [[phase.item]]
            id = "c"
            text = "c"
            applies_to = "tunnel"
            [[phase.item]]
            id = "b"
            text = "b again"

            [[phase]]
            phase = "雨前"

            [[phase]]
            phase = "after"
            [[phase.items]]
            id = "d"
            text = "d"
            """
        #expect(problems { try checklists(text) } == [
            "checklists.toml:18: phase 3: phase \"rain\" is not a check phase (before, during, after)",
            "checklists.toml:19: phase 3 item 1: missing key \"text\"",
            "checklists.toml:27: phase 3 item 3: applies_to \"bridge\" is not a hazard type (geohazard, waterlogging, tunnel, culvert, underground)",
            "checklists.toml:31: phase 3 item 4: applies_to must be a list of strings",
            "checklists.toml:33: phase 3 item 5: id \"b\" is already used by item 2",
            "checklists.toml:37: phase 4: phase before is already given by phase 1",
            "checklists.toml:36: phase 4: no [[phase.item]] entries",
            "checklists.toml:41: phase 5: unknown key \"items\"",
            "checklists.toml:39: phase 5: no [[phase.item]] entries",
        ])
    }

    @Test func checklistSyntaxError() {
        #expect(problems { try checklists("[[phase]]\nphase = \"before\"\n[[phase.item]\nid = \"a\"\n") }
            == ["checklists.toml:3: TOML syntax error at column 13: a [[...]] header must end with ]]"])
    }
}

/// Each problem says what kind it is, so a caller can tell "save the sheet again" from "fix row 4".
@Suite struct ImportProblemKindTests {
    func kinds(_ body: () throws(ImportFailure) -> Void) -> [ImportProblem.Kind] {
        do {
            try body()
            return []
        } catch {
            return error.problems.map(\.kind)
        }
    }

    @Test func everyKindIsTold() {
        let head = "facility,type,street,leader,leader_phone,technical,technical_phone,maintenance,maintenance_phone\n"
        let utf16 = Data([0xFF, 0xFE]) + "设施名称".data(using: .utf16LittleEndian)!
        #expect(kinds { () throws(ImportFailure) in _ = try ContactsImport.parse(utf16, file: "c.csv") } == [.encoding])
        #expect(kinds { () throws(ImportFailure) in _ = try contacts(head + "\"聚龙大街,内涝点\n") } == [.syntax])
        #expect(kinds { () throws(ImportFailure) in _ = try contacts("facility,type\n聚龙大街,内涝点\n") } == [.layout])
        #expect(kinds { () throws(ImportFailure) in _ = try contacts(head) } == [.layout])
        let badPhone = "聚龙大街,内涝点,南华西,孙丽,值班室,周杰,13800001005,吴敏,13800001006\n"
        #expect(kinds { () throws(ImportFailure) in _ = try contacts(head + badPhone + badPhone) } == [.entry, .entry])
        #expect(kinds { () throws(ImportFailure) in _ = try hazards("[[point]\n") } == [.syntax])
        #expect(kinds { () throws(ImportFailure) in _ = try hazards("title = \"x\"\n") } == [.layout])
    }
}
