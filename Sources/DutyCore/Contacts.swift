public struct ResponsiblePerson: Hashable, Sendable {
    public var name: String
    public var phone: String
    public init(name: String, phone: String) {
        self.name = name
        self.phone = phone
    }
}

/// The three posts of 三本台账.
public enum ResponsibleRole: String, CaseIterable, Hashable, Sendable {
    case leader, technical, maintenance

    public var chinese: String {
        switch self {
        case .leader: "党政责任人"
        case .technical: "技术负责人"
        case .maintenance: "管护负责人"
        }
    }

    public var english: String {
        switch self {
        case .leader: "Leader responsible"
        case .technical: "Technical lead"
        case .maintenance: "Maintenance lead"
        }
    }
}

/// One line of the flood-control responsibility ledger (三本台账).
public struct FloodContact: Hashable, Sendable {
    public var id: String
    public var facility: String
    public var type: String
    public var street: String
    public var leader: ResponsiblePerson
    public var technical: ResponsiblePerson
    public var maintenance: ResponsiblePerson

    public init(id: String, facility: String, type: String, street: String,
                leader: ResponsiblePerson, technical: ResponsiblePerson, maintenance: ResponsiblePerson) {
        self.id = id
        self.facility = facility
        self.type = type
        self.street = street
        self.leader = leader
        self.technical = technical
        self.maintenance = maintenance
    }

    public func person(_ role: ResponsibleRole) -> ResponsiblePerson {
        switch role {
        case .leader: leader
        case .technical: technical
        case .maintenance: maintenance
        }
    }

    /// A contact is the same ledger line when facility and street match, whatever sheet it came from.
    public static func makeID(facility: String, street: String) -> String { "\(street)/\(facility)" }
}

public enum CallOutcome: String, CaseIterable, Hashable, Sendable {
    case reached, notReached = "not-reached"

    public var chinese: String { self == .reached ? "已接通" : "未接通" }
    public var english: String { self == .reached ? "Reached" : "Not reached" }
}

public struct CallEntry: Hashable, Sendable {
    public var id: String
    public var contactID: String
    public var role: ResponsibleRole
    public var person: String
    public var phone: String
    public var outcome: CallOutcome
    public var note: String
    public var stamp: Stamp

    public init(id: String, contactID: String, role: ResponsibleRole, person: String, phone: String,
                outcome: CallOutcome, note: String, stamp: Stamp) {
        self.id = id
        self.contactID = contactID
        self.role = role
        self.person = person
        self.phone = phone
        self.outcome = outcome
        self.note = note
        self.stamp = stamp
    }
}
