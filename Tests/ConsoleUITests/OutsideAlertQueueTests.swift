@testable import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// Alerts for other places (区外) on the console: listed after the district's with 区外 where
/// the street is shown, never counted, rung for, escalated or shown as a signal in force.
@Suite struct OutsideAlertQueueTests {
    /// What the inbox made of the three foreign alerts (as the CAP samples read).
    static let foreign: [AlertContent] = [
        AlertContent(id: "CAP-A4AMBER01", source: "Los Angeles Police Dept - LAPD", kind: "Child Abduction", level: .orange,
                     title: "Amber Alert in Los Angeles County", body: "DATE/TIME: 06/11/03, 1915 HRS.", street: "", outside: true),
        AlertContent(id: "CAP-TWTYPHOON", source: "中央氣象局", kind: "台风", level: .orange, title: "海上颱風警報",
                     body: "輕度颱風 白鹿（國際命名 BAILU）", street: "", outside: true),
        AlertContent(id: "CAP-A3QUAKE01", source: "Southern California Seismic Network (TriNet) operated by Caltech and USGS", kind: "地震",
                     level: .blue, title: "EQ 3.4 Imperial County CA", body: "", street: "", outside: true),
    ]

    static func duty() -> DutyState {
        var duty = Scene.duty()
        for (i, c) in foreign.enumerated() { duty.apply(.alertRaised(c), by: "inbox", secondsAgo: Int64(60 * (3 - i)), seq: 9001 + i) }
        return duty
    }

    static func at(_ seconds: Int64) -> Message { .tick(Scene.now.adding(seconds: seconds)) }

    /// One message, the whole next state: the queue and counts follow the record, the alerts are
    /// announced (so they never ring later), and nothing rings or flashes now.
    @Test func theyArriveQuietly() {
        var s = Scene.state()
        let before = s
        let duty = Self.duty()
        #expect(update(&s, .storeChanged(duty)) == [])
        var expected = before
        expected.adopt(duty, view: QueueView(duty: duty, settings: Scene.settings))
        expected.announced.formUnion(Self.foreign.map(\.id))
        // The officer's place is held by key: still the alert at the top.
        expected.selection = QueueSelection(key: before.queue[0].id, row: 0)
        expectSame(s, expected)
        #expect(s.realOpenCount == before.realOpenCount && s.unacknowledgedCount == before.unacknowledgedCount)
        #expect(s.outsideCount == 3 && s.notRealCount == 0)
        // Ten minutes on: past every limit, and still nothing is overdue or rings.
        #expect(update(&s, Self.at(600)) == [])
        #expect(s.overdueCount == before.overdueCount)
        #expect(Self.foreign.allSatisfy { !s.isOverdue(s.duty.alerts[$0.id]!) })
        #expect(s.flashUntil == nil)
    }

    @Test func theyAreListedLastOweNoReportAndAreNoSignalInForce() throws {
        let s = Scene.state(duty: Self.duty())
        #expect(s.queue.suffix(3).map(\.id) == ["CAP-A4AMBER01", "CAP-TWTYPHOON", "CAP-A3QUAKE01"])
        #expect(s.queue.dropLast(3).allSatisfy { !$0.content.isOutside })
        #expect(s.rows.suffix(3).allSatisfy { $0.report == nil && $0.ackDue == nil })
        #expect(s.signals.map(\.content.kind) == ["暴雨"])
        let screen = render(s, size: Scene.large)
        #expect(!screen.lines[0].contains("台风"), "\(screen.lines[0])")
        #expect(screen.text.contains("区外 3（不计）"))
        let row = try #require(screen.lines.first { $0.contains("Amber Alert in Los Ange") })
        #expect(row.contains("区外") && !row.contains("初报"), "\(row)")
    }

    @Test func theFilterFindsThem() {
        var s = AlertsPaneTests.state(duty: Self.duty())
        press(&s, .char("/"))
        typeIntoField(&s, "区外")
        press(&s, .enter)
        #expect(AlertsPane.rows(s).map(\.alert.id) == Self.foreign.map(\.id))
    }

    @Test func overviewAt120x40() {
        golden.check(render(Scene.state(duty: Self.duty()), size: Scene.large), "overview-120x40-zh-outside")
    }

    @Test func queueAt80x24InEnglish() {
        var s = Scene.state(.en, duty: Self.duty())
        press(&s, .end)
        golden.check(render(s, size: Scene.small), "queue-80x24-en-outside")
    }

    @Test func detailOnTheAlertsPaneAt120x40() {
        var s = AlertsPaneTests.state(duty: Self.duty())
        while AlertsPane.current(s)?.id != "CAP-A4AMBER01" { press(&s, .down) }
        golden.check(render(s, size: Scene.large), "alerts-120x40-zh-outside")
    }
}
