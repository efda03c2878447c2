import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// Every sample of ../shared/samples/cap (copied byte-for-byte into Samples/) loads or is refused
/// as its SOURCES.md says. Times are compared in UTC (`Instant.description`).
@Suite struct CAPSampleTests {
    static func sample(_ name: String) throws -> [UInt8] {
        let url = TestPaths.tests("DutyStoreTests/Inbox/Samples/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    /// The parts of a message SOURCES.md lists, as one comparable value.
    struct Summary: Equatable, CustomStringConvertible {
        var identifier: String
        var sender: String
        var sent: String
        var status: AlertReality
        var msgType: CAPMessage.MessageType
        var scope: String
        var references: Int
        /// Per info: language · event · urgency/severity/certainty · expires · areas as polygons/circles/geocodes.
        var infos: [String]
        var description: String { "\(identifier) \(sender) \(sent) \(status) \(msgType) \(scope) refs \(references) \(infos)" }
    }

    static func summary(_ m: CAPMessage) -> Summary {
        Summary(identifier: m.identifier, sender: m.sender, sent: m.sent.description, status: m.status, msgType: m.msgType,
                scope: m.scope, references: m.references.count,
                infos: m.infos.map { i in
                    let areas = i.areas.map { "\($0.polygons.count)/\($0.circles.count)/\($0.geocodes.count)" }.joined(separator: " ")
                    return "\(i.language) · \(i.event) · \(i.urgency)/\(i.severity)/\(i.certainty) · \(i.expires?.description ?? "none") · \(areas)"
                })
    }

    /// The alert the inbox makes of it in Chinese (body checked separately: it is long).
    static func taken(_ name: String, language: Language = .zh) throws -> (CAPMessage, IncomingAlert) {
        let m = try CAPParser.parse(try sample(name))
        return (m, try m.incoming(language: language))
    }

    static func content(_ i: IncomingAlert) -> AlertContent {
        var c = i.content
        c.body = ""
        return c
    }

    @Test func oasisA2SevereThunderstorm() throws {
        let (m, i) = try Self.taken("oasis-a2-severe-thunderstorm-polygon.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "KSTO1055887203", sender: "KSTO@NWS.NOAA.GOV", sent: "2003-06-17T21:57:00Z", status: .actual, msgType: .alert,
            scope: "Public", references: 0,
            infos: ["en-US · SEVERE THUNDERSTORM · Immediate/Severe/Observed · 2003-06-17T23:00:00Z · 1/0/3"]))
        let id = AlertIdentity.cap(sender: "KSTO@NWS.NOAA.GOV", identifier: "KSTO1055887203")
        #expect(i.action == .alert && i.messageID == id && i.references == [])
        #expect(Self.content(i) == AlertContent(
            id: id, source: "NATIONAL WEATHER SERVICE SACRAMENTO CA", kind: "雷雨大风", level: .orange,
            title: "SEVERE THUNDERSTORM WARNING", body: "", street: "",
            sent: m.sent, expires: ISO8601.parse("2003-06-17T16:00:00-07:00"), reality: .actual, outside: true))
        #expect(i.content.body.hasPrefix("AT 254 PM PDT...NATIONAL WEATHER SERVICE DOPPLER RADAR INDICATED"))
    }

    @Test func oasisA3EarthquakeUpdate() throws {
        let (m, i) = try Self.taken("oasis-a3-earthquake-update-circle.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "TRI13970876.2", sender: "trinet@caltech.edu", sent: "2003-06-12T03:56:00Z", status: .actual, msgType: .update,
            scope: "Public", references: 1, infos: ["en-US · Earthquake · Past/Minor/Observed · none · 0/1/0"]))
        #expect(m.infos[0].areas[0].circles == ["32.9525,-115.5527 0"])
        #expect(m.references == [.init(sender: "trinet@caltech.edu", identifier: "TRI13970876.1", sent: "2003-06-11T20:30:00-07:00")])
        #expect(i.action == .update)
        #expect(i.references == [AlertIdentity.cap(sender: "trinet@caltech.edu", identifier: "TRI13970876.1")])
        #expect(Self.content(i) == AlertContent(
            id: i.messageID, source: "Southern California Seismic Network (TriNet) operated by Caltech and USGS", kind: "地震",
            level: .blue, title: "EQ 3.4 Imperial County CA", body: "", street: "", sent: m.sent, expires: nil, reality: .actual, outside: true))
    }

    @Test func oasisA4AmberAlertPicksTheLanguage() throws {
        let (m, zh) = try Self.taken("oasis-a4-amber-alert-two-languages.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "KAR0-0306112239-SW", sender: "KARO@CLETS.DOJ.CA.GOV", sent: "2003-06-12T05:39:00Z", status: .actual,
            msgType: .alert, scope: "Public", references: 0,
            infos: ["en-US · Child Abduction · Immediate/Severe/Likely · none · 0/0/1",
                    "es-US · Abducción de Niño · Immediate/Severe/Likely · none · 0/0/1"]))
        // No zh block: the first is taken; en picks the en-US block, which is also the first.
        #expect(zh.content.title == "Amber Alert in Los Angeles County")
        #expect(m.info(forLanguage: "en")?.language == "en-US")
        #expect(m.info(forLanguage: "es")?.event == "Abducción de Niño")
        #expect(Self.content(zh) == AlertContent(
            id: zh.messageID, source: "Los Angeles Police Dept - LAPD", kind: "Child Abduction", level: .orange,
            title: "Amber Alert in Los Angeles County", body: "", street: "", sent: m.sent, reality: .actual, outside: true))
    }

    @Test func auNSWFireWithPrefixedNamespace() throws {
        let (m, i) = try Self.taken("au-nsw-rfs-fire-cap-prefix.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "tag:www.rfs.nsw.gov.au2011-10-06:40184", sender: "webmaster@rfs.nsw.gov.au", sent: "2011-10-05T13:04:00Z",
            status: .actual, msgType: .alert, scope: "Public", references: 0,
            infos: ["en-AU · Fire · Expected/Minor/Observed · 2011-10-06T13:04:00Z · 0/1/1",
                    "en-AU · Fire · Expected/Minor/Observed · 2011-10-06T13:04:00Z · 0/1/1"]))
        #expect(m.infos[0].categories == ["Fire", "Met"])
        #expect(i.content.kind == "火灾" && i.content.level == .blue && i.content.expires == ISO8601.parse("2011-10-06T23:04:00+10:00"))
    }

    @Test func caECUpdateWithEmptyElementsAndTwoReferences() throws {
        let (m, i) = try Self.taken("ca-ec-thunderstorm-update-allclear.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "2.49.0.1.124.6bddbc91.2012", sender: "cap@ec.gc.ca", sent: "2012-05-02T23:21:04Z", status: .actual,
            msgType: .update, scope: "Public", references: 2,
            // SOURCES.md counts 2 areas with 2 polygons and 13 geocodes between them.
            infos: ["en-CA · thunderstorm · Past/Minor/Observed · 2012-05-03T00:20:00Z · 1/0/10 1/0/3",
                    "fr-CA · orages · Past/Minor/Observed · 2012-05-03T00:20:00Z · 1/0/10 1/0/3"]))
        #expect(m.infos[0].responseTypes == ["AllClear"])
        #expect(m.references.map(\.identifier) == ["2.49.0.1.124.a3f342a4.2012", "2.49.0.1.124.60f31a3a.2012"])
        #expect(i.action == .update && i.references.count == 2)
        #expect(i.content.kind == "雷雨大风" && i.content.level == .blue)
        // The console speaks zh or en: the French block is there, never taken.
        #expect(m.info(forLanguage: "fr")?.event == "orages")
    }

    @Test func twHeavyRainYellowSignal() throws {
        let (m, i) = try Self.taken("tw-cwa-heavy-rain-zh-TW.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "CWA-Weather_extremely-rain_202404221405001", sender: "weather@cwa.gov.tw", sent: "2024-04-22T06:12:12Z",
            status: .actual, msgType: .alert, scope: "Public", references: 0,
            infos: ["zh-TW · 降雨 · Future/Moderate/Likely · 2024-04-22T09:00:00Z · " + Array(repeating: "0/0/1", count: 13).joined(separator: " ")]))
        #expect(m.infos[0].areas.allSatisfy { $0.geocodes.first?.name == "Taiwan_Geocode_103" })
        #expect(m.infos[0].parameters.first { $0.name == "alert_color" }?.value == "黃色")
        #expect(Self.content(i) == AlertContent(
            id: i.messageID, source: "中央氣象署", kind: "暴雨", level: .yellow, title: "大雨特報", body: "", street: "",
            sent: m.sent, expires: ISO8601.parse("2024-04-22T17:00:00+08:00"), reality: .actual, outside: true))
    }

    @Test func twMountainRainstormOrangeWithInstruction() throws {
        let (m, i) = try Self.taken("tw-cwa-mountain-rainstorm-polygon-zh-TW.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "cwa.gov.tw_thunderstorm_20240422142300_000", sender: "weather@cwa.gov.tw", sent: "2024-04-22T06:25:48Z",
            status: .actual, msgType: .alert, scope: "Public", references: 0,
            infos: ["zh-TW · 雷雨 · Expected/Severe/Observed · 2024-04-22T08:23:00Z · 1/0/0"]))
        #expect(m.infos[0].areas[0].description == "花蓮縣三棧溪")
        #expect(Self.content(i) == AlertContent(
            id: i.messageID, source: "中央氣象署", kind: "暴雨", level: .orange, title: "山區暴雨", body: "", street: "",
            sent: m.sent, expires: ISO8601.parse("2024-04-22T16:23:00+08:00"), reality: .actual, outside: true))
        #expect(i.content.body == "氣象署針對花蓮縣三棧溪發布災防告警，持續時間至16時23分；此區域已有暴雨或有暴雨發生的機率，留意溪水暴漲並儘速遠離。\n遠離河川區域，勿從事溯溪、釣魚、戲水等活動，以策安全。")
    }

    @Test func twTyphoonWithMarkupInsideDescription() throws {
        let (m, i) = try Self.taken("tw-cwb-typhoon-sea-warning-zh-TW.xml")
        #expect(Self.summary(m) == Summary(
            identifier: "CWB-Weather_typhoon-warning_201908230530001", sender: "weather@cwb.gov.tw", sent: "2019-08-22T21:36:13Z",
            status: .actual, msgType: .alert, scope: "Public", references: 0,
            infos: ["zh-TW · 颱風 · Future/Minor/Likely · 2019-08-23T01:30:00Z · 1/0/0 1/0/0"]))
        // alert_color 橙色 wins over website_color 255,0,0, which is not a level.
        #expect(Self.content(i) == AlertContent(
            id: i.messageID, source: "中央氣象局", kind: "台风", level: .orange, title: "海上颱風警報", body: "", street: "",
            sent: m.sent, expires: ISO8601.parse("2019-08-23T09:30:00+08:00"), reality: .actual, outside: true))
        #expect(i.content.body.hasPrefix("1SEA11BAILU白鹿"))
        #expect(i.content.body.contains("輕度颱風 白鹿（國際命名 BAILU）"))
        #expect(!i.content.body.contains("<section"))
    }

    @Test func truncatedFileIsNotWellFormedAtLine52() throws {
        #expect(throws: InboxRefusal("line 52: not well-formed XML: the file ends before every element is closed, or has more after the last one (cut off in transfer?)", .damaged)) {
            try CAPParser.parse(try Self.sample("bad-truncated-heavy-rain-zh-TW.xml"))
        }
    }

    @Test func wrongNamespaceIsNotCAP12() throws {
        #expect(throws: InboxRefusal("line 2: not CAP 1.2 (namespace http://www.incident.com/cap/1.0)", .notAnAlert)) {
            try CAPParser.parse(try Self.sample("bad-wrong-namespace-thunderstorm.xml"))
        }
    }

    @Test func missingIdentifierAndSentAreNamed() throws {
        #expect(throws: InboxRefusal("line 2: <alert> is missing <identifier>, <sent>", .faulty)) {
            try CAPParser.parse(try Self.sample("bad-missing-identifier-and-sent-zh-TW.xml"))
        }
    }

    @Test func big5HTMLPageIsRefusedCleanly() throws {
        #expect(throws: InboxRefusal("an HTML page, not an alert (a web server's error page saved in place of the file?)", .notAnAlert)) {
            try InboxFormat.parse(try Self.sample("bad-real-404-html-page.xml"), name: "x.xml", language: .zh)
        }
    }

    @Test func samplesAreTheSharedFilesByteForByte() throws {
        let shared = TestPaths.packageRoot.appendingPathComponent("../shared/samples/cap").standardized
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: shared.path).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(names.count == 12)
        for name in names {
            #expect(try Data(contentsOf: shared.appendingPathComponent(name)) == Data(try Self.sample(name)), "\(name)")
        }
    }
}
