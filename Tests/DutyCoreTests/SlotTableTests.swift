import Testing
@testable import DutyCore

/// The roster in two tiers: the days a snapshot kept apart are read only when something asks for
/// them, and a table is the same whichever way it was loaded.
@Suite struct SlotTableTests {
    static let oldDay = Fx.date(2026, 4, 1)
    static let cut = Fx.date(2026, 5, 22)

    static func slot(_ id: String, _ date: LocalDate, _ person: String) -> DutySlot {
        DutySlot(id: id, date: date, start: Fx.time(8, 30), end: Fx.time(17, 30), role: .leader, person: person, phone: "1")
    }

    static let old = [slot("S-old-1", oldDay, "何少明"), slot("S-old-2", oldDay.adding(days: 1), "罗惠玲")]
    static let recent = [slot("S-new-1", Fx.june5, "陈卫东"), slot("S-new-2", Fx.june6, "冼嘉怡")]
    static func byID(_ s: [DutySlot]) -> [String: DutySlot] { Dictionary(uniqueKeysWithValues: s.map { ($0.id, $0) }) }

    /// A table as a snapshot hands it over, and a counter of how often its earlier days were decoded.
    static func split() -> (SlotTable, Counter) {
        let counter = Counter()
        let earlier = Deferred<[String: DutySlot]>(loading: { counter.bump(); return byID(old) })
        let table = SlotTable(recent: byID(recent), cut: cut, earlier: earlier, earlierIDs: Deferred(SortedIDs(old.map(\.id))))
        return (table, counter)
    }

    final class Counter: @unchecked Sendable {
        var n = 0
        func bump() { n += 1 }
    }

    @Test func readingRecentDaysAndNewIDsDecodesNothingEarlier() {
        let (t, counter) = Self.split()
        #expect(t.dated(from: Fx.june5, through: Fx.june7).map(\.id).sorted() == ["S-new-1", "S-new-2"])
        #expect(t["S-new-1"]?.person == "陈卫东")
        #expect(t["S-none"] == nil)
        #expect(t.count == 4)
        #expect(!t.earlierIsLoaded && counter.n == 0)
        // A day before the cut is read from the earlier days, once.
        #expect(t.dated(from: Self.oldDay, through: Self.oldDay).map(\.person) == ["何少明"])
        #expect(t["S-old-2"]?.person == "罗惠玲")
        #expect(t.earlierIsLoaded && counter.n == 1)
    }

    @Test func aTableIsEqualToTheSameSlotsHeldInOnePiece() {
        let whole = SlotTable(Self.byID(Self.old + Self.recent))
        let (t, _) = Self.split()
        #expect(t == whole)
        #expect(t.hashValue == whole.hashValue)
        var other = whole
        other["S-old-1"]?.person = "别人"
        #expect(Self.split().0 != other)
    }

    @Test func changesThatReachEarlierDaysBringThemIn() {
        let whole = SlotTable(Self.byID(Self.old + Self.recent))
        // A recent slot changed: the earlier days stay where they are.
        var a = Self.split().0, wa = whole
        a["S-new-1"]?.person = "谭雪莹"
        wa["S-new-1"]?.person = "谭雪莹"
        #expect(!a.earlierIsLoaded)
        #expect(a == wa)
        // An earlier slot given again, one removed, a slot added on an earlier day, a day imported again.
        var b = Self.split().0, wb = whole
        b["S-old-1"]?.person = "谭雪莹"
        wb["S-old-1"]?.person = "谭雪莹"
        #expect(b.cut == nil)
        #expect(b == wb)
        var c = Self.split().0, wc = whole
        #expect(c.removeValue(forKey: "S-old-2")?.person == "罗惠玲")
        wc.removeValue(forKey: "S-old-2")
        #expect(c == wc && c.count == 3)
        var d = Self.split().0, wd = whole
        d["S-added"] = Self.slot("S-added", Self.oldDay, "补位")
        wd["S-added"] = Self.slot("S-added", Self.oldDay, "补位")
        #expect(d == wd && d.dated(from: Self.oldDay, through: Self.oldDay).count == 2)
        var e = Self.split().0, we = whole
        e.removeAll(dated: [Self.oldDay, Fx.june5])
        we.removeAll(dated: [Self.oldDay, Fx.june5])
        #expect(e == we && e.keys.sorted() == ["S-new-2", "S-old-2"])
    }
}
