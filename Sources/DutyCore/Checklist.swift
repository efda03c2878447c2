public enum HazardType: String, CaseIterable, Hashable, Sendable {
    case geohazard, waterlogging, tunnel, culvert, underground

    public var chinese: String {
        switch self {
        case .geohazard: "地质灾害隐患点"
        case .waterlogging: "内涝点"
        case .tunnel: "隧道"
        case .culvert: "涵洞"
        case .underground: "地下工程"
        }
    }

    public var english: String {
        switch self {
        case .geohazard: "geohazard point"
        case .waterlogging: "waterlogging point"
        case .tunnel: "tunnel"
        case .culvert: "culvert"
        case .underground: "underground works"
        }
    }

    /// The key itself, the Chinese name, or a short Chinese form used in sheets.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = HazardType(rawValue: t.lowercased()) {
            self = v
            return
        }
        switch t {
        case "地质灾害隐患点", "地灾点", "地质灾害点", "地质灾害", "geohazard point": self = .geohazard
        case "内涝点", "易涝点", "水浸点", "低洼点", "waterlogging point": self = .waterlogging
        case "隧道", "下穿隧道", "车行隧道": self = .tunnel
        case "涵洞", "下穿涵洞", "桥涵": self = .culvert
        case "地下工程", "地下工程工地", "在建地下工程", "underground works": self = .underground
        default: return nil
        }
    }
}

public struct HazardPoint: Hashable, Sendable {
    public var id: String
    public var name: String
    public var type: HazardType
    public var street: String

    public init(id: String, name: String, type: HazardType, street: String) {
        self.id = id
        self.name = name
        self.type = type
        self.street = street
    }
}

/// The three checks of 三查, in the order a rain event goes through them.
public enum CheckPhase: String, CaseIterable, Hashable, Sendable {
    case before, during, after

    public var chinese: String {
        switch self {
        case .before: "雨前排查"
        case .during: "雨中巡查"
        case .after: "雨后复查"
        }
    }

    public var shortChinese: String {
        switch self {
        case .before: "雨前"
        case .during: "雨中"
        case .after: "雨后"
        }
    }

    public var english: String {
        switch self {
        case .before: "Before rain"
        case .during: "During rain"
        case .after: "After rain"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = CheckPhase(rawValue: t.lowercased()) {
            self = v
            return
        }
        switch t {
        case "雨前排查", "雨前": self = .before
        case "雨中巡查", "雨中": self = .during
        case "雨后复查", "雨后": self = .after
        default: return nil
        }
    }
}

public struct ChecklistItem: Hashable, Sendable {
    public var id: String
    public var text: String
    /// Empty means the item applies to every type of hazard point.
    public var appliesTo: [HazardType]

    public init(id: String, text: String, appliesTo: [HazardType] = []) {
        self.id = id
        self.text = text
        self.appliesTo = appliesTo
    }

    public func applies(to type: HazardType) -> Bool { appliesTo.isEmpty || appliesTo.contains(type) }
}

public struct ChecklistTemplate: Hashable, Sendable {
    public var phase: CheckPhase
    public var items: [ChecklistItem]

    public init(phase: CheckPhase, items: [ChecklistItem]) {
        self.phase = phase
        self.items = items
    }
}

public enum TickResult: String, CaseIterable, Hashable, Sendable {
    case ok, problem, notApplicable = "na"

    public var chinese: String {
        switch self {
        case .ok: "正常"
        case .problem: "有问题"
        case .notApplicable: "不适用"
        }
    }

    public var english: String {
        switch self {
        case .ok: "OK"
        case .problem: "Problem"
        case .notApplicable: "N/A"
        }
    }
}

public struct Tick: Hashable, Sendable {
    public var pointID: String
    public var phase: CheckPhase
    public var itemID: String
    public var result: TickResult
    public var remark: String
    public var stamp: Stamp

    public init(pointID: String, phase: CheckPhase, itemID: String, result: TickResult, remark: String, stamp: Stamp) {
        self.pointID = pointID
        self.phase = phase
        self.itemID = itemID
        self.result = result
        self.remark = remark
        self.stamp = stamp
    }
}

/// One rain event's inspection: opened (typically by a warning), moved through the phases, closed.
public struct ChecklistRound: Archivable {
    public var id: String
    public var title: String
    /// What the round is about, without a phase: rounds opened before this was kept apart end
    /// their title with the phase they opened in (`暴雨黄色预警 雨前排查`), which reads wrong
    /// once the round has moved on to 雨中巡查. Shown beside the current phase.
    public var subject: String {
        for p in CheckPhase.allCases where title.hasSuffix(" " + p.chinese) { return String(title.dropLast(p.chinese.count + 1)) }
        return title
    }
    public var phase: CheckPhase
    public var opened: Stamp
    public var closed: Stamp?
    public var phaseChanges: [PhaseChange]
    /// Every tick in fold order; the latest tick per (point, phase, item) is the item's state.
    public var ticks: [Tick] {
        get { tickStore.value }
        _modify { yield &tickStore.value }
    }
    /// A year's open round holds thousands of ticks, and most commands that open the store never
    /// look at them: from a snapshot they are decoded when first read.
    private var tickStore: Deferred<[Tick]>

    public struct PhaseChange: Hashable, Sendable {
        public var phase: CheckPhase
        public var stamp: Stamp
        public init(phase: CheckPhase, stamp: Stamp) {
            self.phase = phase
            self.stamp = stamp
        }
    }

    public init(id: String, title: String, phase: CheckPhase, opened: Stamp) {
        self.id = id
        self.title = title
        self.phase = phase
        self.opened = opened
        closed = nil
        phaseChanges = [PhaseChange(phase: phase, stamp: opened)]
        tickStore = Deferred([])
    }

    /// Whether the ticks have been decoded (tests of the snapshot's lazy parts).
    public var ticksLoaded: Bool { tickStore.isLoaded }

    /// The round's ticks, to be decoded when first read.
    public mutating func setTicks(_ ticks: Deferred<[Tick]>) { tickStore = ticks }

    public var isOpen: Bool { closed == nil }
    public var isArchived: Bool { closed != nil }
}

/// Done and total items of one street in one phase of a round.
public struct CheckProgress: Hashable, Sendable {
    public var street: String
    public var done: Int
    public var total: Int
    public var problems: Int

    public init(street: String, done: Int, total: Int, problems: Int) {
        self.street = street
        self.done = done
        self.total = total
        self.problems = problems
    }

    /// The streets' progress added up: the whole round's (no street of its own).
    public static func sum(_ parts: [CheckProgress]) -> CheckProgress {
        parts.reduce(CheckProgress(street: "", done: 0, total: 0, problems: 0)) {
            CheckProgress(street: "", done: $0.done + $1.done, total: $0.total + $1.total, problems: $0.problems + $1.problems)
        }
    }
}
