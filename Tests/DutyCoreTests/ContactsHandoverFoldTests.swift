import Testing
@testable import DutyCore

struct ContactsFoldTests {
    @Test func contactsImported() {
        let at = Fx.at(2026, 6, 1, 10, 0)
        let after = DutyState().applying(
            .contactsImported(source: "三本台账.csv", contacts: [Fx.beishangangContact, Fx.julongContact]), Fx.ctx("王文书", at, seq: 3))
        var expected = DutyState()
        expected.contacts = [Fx.beishangangContact.id: Fx.beishangangContact, Fx.julongContact.id: Fx.julongContact]
        expected.imports = [.init(kind: "contacts", source: "三本台账.csv", count: 2, stamp: Stamp(actor: "王文书", at: at))]
        #expect(after == expected)
        #expect(Fx.beishangangContact.id == "官洲街/北山岗边坡")
    }

    @Test func reimportingALedgerLineReplacesIt() {
        let at = Fx.at(2026, 6, 2, 10, 0)
        var updated = Fx.julongContact
        updated.maintenance = ResponsiblePerson(name: "冯师傅", phone: "13900000033")
        let after = Fx.contactsState().applying(.contactsImported(source: "更新.csv", contacts: [updated]), Fx.ctx("王文书", at))
        var expected = DutyState()
        expected.contacts = [Fx.beishangangContact.id: Fx.beishangangContact, updated.id: updated]
        expected.imports = [.init(kind: "contacts", source: "更新.csv", count: 1, stamp: Stamp(actor: "王文书", at: at))]
        #expect(after == expected)
        #expect(DutyState().refusal(.contactsImported(source: "x", contacts: [])) == DomainError("no contacts in the file", zh: ""))
    }

    @Test func callLoggedCopiesThePersonAndPhoneOfTheRole() {
        let at = Fx.at(2026, 6, 5, 2, 25)
        let after = Fx.contactsState().applying(
            .callLogged(id: "call-1", contactID: Fx.beishangangContact.id, role: .technical, outcome: .reached, note: "已到现场查看坡面"),
            Fx.ctx("陈刚", at, seq: 30))
        var expected = Fx.contactsState()
        expected.calls = [
            CallEntry(id: "call-1", contactID: Fx.beishangangContact.id, role: .technical, person: "黄建国", phone: "13900000012",
                      outcome: .reached, note: "已到现场查看坡面", stamp: Stamp(actor: "陈刚", at: at))
        ]
        #expect(after == expected)
    }

    @Test func callsAppendAndKeepThePersonAsCalled() {
        let first = CallEntry(id: "call-1", contactID: Fx.julongContact.id, role: .leader, person: "何丽", phone: "13900000021",
                              outcome: .notReached, note: "无人接听", stamp: Stamp(actor: "陈刚", at: Fx.at(2026, 6, 5, 2, 26)))
        var s = Fx.contactsState()
        s.calls = [first]
        let at = Fx.at(2026, 6, 5, 2, 28)
        let after = s.applying(
            .callLogged(id: "call-2", contactID: Fx.julongContact.id, role: .maintenance, outcome: .reached, note: "已开泵"),
            Fx.ctx("陈刚", at, seq: 31))
        var expected = s
        expected.calls = [
            first,
            CallEntry(id: "call-2", contactID: Fx.julongContact.id, role: .maintenance, person: "梁叔", phone: "13900000023",
                      outcome: .reached, note: "已开泵", stamp: Stamp(actor: "陈刚", at: at)),
        ]
        #expect(after == expected)

        // A later ledger import does not rewrite who was called.
        var replaced = Fx.julongContact
        replaced.leader = ResponsiblePerson(name: "新书记", phone: "13900000099")
        let reimported = after.applying(.contactsImported(source: "新.csv", contacts: [replaced]), Fx.ctx("王文书", Fx.at(2026, 6, 5, 9, 0)))
        #expect(reimported.calls == expected.calls)
    }

    @Test func callToAnUnknownContactChangesNothing() {
        let s = Fx.contactsState()
        let op = Op.callLogged(id: "call-9", contactID: "nope", role: .leader, outcome: .reached, note: "")
        #expect(s.applying(op, Fx.ctx("陈刚", Fx.at(2026, 6, 5, 3, 0))) == s)
        #expect(s.refusal(op) == DomainError("no contact nope", zh: ""))
        #expect(s.refusal(.callLogged(id: "call-9", contactID: Fx.julongContact.id, role: .leader, outcome: .reached, note: "")) == nil)
    }
}

struct HandoverFoldTests {
    static let submittedAt = Fx.at(2026, 6, 6, 8, 20)
    let submitted = Stamp(actor: "陈刚", at: Self.submittedAt)
    let summary = "未结事项：暴雨红色预警（处置中）；聚龙大街水浸待回访"
    let note = "北山岗边坡有新裂缝，已通知技术负责人"

    var pending: Handover { Fx.handover(id: "ho-0606-am", summary: summary, note: note, submitted: submitted) }

    func state(_ handovers: Handover...) -> DutyState {
        var s = DutyState()
        s.handovers = handovers
        return s
    }

    @Test func handoverSubmitted() {
        let after = DutyState().applying(
            .handoverSubmitted(id: "ho-0606-am", summary: summary, note: note), Fx.ctx("陈刚", Self.submittedAt, seq: 40))
        #expect(after == state(pending))
        #expect(after.handovers.first?.status == .pending)
        #expect(after.pendingHandover == pending)
    }

    @Test func returnedThenAccepted() {
        let returnAt = Fx.at(2026, 6, 6, 8, 25)
        let returned = Handover.Reply(accepted: false, text: "漏了土华公园的巡查结果", stamp: Stamp(actor: "赵敏", at: returnAt))
        let afterReturn = state(pending).applying(
            .handoverAnswered(id: "ho-0606-am", accepted: false, text: "漏了土华公园的巡查结果"), Fx.ctx("赵敏", returnAt, node: "node-b", seq: 8))
        let expectedReturned = Fx.handover(id: "ho-0606-am", summary: summary, note: note, submitted: submitted, replies: [returned])
        #expect(afterReturn == state(expectedReturned))
        #expect(afterReturn.handovers[0].status == .returned)
        #expect(afterReturn.pendingHandover == expectedReturned)
        #expect(afterReturn.refusal(.handoverAnswered(id: "ho-0606-am", accepted: true, text: "")) == nil)

        let acceptAt = Fx.at(2026, 6, 6, 8, 40)
        let accepted = Handover.Reply(accepted: true, text: "已补充，签收", stamp: Stamp(actor: "赵敏", at: acceptAt))
        let afterAccept = afterReturn.applying(
            .handoverAnswered(id: "ho-0606-am", accepted: true, text: "已补充，签收"), Fx.ctx("赵敏", acceptAt, node: "node-b", seq: 9))
        let expectedAccepted = Fx.handover(
            id: "ho-0606-am", summary: summary, note: note, submitted: submitted, replies: [returned, accepted])
        #expect(afterAccept == state(expectedAccepted))
        #expect(afterAccept.handovers[0].status == .accepted)
        #expect(afterAccept.pendingHandover == nil)
    }

    @Test func validateRefusesAnsweringASignedHandover() {
        let signed = Fx.handover(id: "ho-0606-am", summary: summary, note: note, submitted: submitted, replies: [
            Handover.Reply(accepted: true, text: "签收", stamp: Stamp(actor: "赵敏", at: Fx.at(2026, 6, 6, 8, 30)))
        ])
        let s = state(signed)
        let alreadySigned = DomainError("handover ho-0606-am is already signed", zh: "")
        #expect(s.refusal(.handoverAnswered(id: "ho-0606-am", accepted: false, text: "再看看")) == alreadySigned)
        #expect(s.refusal(.handoverAnswered(id: "ho-0606-am", accepted: true, text: "")) == alreadySigned)
        #expect(s.refusal(.handoverAnswered(id: "nope", accepted: true, text: "")) == DomainError("no handover nope", zh: ""))
        #expect(s.refusal(.handoverSubmitted(id: "ho-0606-am", summary: "", note: "")) == DomainError("handover ho-0606-am already exists", zh: ""))
        #expect(s.refusal(.handoverSubmitted(id: "ho-0606-pm", summary: "", note: "")) == nil)
        #expect(state(pending).refusal(.handoverAnswered(id: "ho-0606-am", accepted: true, text: "")) == nil)
    }

    @Test func unknownOrDuplicateHandoverOpsChangeNothing() {
        let s = state(pending)
        let ctx = Fx.ctx("赵敏", Fx.at(2026, 6, 6, 9, 0))
        #expect(s.applying(.handoverAnswered(id: "nope", accepted: true, text: ""), ctx) == s)
        #expect(s.applying(.handoverSubmitted(id: "ho-0606-am", summary: "另一份", note: ""), ctx) == s)
    }

    @Test func pendingHandoverIsTheLastOneUnlessSigned() {
        #expect(DutyState().pendingHandover == nil)
        let signedEarlier = Fx.handover(
            id: "ho-0605-pm", summary: "无", note: "", submitted: Stamp(actor: "李华", at: Fx.at(2026, 6, 5, 17, 20)),
            replies: [.init(accepted: true, text: "", stamp: Stamp(actor: "陈刚", at: Fx.at(2026, 6, 5, 17, 35)))])
        #expect(state(signedEarlier, pending).pendingHandover == pending)
        #expect(state(pending, signedEarlier).pendingHandover == nil)
    }
}
