import Testing
@testable import DutyCore

/// The words said aloud of an alert (`speech = true`, `duty-watch say`), for each kind of alert.
@Suite struct SpokenWarningTests {
    static func alert(_ level: AlertLevel, kind: String = "内涝", street: String = "南华西街", title: String,
                      source: String = AlertContent.phoneSource, reality: AlertReality = .actual) -> Alert {
        let c = AlertContent(id: "A-1", source: source, kind: kind, level: level, title: title, body: "车辆无法通行", street: street, reality: reality)
        return Alert(content: c, received: Stamp(actor: "冼嘉怡", at: Fx.june5Handover), origin: Fx.origin(1))
    }

    @Test func aRedPhoneReportIsItsLevelStreetAndTitle() {
        let a = Self.alert(.red, title: "聚龙大街积水过膝")
        #expect(SpokenWarning.text(for: a, language: .zh) == "红色预警，南华西街，聚龙大街积水过膝")
        #expect(SpokenWarning.text(for: a, language: .en) == "Red warning, 南华西街, 聚龙大街积水过膝")
        #expect(SpokenWarning.isSpoken(a))
    }

    /// The body is never read out: the title says what it is, the screen says the rest.
    @Test func anEscalationSaysFirstThatItWaits() {
        let a = Self.alert(.orange, street: "官洲街", title: "北山岗边坡落石")
        #expect(SpokenWarning.text(for: a, language: .zh, overdue: true) == "逾期未确认，橙色预警，官洲街，北山岗边坡落石")
        #expect(SpokenWarning.text(for: a, language: .en, overdue: true) == "Overdue, not acknowledged, Orange warning, 官洲街, 北山岗边坡落石")
    }

    /// A signal for the whole district names the district, unless its headline does already.
    @Test func aSignalForTheWholeDistrict() {
        let named = Self.alert(.orange, kind: "暴雨", street: "海珠区", title: "海珠区暴雨橙色预警信号", source: "广州市气象台")
        #expect(SpokenWarning.text(for: named, language: .zh) == "橙色预警，海珠区暴雨橙色预警信号")
        let unnamed = Self.alert(.red, kind: "台风", street: "海珠区", title: "台风红色预警信号", source: "广州市气象台")
        #expect(SpokenWarning.text(for: unnamed, language: .zh) == "红色预警，海珠区，台风红色预警信号")
    }

    @Test func aTitleNamingItsStreetSaysItOnce() {
        let a = Self.alert(.red, street: "南华西街", title: "南华西街聚龙大街积水过膝")
        #expect(SpokenWarning.text(for: a, language: .zh) == "红色预警，南华西街聚龙大街积水过膝")
    }

    /// Lesser levels and drills are never spoken by the console; `say` still renders them, and
    /// then a drill says what it is first, so nobody checking the file takes it for real.
    @Test func lesserLevelsAndDrillsAreNotSpokenButHaveWords() {
        let yellow = Self.alert(.yellow, title: "滨江路树木倒伏")
        #expect(!SpokenWarning.isSpoken(yellow))
        #expect(SpokenWarning.text(for: yellow, language: .zh) == "黄色预警，南华西街，滨江路树木倒伏")
        #expect(!SpokenWarning.isSpoken(Self.alert(.blue, title: "x")))
        #expect(!SpokenWarning.isSpoken(Self.alert(.white, title: "x")))
        let drill = Self.alert(.red, kind: "火灾", street: "琶洲街", title: "会展中心消防演练", reality: .exercise)
        #expect(!SpokenWarning.isSpoken(drill))
        #expect(SpokenWarning.text(for: drill, language: .zh) == "演练，红色预警，琶洲街，会展中心消防演练")
        #expect(SpokenWarning.text(for: drill, language: .en) == "Exercise, Red warning, 琶洲街, 会展中心消防演练")
        #expect(!SpokenWarning.isSpoken(Self.alert(.orange, title: "x", reality: .test)))
    }

    /// Text from outside reaches the speech program without controls: a line break or an ESC in
    /// a CAP headline becomes a pause, never a caret form read out letter by letter.
    @Test func controlsInATitleAreDropped() {
        let a = Self.alert(.red, title: "\u{1B}[31m隧道\n  积水\u{7}\t ")
        #expect(SpokenWarning.text(for: a, language: .zh) == "红色预警，南华西街，[31m隧道 积水")
        #expect(SpokenWarning.text(for: Self.alert(.red, title: "  "), language: .zh) == "红色预警，南华西街")
    }
}
