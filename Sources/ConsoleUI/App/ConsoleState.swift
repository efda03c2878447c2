import DutyCore

public enum Pane: String, CaseIterable, Hashable, Sendable {
    case overview, alerts, roster, checks, contacts, handover

    public var number: Int { Pane.allCases.firstIndex(of: self)! + 1 }
}

/// Settings the console takes from the store's config, passed in as values so ConsoleUI stays
/// free of the store.
public struct ConsoleSettings: Hashable, Sendable {
    public var calendar: LocalCalendar
    public var acknowledgeWithin: [AlertLevel: Int]
    public var bell: Bool
    /// Minutes before a handover when the next shift is reminded on screen.
    public var handoverReminderMinutes: Int

    public init(calendar: LocalCalendar, acknowledgeWithin: [AlertLevel: Int], bell: Bool, handoverReminderMinutes: Int = 30) {
        self.calendar = calendar
        self.acknowledgeWithin = acknowledgeWithin
        self.bell = bell
        self.handoverReminderMinutes = handoverReminderMinutes
    }
}

/// What the store last said about saving.
public enum SaveState: Hashable, Sendable {
    case saved
    case readOnly(String)
    case failed(String)
}

/// Everything the console shows, changed only by `update`.
public struct ConsoleState: Sendable {
    public var duty: DutyState {
        didSet { derive() }
    }
    public var now: Instant
    public var settings: ConsoleSettings
    public var language: Language
    public var actor: String
    public var pane: Pane = .overview
    public var save: SaveState = .saved
    /// Selected row in the alert queue (index into `queue`).
    public var selectedAlert = 0
    public var showHelp = false
    /// The header flashes until this moment after a new red or orange alert.
    public var flashUntil: Instant?
    /// Alerts already announced, so each new serious one rings once.
    public var announced: Set<String>
    /// A short line in the footer after an action ("已确认 A-…").
    public var notice: String?
    public var quitting = false
    /// Esc was pressed in an entry holding a draft: a second Esc throws it away, any other key
    /// goes on typing.
    public var confirmDiscard = false
    /// Each pane's own state (selection, filters, open entries), kept when switching panes.
    public var alertsPane = AlertsPaneState()
    public var rosterPane = RosterPaneState()
    public var checksPane = ChecksPaneState()
    public var contactsPane = ContactsPaneState()
    public var handoverPane = HandoverPaneState()

    public init(duty: DutyState, now: Instant, settings: ConsoleSettings, language: Language, actor: String) {
        self.duty = duty
        self.now = now
        self.settings = settings
        self.language = language
        self.actor = actor
        announced = Set(duty.alerts.live.keys)
        derive()
    }

    var words: Words { Words(lang: language) }
    var calendar: LocalCalendar { settings.calendar }

    /// The open alerts, most urgent first. Kept rather than computed: a keypress must not sort
    /// every open alert again (50,000 in the benchmark), and it changes only with `duty`.
    public private(set) var queue: [Alert] = []
    /// Warning signals in force (open weather-signal alerts), most severe first.
    public private(set) var signals: [Alert] = []
    /// Level and arrival of each unacknowledged alert: the header and the queue count these
    /// every second, and walking small values costs far less than walking whole alerts.
    private(set) var waiting: [Waiting] = []

    /// The open round's latest tick per item, and its progress per street in its current phase:
    /// a year of ticks is too many to walk on every keypress.
    public private(set) var roundTicks: [TickKey: Tick] = [:]
    public private(set) var roundProgress: [CheckProgress] = []

    /// The next handover and who comes on then; kept, and looked up again only when the store
    /// changes or the moment passes, since the header shows it every second.
    public private(set) var nextShift: NextShift?

    public struct NextShift: Hashable, Sendable {
        public let start: Instant
        public let slots: [DutySlot]
    }

    mutating func refreshNextShift() {
        nextShift = duty.nextShift(after: now, settings.calendar).map { NextShift(start: $0.start, slots: $0.slots) }
    }

    /// The people of the next shift while the reminder is due (from `handoverReminderMinutes`
    /// before their start), else nil.
    public var handoverReminder: NextShift? {
        guard let n = nextShift, n.start.seconds(since: now) <= Int64(settings.handoverReminderMinutes) * 60 else { return nil }
        return n
    }

    struct Waiting: Hashable, Sendable {
        let level: AlertLevel
        let received: Instant
    }

    private mutating func derive() {
        queue = duty.openAlertsByUrgency
        signals = queue.filter(WarningSignal.isSignal)
        waiting = queue.compactMap { $0.status == .new ? Waiting(level: $0.level, received: $0.received.at) : nil }
        refreshNextShift()
        if let round = duty.openRound {
            roundTicks = duty.latestTicks(round)
            roundProgress = duty.progress(of: round)
        } else {
            roundTicks = [:]
            roundProgress = []
        }
    }

    public var unacknowledgedCount: Int { waiting.count }

    public var overdueCount: Int {
        let limits = AlertLevel.allCases.map { settings.acknowledgeWithin[$0].map { Int64($0) * 60_000 } ?? .max }
        var n = 0
        for w in waiting where now.ms - w.received.ms >= limits[w.level.severityRank] { n += 1 }
        return n
    }

    public var selected: Alert? {
        let q = queue
        return q.isEmpty ? nil : q[min(selectedAlert, q.count - 1)]
    }

    /// Unacknowledged longer than the configured time for its level.
    public func isOverdue(_ a: Alert) -> Bool {
        a.status == .new && isOverdue(level: a.level, received: a.received.at)
    }

    func isOverdue(level: AlertLevel, received: Instant) -> Bool {
        guard let minutes = settings.acknowledgeWithin[level] else { return false }
        return now.seconds(since: received) >= Int64(minutes) * 60
    }
}
