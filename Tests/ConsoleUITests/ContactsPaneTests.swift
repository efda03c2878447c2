import ConsoleUI
import DutyCore
import DutyTestSupport
import Testing

/// 5 三防: golden screens, the live search and recording a call, through update and render.
@Suite struct ContactsPaneTests {
    static let tunnel = "南洲街/新滘中路—广州大道隧道"

    static func contacts(_ language: Language = .zh) -> ConsoleState {
        var s = Scene.state(language)
        #expect(update(&s, .key(.char("5"))) == [])
        #expect(s.pane == .contacts)
        return s
    }

    /// 冼 filters 南洲街 and goes to the tunnel's maintenance lead, who did not answer at 18:49.
    static func southTunnelMaintenance(_ language: Language = .zh) -> ConsoleState {
        var s = contacts(language)
        _ = update(&s, .key(.char("/")))
        typeIntoField(&s, "南洲")
        _ = update(&s, .key(.enter))
        _ = update(&s, .key(.right))
        _ = update(&s, .key(.char("l")))
        #expect(s.contactsPane.role == .maintenance)
        return s
    }

    // MARK: Golden screens

    @Test(arguments: [(Language.zh, "zh"), (.en, "en")])
    func contactsAt120x40(_ language: Language, _ tag: String) {
        golden.check(render(Self.southTunnelMaintenance(language), size: Scene.large), "contacts-120x40-\(tag)")
    }

    @Test func contactsAt80x24() {
        golden.check(render(Self.contacts(), size: Scene.small), "contacts-80x24-zh-all")
        var s = Self.southTunnelMaintenance()
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.char("n")))
        typeIntoField(&s, "再次无人接听")
        golden.check(render(s, size: Scene.small), "contacts-80x24-zh")
    }

    // MARK: Search

    @Test func searchingNanzhouNarrowsToNanzhouStreet() {
        var s = Self.contacts()
        let all = s.duty.contacts.count
        #expect(update(&s, .key(.char("/"))) == [])
        // Live: the table follows every key, before Enter.
        typeIntoField(&s, "南洲")
        let live = render(s, size: Scene.large)
        // The table starts on row 5 and now holds the five 南洲街 lines only.
        let rows = live.lines[5...].prefix { !$0.isEmpty }
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.contains("南洲街") })
        #expect(rows.first?.hasPrefix(">新滘中路—广州大道隧道") == true)
        #expect(live.lines[3].contains("筛选“南洲” 5 处"))
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.contactsPane.query == "南洲")
        #expect(s.notice == "“南洲”：5 处")
        // Esc clears the filter when no entry is open.
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.contactsPane.query == "")
        #expect(render(s, size: Scene.large).lines[3].contains("\(all) 处设施"))
    }

    @Test func searchFindsPeopleAndPhonesAndEscRestores() {
        var s = Self.contacts(.en)
        _ = update(&s, .key(.char("/")))
        // While searching, digits are text, not pane numbers.
        typeIntoField(&s, "0000 0202")
        #expect(s.pane == .contacts)
        #expect(render(s, size: Scene.large).text.contains("filter \"0000 0202\": 1"))
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.contactsPane.query == "" && s.contactsPane.search == nil)
        // Esc while searching brings back the search that was in force before `/`.
        _ = update(&s, .key(.char("/")))
        typeIntoField(&s, "南洲")
        _ = update(&s, .key(.enter))
        _ = update(&s, .key(.char("/")))
        typeIntoField(&s, "xyz")
        _ = update(&s, .key(.escape))
        #expect(s.contactsPane.query == "南洲")
        _ = update(&s, .key(.char("/")))
        typeIntoField(&s, "骆国平")
        _ = update(&s, .key(.enter))
        // The street leader answers for all five 南洲街 facilities.
        #expect(render(s, size: Scene.large).lines[3].contains("filter \"骆国平\": 5"))
        _ = update(&s, .key(.char("/")))
        typeIntoField(&s, "nowhere")
        _ = update(&s, .key(.enter))
        #expect(render(s, size: Scene.large).text.contains("Nothing matches \"nowhere\" (Esc clears the filter)"))
        #expect(update(&s, .key(.char("c"))) == [])
        #expect(s.contactsPane.call == nil)
    }

    // MARK: Calls

    @Test func aCallNotReachedWithANoteIsLoggedExactly() {
        var s = Self.southTunnelMaintenance()
        #expect(update(&s, .key(.char("c"))) == [])
        #expect(render(s, size: Scene.large).lines[38].hasPrefix("呼叫 "))
        // Only y, n and Esc answer the outcome prompt; q neither quits nor types.
        #expect(update(&s, .key(.char("q"))) == [])
        #expect(!s.quitting)
        #expect(update(&s, .key(.char("n"))) == [])
        typeIntoField(&s, "再次无人接听")
        let effects = update(&s, .key(.enter))
        #expect(effects == [.perform([.logCall(contact: Self.tunnel, role: .maintenance, outcome: .notReached, note: "再次无人接听")])])
        #expect(s.contactsPane.call == nil)
        #expect(s.awaitingSave?.notice == "已记录呼叫 \(s.duty.contacts[Self.tunnel]!.maintenance.name) 未接通")
    }

    @Test func aReachedCallMayHaveNoNoteAndShowsNextToThePerson() {
        var s = Self.contacts()
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.char("y")))
        let first = s.duty.contactsInOrder[0]
        let effects = update(&s, .key(.enter))
        #expect(effects == [.perform([.logCall(contact: first.id, role: .leader, outcome: .reached, note: "")])])
        // As the runtime does: write the op, hand back the state.
        var duty = s.duty
        duty.apply(.callLogged(id: "C-5-\(first.id)-leader", contactID: first.id, role: .leader, outcome: .reached, note: ""),
                   by: s.actor, seq: 1)
        _ = update(&s, .storeChanged(duty))
        let grid = render(s, size: Scene.large)
        #expect(grid.lines.contains { $0.hasPrefix("> 党政责任人   \(first.leader.name)   \(first.leader.phone)  21:37 已接通") })
        #expect(grid.lines[5].contains("\(first.leader.phone) 通"))
    }

    @Test func escCancelsACallAtEitherStep() {
        var s = Self.contacts()
        _ = update(&s, .key(.char("c")))
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.contactsPane.call == nil)
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.char("n")))
        typeIntoField(&s, "abc")
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.contactsPane.call != nil && s.confirmDiscard)
        #expect(update(&s, .key(.escape)) == [])
        #expect(s.contactsPane.call == nil && s.notice == "已取消")
    }

    @Test func rolesStopAtTheEnds() {
        var s = Self.contacts()
        _ = update(&s, .key(.left))
        #expect(s.contactsPane.role == .leader)
        for _ in 0..<5 { _ = update(&s, .key(.char("l"))) }
        #expect(s.contactsPane.role == .maintenance)
        for _ in 0..<100 { _ = update(&s, .key(.char("j"))) }
        #expect(s.contactsPane.selectedID == s.duty.contactsInOrder.last?.id)
    }

    /// The last call to each person, and how many they had, from one pass over the log.
    @Test func lastCallsPerPerson() {
        var duty = Scene.duty()
        let other = duty.contactsInOrder[0].id
        for (i, (id, role, outcome)) in [(Self.tunnel, ResponsibleRole.maintenance, CallOutcome.reached), (other, .maintenance, .notReached),
                                          (Self.tunnel, .leader, .notReached)].enumerated() {
            duty.apply(.callLogged(id: "T-\(i)", contactID: id, role: role, outcome: outcome, note: "n\(i)"),
                       OpContext(actor: "冼嘉怡", at: Scene.now.adding(seconds: Int64(i)), node: "t", seq: i))
        }
        let calls = duty.lastCalls()
        let maintenance = calls[ContactRoleKey(contactID: Self.tunnel, role: .maintenance)]
        #expect(maintenance?.count == 2 && maintenance?.last.id == "T-0" && maintenance?.last.outcome == .reached)
        #expect(calls[ContactRoleKey(contactID: Self.tunnel, role: .leader)]?.count == 2)
        #expect(calls[ContactRoleKey(contactID: other, role: .maintenance)]?.last.note == "n1")
        #expect(calls[ContactRoleKey(contactID: Self.tunnel, role: .technical)] == nil)
        // Every call is counted once.
        #expect(calls.values.reduce(0) { $0 + $1.count } == duty.calls.count)
    }
}
