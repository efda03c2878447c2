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

    public init(calendar: LocalCalendar, acknowledgeWithin: [AlertLevel: Int], bell: Bool) {
        self.calendar = calendar
        self.acknowledgeWithin = acknowledgeWithin
        self.bell = bell
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
    public var duty: DutyState
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
    }

    var words: Words { Words(lang: language) }
    var calendar: LocalCalendar { settings.calendar }

    /// The open alerts, most urgent first.
    public var queue: [Alert] { duty.openAlertsByUrgency }

    public var selected: Alert? {
        let q = queue
        return q.isEmpty ? nil : q[min(selectedAlert, q.count - 1)]
    }

    /// Unacknowledged longer than the configured time for its level.
    public func isOverdue(_ a: Alert) -> Bool {
        guard a.status == .new, let minutes = settings.acknowledgeWithin[a.level] else { return false }
        return now.seconds(since: a.received.at) >= Int64(minutes) * 60
    }

    /// Warning signals in force (open weather-signal alerts), most severe first.
    public var signals: [Alert] {
        duty.alerts.live.values.filter(WarningSignal.isSignal).sorted(by: Alert.urgencyOrder)
    }
}
