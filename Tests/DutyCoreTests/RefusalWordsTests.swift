import Testing
@testable import DutyCore

/// A Chinese duty officer reads every refusal in Chinese, an English one in English.
@Suite struct RefusalWordsTests {
    /// Ops refused by a state that holds nothing: each refusal's Chinese is Chinese, and says the
    /// same id as its English.
    @Test func everyRefusalIsSaidInBothLanguages() {
        let s = DutyState()
        let refused: [Op] = [
            .rosterImported(source: "r.csv", slots: []),
            .slotReassigned(slotID: "S-9", person: "某人", phone: "", reason: "x"),
            .slotRemoved(slotID: "S-9", reason: "x"),
            .hazardPointsImported(source: "h.toml", points: []),
            .checklistTemplatesImported(source: "k.toml", templates: []),
            .contactsImported(source: "c.csv", contacts: []),
            .alertAcknowledged(id: "A-9", note: ""),
            .alertResolved(id: "A-9", note: ""),
            .alertNoted(id: "A-9", text: "x"),
            .roundClosed(id: "R-9"),
            .handoverAnswered(id: "H-9", accepted: true, text: ""),
        ]
        for op in refused {
            do {
                try s.validate(op)
                Issue.record("\(op) was not refused")
            } catch {
                let zh = error.text(.zh), en = error.text(.en)
                #expect(en == error.message)
                #expect(zh != en, "\(op): \(zh)")
                #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(op): \(zh)")
                for id in ["S-9", "A-9", "R-9", "H-9"] where en.contains(id) { #expect(zh.contains(id), "\(zh)") }
            }
        }
    }

    @Test func aStatusRefusalNamesTheStatusInChinese() {
        var s = DutyState()
        let content = AlertContent(id: "A-1", source: "电话", kind: "内涝", level: .orange, title: "积水", body: "", street: "南华西街")
        s.apply(.alertRaised(content), Fx.ctx("值班员", Fx.june5Handover))
        s.apply(.alertAcknowledged(id: "A-1", note: ""), Fx.ctx("值班员", Fx.june5Handover, seq: 2))
        #expect(throws: DomainError("alert A-1 is already acknowledged", zh: "")) { try s.validate(.alertAcknowledged(id: "A-1", note: "")) }
        do {
            try s.validate(.alertAcknowledged(id: "A-1", note: ""))
        } catch {
            #expect(error.text(.zh) == "警情 A-1 已是“已确认”")
        }
    }
}
