import Testing
@testable import DutyCore

/// 三查 rounds follow rainstorm and typhoon signals: `roundOps(since:at:calendar:)`.
@Suite struct RoundSignalTests {
    let now = ISO8601.parse("2026-06-01T08:00:00+08:00")!
    var ctx: OpContext { Fx.ctx("inbox", now) }

    func signal(_ id: String, _ kind: String, _ level: AlertLevel, reality: AlertReality = .actual, expires: Instant? = nil) -> Op {
        .alertRaised(AlertContent(id: id, source: "气象台", kind: kind, level: level, title: "\(kind)\(level.chinese)色预警", body: "",
                                  street: "海珠区", expires: expires, reality: reality))
    }

    /// The round ops after `op`, applied, so the next step starts from them.
    func step(_ s: inout DutyState, _ op: Op) -> [Op] {
        let before = s
        s.apply(op, ctx)
        let ops = s.roundOps(since: before, at: now, calendar: .shanghai)
        for o in ops { s.apply(o, ctx) }
        return ops
    }

    @Test func yellowRainstormOpensOrangeMovesOnLiftingEnds() {
        var s = DutyState()
        #expect(step(&s, signal("S1", "暴雨", .yellow)) == [.roundOpened(id: "R-20260601", title: "暴雨黄色预警", phase: .before)])
        var up = s.alerts["S1"]!.content
        up.level = .orange
        #expect(step(&s, .alertUpdated(up, note: "黄色→橙色", via: "S1b")) == [.roundPhaseChanged(id: "R-20260601", phase: .during)])
        // A second signal in force: lifting one of them is not the end of the rain.
        #expect(step(&s, signal("S2", "台风", .blue)) == [])
        #expect(step(&s, .alertLifted(id: "S1", note: "解除", via: "S1c")) == [])
        #expect(step(&s, .alertLifted(id: "S2", note: "解除")) == [.roundPhaseChanged(id: "R-20260601", phase: .after)])
        // Nothing more to do once the round is in 雨后复查.
        #expect(step(&s, signal("S3", "暴雨", .blue)) == [])
    }

    @Test func orangeWithNoRoundOpensAndMovesToDuringAtOnce() {
        var s = DutyState()
        #expect(step(&s, signal("T1", "台风", .orange)) == [
            .roundOpened(id: "R-20260601", title: "台风橙色预警", phase: .before),
            .roundPhaseChanged(id: "R-20260601", phase: .during),
        ])
        #expect(s.openRound?.phase == .during)
    }

    @Test func aSecondRoundOnOneDayGetsASuffix() {
        var s = DutyState()
        _ = step(&s, signal("S1", "暴雨", .yellow))
        s.apply(.roundClosed(id: "R-20260601"), ctx)
        #expect(step(&s, signal("S2", "暴雨", .red)) == [
            .roundOpened(id: "R-20260601-2", title: "暴雨红色预警", phase: .before),
            .roundPhaseChanged(id: "R-20260601-2", phase: .during),
        ])
    }

    @Test func onlyRealRainSignalsOfYellowOrHigherCount() {
        var s = DutyState()
        #expect(step(&s, signal("A", "暴雨", .red, reality: .exercise)) == [])
        #expect(step(&s, signal("B", "暴雨", .red, reality: .test)) == [])
        #expect(step(&s, signal("C", "台风", .blue)) == [])
        #expect(step(&s, signal("D", "高温", .red)) == [])
        #expect(step(&s, signal("E", "雷雨大风", .orange)) == [])
        #expect(step(&s, signal("F", "暴雨", .red, expires: now.adding(minutes: -1))) == [])
        #expect(s.openRound == nil)
    }

    @Test func aRoundOpenedByHandIsLeftAloneUntilASignalChanges() {
        var s = DutyState()
        s.apply(.roundOpened(id: "R-hand", title: "手动", phase: .during), ctx)
        #expect(step(&s, .alertRaised(AlertContent(id: "X", source: "电话", kind: "内涝", level: .red, title: "积水", body: "", street: "南洲街"))) == [])
        #expect(step(&s, signal("S1", "暴雨", .orange)) == [])
        #expect(s.openRound?.id == "R-hand" && s.openRound?.phase == .during)
    }

    @Test func aliasesRecordWhichMessageReachedWhichAlert() {
        var s = DutyState()
        s.apply(signal("A", "暴雨", .yellow), ctx)
        var c = s.alerts["A"]!.content
        c.level = .orange
        s.apply(.alertUpdated(c, note: "黄色→橙色", via: "B"), ctx)
        s.apply(.alertLifted(id: "A", note: "解除", via: "C"), ctx)
        #expect(s.alertAliases == ["B": "A", "C": "A"])
        #expect(s.alertID(reachedBy: "A") == "A" && s.alertID(reachedBy: "C") == "A" && s.alertID(reachedBy: "Z") == nil)
        #expect(s.refusal(.alertUpdated(c, note: "", via: "B")) == DomainError("message B was already taken in", zh: ""))
        #expect(s.refusal(.alertRaised(AlertContent(id: "B", source: "", kind: "", level: .blue, title: "t", body: "", street: "")))
            == DomainError("message B was already taken in", zh: ""))
        // An update typed here (no message) adds no alias.
        s.apply(.alertUpdated(c, note: "人工更正"), ctx)
        #expect(s.alertAliases.count == 2)
    }
}
