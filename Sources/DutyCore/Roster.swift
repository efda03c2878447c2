/// A post on the duty roster. The three usual posts have fixed names; anything else an office
/// writes in its sheet (e.g. 联勤值守) is kept as written.
public struct DutyRole: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public init(_ name: String) { self.name = name }

    public static let leader = DutyRole("带班领导")
    public static let officer = DutyRole("值班员")
    public static let technical = DutyRole("技术保障")

    /// Chinese names and the English words a sheet may use instead.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "": return nil
        case "带班领导", "带班", "leader", "leader on duty", "lead": self = .leader
        case "值班员", "值班", "officer", "duty officer": self = .officer
        case "技术保障", "technical", "tech", "technical support": self = .technical
        default: self.init(t)
        }
    }

    public var englishName: String {
        switch self {
        case .leader: "Leader on duty"
        case .officer: "Duty officer"
        case .technical: "Technical support"
        default: name
        }
    }

    /// Leaders first, then officers, then the rest, for display.
    public var rank: Int {
        switch self {
        case .leader: 0
        case .officer: 1
        case .technical: 2
        default: 3
        }
    }

    public var description: String { name }
}

/// One of the people a slot was given to at the same time on different consoles.
public struct SlotClaim: Hashable, Sendable {
    public var person: String
    public var phone: String
    public var stamp: Stamp
    public init(person: String, phone: String, stamp: Stamp) {
        self.person = person
        self.phone = phone
        self.stamp = stamp
    }
}

/// One person on one post for one shift. A shift whose end is not after its start ends the next day
/// (the night shift 17:30→08:30).
public struct DutySlot: Hashable, Sendable {
    public var id: String
    public var date: LocalDate
    public var start: LocalTime
    public var end: LocalTime
    public var role: DutyRole
    public var person: String
    public var phone: String

    public init(id: String, date: LocalDate, start: LocalTime, end: LocalTime, role: DutyRole, person: String, phone: String) {
        self.id = id
        self.date = date
        self.start = start
        self.end = end
        self.role = role
        self.person = person
        self.phone = phone
    }

    public var endsNextDay: Bool { end <= start }
    public var endDate: LocalDate { endsNextDay ? date.adding(days: 1) : date }

    public func startInstant(_ cal: LocalCalendar) -> Instant { cal.instant(date, start) }
    public func endInstant(_ cal: LocalCalendar) -> Instant { cal.instant(endDate, end) }
    public func covers(_ t: Instant, _ cal: LocalCalendar) -> Bool {
        startInstant(cal) <= t && t < endInstant(cal)
    }
}

/// Why and by whom a slot was changed after the roster was imported.
public struct RosterChange: Hashable, Sendable {
    public var slotIDs: [String]
    public var what: String
    public var reason: String
    public var by: Stamp

    public init(slotIDs: [String], what: String, reason: String, by: Stamp) {
        self.slotIDs = slotIDs
        self.what = what
        self.reason = reason
        self.by = by
    }
}
