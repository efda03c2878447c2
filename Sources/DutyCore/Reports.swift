/// The reports an alert owes upward: 初报 (first report), 续报 (follow-ups), 终报 (final).
public enum ReportStage: String, CaseIterable, Hashable, Sendable {
    case initial, followUp, final

    public var chinese: String {
        switch self {
        case .initial: "初报"
        case .followUp: "续报"
        case .final: "终报"
        }
    }

    public var english: String {
        switch self {
        case .initial: "first report"
        case .followUp: "follow-up report"
        case .final: "final report"
        }
    }

    /// The timeline entry that records this report.
    public var eventKind: AlertEvent.Kind {
        switch self {
        case .initial: .initialReport
        case .followUp: .followUpReport
        case .final: .finalReport
        }
    }
}

/// Minutes after an alert is received by which each report is due. Jurisdictions differ, so these
/// come from config.toml; the defaults follow the district plan's 30-minute phone report for
/// orange and above.
public struct ReportDeadlines: Hashable, Sendable {
    public static let defaults: [AlertLevel: ReportDeadlines] = [
        .red: ReportDeadlines(initial: 30, followUp: 120, final: 1440),
        .orange: ReportDeadlines(initial: 30, followUp: 120, final: 1440),
        .yellow: ReportDeadlines(initial: 60, followUp: 240, final: 2880),
        .blue: ReportDeadlines(initial: 120, followUp: 480, final: 2880),
        .white: ReportDeadlines(initial: 120, followUp: 480, final: 2880),
    ]

    public var initial: Int   // 初报
    public var followUp: Int  // 续报
    public var final: Int     // 终报

    public init(initial: Int, followUp: Int, final: Int) {
        self.initial = initial
        self.followUp = followUp
        self.final = final
    }

    public func minutes(_ stage: ReportStage) -> Int {
        switch stage {
        case .initial: initial
        case .followUp: followUp
        case .final: final
        }
    }
}

