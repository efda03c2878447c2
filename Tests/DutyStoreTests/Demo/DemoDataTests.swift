import Foundation
import Testing
@testable import DutyStore
import DutyCore
import DutyTestSupport

@Suite struct DemoDataTests {
    let cal = LocalCalendar.shanghai

    /// Moments across the day and the year, including ones in the small hours (yesterday's night
    /// shift) and just after the morning handover.
    var nows: [Instant] {
        ["2026-06-05", "2026-11-29", "2027-01-01"].flatMap { d in
            ["00:01", "03:00", "08:30", "10:00", "17:30", "20:00", "23:59"].map { Wall.at(d, $0) }
        }
    }

    /// Folds the entries through the same gate the journal uses.
    func fold(_ entries: [PendingOp]) throws -> DutyState {
        var state = DutyState()
        for (i, e) in entries.enumerated() {
            do {
                try state.validate(e.op)
            } catch {
                Issue.record("entry \(i + 1) \(e.op.name) at \(e.at): \(error)")
                throw error
            }
            state.apply(e.op, OpContext(actor: e.actor, at: e.at, node: "demo", seq: i + 1))
        }
        return state
    }

    @Test func everyOpValidatesInOrder() throws {
        for now in nows {
            let entries = DemoData.entries(now: now, calendar: cal)
            #expect(entries.count > 200)
            _ = try fold(entries)
        }
    }

    @Test func timesStrictlyIncreaseAndNeverPassNow() {
        for now in nows {
            let entries = DemoData.entries(now: now, calendar: cal)
            for (a, b) in zip(entries, entries.dropFirst()) {
                #expect(a.at < b.at, "\(a.op.name) \(a.at) then \(b.op.name) \(b.at)")
            }
            #expect(entries.allSatisfy { $0.at <= now })
            #expect(entries.allSatisfy { !$0.actor.isEmpty })
        }
    }

    @Test func deterministic() {
        let now = Wall.at("2026-06-05", "21:37")
        #expect(DemoData.entries(now: now, calendar: cal) == DemoData.entries(now: now, calendar: cal))
        #expect(DemoData.entries(now: now, calendar: cal) != DemoData.entries(now: now.adding(minutes: 1), calendar: cal))
    }

    @Test func hazardPointsCoverEveryStreet() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        let points = state.hazardPoints.values
        #expect((50...60).contains(points.count))
        for street in Haizhu.streets {
            #expect(points.contains { $0.street == street }, "no hazard point in \(street)")
        }
        #expect(points.allSatisfy { Haizhu.streets.contains($0.street) })
        #expect(Set(points.map(\.name)).count == points.count)
        #expect(Set(points.map(\.type)) == Set(HazardType.allCases))
        let ids = DemoData.hazardPoints.map(\.id)
        #expect(ids == (1...ids.count).map { String(format: "HP-%03d", $0) })
    }

    /// Every street the demo's hazard points are in has a position, and it lies inside the
    /// district's outline (the data `DistrictArea` judges alerts against).
    @Test func everyHazardPointsStreetLiesInsideTheDistrict() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        for street in Set(state.hazardPoints.values.map(\.street)) {
            let p = try #require(Haizhu.streetPositions[street], "no position for \(street)")
            #expect(Haizhu.outline.contains(p), "\(street) at \(p) lies outside the outline")
        }
    }

    @Test func namedPlacesOfThePlanArePresent() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        // Each place is named by the fragments its name must hold, and exactly one point holds them.
        let expected: [([String], String?, HazardType)] = [
            (["北山岗"], "官洲街", .geohazard),
            (["土华公园"], "华洲街", .geohazard),
            (["新滘中路—广州大道"], "南洲街", .tunnel),
            (["聚龙大街"], "南华西街", .waterlogging),
            (["民主直街"], nil, .waterlogging),
            (["江燕路"], nil, .waterlogging),
            (["新港东路", "华南快速"], nil, .waterlogging),
            (["南洲街内街"], "南洲街", .waterlogging),
        ]
        for (fragments, street, type) in expected {
            let matches = state.hazardPoints.values.filter { p in fragments.allSatisfy { p.name.contains($0) } }
            #expect(matches.count == 1, "\(fragments): \(matches.map(\.name))")
            #expect(matches.first?.type == type, "\(fragments)")
            if let street { #expect(matches.first?.street == street, "\(fragments)") }
        }
    }

    @Test func everyHazardPointHasAContact() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        #expect(state.contacts.count == state.hazardPoints.count)
        for p in state.hazardPoints.values {
            let c = state.contacts[FloodContact.makeID(facility: p.name, street: p.street)]
            #expect(c != nil, "no contact for \(p.name)")
            #expect(c?.type == p.type.chinese)
            for role in ResponsibleRole.allCases {
                let person = c?.person(role)
                #expect(person.map { !$0.name.isEmpty } == true)
                #expect(person?.phone.wholeMatch(of: /138 0000 \d{4}/) != nil)
            }
        }
        // Technical and maintenance leads are different people at every facility.
        let names = state.contacts.values.flatMap { [$0.technical.name, $0.maintenance.name] }
        #expect(Set(names).count == names.count)
    }

    @Test func templatesMatchTheirHazardTypes() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        for phase in CheckPhase.allCases {
            let items = try #require(state.templates[phase]).items
            #expect((5...8).contains(items.count))
            #expect(Set(items.map(\.id)).count == items.count)
            // Every type of point has work to do in every phase, and slope items stay on slopes.
            for type in HazardType.allCases {
                #expect(items.filter { $0.applies(to: type) }.count >= 3)
            }
            let slope = items.filter { $0.text.contains("边坡") || $0.text.contains("坡面") }
            #expect(!slope.isEmpty)
            #expect(slope.allSatisfy { $0.appliesTo == [.geohazard] })
        }
    }

    @Test func rosterCoversTwoWeeksWithOneOfficerGap() throws {
        let now = Wall.at("2026-06-05", "21:37")
        let today = cal.localDate(now)
        let state = try fold(DemoData.entries(now: now, calendar: cal))
        var gaps: [String] = []
        for offset in -7...7 {
            let date = today.adding(days: offset)
            let slots = state.slots(on: date)
            for start in [LocalTime(hour: 8, minute: 30)!, LocalTime(hour: 17, minute: 30)!] {
                let shift = slots.filter { $0.start == start }
                #expect(shift.filter { $0.role == .leader }.count == 1, "leader on \(date) \(start)")
                if !shift.contains(where: { $0.role == .officer }) { gaps.append("\(date) \(start)") }
                #expect(shift.allSatisfy { $0.end == (start.hour == 8 ? LocalTime(hour: 17, minute: 30)! : LocalTime(hour: 8, minute: 30)!) })
            }
            #expect(slots.filter { $0.role == .technical }.count == 1)
        }
        #expect(gaps == ["\(today.adding(days: 3)) 17:30"])
        #expect(state.slots.values.allSatisfy { $0.date >= today.adding(days: -7) && $0.date <= today.adding(days: 7) })
        #expect(state.slots["S-20260605-D-1"]?.role == .leader)
        #expect(state.slots["S-20260604-N-3"]?.role == .officer)
        // Nobody works a night shift and then the next day shift.
        for offset in -7...6 {
            let night = Set(state.slots(on: today.adding(days: offset)).filter { $0.start.hour == 17 }.map(\.person))
            let next = Set(state.slots(on: today.adding(days: offset + 1)).filter { $0.start.hour == 8 }.map(\.person))
            #expect(night.isDisjoint(with: next))
        }
    }

    @Test func someoneLeadsAndSomeoneAnswersAtAnyHour() throws {
        for now in nows {
            let state = try fold(DemoData.entries(now: now, calendar: cal))
            let on = state.onDuty(at: now, cal)
            #expect(on.contains { $0.role == .leader }, "no leader at \(cal.iso8601(now))")
            #expect(on.contains { $0.role == .officer }, "no officer at \(cal.iso8601(now))")
        }
    }

    @Test func alertsTellAStory() throws {
        let now = Wall.at("2026-06-05", "21:37")
        let entries = DemoData.entries(now: now, calendar: cal)
        let state = try fold(entries)
        let alerts = state.alertsByReceived
        #expect((6...8).contains(alerts.count))
        #expect(Set(alerts.map(\.status)).count >= 4)
        #expect(alerts.allSatisfy { $0.id.wholeMatch(of: /A-\d{8}-\d{2}/) != nil })
        #expect(alerts.first?.id == "A-20260605-01")

        let rain = try #require(alerts.first { $0.content.kind == "暴雨" })
        #expect(rain.content.source == "广州市气象台" && rain.level == .yellow && rain.content.street == "海珠区")
        #expect(rain.status == .acknowledged)
        let tree = try #require(alerts.first { $0.content.street == "瑞宝街" })
        #expect(tree.status == .handling && tree.reports(.initial).count == 1)
        let gas = try #require(alerts.first { $0.content.street == "沙园街" })
        // Its first report went up by phone, by the leader on duty, 25 minutes after it came in.
        #expect(gas.status == .handling && gas.reports(.initial).count == 1)
        #expect(gas.reports(.initial).first.map { $0.at.seconds(since: gas.received.at) } == Int64(25 * 60 + 9))
        let flood = try #require(alerts.first { $0.content.title.contains("聚龙大街") })
        #expect(flood.status == .new && flood.level == .orange)
        #expect(alerts.contains { $0.content.kind == "上级指令" && $0.status == .acknowledged })
        #expect(alerts.contains { $0.level == .blue && $0.content.kind == "雷雨大风" })

        // Whoever acted on an alert was on duty at the time.
        for e in entries {
            switch e.op {
            case .alertRaised, .alertAcknowledged, .alertHandling, .alertResolved, .alertNoted, .callLogged:
                #expect(state.onDuty(at: e.at, cal).contains { $0.person == e.actor }, "\(e.op.name) by \(e.actor)")
            default: break
            }
        }
    }

    @Test func roundIsAboutSeventyPercentDone() throws {
        let now = Wall.at("2026-06-05", "21:37")
        let state = try fold(DemoData.entries(now: now, calendar: cal))
        let round = try #require(state.openRound)
        #expect(round.id == "R-20260605")
        #expect(round.title == "暴雨黄色预警 雨前排查" && round.subject == "暴雨黄色预警" && round.phase == .before)
        #expect(round.opened.at < now.adding(minutes: -60))
        let progress = state.progress(of: round)
        let done = progress.map(\.done).reduce(0, +), total = progress.map(\.total).reduce(0, +)
        let share = Double(done) / Double(total)
        #expect(share > 0.6 && share < 0.8, "\(done)/\(total)")
        #expect(progress.count == 18)
        #expect(progress.contains { $0.done == $0.total })
        #expect(progress.contains { Double($0.done) < 0.5 * Double($0.total) })
        let ticks = state.latestTicks(round).values
        #expect(ticks.filter { $0.result == .problem }.count >= 3)
        #expect(ticks.filter { $0.result == .notApplicable }.count >= 2)
        #expect(ticks.filter { $0.result != .ok }.allSatisfy { !$0.remark.isEmpty })
        #expect(ticks.contains { $0.remark.contains("积水20厘米") })
    }

    @Test func callsDownTheNanzhouLedger() throws {
        let state = try fold(DemoData.entries(now: Wall.at("2026-06-05", "21:37"), calendar: cal))
        #expect(state.calls.count >= 3)
        #expect(state.calls.allSatisfy { state.contacts[$0.contactID]?.street == "南洲街" })
        #expect(state.calls.filter { $0.outcome == .notReached }.count == 1)
        #expect(state.calls.allSatisfy { !$0.person.isEmpty && !$0.phone.isEmpty })
    }

    @Test func morningHandoverOnlyOnceTheMorningHasCome() throws {
        let after = try fold(DemoData.entries(now: Wall.at("2026-06-05", "10:00"), calendar: cal))
        let h = try #require(after.handovers.first)
        #expect(after.handovers.count == 1)
        #expect(h.status == .accepted)
        #expect(h.summary.contains("未结警情") && !h.note.isEmpty)
        let nightLead = after.slots["S-20260604-N-1"]?.person
        let dayLead = after.slots["S-20260605-D-1"]?.person
        #expect(h.submitted.actor == nightLead)
        #expect(h.replies.last?.stamp.actor == dayLead)

        let before = try fold(DemoData.entries(now: Wall.at("2026-06-05", "03:00"), calendar: cal))
        #expect(before.handovers.isEmpty)
    }
}
