import Testing
@testable import DutyCore

struct RosterFoldTests {
    let cal = Fx.cal
    let clerk = Fx.ctx("王文书", Fx.at(2026, 6, 5, 9, 15), node: "node-a", seq: 12)
    var clerkStamp: Stamp { Stamp(actor: "王文书", at: Fx.at(2026, 6, 5, 9, 15)) }

    // MARK: - Import

    @Test func rosterImportReplacesOnlyTheDatesItCovers() {
        let before = Fx.rosterState()
        let newDay6 = DutySlot(
            id: "2026-06-06/day/officer", date: Fx.june6, start: Fx.time(8, 30), end: Fx.time(17, 30),
            role: .officer, person: "钱进", phone: "13800000016")
        let leader6 = DutySlot(
            id: "2026-06-06/day/leader", date: Fx.june6, start: Fx.time(8, 30), end: Fx.time(17, 30),
            role: .leader, person: "孙丽", phone: "13800000017")
        let night7 = DutySlot(
            id: "2026-06-07/night/officer", date: Fx.june7, start: Fx.time(17, 30), end: Fx.time(8, 30),
            role: .officer, person: "郑毅", phone: "13800000018")

        let after = before.applying(.rosterImported(source: "值班表-6月第二版.csv", slots: [newDay6, leader6, night7]), clerk)

        var expected = DutyState()
        // June 5 is kept; June 6 is replaced as a whole (the old night slot is gone); June 7 is new.
        expected.slots = Fx.byID([Fx.dayLeader5, Fx.dayOfficer5, Fx.nightOfficer5, newDay6, leader6, night7])
        expected.imports = [
            DutyState.ImportRecord(kind: "roster", source: "值班表-6月第二版.csv", count: 3, stamp: clerkStamp)
        ]
        #expect(after == expected)
    }

    @Test func firstRosterImportIntoAnEmptyState() {
        let after = DutyState().applying(.rosterImported(source: "roster.csv", slots: Fx.rosterSlots), clerk)
        var expected = DutyState()
        expected.slots = Fx.byID(Fx.rosterSlots)
        expected.imports = [DutyState.ImportRecord(kind: "roster", source: "roster.csv", count: 5, stamp: clerkStamp)]
        #expect(after == expected)
    }

    @Test func validateRefusesAnEmptyRoster() {
        #expect(Fx.rosterState().refusal(.rosterImported(source: "empty.csv", slots: [])) == DomainError("the roster has no slots", zh: ""))
        #expect(Fx.rosterState().refusal(.rosterImported(source: "r.csv", slots: [Fx.dayOfficer6])) == nil)
    }

    // MARK: - Shifts and time

    @Test func nightShiftEndsTheNextMorning() {
        let night = Fx.nightOfficer5
        #expect(night.endsNextDay)
        #expect(night.endDate == Fx.june6)
        #expect(night.startInstant(cal) == Fx.at(2026, 6, 5, 17, 30))
        #expect(night.endInstant(cal) == Fx.at(2026, 6, 6, 8, 30))
        #expect(night.covers(Fx.at(2026, 6, 5, 17, 30), cal))
        #expect(night.covers(Fx.at(2026, 6, 5, 23, 59), cal))
        #expect(night.covers(Fx.at(2026, 6, 6, 0, 0), cal))
        #expect(night.covers(Fx.at(2026, 6, 6, 3, 0), cal))
        #expect(night.covers(Fx.at(2026, 6, 6, 8, 29), cal))
        #expect(!night.covers(Fx.at(2026, 6, 6, 8, 30), cal))
        #expect(!night.covers(Fx.at(2026, 6, 5, 17, 29), cal))
        #expect(!night.covers(Fx.at(2026, 6, 5, 3, 0), cal))
    }

    @Test func dayShiftEndsTheSameDay() {
        let day = Fx.dayOfficer5
        #expect(!day.endsNextDay)
        #expect(day.endDate == Fx.june5)
        #expect(day.covers(Fx.june5Handover, cal))
        #expect(day.covers(Fx.at(2026, 6, 5, 17, 29), cal))
        #expect(!day.covers(Fx.at(2026, 6, 5, 17, 30), cal))
        #expect(!day.covers(Fx.at(2026, 6, 5, 8, 29), cal))
        // A 24-hour post (start == end) runs into the next day.
        var full = day
        full.end = Fx.time(8, 30)
        #expect(full.endsNextDay)
        #expect(full.endInstant(cal) == Fx.at(2026, 6, 6, 8, 30))
    }

    @Test func onDutyAtSeveralInstants() {
        let s = Fx.rosterState()
        let cases: [(Instant, [DutySlot], String)] = [
            (Fx.at(2026, 6, 5, 12, 0), [Fx.dayLeader5, Fx.dayOfficer5], "day shift, leader first"),
            (Fx.at(2026, 6, 5, 17, 30), [Fx.nightOfficer5], "night shift starts"),
            (Fx.at(2026, 6, 5, 23, 0), [Fx.nightOfficer5], "night before midnight"),
            (Fx.at(2026, 6, 6, 3, 0), [Fx.nightOfficer5], "night after midnight"),
            (Fx.at(2026, 6, 6, 8, 29), [Fx.nightOfficer5], "a minute before handover"),
            (Fx.at(2026, 6, 6, 8, 30), [Fx.dayOfficer6], "handover belongs to the day shift"),
            (Fx.at(2026, 6, 7, 8, 0), [Fx.nightOfficer6], "last night of the roster"),
            (Fx.at(2026, 6, 7, 8, 30), [], "roster has run out"),
            (Fx.at(2026, 6, 5, 8, 0), [], "before the roster begins"),
        ]
        for (t, expected, what) in cases {
            #expect(s.onDuty(at: t, cal) == expected, "\(what)")
        }
    }

    @Test func nextShift() {
        let s = Fx.rosterState()
        let morning = s.nextShift(after: Fx.at(2026, 6, 5, 6, 0), cal)
        #expect(morning?.start == Fx.june5Handover)
        #expect(morning?.slots == [Fx.dayLeader5, Fx.dayOfficer5])

        let noon = s.nextShift(after: Fx.at(2026, 6, 5, 12, 0), cal)
        #expect(noon?.start == Fx.at(2026, 6, 5, 17, 30))
        #expect(noon?.slots == [Fx.nightOfficer5])

        // Strictly after: a shift starting at `t` is the current one, not the next.
        let atHandover = s.nextShift(after: Fx.june5Handover, cal)
        #expect(atHandover?.start == Fx.at(2026, 6, 5, 17, 30))

        let lateNight = s.nextShift(after: Fx.at(2026, 6, 6, 2, 0), cal)
        #expect(lateNight?.start == Fx.at(2026, 6, 6, 8, 30))
        #expect(lateNight?.slots == [Fx.dayOfficer6])

        #expect(s.nextShift(after: Fx.at(2026, 6, 6, 17, 30), cal) == nil)
    }

    @Test func nextShiftLooksTwoWeeksAhead() {
        var s = DutyState()
        var far = Fx.dayOfficer5
        far.id = "far"
        far.date = Fx.june5.adding(days: 14)
        s.slots = [far.id: far]
        #expect(s.nextShift(after: Fx.at(2026, 6, 5, 12, 0), cal)?.slots == [far])
        far.date = Fx.june5.adding(days: 15)
        s.slots = [far.id: far]
        #expect(s.nextShift(after: Fx.at(2026, 6, 5, 12, 0), cal) == nil)
    }

    @Test func slotsOnADateInDisplayOrder() {
        let s = Fx.rosterState()
        #expect(s.slots(on: Fx.june5) == [Fx.dayLeader5, Fx.dayOfficer5, Fx.nightOfficer5])
        #expect(s.slots(on: Fx.june7) == [])
    }

    // MARK: - Changes after import

    @Test func slotReassigned() {
        let before = Fx.rosterState()
        let after = before.applying(
            .slotReassigned(slotID: Fx.dayOfficer5.id, person: "王强", phone: "13800000099", reason: "李华病假"), clerk)

        var changed = Fx.dayOfficer5
        changed.person = "王强"
        changed.phone = "13800000099"
        var expected = DutyState()
        expected.slots = Fx.byID([Fx.dayLeader5, changed, Fx.nightOfficer5, Fx.dayOfficer6, Fx.nightOfficer6])
        expected.rosterChanges = [
            RosterChange(slotIDs: [Fx.dayOfficer5.id], what: "李华 → 王强", reason: "李华病假", by: clerkStamp)
        ]
        #expect(after == expected)
    }

    @Test func slotsSwapped() {
        let before = Fx.rosterState()
        let after = before.applying(
            .slotsSwapped(first: Fx.dayOfficer5.id, second: Fx.nightOfficer5.id, reason: "调休"), clerk)

        var day = Fx.dayOfficer5
        day.person = "陈刚"
        day.phone = "13800000003"
        var night = Fx.nightOfficer5
        night.person = "李华"
        night.phone = "13800000002"
        var expected = DutyState()
        expected.slots = Fx.byID([Fx.dayLeader5, day, night, Fx.dayOfficer6, Fx.nightOfficer6])
        expected.rosterChanges = [
            RosterChange(slotIDs: [Fx.dayOfficer5.id, Fx.nightOfficer5.id], what: "李华 ⇄ 陈刚", reason: "调休", by: clerkStamp)
        ]
        #expect(after == expected)
    }

    @Test func slotAdded() {
        let joint = DutySlot(
            id: "2026-06-05/night/joint", date: Fx.june5, start: Fx.time(17, 30), end: Fx.time(8, 30),
            role: DutyRole("联勤值守"), person: "周杰", phone: "13800000020")
        let after = Fx.rosterState().applying(.slotAdded(slot: joint, reason: "暴雨红色预警加强值守"), clerk)

        var expected = DutyState()
        expected.slots = Fx.byID(Fx.rosterSlots + [joint])
        expected.rosterChanges = [
            RosterChange(slotIDs: [joint.id], what: "+ 周杰", reason: "暴雨红色预警加强值守", by: clerkStamp)
        ]
        #expect(after == expected)
        #expect(after.onDuty(at: Fx.at(2026, 6, 5, 22, 0), cal) == [Fx.nightOfficer5, joint])
    }

    @Test func slotRemoved() {
        let after = Fx.rosterState().applying(.slotRemoved(slotID: Fx.dayOfficer6.id, reason: "合并班次"), clerk)

        var expected = DutyState()
        expected.slots = Fx.byID([Fx.dayLeader5, Fx.dayOfficer5, Fx.nightOfficer5, Fx.nightOfficer6])
        expected.rosterChanges = [
            RosterChange(slotIDs: [Fx.dayOfficer6.id], what: "\u{2212} 赵敏", reason: "合并班次", by: clerkStamp)
        ]
        #expect(after == expected)
    }

    @Test func changesToAMissingSlotChangeNothing() {
        let before = Fx.rosterState()
        #expect(before.applying(.slotReassigned(slotID: "nope", person: "王强", phone: "1", reason: "r"), clerk) == before)
        #expect(before.applying(.slotsSwapped(first: Fx.dayOfficer5.id, second: "nope", reason: "r"), clerk) == before)
        #expect(before.applying(.slotRemoved(slotID: "nope", reason: "r"), clerk) == before)
        // A duplicate add arriving late from a peer keeps the slot that is there.
        var dup = Fx.dayOfficer5
        dup.person = "别人"
        #expect(before.applying(.slotAdded(slot: dup, reason: "r"), clerk) == before)
    }

    @Test func rosterChangesAccumulateInFoldOrder() {
        var s = Fx.rosterState()
        s.apply(.slotReassigned(slotID: Fx.dayOfficer6.id, person: "钱进", phone: "13800000016", reason: "出差"), clerk)
        let later = Fx.ctx("李科长", Fx.at(2026, 6, 5, 10, 0), node: "node-b", seq: 3)
        let after = s.applying(.slotRemoved(slotID: Fx.nightOfficer6.id, reason: "合并"), later)

        var day6 = Fx.dayOfficer6
        day6.person = "钱进"
        day6.phone = "13800000016"
        var expected = DutyState()
        expected.slots = Fx.byID([Fx.dayLeader5, Fx.dayOfficer5, Fx.nightOfficer5, day6])
        expected.rosterChanges = [
            RosterChange(slotIDs: [Fx.dayOfficer6.id], what: "赵敏 → 钱进", reason: "出差", by: clerkStamp),
            RosterChange(slotIDs: [Fx.nightOfficer6.id], what: "\u{2212} 周强", reason: "合并",
                         by: Stamp(actor: "李科长", at: Fx.at(2026, 6, 5, 10, 0))),
        ]
        #expect(after == expected)
    }

    // MARK: - Validation

    @Test func validateRefusesUnknownSlots() {
        let s = Fx.rosterState()
        #expect(s.refusal(.slotReassigned(slotID: "nope", person: "王强", phone: "1", reason: "r")) == DomainError("no roster slot nope", zh: ""))
        #expect(s.refusal(.slotsSwapped(first: "nope", second: Fx.dayOfficer5.id, reason: "r")) == DomainError("no roster slot nope", zh: ""))
        #expect(s.refusal(.slotsSwapped(first: Fx.dayOfficer5.id, second: "nope", reason: "r")) == DomainError("no roster slot nope", zh: ""))
        #expect(s.refusal(.slotRemoved(slotID: "nope", reason: "r")) == DomainError("no roster slot nope", zh: ""))
    }

    @Test func validateRefusesSwapWithItselfDuplicateAddAndEmptyPerson() {
        let s = Fx.rosterState()
        let id = Fx.dayOfficer5.id
        #expect(s.refusal(.slotsSwapped(first: id, second: id, reason: "r")) == DomainError("a slot cannot be swapped with itself", zh: ""))
        #expect(s.refusal(.slotAdded(slot: Fx.dayOfficer5, reason: "r")) == DomainError("roster slot \(id) already exists", zh: ""))
        #expect(s.refusal(.slotReassigned(slotID: id, person: "", phone: "", reason: "r")) == DomainError("a slot needs a person", zh: ""))
    }

    @Test func validateAcceptsSensibleChanges() {
        let s = Fx.rosterState()
        var extra = Fx.dayOfficer5
        extra.id = "extra"
        #expect(s.refusal(.slotReassigned(slotID: Fx.dayOfficer5.id, person: "王强", phone: "1", reason: "r")) == nil)
        #expect(s.refusal(.slotsSwapped(first: Fx.dayOfficer5.id, second: Fx.nightOfficer5.id, reason: "r")) == nil)
        #expect(s.refusal(.slotAdded(slot: extra, reason: "r")) == nil)
        #expect(s.refusal(.slotRemoved(slotID: Fx.dayOfficer5.id, reason: "r")) == nil)
    }

    // MARK: - Roles

    @Test func dutyRoleParsing() {
        #expect(DutyRole(parsing: "带班领导") == .leader)
        #expect(DutyRole(parsing: "带班") == .leader)
        #expect(DutyRole(parsing: " Leader ") == .leader)
        #expect(DutyRole(parsing: "值班员") == .officer)
        #expect(DutyRole(parsing: "Duty Officer") == .officer)
        #expect(DutyRole(parsing: "技术保障") == .technical)
        #expect(DutyRole(parsing: "联勤值守") == DutyRole("联勤值守"))
        #expect(DutyRole(parsing: "  ") == nil)
        #expect(DutyRole.leader.rank < DutyRole.officer.rank)
        #expect(DutyRole.officer.rank < DutyRole.technical.rank)
        #expect(DutyRole.technical.rank < DutyRole("联勤值守").rank)
        #expect(DutyRole("联勤值守").englishName == "联勤值守")
    }
}
