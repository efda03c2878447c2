import Synchronization

/// Warning levels, most severe first. White exists only for typhoon signals.
public enum AlertLevel: String, CaseIterable, Hashable, Sendable, Comparable {
    case red, orange, yellow, blue, white

    /// 0 is the most severe.
    public var severityRank: Int {
        switch self {
        case .red: 0
        case .orange: 1
        case .yellow: 2
        case .blue: 3
        case .white: 4
        }
    }

    public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.severityRank < b.severityRank }

    /// The written level (colour is never the only cue).
    public var chinese: String {
        switch self {
        case .red: "红"
        case .orange: "橙"
        case .yellow: "黄"
        case .blue: "蓝"
        case .white: "白"
        }
    }

    public var english: String { rawValue.capitalized }

    /// `red`, `RED`, `红`, `红色`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let l = AlertLevel(rawValue: t) {
            self = l
            return
        }
        switch t {
        case "红", "红色": self = .red
        case "橙", "橙色": self = .orange
        case "黄", "黄色": self = .yellow
        case "蓝", "蓝色": self = .blue
        case "白", "白色": self = .white
        default: return nil
        }
    }
}

public enum AlertStatus: String, CaseIterable, Hashable, Sendable {
    case new, acknowledged, handling, resolved

    /// Status only moves forward except by an explicit reopen; the rank makes that checkable.
    public var rank: Int {
        switch self {
        case .new: 0
        case .acknowledged: 1
        case .handling: 2
        case .resolved: 3
        }
    }

    public var chinese: String {
        switch self {
        case .new: "未确认"
        case .acknowledged: "已确认"
        case .handling: "处置中"
        case .resolved: "已解决"
        }
    }

    public var english: String {
        switch self {
        case .new: "New"
        case .acknowledged: "Acknowledged"
        case .handling: "Handling"
        case .resolved: "Resolved"
        }
    }
}

/// CAP's `status`: only actual alerts count; the others are shown as what they are.
public enum AlertReality: String, CaseIterable, Hashable, Sendable {
    case actual, test, exercise, draft, system

    public var chinese: String {
        switch self {
        case .actual: "实际"
        case .test: "测试"
        case .exercise: "演练"
        case .draft: "草稿"
        case .system: "系统"
        }
    }

    public var english: String { rawValue.capitalized }
}

/// One line of an alert's timeline.
public struct AlertEvent: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case raised, acknowledged, handling, resolved, reopened, note
        /// The publisher changed it (CAP Update): level, text or expiry; the text says what.
        case updated
        /// The publisher called it off (CAP Cancel, 解除).
        case lifted
        /// Reported upward (初报, 续报, 终报); see `ReportStage`.
        case initialReport, followUpReport, finalReport

        /// What happened, as the timeline says it: the screens and the duty log use the same words.
        public var chinese: String {
            switch self {
            case .raised: "接报"
            case .acknowledged: "确认"
            case .handling: "处置"
            case .resolved: "解决"
            case .reopened: "重开"
            case .note: "备注"
            case .updated: "更新"
            case .lifted: "解除"
            case .initialReport: "初报"
            case .followUpReport: "续报"
            case .finalReport: "终报"
            }
        }

        public var english: String {
            switch self {
            case .raised: "received"
            case .acknowledged: "acknowledged"
            case .handling: "handling"
            case .resolved: "resolved"
            case .reopened: "reopened"
            case .note: "note"
            case .updated: "updated"
            case .lifted: "lifted"
            case .initialReport: "first report"
            case .followUpReport: "follow-up report"
            case .finalReport: "final report"
            }
        }
    }

    public var stamp: Stamp
    public var text: String
    /// Where the change was made: the alert's timeline tells this console's own changes (saved,
    /// shared, seen by another) from the ones other consoles sent.
    public var origin: Origin {
        get { Origin(node: NodeNames.name(originNode), seq: Int(originSeq)) }
        set {
            originNode = NodeNames.number(newValue.node)
            originSeq = UInt32(clamping: newValue.seq)
        }
    }
    // Stored narrow and after the text so an event stays 48 bytes, as it was before it knew its
    // origin: a year holds hundreds of thousands, and a replay's peak memory is near its limit.
    // Four billion records is more than any console will ever write.
    private var originSeq: UInt32
    private var originNode: UInt16
    public var kind: Kind

    public init(kind: Kind, stamp: Stamp, text: String, origin: Origin) {
        self.kind = kind
        self.stamp = stamp
        self.text = text
        originNode = NodeNames.number(origin.node)
        originSeq = UInt32(clamping: origin.seq)
    }
}

/// Console names as small numbers, each name held once for the whole process: a district has
/// a few dozen consoles. The numbers are never written anywhere (snapshots write the names), so
/// two processes numbering them differently agree on every state.
enum NodeNames {
    private static let table = Mutex<(names: [String], numbers: [String: UInt16])>(([""], ["": 0]))

    static func number(_ name: String) -> UInt16 {
        table.withLock { t in
            if let n = t.numbers[name] { return n }
            // Past 65,535 names (never in a duty room) the rest share the last number.
            guard t.names.count <= Int(UInt16.max) else { return UInt16.max }
            let n = UInt16(t.names.count)
            t.names.append(name)
            t.numbers[name] = n
            return n
        }
    }

    static func name(_ number: UInt16) -> String {
        table.withLock { Int(number) < $0.names.count ? $0.names[Int(number)] : "" }
    }
}

/// The record that made a change: its console and sequence number.
public struct Origin: Hashable, Sendable {
    public var node: String
    public var seq: Int
    public init(node: String, seq: Int) {
        self.node = node
        self.seq = seq
    }
}

/// What an alert says when it is taken in; the lifecycle fields are added by the fold.
public struct AlertContent: Hashable, Sendable {
    public var id: String
    public var source: String
    public var kind: String
    public var level: AlertLevel
    public var title: String
    public var body: String
    public var street: String
    /// When the publisher sent it (nil for reports typed here).
    public var sent: Instant? {
        get { publisher?.value.sent }
        set { setPublisher { $0.sent = newValue } }
    }
    /// After this the alert is shown as expired.
    public var expires: Instant? {
        get { publisher?.value.expires }
        set { setPublisher { $0.expires = newValue } }
    }
    public var reality: AlertReality {
        get { publisher?.value.reality ?? .actual }
        set { setPublisher { $0.reality = newValue } }
    }
    /// The publisher's area lies wholly outside the district (区外; see `DistrictArea`): shown,
    /// listed after the district's, never counted.
    public var isOutside: Bool {
        get { publisher?.value.outside ?? false }
        set { setPublisher { $0.outside = newValue } }
    }

    /// What only a publisher's message carries, boxed: most alerts of a year are typed or phoned
    /// in and have none of it, and 50,000 alerts held inline with three more fields each cost a
    /// replay megabytes (every dictionary resize copies them all).
    private var publisher: Box<Publisher>?

    struct Publisher: Hashable, Sendable {
        var sent: Instant?
        var expires: Instant?
        var reality: AlertReality = .actual
        var outside = false
        var isEmpty: Bool { sent == nil && expires == nil && reality == .actual && !outside }
    }

    private mutating func setPublisher(_ change: (inout Publisher) -> Void) {
        var p = publisher?.value ?? Publisher()
        change(&p)
        publisher = p.isEmpty ? nil : Box(p)
    }

    public init(id: String, source: String, kind: String, level: AlertLevel, title: String, body: String, street: String,
                sent: Instant? = nil, expires: Instant? = nil, reality: AlertReality = .actual, outside: Bool = false) {
        self.id = id
        self.source = source
        self.kind = kind
        self.level = level
        self.title = title
        self.body = body
        self.street = street
        let p = Publisher(sent: sent, expires: expires, reality: reality, outside: outside)
        publisher = p.isEmpty ? nil : Box(p)
    }

    /// Test, exercise, draft and system messages are never counted as real.
    public var isReal: Bool { reality == .actual }

    /// Real and the district's: what the duty room counts, rings for, escalates, reports upward
    /// and opens 三查 rounds for. A drill is not real; an alert for another place is not ours.
    public var isCounted: Bool { isReal && !isOutside }

    /// The source of a report taken on the duty phone and typed in here (`n`).
    public static let phoneSource = "电话报告"
}

public struct Alert: Archivable {
    public var content: AlertContent
    public var received: Stamp
    public var status: AlertStatus
    /// Every acknowledgement is kept: two consoles acknowledging the same alert both count.
    public var acknowledgements: [Stamp]
    public var events: [AlertEvent]
    /// When the publisher lifted it (CAP Cancel); a lifted signal is no longer in force. Boxed
    /// for the same reason as the publisher's fields: few alerts are ever lifted.
    public var lifted: Stamp? {
        get { liftedBox?.value }
        set { liftedBox = newValue.map(Box.init) }
    }
    private var liftedBox: Box<Stamp>?

    public init(content: AlertContent, received: Stamp, origin: Origin) {
        self.content = content
        self.received = received
        status = .new
        acknowledgements = []
        events = [AlertEvent(kind: .raised, stamp: received, text: "", origin: origin)]
    }

    /// Every field given, for decoders that restore a saved alert.
    public init(content: AlertContent, received: Stamp, status: AlertStatus, acknowledgements: [Stamp], events: [AlertEvent],
                lifted: Stamp? = nil) {
        self.content = content
        self.received = received
        self.status = status
        self.acknowledgements = acknowledgements
        self.events = events
        self.lifted = lifted
    }

    public var id: String { content.id }
    public var level: AlertLevel { content.level }
    /// When the duty room was told of it: for a phone report the call, which is often typed in
    /// well after it (the call's time is its `sent`); for anything else when it came in. Its age
    /// and its reporting deadlines count from here: a 23:58 call typed at 02:02 is already late.
    public var toldAt: Instant {
        guard content.source == AlertContent.phoneSource, let called = content.sent else { return received.at }
        return min(called, received.at)
    }
    public var isOpen: Bool { status != .resolved }
    public var isArchived: Bool { status == .resolved }
    public var isLifted: Bool { lifted != nil }
    public func isExpired(at now: Instant) -> Bool { content.expires.map { $0 <= now } ?? false }
    /// When each report was made, first and last: several follow-ups may be sent.
    public func reports(_ stage: ReportStage) -> [Stamp] { events.filter { $0.kind == stage.eventKind }.map(\.stamp) }
    /// Everything someone wrote: notes, and the words given with a status change.
    public var notes: [AlertEvent] { events.filter { !$0.text.isEmpty } }
}

/// An immutable value on the heap: one pointer inline in the struct that holds it. Equal and
/// hashed by value, so the holder stays a plain value type.
final class Box<Value: Hashable & Sendable>: Hashable, Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: Box, b: Box) -> Bool { a === b || a.value == b.value }
    func hash(into h: inout Hasher) { h.combine(value) }
}
