import Testing
@testable import DutyCore

/// The surfaces write a shift and an age differently; each form has its own name, and these are
/// the differences the names stand for.
struct DutyWordsTests {
    let night = DutySlot(id: "2026-06-05/night/officer", date: Fx.june5, start: Fx.time(17, 30), end: Fx.time(8, 30),
                         role: .officer, person: "郑毅", phone: "13800000018")
    let zh = DutyWords(lang: .zh), en = DutyWords(lang: .en)

    @Test func aNightShiftIsWrittenInEachSurfacesForm() {
        #expect(zh.shift(night) == "17:30–次日08:30")
        #expect(zh.shiftSpelledOut(night) == "17:30–次日08:30")
        #expect(en.shift(night) == "17:30–08:30+1")
        #expect(en.shiftSpelledOut(night) == "17:30–08:30 (+1 day)")
        #expect(zh.shift(night, seenFrom: Fx.june5.adding(days: 1)) == "5日17:30–08:30")
        #expect(en.shift(night, seenFrom: Fx.june5) == "17:30–+1 08:30")
    }

    @Test func anAgePastTwoDaysIsInDaysUnlessHoursAreAskedFor() {
        let threeDays: Int64 = 3 * 86_400 + 5 * 60
        #expect(zh.age(seconds: threeDays) == "3天")
        #expect(en.age(seconds: threeDays) == "3d")
        #expect(zh.hoursAndMinutes(seconds: threeDays) == "72时5分")
        #expect(en.hoursAndMinutes(seconds: threeDays) == "72h05m")
        #expect(en.age(seconds: 4 * 3600 + 25 * 60) == en.hoursAndMinutes(seconds: 4 * 3600 + 25 * 60))
    }

    @Test func aRealityIsMarkedInCapitalsOnlyWhereItMustStandOut() {
        #expect(en.reality(.exercise) == "Exercise")
        #expect(en.realityMark(.exercise) == "EXERCISE")
        #expect(zh.realityMark(.exercise) == "演练")
    }
}
