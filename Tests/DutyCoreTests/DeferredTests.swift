import Synchronization
import Testing
@testable import DutyCore

/// Counts how often a loader ran; loaders may run on any thread, so the count sits behind a lock.
final class LoadCounter: Sendable {
    private let calls = Mutex(0)
    var count: Int { calls.withLock { $0 } }

    /// A loader that counts each call and returns `value`.
    func loader<V: Sendable>(_ value: V) -> @Sendable () -> V {
        { [self] in
            calls.withLock { $0 += 1 }
            return value
        }
    }
}

/// An array whose buffer has room to grow without moving, built where nothing else keeps it.
private func roomyArray(_ elements: [Int]) -> [Int] {
    var a: [Int] = []
    a.reserveCapacity(64)
    a.append(contentsOf: elements)
    return a
}

private func baseAddress(_ a: [Int]) -> UnsafePointer<Int>? {
    a.withUnsafeBufferPointer { $0.baseAddress }
}

@Suite struct DeferredTests {
    // MARK: - Loading

    @Test func theLoaderRunsOnFirstReadAndOnlyOnce() {
        let counter = LoadCounter()
        let d = Deferred<[Int]>(loading: counter.loader([1, 2, 3]))
        #expect(counter.count == 0)
        #expect(d.isLoaded == false)
        // Asking whether it is loaded does not load it.
        #expect(counter.count == 0)

        #expect(d.value == [1, 2, 3])
        #expect(counter.count == 1)
        #expect(d.isLoaded == true)
        #expect(d.value == [1, 2, 3])
        #expect(d.value == [1, 2, 3])
        #expect(counter.count == 1)
    }

    @Test func aValueGivenAtOnceIsLoaded() {
        let d = Deferred<[Int]>([4, 5])
        #expect(d.isLoaded == true)
        #expect(d.value == [4, 5])
    }

    /// Concurrent first reads must still run the loader once: the snapshot's loader is a decode or,
    /// for a damaged archive, a whole journal replay that adds a notice each time it runs.
    @Test func concurrentFirstReadsLoadOnce() async {
        let counter = LoadCounter()
        let d = Deferred<[Int]>(loading: counter.loader(Array(0..<1000)))
        let sums = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<16 { group.addTask { d.value.reduce(0, +) } }
            var all: [Int] = []
            for await s in group { all.append(s) }
            return all
        }
        #expect(sums == Array(repeating: 499_500, count: 16))
        #expect(counter.count == 1)
    }

    // MARK: - Mutation

    @Test func aPendingValueIsLoadedThenChangedInPlace() {
        let counter = LoadCounter()
        var d = Deferred<[Int]>(loading: counter.loader(roomyArray([1, 2, 3])))
        d.value.append(4)
        #expect(counter.count == 1)
        #expect(d.isLoaded == true)
        #expect(d.value == [1, 2, 3, 4])

        // No copy of the buffer: appending within capacity keeps its address. Checked after each
        // change, as a freed buffer's address can come back at the next allocation.
        let before = baseAddress(d.value)
        d.value.append(5)
        #expect(baseAddress(d.value) == before)
        d.value[0] = 10
        #expect(baseAddress(d.value) == before)
        #expect(d.value == [10, 2, 3, 4, 5])
        #expect(counter.count == 1)
    }

    @Test func aLoadedValueIsChangedInPlace() {
        var d = Deferred<[Int]>(roomyArray([7]))
        let before = baseAddress(d.value)
        d.value.append(8)
        #expect(baseAddress(d.value) == before)
        d.value.append(9)
        #expect(baseAddress(d.value) == before)
        #expect(d.value == [7, 8, 9])
    }

    // MARK: - Copies

    @Test func changingACopyOfALoadedValueLeavesTheOriginal() {
        let original = Deferred<[Int]>([1, 2])
        var copy = original
        copy.value.append(3)
        #expect(original.value == [1, 2])
        #expect(copy.value == [1, 2, 3])
        #expect(original != copy)

        var original2 = Deferred<[Int]>([1, 2])
        let copy2 = original2
        original2.value.removeAll()
        #expect(original2.value == [])
        #expect(copy2.value == [1, 2])
    }

    @Test func changingACopyOfAPendingValueLeavesTheOriginal() {
        let counter = LoadCounter()
        let original = Deferred<[Int]>(loading: counter.loader([1, 2, 3]))
        var copy = original
        copy.value.append(9)
        #expect(copy.value == [1, 2, 3, 9])
        #expect(original.value == [1, 2, 3])
        // Both copies came from one load.
        #expect(counter.count == 1)

        let counter2 = LoadCounter()
        var original2 = Deferred<[Int]>(loading: counter2.loader([1, 2, 3]))
        let copy2 = original2
        original2.value = [0]
        #expect(original2.value == [0])
        #expect(copy2.value == [1, 2, 3])
        #expect(counter2.count == 1)
    }

    @Test func copiesOfAPendingValueShareOneLoad() {
        let counter = LoadCounter()
        let a = Deferred<[Int]>(loading: counter.loader([6]))
        let b = a
        #expect(a.isLoaded == false)
        #expect(b.value == [6])
        #expect(a.isLoaded == true)
        #expect(a.value == [6])
        #expect(counter.count == 1)
    }

    // MARK: - Equality

    @Test func equalityComparesValuesHoweverTheyAreHeld() {
        let pending = Deferred<[Int]>(loading: { [1, 2] })
        let loaded = Deferred<[Int]>([1, 2])
        #expect(pending == loaded)
        #expect(loaded == Deferred<[Int]>(loading: { [1, 2] }))
        #expect(Deferred<[Int]>(loading: { [1, 2] }) != Deferred<[Int]>([2, 1]))
        #expect(Deferred<[Int]>(loading: { [1] }) != Deferred<[Int]>(loading: { [1, 1] }))
        #expect(Set([Deferred<[Int]>(loading: { [1, 2] }), loaded]) == [loaded])
        #expect(Deferred<[Int]>(loading: { [3] }).hashValue == Deferred<[Int]>([3]).hashValue)
    }
}

// MARK: - ArchivedTable

extension DeferredTests {
/// Nested so that `--filter DeferredTests` runs these too.
@Suite struct ArchivedTableTests {
    let raisedAt = Fx.at(2026, 6, 5, 2, 10)
    var raised: Stamp { Stamp(actor: "inbox", at: raisedAt) }

    /// An alert in a given status with its lifecycle written out (not folded).
    func alert(_ content: AlertContent, _ status: AlertStatus) -> Alert {
        Fx.alert(content, received: raised, status: status, events: [AlertEvent(kind: .raised, stamp: raised, text: "", origin: Fx.origin(1))])
    }

    var openRain: Alert { alert(Fx.rainRed, .acknowledged) }
    var openFlood: Alert { alert(Fx.julongFlood, .new) }
    var resolvedTyphoon: Alert { alert(Fx.typhoonYellow, .resolved) }
    var resolvedOld: Alert { alert(Fx.content("old-1", .blue), .resolved) }

    /// Two open alerts in memory, two resolved ones behind a counted loader.
    func table(_ counter: LoadCounter) -> ArchivedTable<Alert> {
        ArchivedTable(live: [openRain.id: openRain, openFlood.id: openFlood],
                      archived: Deferred(loading: counter.loader([resolvedTyphoon.id: resolvedTyphoon, resolvedOld.id: resolvedOld])))
    }

    // MARK: - Tiers follow the value

    @Test func aResolvedAlertMovesToTheArchiveAndBackWhenReopened() {
        let id = Fx.rainRed.id
        var s = DutyState()
        s.apply(.alertRaised(Fx.rainRed), Fx.ctx("inbox", raisedAt, seq: 1))
        #expect(s.alerts.live == [id: alert(Fx.rainRed, .new)])
        #expect(s.alerts.archived == [:])

        let resolvedAt = Fx.at(2026, 6, 5, 4, 0)
        s.apply(.alertResolved(id: id, note: "雨停"), Fx.ctx("陈刚", resolvedAt, seq: 2))
        let resolvedStamp = Stamp(actor: "陈刚", at: resolvedAt)
        let resolved = Fx.alert(Fx.rainRed, received: raised, status: .resolved, events: [
            AlertEvent(kind: .raised, stamp: raised, text: "", origin: Fx.origin(1)),
            AlertEvent(kind: .resolved, stamp: resolvedStamp, text: "雨停", origin: Fx.origin(2)),
        ])
        #expect(s.alerts.live == [:])
        #expect(s.alerts.archived == [id: resolved])
        #expect(s.alerts[id] == resolved)
        #expect(s.openAlertsByUrgency == [])

        let reopenedAt = Fx.at(2026, 6, 5, 5, 0)
        s.apply(.alertReopened(id: id, note: "再次积水"), Fx.ctx("李华", reopenedAt, seq: 3))
        let reopened = Fx.alert(Fx.rainRed, received: raised, status: .acknowledged, events: [
            AlertEvent(kind: .raised, stamp: raised, text: "", origin: Fx.origin(1)),
            AlertEvent(kind: .resolved, stamp: resolvedStamp, text: "雨停", origin: Fx.origin(2)),
            AlertEvent(kind: .reopened, stamp: Stamp(actor: "李华", at: reopenedAt), text: "再次积水", origin: Fx.origin(3)),
        ])
        #expect(s.alerts.live == [id: reopened])
        #expect(s.alerts.archived == [:])
        #expect(s.openAlertsByUrgency == [reopened])
    }

    @Test func aRoundClosedByTheFoldMovesToTheArchive() {
        let opened = Stamp(actor: "陈刚", at: Fx.at(2026, 6, 5, 2, 15))
        let tickedAt = Fx.at(2026, 6, 5, 2, 40)
        let closedAt = Fx.at(2026, 6, 5, 9, 0)
        var s = Fx.checklistState()
        s.apply(.roundOpened(id: "R-1", title: "三查", phase: .before), Fx.ctx("陈刚", opened.at, seq: 1))
        s.apply(.itemTicked(roundID: "R-1", pointID: Fx.julong.id, phase: .before, itemID: "b-pump", result: .ok, remark: "已到位"),
                Fx.ctx("巡查员", tickedAt, seq: 2))
        let open = Fx.round(id: "R-1", title: "三查", phase: .before, opened: opened,
                            phaseChanges: [.init(phase: .before, stamp: opened)],
                            ticks: [Tick(pointID: Fx.julong.id, phase: .before, itemID: "b-pump", result: .ok, remark: "已到位",
                                         stamp: Stamp(actor: "巡查员", at: tickedAt))])
        #expect(s.rounds.live == ["R-1": open])
        #expect(s.rounds.archived == [:])
        #expect(s.openRound == open)

        s.apply(.roundClosed(id: "R-1"), Fx.ctx("陈刚", closedAt, seq: 3))
        var closed = open
        closed.closed = Stamp(actor: "陈刚", at: closedAt)
        #expect(s.rounds.live == [:])
        #expect(s.rounds.archived == ["R-1": closed])
        #expect(s.rounds["R-1"] == closed)
        #expect(s.openRound == nil)
    }

    @Test func aDictionaryLiteralSortsValuesIntoTheirTiers() {
        let t: ArchivedTable<Alert> = [openRain.id: openRain, resolvedTyphoon.id: resolvedTyphoon, openFlood.id: openFlood]
        #expect(t.live == [openRain.id: openRain, openFlood.id: openFlood])
        #expect(t.archived == [resolvedTyphoon.id: resolvedTyphoon])
    }

    @Test func settingAValueThroughTheSubscriptPicksItsTier() {
        var t = ArchivedTable<Alert>()
        t[resolvedOld.id] = resolvedOld
        t[openFlood.id] = openFlood
        #expect(t.live == [openFlood.id: openFlood])
        #expect(t.archived == [resolvedOld.id: resolvedOld])

        t[openFlood.id]!.status = .resolved
        var nowResolved = openFlood
        nowResolved.status = .resolved
        #expect(t.live == [:])
        #expect(t.archived == [resolvedOld.id: resolvedOld, openFlood.id: nowResolved])

        t[resolvedOld.id] = nil
        #expect(t.archived == [openFlood.id: nowResolved])
        #expect(t.count == 1)
    }

    // MARK: - Both tiers

    @Test func valuesCountAndKeysCoverBothTiers() {
        let counter = LoadCounter()
        let t = table(counter)
        #expect(t.count == 4)
        #expect(Set(t.keys) == [openRain.id, openFlood.id, resolvedTyphoon.id, resolvedOld.id])
        #expect(t.keys.count == 4)
        #expect(Set(t.values) == [openRain, openFlood, resolvedTyphoon, resolvedOld])
        #expect(t.values.count == 4)
        #expect(t.isEmpty == false)
        #expect(counter.count == 1)

        #expect(ArchivedTable<Alert>().isEmpty)
        #expect(ArchivedTable<Alert>(live: [:], archived: Deferred(loading: { [:] })).isEmpty)
        let old = resolvedOld
        let onlyArchived = ArchivedTable<Alert>(live: [:], archived: Deferred(loading: { [old.id: old] }))
        #expect(onlyArchived.isEmpty == false)
        #expect(onlyArchived.count == 1)
    }

    // MARK: - The archive stays unread

    @Test func lookingUpALiveIDLeavesTheArchiveUnloaded() {
        let counter = LoadCounter()
        var t = table(counter)
        #expect(t[openRain.id] == openRain)
        #expect(t[openFlood.id] == openFlood)
        #expect(t.live == [openRain.id: openRain, openFlood.id: openFlood])
        // Changing a live value that stays live does not need the archive either.
        t[openFlood.id]!.status = .acknowledged
        var acknowledged = openFlood
        acknowledged.status = .acknowledged
        #expect(t[openFlood.id] == acknowledged)
        #expect(counter.count == 0)
        #expect(t.archiveIsLoaded == false)

        #expect(t[resolvedOld.id] == resolvedOld)
        #expect(counter.count == 1)
        #expect(t.archiveIsLoaded == true)
        #expect(t["no-such-alert"] == nil)
        #expect(counter.count == 1)
    }

    /// Keypresses on open alerts and the open round (the console's every minute) and the screen's
    /// queries must not decode a year of archives.
    @Test func foldingOpsOnLiveValuesLeavesTheArchivesUnloaded() {
        let alertsLoaded = LoadCounter(), roundsLoaded = LoadCounter(), callsLoaded = LoadCounter()
        let opened = Stamp(actor: "陈刚", at: Fx.at(2026, 6, 5, 2, 15))
        let openRound = Fx.round(id: "R-2", title: "三查", phase: .before, opened: opened, phaseChanges: [.init(phase: .before, stamp: opened)])
        var closedRound = Fx.round(id: "R-1", title: "旧", phase: .after, opened: opened, phaseChanges: [.init(phase: .after, stamp: opened)])
        closedRound.closed = opened
        var s = Fx.checklistState()
        s.alerts = ArchivedTable(live: [openRain.id: openRain, openFlood.id: openFlood],
                                 archived: Deferred(loading: alertsLoaded.loader([resolvedOld.id: resolvedOld])))
        s.rounds = ArchivedTable(live: ["R-2": openRound], archived: Deferred(loading: roundsLoaded.loader(["R-1": closedRound])))
        s.callLog = CallLog(deferred: Deferred(loading: callsLoaded.loader([])), count: 0)

        let t = Fx.at(2026, 6, 5, 3, 0)
        let ops: [Op] = [
            .alertAcknowledged(id: openFlood.id, note: "收到"),
            .alertHandling(id: openRain.id, note: ""),
            .alertNoted(id: openRain.id, text: "已封路"),
            .roundPhaseChanged(id: "R-2", phase: .during),
            .itemTicked(roundID: "R-2", pointID: Fx.julong.id, phase: .during, itemID: "d-depth", result: .problem, remark: "40cm"),
        ]
        for (i, op) in ops.enumerated() {
            #expect(s.refusal(op) == nil, "\(op)")
            s.apply(op, Fx.ctx("陈刚", t, seq: i + 1))
        }
        #expect(s.openAlertsByUrgency.map(\.id) == [openRain.id, openFlood.id])
        #expect(s.openAlertsByUrgency.map(\.status) == [.handling, .acknowledged])
        #expect(s.openRound?.id == "R-2")
        #expect(s.openRound?.ticks.count == 1)
        #expect([alertsLoaded.count, roundsLoaded.count, callsLoaded.count] == [0, 0, 0])
        #expect([s.alerts.archiveIsLoaded, s.rounds.archiveIsLoaded, s.callLog.isLoaded] == [false, false, false])

        // Resolving moves the alert into the archive without reading what the archive held.
        s.apply(.alertResolved(id: openFlood.id, note: "退水"), Fx.ctx("陈刚", t, seq: 9))
        #expect(alertsLoaded.count == 0)
        #expect(s.alerts[openFlood.id]?.status == .resolved)
        #expect(Set(s.alerts.archived.keys) == [resolvedOld.id, openFlood.id])
        #expect(alertsLoaded.count == 1)
        #expect([roundsLoaded.count, callsLoaded.count] == [0, 0])
    }

    /// A year's store: a new alert, a new round and a call are saved (and planned) knowing only
    /// the archives' ids and the call log's length, never their contents.
    @Test func newIDsAndCallsNeedOnlyTheArchivesIDs() throws {
        let alertsLoaded = LoadCounter(), roundsLoaded = LoadCounter(), callsLoaded = LoadCounter()
        let opened = Stamp(actor: "陈刚", at: Fx.at(2026, 6, 4, 2, 15))
        var closedRound = Fx.round(id: "R-20260605", title: "旧", phase: .after, opened: opened, phaseChanges: [.init(phase: .after, stamp: opened)])
        closedRound.closed = opened
        var s = Fx.contactsState()
        s.alerts = ArchivedTable(live: [openFlood.id: openFlood],
                                 archived: Deferred(loading: alertsLoaded.loader([resolvedOld.id: resolvedOld])),
                                 archivedIDs: Deferred(SortedIDs([resolvedOld.id])))
        s.rounds = ArchivedTable(live: [:], archived: Deferred(loading: roundsLoaded.loader([closedRound.id: closedRound])),
                                 archivedIDs: Deferred(SortedIDs([closedRound.id])))
        s.callLog = CallLog(deferred: Deferred(loading: callsLoaded.loader([])), count: 41)
        let now = Fx.at(2026, 6, 5, 3, 0)
        let planner = Planner(node: "room1", actor: "陈刚", now: now, calendar: .shanghai)
        let rain = AlertContent(id: "", source: "电话报告", kind: "暴雨", level: .orange, title: "暴雨", body: "", street: "海珠区")
        let contact = Fx.julongContact.id
        let ops = try planner.plan([.raise(rain), .logCall(contact: contact, role: .leader, outcome: .reached, note: "")], in: s)
        #expect(ops.map(\.name) == ["alertRaised", "roundOpened", "roundPhaseChanged", "callLogged"])
        #expect(ops.last == .callLogged(id: "C-room1-42-\(contact)-leader", contactID: contact, role: .leader, outcome: .reached, note: ""))
        // The day's first round id was taken by the closed one: the next is found from the ids.
        #expect(ops[1] == .roundOpened(id: "R-20260605-2", title: "暴雨橙色预警", phase: .before))
        for (i, op) in ops.enumerated() { s.apply(op, Fx.ctx("陈刚", now, seq: i + 1)) }
        // A note and a report on a resolved alert wait beside the archive until it is read.
        s.apply(.alertNoted(id: resolvedOld.id, text: "补记"), Fx.ctx("陈刚", now, seq: 10))
        s.apply(.alertReported(id: resolvedOld.id, stage: .final, note: "终报"), Fx.ctx("陈刚", now, seq: 11))
        #expect(s.callLog.count == 42)
        #expect([alertsLoaded.count, roundsLoaded.count, callsLoaded.count] == [0, 0, 0])
        #expect(s.alerts[resolvedOld.id]?.events.suffix(2).map(\.text) == ["补记", "终报"])
        #expect(s.alerts[resolvedOld.id]?.status == .resolved && alertsLoaded.count == 1)
        var eager = DutyState()
        eager.alerts = ArchivedTable(live: s.alerts.live, archived: Deferred(s.alerts.archived))
        #expect(eager.alerts == s.alerts)
        #expect(s.calls.count == 42 - 41 && callsLoaded.count == 1)
    }

    // MARK: - Equality

    @Test func tablesAreEqualHoweverTheArchiveIsHeld() {
        let counter = LoadCounter()
        let pending = table(counter)
        let loaded = ArchivedTable<Alert>(live: [openRain.id: openRain, openFlood.id: openFlood],
                                          archived: Deferred([resolvedTyphoon.id: resolvedTyphoon, resolvedOld.id: resolvedOld]))
        let literal: ArchivedTable<Alert> = [resolvedOld.id: resolvedOld, openRain.id: openRain,
                                             resolvedTyphoon.id: resolvedTyphoon, openFlood.id: openFlood]
        #expect(pending == loaded)
        #expect(literal == loaded)
        #expect(pending.hashValue == literal.hashValue)
        let old = resolvedOld
        let fewer = ArchivedTable<Alert>(live: [openRain.id: openRain, openFlood.id: openFlood],
                                         archived: Deferred(loading: { [old.id: old] }))
        #expect(fewer != loaded)
    }
}
}

/// The archive's ids are kept as bytes and searched by halving: every id is found, nothing else is.
@Suite struct SortedIDsTests {
    @Test func findsEveryIdAndNothingElse() {
        let ids = (0..<500).map { "A-2026\(String(format: "%04d", $0 * 7))-\($0 % 3 == 0 ? "南洲" : "x")" } + ["", "B", "A", "街道", "A-1"]
        let sorted = SortedIDs(ids.shuffled())
        #expect(sorted.count == ids.count)
        #expect(sorted.ids == SortedIDs.sorted(ids))
        for id in ids { #expect(sorted.contains(id), "\(id)") }
        for absent in ["A-20260001-x", "A-2", "C", "A-1 ", "街", "街道口", "A-20260000-南"] { #expect(!sorted.contains(absent), "\(absent)") }
        #expect(!SortedIDs([]).contains(""))
        #expect(SortedIDs([]).ids.isEmpty)
    }
}
