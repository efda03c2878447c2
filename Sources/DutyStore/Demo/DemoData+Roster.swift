import DutyCore
import Foundation

/// The district duty room's roster: a day shift 08:30–17:30 and a night shift 17:30–次日08:30,
/// each with a leader on duty and two officers, plus technical support by day.
struct DutyRoster {
    enum Shift: String { case day = "D", night = "N" }

    struct Person {
        var name: String
        var phone: String
    }

    struct Crew {
        var leader: Person
        var officers: [Person]
        var technical: Person?
    }

    static let dayStart = LocalTime(hour: 8, minute: 30)!
    static let nightStart = LocalTime(hour: 17, minute: 30)!

    // The names of the night-shift story (night-shift.md) are in the pools so the demo reads like it.
    static let leaders: [Person] = [
        Person(name: "黎振邦", phone: DemoData.phone(1)),
        Person(name: "司徒建华", phone: DemoData.phone(3)),
        Person(name: "梁国栋", phone: DemoData.phone(6)),
        Person(name: "何少明", phone: DemoData.phone(7)),
        Person(name: "陈卫东", phone: DemoData.phone(8)),
        Person(name: "罗惠玲", phone: DemoData.phone(9)),
    ]

    static let officers: [Person] = [
        Person(name: "欧阳晓晴", phone: DemoData.phone(2)),
        Person(name: "冼嘉怡", phone: DemoData.phone(4)),
        Person(name: "郭子健", phone: DemoData.phone(10)),
        Person(name: "林晓燕", phone: DemoData.phone(11)),
        Person(name: "邓伟杰", phone: DemoData.phone(12)),
        Person(name: "钟丽华", phone: DemoData.phone(13)),
        Person(name: "潘俊豪", phone: DemoData.phone(14)),
        Person(name: "谭雪莹", phone: DemoData.phone(15)),
        Person(name: "黄梓轩", phone: DemoData.phone(16)),
        Person(name: "苏婉仪", phone: DemoData.phone(17)),
    ]

    static let technicians: [Person] = [
        Person(name: "麦志坚", phone: DemoData.phone(5)),
        Person(name: "区浩文", phone: DemoData.phone(18)),
        Person(name: "关振宇", phone: DemoData.phone(19)),
        Person(name: "叶思敏", phone: DemoData.phone(20)),
    ]

    let today: LocalDate
    let calendar: LocalCalendar

    /// Nobody has yet been found for the officers' posts of this night: the gap `check` should flag.
    var gap: (date: LocalDate, shift: Shift) { (today.adding(days: 3), .night) }

    var dates: [LocalDate] { (-7...7).map { today.adding(days: $0) } }

    /// Rotation keyed on the date itself, so a date has the same crew whatever day the demo is
    /// made; two leaders and four officers a day means nobody works a night and the next day.
    func crew(_ date: LocalDate, _ shift: Shift) -> Crew {
        let n = date.dayNumber
        let s = shift == .day ? 0 : 1
        let leader = Self.leaders[mod(2 * n + s, Self.leaders.count)]
        var officers = (0..<2).map { Self.officers[mod(4 * n + 2 * s + $0, Self.officers.count)] }
        if gap == (date, shift) { officers = [] }
        let technical = shift == .day ? Self.technicians[mod(n, Self.technicians.count)] : nil
        return Crew(leader: leader, officers: officers, technical: technical)
    }

    var slots: [DutySlot] {
        dates.flatMap { date in
            [Shift.day, .night].flatMap { shift -> [DutySlot] in
                let c = crew(date, shift)
                let (start, end) = shift == .day ? (Self.dayStart, Self.nightStart) : (Self.nightStart, Self.dayStart)
                var posts: [(DutyRole, Person)] = [(.leader, c.leader)]
                posts += c.officers.map { (.officer, $0) }
                if let t = c.technical { posts.append((.technical, t)) }
                return posts.enumerated().map { i, post in
                    DutySlot(id: "S-\(DemoData.compact(date))-\(shift.rawValue)-\(i + 1)",
                             date: date, start: start, end: end,
                             role: post.0, person: post.1.name, phone: post.1.phone)
                }
            }
        }
    }

    /// The shift that covers `t`: before 08:30 it is still the previous date's night.
    func shift(at t: Instant) -> (date: LocalDate, shift: Shift) {
        let date = calendar.localDate(t)
        let time = calendar.localTime(t)
        if time < Self.dayStart { return (date.adding(days: -1), .night) }
        return (date, time < Self.nightStart ? .day : .night)
    }

    func crew(at t: Instant) -> Crew {
        let s = shift(at: t)
        return crew(s.date, s.shift)
    }

    func leader(at t: Instant) -> String { crew(at: t).leader.name }

    /// The first officer takes the phone and the keyboard; the leader stands in if the post is empty.
    func officer(at t: Instant, second: Bool = false) -> String {
        let c = crew(at: t)
        guard !c.officers.isEmpty else { return c.leader.name }
        return c.officers[second ? c.officers.count - 1 : 0].name
    }

    private func mod(_ a: Int, _ m: Int) -> Int { ((a % m) + m) % m }
}
