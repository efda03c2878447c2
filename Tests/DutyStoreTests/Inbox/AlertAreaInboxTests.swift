import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// Taking alerts in judges their area: every real feed sample lies wholly elsewhere and is
/// marked 区外; the district's own messages (by code, shape or words) and messages with no area
/// stay the district's; a rainstorm signal for another place opens no 三查 round.
@Suite struct AlertAreaInboxTests {
    /// A Guangzhou CAP message with the given `<area>` elements (or none).
    static func cap(id: String, event: String = "暴雨", headline: String, severity: String = "Moderate", areas: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(id)</identifier><sender>gz@gd121.cn</sender><sent>2026-06-01T08:00:00+08:00</sent>
          <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
          <info><language>zh-CN</language><category>Met</category><event>\(event)</event><urgency>Expected</urgency>
            <severity>\(severity)</severity><certainty>Likely</certainty>
            <senderName>广州市气象台</senderName><headline>\(headline)</headline>\(areas)</info>
        </alert>
        """
    }

    static func incoming(_ xml: String) throws -> IncomingAlert {
        try CAPParser.parse(Array(xml.utf8)).incoming(language: .zh)
    }

    /// The three the issue saw, and every other real sample, with the reason each is elsewhere.
    @Test(arguments: [
        ("oasis-a2-severe-thunderstorm-polygon.xml", "a polygon in California (SAME codes beside it add nothing)"),
        ("oasis-a3-earthquake-update-circle.xml", "a circle of radius 0 at Brawley, Imperial County"),
        ("oasis-a4-amber-alert-two-languages.xml", "SAME 006037, Los Angeles County, in both info blocks"),
        ("au-nsw-rfs-fire-cap-prefix.xml", "a 25 km circle in New South Wales"),
        ("ca-ec-thunderstorm-update-allclear.xml", "two polygons in Ontario"),
        ("tw-cwa-heavy-rain-zh-TW.xml", "13 Taiwan_Geocode_103 codes of Hualien"),
        ("tw-cwa-mountain-rainstorm-polygon-zh-TW.xml", "a polygon in Hualien"),
        ("tw-cwb-typhoon-sea-warning-zh-TW.xml", "two sea polygons east of Taiwan"),
    ])
    func everyRealSampleIsOutside(_ name: String, _ why: String) throws {
        let m = try CAPParser.parse(try CAPSampleTests.sample(name))
        #expect(m.isOutside, "\(name): \(why)")
        for area in m.infos.flatMap(\.areas) { #expect(DistrictArea.verdict(area) == .elsewhere, "\(name): \(area.description)") }
        let i = try m.incoming(language: .zh)
        #expect(i.content.isOutside && i.content.street == "" && !i.content.isCounted)
    }

    @Test func theDistrictsOwnMessagesStayTheDistricts() throws {
        let byCode = try Self.incoming(Self.cap(id: "G-1", headline: "暴雨黄色预警信号", areas: """
            <area><areaDesc>全区</areaDesc><geocode><valueName>行政区划代码</valueName><value>440105</value></geocode></area>
            """))
        #expect(!byCode.content.isOutside && byCode.content.street == "海珠区")
        let byShape = try Self.incoming(Self.cap(id: "G-2", headline: "暴雨橙色预警信号", areas: """
            <area><areaDesc>沥滘水道沿岸</areaDesc><polygon>23.040,113.290 23.040,113.320 23.055,113.320 23.055,113.290 23.040,113.290</polygon></area>
            """))
        #expect(!byShape.content.isOutside)
        let byWords = try Self.incoming(Self.cap(id: "G-3", headline: "雷雨大风黄色预警", areas: """
            <area><areaDesc>南华西街</areaDesc><circle>23.9,121.6 5</circle></area>
            """))
        #expect(!byWords.content.isOutside && byWords.content.street == "南华西街")
        // A neighbour's: 番禺区 by its code.
        let panyu = try Self.incoming(Self.cap(id: "G-4", headline: "暴雨黄色预警信号", areas: """
            <area><areaDesc>番禺区</areaDesc><geocode><valueName>行政区划代码</valueName><value>440113</value></geocode></area>
            """))
        #expect(panyu.content.isOutside)
        // No area at all: the district's, as every message was before areas were judged.
        let none = try Self.incoming(Self.cap(id: "G-5", headline: "高温黄色预警信号", areas: ""))
        #expect(!none.content.isOutside && none.content.street == "海珠区")
    }

    /// Through the inbox and the store: the foreign rainstorm signal is kept, opens no round and
    /// is not a signal in force; the district's own signal then opens one.
    @Test func aForeignRainstormSignalOpensNoRound() throws {
        let f = try InboxFixture()
        // In force now (the samples' own signals expired years ago): only its area keeps it out.
        try f.drop("hualien.xml", Self.cap(id: "T-1", headline: "花蓮縣暴雨紅色預警", severity: "Extreme", areas: """
            <area><areaDesc>花蓮縣三棧溪</areaDesc><polygon>24.102318,121.623587 24.1245399,121.6093554 24.093497,121.56053 24.102318,121.623587</polygon></area>
            """))
        try f.drop("amber.xml", try CAPSampleTests.sample("oasis-a4-amber-alert-two-languages.xml"))
        try f.takeIn()
        var s = f.store.state
        #expect(s.alerts.count == 2 && s.alerts.values.allSatisfy(\.content.isOutside))
        #expect(s.alerts.values.contains { $0.content.kind == "暴雨" && $0.level == .red })
        #expect(s.openRound == nil)
        #expect(s.rainSignals(at: InboxFixture.now).isEmpty)
        try f.drop("gz.xml", Self.cap(id: "G-6", headline: "广州市海珠区暴雨黄色预警信号", areas: "<area><areaDesc>海珠区</areaDesc></area>"))
        try f.takeIn()
        s = f.store.state
        #expect(s.openRound?.title == "暴雨黄色预警")
        #expect(s.rainSignals(at: InboxFixture.now).map(\.content.title) == ["广州市海珠区暴雨黄色预警信号"])
    }
}
