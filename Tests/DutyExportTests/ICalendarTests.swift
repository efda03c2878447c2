import DutyCore
@testable import DutyExport
import DutyTestSupport
import Foundation
import Testing

/// The roster as iCalendar: bytes we can read, and a real parser (Python's `icalendar`, installed
/// by .ci/run) agreeing with the roster event by event.
@Suite struct ICalendarTests {
    static let cal = LocalCalendar.shanghai
    static let day = LocalDate(year: 2026, month: 12, day: 1)!

    /// Two days: a day shift, a night shift that ends the next morning, a reassignment (someone
    /// had to go to hospital) and a swap, with a comma, a semicolon and a long Chinese reason to
    /// escape and fold.
    static func state() -> DutyState {
        let d2 = day.adding(days: 1)
        var s = DutyState()
        var seq = 0
        func apply(_ op: Op, _ actor: String, _ minutes: Int) {
            seq += 1
            s.apply(op, OpContext(actor: actor, at: Wall.at(day, "08:00").adding(minutes: minutes), node: "t", seq: seq))
        }
        apply(.rosterImported(source: "roster.csv", slots: [
            Wall.slot("S-1", day, "08:30", "17:30", .leader, "陈卫东", "138 0000 0008"),
            Wall.slot("S-2", day, "08:30", "17:30", .officer, "邓伟杰", "138 0000 0012"),
            Wall.slot("S-3", day, "17:30", "08:30", .leader, "罗惠玲", "138 0000 0009"),
            Wall.slot("S-4", day, "17:30", "08:30", .officer, "潘俊豪", "138 0000 0014"),
            Wall.slot("S-5", d2, "08:30", "17:30", .officer, "钟丽华", "138 0000 0013"),
        ]), "陈卫东", 0)
        apply(.slotReassigned(slotID: "S-4", person: "谭雪莹", phone: "138 0000 0015",
                              reason: "潘俊豪家中有急事需立即前往医院陪护，经带班领导同意，由谭雪莹顶班; 次日补休,另行安排"), "陈卫东", 60)
        apply(.slotsSwapped(first: "S-2", second: "S-5", reason: "调休"), "陈卫东", 90)
        return s
    }

    static let stamp = Instant(seconds: 1_796_083_200) // 2026-12-01T00:00:00Z

    @Test func theFileIsExactlyThis() {
        let ics = ICalendarExport.render(Self.state(), calendar: Self.cal, options: .init(person: "谭雪莹", stamp: Self.stamp))
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Haizhu District Emergency Management//duty-watch//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:海珠区应急值守 谭雪莹",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "BEGIN:VEVENT",
            "UID:S-4@duty-watch.haizhu",
            "DTSTAMP:20261201T000000Z",
            // 17:30 in Shanghai is 09:30 UTC; 08:30 the next morning is 00:30 UTC on the 2nd.
            "DTSTART:20261201T093000Z",
            "DTEND:20261202T003000Z",
            "SEQUENCE:1",
            "SUMMARY:值班员 谭雪莹",
            // Folded at 75 octets, between characters (each Chinese character is 3 octets).
            // Only ASCII , and ; are escaped; full-width ，is text.
            "DESCRIPTION:值班员 谭雪莹\\n电话 138 0000 0015\\n调整 潘俊豪 →",
            "  谭雪莹（陈卫东：潘俊豪家中有急事需立即前往医院陪",
            " 护，经带班领导同意，由谭雪莹顶班\\; 次日补休\\,另行安",
            " 排）",
            "CATEGORIES:值班员",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(ics == expected)
        for line in ics.split(separator: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
    }

    @Test func exportingAgainGivesTheSameUIDsAndBytes() {
        let a = ICalendarExport.render(Self.state(), calendar: Self.cal, options: .init(stamp: Self.stamp))
        let b = ICalendarExport.render(Self.state(), calendar: Self.cal, options: .init(stamp: Self.stamp))
        #expect(a == b)
        let uids = a.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(uids == ["UID:S-1@duty-watch.haizhu", "UID:S-2@duty-watch.haizhu", "UID:S-3@duty-watch.haizhu",
                         "UID:S-4@duty-watch.haizhu", "UID:S-5@duty-watch.haizhu"])
    }

    @Test func controlCharactersNeverReachTheFile() {
        #expect(ICalendarExport.text("a\u{1B}[31mb\u{07}c\r\nd") == "a[31mbc\\nd")
    }

    /// Parsed by Python's `icalendar`: every event matches its slot after the changes.
    @Test func aRealParserReadsEveryEventAsTheRoster() throws {
        let state = Self.state()
        let ics = ICalendarExport.render(state, calendar: Self.cal, options: .init(stamp: Self.stamp))
        let events = try PythonICalendar.parse(ics)
        #expect(events.count == state.slots.count)
        for e in events {
            let id = String(e.uid.prefix { $0 != "@" })
            let slot = try #require(state.slots[id], "no slot \(id)")
            #expect(e.summary == "\(slot.role.name) \(slot.person)")
            #expect(e.start == slot.startInstant(Self.cal).ms / 1000)
            #expect(e.end == slot.endInstant(Self.cal).ms / 1000)
            #expect(e.description.contains(slot.phone))
        }
        let byID = Dictionary(uniqueKeysWithValues: events.map { (String($0.uid.prefix { $0 != "@" }), $0) })
        #expect(byID["S-4"]?.summary == "值班员 谭雪莹")
        #expect(byID["S-4"]?.sequence == 1)
        #expect(byID["S-4"]?.description.contains("次日补休,另行安排") == true, "escaped commas come back as commas")
        // The swap: 钟丽华 now on the first day, 邓伟杰 on the second.
        #expect(byID["S-2"]?.summary == "值班员 钟丽华")
        #expect(byID["S-5"]?.summary == "值班员 邓伟杰")
        // The night shift ends the next morning.
        let night = try #require(byID["S-3"])
        #expect(night.end - night.start == 15 * 3600)
    }
}

/// Runs python3 with the `icalendar` package on a file and returns its events.
enum PythonICalendar {
    struct Event: Decodable {
        let uid: String
        let summary: String
        let description: String
        let start: Int64
        let end: Int64
        let sequence: Int
    }

    static let script = """
    import icalendar, json, sys
    cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
    out = []
    for e in cal.walk('VEVENT'):
        out.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION']),
                    'start': int(e.decoded('DTSTART').timestamp()), 'end': int(e.decoded('DTEND').timestamp()),
                    'sequence': int(e.get('SEQUENCE', 0))})
    json.dump(out, sys.stdout, ensure_ascii=False)
    """

    static func parse(_ ics: String) throws -> [Event] {
        try TempDir.with("ical") { dir in try parse(ics, in: URL(fileURLWithPath: dir)) }
    }

    private static func parse(_ ics: String, in dir: URL) throws -> [Event] {
        let file = dir.appendingPathComponent("roster.ics")
        try Data(ics.utf8).write(to: file)
        let python = try runChild(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path])
        guard python.status == 0 else {
            throw ParseFailure(message: "python3 icalendar failed (pip install icalendar; .ci/run does): "
                + String(decoding: python.err, as: UTF8.self))
        }
        return try JSONDecoder().decode([Event].self, from: python.out)
    }

    struct ParseFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
