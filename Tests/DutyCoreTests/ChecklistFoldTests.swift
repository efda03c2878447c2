import Testing
@testable import DutyCore

struct ChecklistFoldTests {
    static let openedAt = Fx.at(2026, 6, 5, 2, 15)
    let opened = Stamp(actor: "陈刚", at: Self.openedAt)
    let roundID = "rain-2026-06-05"
    let title = "6月5日暴雨红色预警 三查"

    /// Points and templates, plus an open round in the before-rain phase with the given ticks.
    func withOpenRound(ticks: [Tick] = []) -> DutyState {
        var s = Fx.checklistState()
        s.rounds[roundID] = Fx.round(
            id: roundID, title: title, phase: .before, opened: opened,
            phaseChanges: [.init(phase: .before, stamp: opened)], ticks: ticks)
        return s
    }

    func tick(_ point: HazardPoint, _ phase: CheckPhase, _ item: String, _ result: TickResult,
              _ remark: String = "", by actor: String = "南华西街巡查员", at: Instant) -> Tick {
        Tick(pointID: point.id, phase: phase, itemID: item, result: result, remark: remark, stamp: Stamp(actor: actor, at: at))
    }

    func tickOp(_ point: HazardPoint, _ phase: CheckPhase, _ item: String, _ result: TickResult = .ok, round: String? = nil) -> Op {
        .itemTicked(roundID: round ?? roundID, pointID: point.id, phase: phase, itemID: item, result: result, remark: "")
    }

    // MARK: - Rounds

    @Test func roundOpened() {
        let after = Fx.checklistState().applying(
            .roundOpened(id: roundID, title: title, phase: .before), Fx.ctx("陈刚", Self.openedAt, seq: 20))
        var expected = Fx.checklistState()
        expected.rounds = [
            roundID: Fx.round(id: roundID, title: title, phase: .before, opened: opened,
                              phaseChanges: [.init(phase: .before, stamp: opened)])
        ]
        #expect(after == expected)
        #expect(after.openRound?.id == roundID)
    }

    @Test func aSecondRoundIsRefusedWhileOneIsOpen() {
        let s = withOpenRound()
        #expect(s.refusal(.roundOpened(id: "rain-2", title: "台风", phase: .before)) == DomainError("round \(roundID) is still open", zh: ""))
        #expect(s.refusal(.roundOpened(id: roundID, title: "again", phase: .before)) == DomainError("round \(roundID) already exists", zh: ""))
        #expect(Fx.checklistState().refusal(.roundOpened(id: roundID, title: title, phase: .before)) == nil)

        var closed = s
        closed.rounds[roundID]!.closed = Stamp(actor: "陈刚", at: Fx.at(2026, 6, 5, 12, 0))
        #expect(closed.openRound == nil)
        #expect(closed.refusal(.roundOpened(id: "rain-2", title: "台风", phase: .before)) == nil)
    }

    @Test func openingAnExistingRoundChangesNothing() {
        let s = withOpenRound()
        #expect(s.applying(.roundOpened(id: roundID, title: "other", phase: .during), Fx.ctx("x", Fx.at(2026, 6, 5, 3, 0))) == s)
    }

    @Test func roundPhaseChanged() {
        let at = Fx.at(2026, 6, 5, 4, 0)
        let after = withOpenRound().applying(.roundPhaseChanged(id: roundID, phase: .during), Fx.ctx("陈刚", at, seq: 21))
        var expected = Fx.checklistState()
        expected.rounds[roundID] = Fx.round(
            id: roundID, title: title, phase: .during, opened: opened,
            phaseChanges: [.init(phase: .before, stamp: opened), .init(phase: .during, stamp: Stamp(actor: "陈刚", at: at))])
        #expect(after == expected)
    }

    @Test func roundClosed() {
        let t1 = tick(Fx.julong, .before, "b-drain", .ok, at: Fx.at(2026, 6, 5, 2, 30))
        let at = Fx.at(2026, 6, 5, 12, 0)
        let after = withOpenRound(ticks: [t1]).applying(.roundClosed(id: roundID), Fx.ctx("李华", at, seq: 22))
        var expected = Fx.checklistState()
        expected.rounds[roundID] = Fx.round(
            id: roundID, title: title, phase: .before, opened: opened, closed: Stamp(actor: "李华", at: at),
            phaseChanges: [.init(phase: .before, stamp: opened)], ticks: [t1])
        #expect(after == expected)
        #expect(after.openRound == nil)
    }

    @Test func aClosedRoundStaysClosed() {
        var s = withOpenRound()
        s.rounds[roundID]!.closed = Stamp(actor: "李华", at: Fx.at(2026, 6, 5, 12, 0))
        let ctx = Fx.ctx("赵敏", Fx.at(2026, 6, 5, 13, 0), node: "node-b", seq: 2)
        #expect(s.applying(.roundPhaseChanged(id: roundID, phase: .after), ctx) == s)
        #expect(s.applying(.roundClosed(id: roundID), ctx) == s)
        #expect(s.refusal(.roundPhaseChanged(id: roundID, phase: .after)) == DomainError("round \(roundID) is closed", zh: ""))
        #expect(s.refusal(.roundClosed(id: roundID)) == DomainError("round \(roundID) is closed", zh: ""))
        #expect(s.refusal(.roundClosed(id: "nope")) == DomainError("no round nope", zh: ""))
        #expect(s.refusal(.roundPhaseChanged(id: "nope", phase: .during)) == DomainError("no round nope", zh: ""))
    }

    @Test func openRoundIsTheLatestOpenedThatIsStillOpen() {
        var s = Fx.checklistState()
        let early = Stamp(actor: "a", at: Fx.at(2026, 6, 1, 8, 0))
        let late = Stamp(actor: "b", at: Fx.at(2026, 6, 5, 8, 0))
        s.rounds["old"] = Fx.round(id: "old", title: "旧", phase: .after, opened: early, phaseChanges: [.init(phase: .after, stamp: early)])
        s.rounds["new"] = Fx.round(id: "new", title: "新", phase: .before, opened: late, phaseChanges: [.init(phase: .before, stamp: late)])
        #expect(s.openRound?.id == "new")
        s.rounds["new"]!.closed = late
        #expect(s.openRound?.id == "old")
    }

    // MARK: - Ticks

    @Test func itemTickedAppends() {
        let first = tick(Fx.julong, .before, "b-drain", .ok, at: Fx.at(2026, 6, 5, 2, 30))
        let at = Fx.at(2026, 6, 5, 2, 45)
        let after = withOpenRound(ticks: [first]).applying(
            .itemTicked(roundID: roundID, pointID: Fx.julong.id, phase: .before, itemID: "b-pump", result: .problem, remark: "泵未到位"),
            Fx.ctx("南华西街巡查员", at, node: "node-c", seq: 5))
        let second = Tick(pointID: Fx.julong.id, phase: .before, itemID: "b-pump", result: .problem, remark: "泵未到位",
                          stamp: Stamp(actor: "南华西街巡查员", at: at))
        #expect(after == withOpenRound(ticks: [first, second]))
    }

    @Test func tickingTheSameItemAgainKeepsBothAndTheLatestCounts() {
        let problem = tick(Fx.julong, .before, "b-pump", .problem, "泵未到位", at: Fx.at(2026, 6, 5, 2, 45))
        let at = Fx.at(2026, 6, 5, 3, 10)
        let after = withOpenRound(ticks: [problem]).applying(
            .itemTicked(roundID: roundID, pointID: Fx.julong.id, phase: .before, itemID: "b-pump", result: .ok, remark: "泵已到位"),
            Fx.ctx("南华西街巡查员", at, seq: 6))
        let fixed = tick(Fx.julong, .before, "b-pump", .ok, "泵已到位", at: at)
        #expect(after == withOpenRound(ticks: [problem, fixed]))
        #expect(after.latestTicks(after.rounds[roundID]!) == [
            TickKey(pointID: Fx.julong.id, phase: .before, itemID: "b-pump"): fixed
        ])
    }

    @Test func tickForAnUnknownRoundChangesNothing() {
        let s = withOpenRound()
        #expect(s.applying(tickOp(Fx.julong, .before, "b-drain", round: "nope"), Fx.ctx("x", Fx.at(2026, 6, 5, 3, 0))) == s)
    }

    @Test func latestTicksTakesTheLatestPerPointPhaseAndItem() {
        let a = tick(Fx.julong, .before, "b-pump", .problem, at: Fx.at(2026, 6, 5, 2, 30))
        let b = tick(Fx.minzhu, .before, "b-pump", .ok, at: Fx.at(2026, 6, 5, 2, 31))
        let c = tick(Fx.julong, .during, "d-depth", .problem, "水深40厘米", at: Fx.at(2026, 6, 5, 4, 0))
        let d = tick(Fx.julong, .before, "b-pump", .ok, at: Fx.at(2026, 6, 5, 2, 50))
        let e = tick(Fx.julong, .before, "b-drain", .notApplicable, "无排水口", at: Fx.at(2026, 6, 5, 2, 55))
        let s = withOpenRound(ticks: [a, b, c, d, e])
        #expect(s.latestTicks(s.rounds[roundID]!) == [
            TickKey(pointID: Fx.julong.id, phase: .before, itemID: "b-pump"): d,
            TickKey(pointID: Fx.minzhu.id, phase: .before, itemID: "b-pump"): b,
            TickKey(pointID: Fx.julong.id, phase: .during, itemID: "d-depth"): c,
            TickKey(pointID: Fx.julong.id, phase: .before, itemID: "b-drain"): e,
        ])
    }

    // MARK: - Progress

    @Test func itemsAreFilteredByPointType() {
        let s = Fx.checklistState()
        #expect(s.items(for: Fx.julong, phase: .before).map(\.id) == ["b-drain", "b-pump", "b-sign"])
        #expect(s.items(for: Fx.beishangang, phase: .before).map(\.id) == ["b-drain", "b-slope", "b-sign"])
        #expect(s.items(for: Fx.tunnel, phase: .after).map(\.id) == ["a-damage", "a-reopen"])
        #expect(s.items(for: Fx.tuhua, phase: .after).map(\.id) == ["a-damage"])
        #expect(DutyState().items(for: Fx.tuhua, phase: .after) == [])
    }

    @Test func progressPerStreetInHaizhuOrder() {
        let ticks = [
            tick(Fx.julong, .before, "b-drain", .ok, at: Fx.at(2026, 6, 5, 2, 30)),
            tick(Fx.julong, .before, "b-pump", .problem, at: Fx.at(2026, 6, 5, 2, 31)),
            tick(Fx.julong, .before, "b-pump", .ok, at: Fx.at(2026, 6, 5, 2, 50)),  // fixed: no longer a problem
            tick(Fx.minzhu, .before, "b-sign", .problem, "围挡被风吹倒", at: Fx.at(2026, 6, 5, 2, 40)),
            tick(Fx.tunnel, .before, "b-sign", .notApplicable, "已有固定标志", by: "江海街巡查员", at: Fx.at(2026, 6, 5, 2, 35)),
            tick(Fx.beishangang, .before, "b-slope", .problem, "新裂缝", by: "官洲街巡查员", at: Fx.at(2026, 6, 5, 2, 36)),
            tick(Fx.beishangang, .during, "d-slope", .ok, by: "官洲街巡查员", at: Fx.at(2026, 6, 5, 4, 0)),
        ]
        let s = withOpenRound(ticks: ticks)
        let round = s.rounds[roundID]!
        // 南华西街 (8th), 江海街 (14th), 华洲街 (17th), 官洲街 (18th) in the district's order.
        #expect(s.progress(of: round) == [
            CheckProgress(street: "南华西街", done: 3, total: 6, problems: 1),
            CheckProgress(street: "江海街", done: 1, total: 3, problems: 0),
            CheckProgress(street: "华洲街", done: 0, total: 3, problems: 0),
            CheckProgress(street: "官洲街", done: 1, total: 3, problems: 1),
        ])
        #expect(s.progress(of: round, phase: .during) == [
            CheckProgress(street: "南华西街", done: 0, total: 4, problems: 0),
            CheckProgress(street: "江海街", done: 0, total: 2, problems: 0),
            CheckProgress(street: "华洲街", done: 0, total: 2, problems: 0),
            CheckProgress(street: "官洲街", done: 1, total: 2, problems: 0),
        ])
        #expect(s.progress(of: round, phase: .after) == [
            CheckProgress(street: "南华西街", done: 0, total: 2, problems: 0),
            CheckProgress(street: "江海街", done: 0, total: 2, problems: 0),
            CheckProgress(street: "华洲街", done: 0, total: 1, problems: 0),
            CheckProgress(street: "官洲街", done: 0, total: 1, problems: 0),
        ])
    }

    @Test func progressFollowsTheRoundPhase() {
        var s = withOpenRound(ticks: [tick(Fx.beishangang, .during, "d-slope", .problem, at: Fx.at(2026, 6, 5, 4, 0))])
        s.rounds[roundID]!.phase = .during
        #expect(s.progress(of: s.rounds[roundID]!).last == CheckProgress(street: "官洲街", done: 1, total: 2, problems: 1))
    }

    // MARK: - Validation of ticks

    @Test func validateRefusesTicksThatDoNotFit() {
        let s = withOpenRound()
        #expect(s.refusal(tickOp(Fx.julong, .before, "b-pump")) == nil)
        #expect(s.refusal(tickOp(Fx.julong, .during, "d-depth")) == nil)
        #expect(s.refusal(tickOp(Fx.julong, .before, "b-slope")) == DomainError("item b-slope does not apply to 聚龙大街", zh: ""))
        #expect(s.refusal(tickOp(Fx.tuhua, .before, "b-pump")) == DomainError("item b-pump does not apply to 土华公园", zh: ""))
        #expect(s.refusal(tickOp(Fx.julong, .before, "d-depth")) == DomainError("no item d-depth in the before checklist", zh: ""))
        #expect(s.refusal(tickOp(Fx.julong, .before, "zzz")) == DomainError("no item zzz in the before checklist", zh: ""))
        let stranger = HazardPoint(id: "nope", name: "不存在", type: .culvert, street: "赤岗街")
        #expect(s.refusal(tickOp(stranger, .before, "b-drain")) == DomainError("no hazard point nope", zh: ""))
        #expect(s.refusal(tickOp(Fx.julong, .before, "b-drain", round: "nope")) == DomainError("no round nope", zh: ""))

        var closed = s
        closed.rounds[roundID]!.closed = Stamp(actor: "李华", at: Fx.at(2026, 6, 5, 12, 0))
        #expect(closed.refusal(tickOp(Fx.julong, .before, "b-pump")) == DomainError("round \(roundID) is closed", zh: ""))
    }

    // MARK: - Imports

    @Test func hazardPointsImported() {
        let at = Fx.at(2026, 6, 1, 9, 0)
        var updated = Fx.julong
        updated.name = "聚龙大街（低洼段）"
        var s = DutyState()
        s.hazardPoints = [Fx.julong.id: Fx.julong, Fx.tuhua.id: Fx.tuhua]
        let after = s.applying(.hazardPointsImported(source: "隐患点.toml", points: [updated, Fx.tunnel]), Fx.ctx("王文书", at))
        var expected = DutyState()
        expected.hazardPoints = [updated.id: updated, Fx.tuhua.id: Fx.tuhua, Fx.tunnel.id: Fx.tunnel]
        expected.imports = [.init(kind: "hazard-points", source: "隐患点.toml", count: 2, stamp: Stamp(actor: "王文书", at: at))]
        #expect(after == expected)
        #expect(DutyState().refusal(.hazardPointsImported(source: "x", points: [])) == DomainError("no hazard points in the file", zh: ""))
    }

    @Test func checklistTemplatesImported() {
        let at = Fx.at(2026, 6, 1, 9, 5)
        var s = DutyState()
        s.templates = [.before: Fx.before, .after: Fx.after]
        let newBefore = ChecklistTemplate(phase: .before, items: [ChecklistItem(id: "b-new", text: "新检查项")])
        let after = s.applying(.checklistTemplatesImported(source: "三查.toml", templates: [newBefore, Fx.during]), Fx.ctx("王文书", at))
        var expected = DutyState()
        expected.templates = [.before: newBefore, .during: Fx.during, .after: Fx.after]
        expected.imports = [.init(kind: "checklists", source: "三查.toml", count: 2, stamp: Stamp(actor: "王文书", at: at))]
        #expect(after == expected)
        #expect(DutyState().refusal(.checklistTemplatesImported(source: "x", templates: []))
            == DomainError("no checklist templates in the file", zh: ""))
    }

    @Test func parsingHazardTypesAndPhases() {
        #expect(HazardType(parsing: "地灾点") == .geohazard)
        #expect(HazardType(parsing: "Tunnel") == .tunnel)
        #expect(HazardType(parsing: "易涝点") == .waterlogging)
        #expect(HazardType(parsing: "水库") == nil)
        #expect(CheckPhase(parsing: "雨中") == .during)
        #expect(CheckPhase(parsing: "AFTER") == .after)
        #expect(CheckPhase(parsing: "雨后复查") == .after)
        #expect(CheckPhase(parsing: "雨季") == nil)
        #expect(Haizhu.canonicalStreet("南华西") == "南华西街")
        #expect(Haizhu.canonicalStreet(" 官洲街 ") == "官洲街")
        #expect(Haizhu.canonicalStreet("越秀") == nil)
    }
}

/// Reports list streets as the district plan does, not by the characters' code points.
@Suite struct DistrictOrderTests {
    @Test func streetsComeInTheDistrictsOrderAndUnknownOnesLast() {
        let given = ["南洲街", "赤岗街", "官洲街", "某街", "华洲街", "海珠区"]
        #expect(Haizhu.inDistrictOrder(given, street: \.self) == ["赤岗街", "南洲街", "华洲街", "官洲街", "某街", "海珠区"])
        #expect(given.sorted() != Haizhu.inDistrictOrder(given, street: \.self))
    }
}
