import DutyCore

public enum Pane: String, CaseIterable, Hashable, Sendable {
    case overview, alerts, roster, checks, contacts, handover, map

    public var number: Int { Pane.allCases.firstIndex(of: self)! + 1 }
}

/// Settings the console takes from the store's config, passed in as values so ConsoleUI stays
/// free of the store.
public struct ConsoleSettings: Hashable, Sendable {
    public var calendar: LocalCalendar
    public var acknowledgeWithin: [AlertLevel: Int]
    public var bell: Bool
    /// Say each new real red or orange alert aloud, and again once when it becomes overdue
    /// (config.toml `speech`; off at start when no speech program is there).
    public var speech: Bool
    /// Minutes after receipt by which 初报, 续报 and 终报 are due, per level (config.toml).
    public var deadlines: [AlertLevel: ReportDeadlines]
    /// Minutes before a handover when the next shift is reminded on screen.
    public var handoverReminderMinutes: Int
    /// This console's name: in every id it gives out, so no two consoles give out the same.
    public var node: String

    public init(calendar: LocalCalendar, acknowledgeWithin: [AlertLevel: Int], bell: Bool,
                deadlines: [AlertLevel: ReportDeadlines] = ReportDeadlines.defaults, handoverReminderMinutes: Int = 30,
                node: String = "console", speech: Bool = false) {
        self.node = node
        self.speech = speech
        self.calendar = calendar
        self.acknowledgeWithin = acknowledgeWithin
        self.bell = bell
        self.deadlines = deadlines
        self.handoverReminderMinutes = handoverReminderMinutes
    }
}

/// Alerts resolved since a moment, newest first, each as its row, with the resolved alerts they
/// were found in: the same storage means the same alerts, so the list holds until it changes.
struct RecentlyResolved: Sendable {
    let archive: ArchivedTable<Alert>
    let since: Instant
    let rows: [QueueRow]
    /// When each row's alert was resolved, newest first: the list shrinks from its end as the
    /// days pass, with no walk of the alerts.
    let resolvedAt: [Instant]

    static func since(_ now: Instant) -> Instant { now.adding(seconds: -Int64(AlertsPane.resolvedDays) * 86_400) }

    init(_ duty: DutyState, since: Instant, deadlines: [AlertLevel: ReportDeadlines]) {
        archive = duty.alerts
        self.since = since
        let alerts = duty.resolvedAlerts(since: since)
        rows = alerts.map { .single($0, deadlines: deadlines) }
        resolvedAt = alerts.map(\.resolvedAt)
    }

    func rows(since: Instant) -> ArraySlice<QueueRow> {
        rows.prefix(resolvedAt.prefix { $0 >= since }.count)
    }
}

/// Parts of what the call log says, with the log they were found in: the same storage means the
/// same calls. Each part is filled in when the pane that shows it is on screen.
struct KeptCallLog: Sendable {
    let log: CallLog
    var last: [ContactRoleKey: (last: CallEntry, count: Int)]?
    var today: (date: LocalDate, count: Int)?
    var notReached: (since: Instant, calls: [CallEntry])?

    init(log: CallLog) { self.log = log }

    static func count(_ calls: [CallEntry], on day: LocalDate, _ calendar: LocalCalendar) -> Int {
        let midnight = calendar.instant(day, LocalTime(hour: 0, minute: 0)!)
        let next = calendar.instant(day.adding(days: 1), LocalTime(hour: 0, minute: 0)!)
        return calls.reduce(0) { $0 + ($1.stamp.at >= midnight && $1.stamp.at < next ? 1 : 0) }
    }
}

/// Everything the console shows, changed only by `update`.
public struct ConsoleState: Sendable {
    /// Changed only with the view worked out from it (`adopt`), so the two always agree.
    public private(set) var duty: DutyState
    public var now: Instant
    public var settings: ConsoleSettings
    public var language: Language
    public var actor: String
    public var pane: Pane = .overview
    public var save: SaveState = .saved
    public var share: ShareState = .none
    /// Nil when the console works alone.
    public var progress: ShareProgress?
    /// The queue's selected row, shared by the overview and the alerts pane.
    public var selection = QueueSelection()
    public var showHelp = false
    /// Files the inbox refused (newest first), those someone at this console has looked at
    /// (`!`), and whether the list is open: `拒收 N` stays in the header until they are seen.
    public var refused: [RefusedFile] = []
    public var refusedSeen: Set<RefusedFile> = []
    public var showRefused = false
    /// The header flashes until this moment after a new red or orange alert.
    public var flashUntil: Instant?
    /// Alerts already announced, so each new serious one rings (and is spoken) once.
    public var announced: Set<String>
    /// A short line in the footer after an action ("已确认 A-…").
    public var notice: String?
    /// A save under way: its notice waits for the outcome.
    public var awaitingSave: AwaitingSave?
    public var quitting = false
    /// Esc was pressed in an entry holding a draft: a second Esc throws it away, any other key
    /// goes on typing.
    public var confirmDiscard = false
    /// A question in the footer waiting for `y` (quitting, resolving, a whole group).
    public var question: Question?
    /// `u`: choosing who is at the console.
    public var personPicker: PersonPicker?
    /// Each pane's own state (selection, filters, open entries), kept when switching panes.
    public var alertsPane = AlertsPaneState()
    public var rosterPane = RosterPaneState()
    public var checksPane = ChecksPaneState()
    public var contactsPane = ContactsPaneState()
    public var handoverPane = HandoverPaneState()
    public var mapPane = MapPaneState()
    /// Groups of alike alerts listed member by member (by `AlertGroup.key`); shared by the
    /// overview and the alerts pane, so a group opened on one is open on the other.
    public var openGroups: Set<String> = [] {
        didSet { rows = view.rows(open: openGroups) }
    }
    /// `p`: the report being recorded on an alert (overview and alerts pane).
    public var reportEntry: ReportEntry?
    /// `r`: the outcome of the alert (or group) being resolved (overview and alerts pane).
    public var resolveEntry: ResolveEntry?
    /// The one-line entry of the queue that is open (a report's note or an outcome), drawn at the foot.
    var queueEditor: LineEditor? { reportEntry?.editor ?? resolveEntry?.editor }
    /// `n`: the duty-phone record being typed (overview and alerts pane).
    public var phoneForm: PhoneForm?
    /// Alerts that already rang for being overdue: each rings once.
    public private(set) var escalated: Set<String> = []
    /// `v`'s list while it is shown, kept by `keepRecentlyResolved`.
    private(set) var recentlyResolved: RecentlyResolved?
    /// What the contacts or the handover pane shows of the call log while it is shown, kept by
    /// `keepCallLog`.
    private(set) var keptCallLog: KeptCallLog?

    public init(duty: DutyState, now: Instant, settings: ConsoleSettings, language: Language, actor: String) {
        self.duty = duty
        self.now = now
        self.settings = settings
        self.language = language
        self.actor = actor
        announced = Set(duty.alerts.live.keys)
        view = QueueView(duty: duty, settings: settings)
        adopt(duty, view: view)
        // What is already overdue when the console opens shows in the header, but does not ring:
        // like `announced`, the bell is for what happens while someone is watching.
        _ = escalate()
    }

    var words: DutyWords { DutyWords(lang: language) }
    var calendar: LocalCalendar { settings.calendar }
    /// What panes plan with, to refuse at once what the store would refuse when it plans again.
    var planner: Planner {
        Planner(node: settings.node, actor: actor, now: now, calendar: calendar, language: language)
    }

    /// How a list writes its moments: bare times while all are today; once one is not, every
    /// one with its date (`06-04 23:10`), so a column stays a column, and how many cells more
    /// that takes. A night shift's list at 02:00 holds yesterday's 23:00.
    func listClock(_ times: some Sequence<Instant>) -> (write: (Instant) -> String, extra: Int) {
        let today = calendar.localDate(now)
        let cal = calendar
        guard times.contains(where: { cal.localDate($0) != today }) else { return ({ cal.localTime($0).description }, 0) }
        return ({ "\(cal.localDate($0).monthDay) \(cal.localTime($0))" }, 6)
    }

    /// `18:49` today, `06-04 18:49` on another day: how every pane writes a moment.
    func when(_ t: Instant) -> String {
        let time = calendar.localTime(t).description
        let d = calendar.localDate(t)
        return d == calendar.localDate(now) ? time : d.monthDay + " " + time
    }

    /// Worked out from `duty` (and kept: a keypress must not sort every open alert again).
    public private(set) var view: QueueView
    /// The open alerts, most urgent first, the district's real ones before tests and exercises,
    /// and those for other places last.
    public var queue: [Alert] { view.queue }
    var groups: [AlertGroup] { view.groups }
    /// The queue as listed: one row per alert or group, members under open groups.
    public private(set) var rows: [QueueRow] = []
    /// Real open alerts of the district, and the others shown but never counted: tests,
    /// exercises and drafts, and alerts for other places (区外).
    public var realOpenCount: Int { view.realOpenCount }
    public var notRealCount: Int { view.notRealCount }
    public var outsideCount: Int { view.outsideCount }
    /// Level and arrival of each unacknowledged real alert: the header and the queue count these
    /// every second, and walking small values costs far less than walking whole alerts.
    private(set) var waiting: [Waiting] = []

    /// Warning signals in force: open, real, neither lifted nor expired, most severe first, one
    /// per kind (two publishers' rainstorm signals are one fact to the room: the graver counts).
    /// Computed: expiry is a matter of time.
    public var signals: [Alert] {
        view.signalsByKind.compactMap { $0.first { !$0.isExpired(at: now) } }.sorted(by: WarningSignal.shownBefore)
    }

    /// The open round's latest tick per item, and its progress per street in its current phase:
    /// a year of ticks is too many to walk on every keypress.
    public var roundTicks: [TickKey: Tick] { view.roundTicks }
    public var roundProgress: [CheckProgress] { view.roundProgress }

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
        let id: String
        let level: AlertLevel
        let received: Instant
        /// A lifted or expired alert is no longer in force: it is not escalated.
        let lifted: Bool
        let expires: Instant?
        var rang: Bool

        func inForce(at now: Instant) -> Bool { !lifted && !(expires.map { $0 <= now } ?? false) }
    }

    /// A report upward an open real alert owes, small: the header counts the late ones every second.
    struct OwedReport: Hashable, Sendable {
        let due: Instant
        let lifted: Bool
        let expires: Instant?

        func isLate(at now: Instant) -> Bool { now >= due && !lifted && !(expires.map { $0 <= now } ?? false) }
    }

    /// Takes a new state with the view worked out from it (here, or beside the key loop).
    public mutating func adopt(_ duty: DutyState, view: QueueView) {
        self.duty = duty
        self.view = view
        rows = view.rows(open: openGroups)
        // Once acknowledged an alert never waits again (reopening makes it acknowledged).
        var rang: Set<String> = []
        waiting = view.waiting
        if !escalated.isEmpty {
            for i in waiting.indices where escalated.contains(waiting[i].id) {
                waiting[i].rang = true
                rang.insert(waiting[i].id)
            }
        }
        escalated = rang
        let limits = overdueLimits
        overdueCount = waiting.count { isOverdue($0, limits) }
        refreshNextShift()
    }

    /// Refused inbox files nobody at this console has looked at yet.
    public var unseenRefusedCount: Int { refused.count { !refusedSeen.contains($0) } }

    /// Expired and lifted alerts are no longer in force: nobody waits on them.
    public var unacknowledgedCount: Int { waiting.count { $0.inForce(at: now) } }

    /// Reports upward whose deadline has passed, on alerts still in force.
    public var lateReportCount: Int { view.owedReports.count { $0.isLate(at: now) } }

    /// Unacknowledged real alerts past their time, counted when the clock or the store moves
    /// (`escalate`), not on every frame: the header and the queue both show it.
    public private(set) var overdueCount = 0

    private var overdueLimits: [Int64] {
        AlertLevel.allCases.map { settings.acknowledgeWithin[$0].map { Int64($0) * 60_000 } ?? .max }
    }

    private func isOverdue(_ w: Waiting, _ limits: [Int64]) -> Bool {
        now.ms - w.received.ms >= limits[w.level.severityRank] && w.inForce(at: now)
    }

    /// Marks the alerts that have just become overdue and gives their ids, so the caller rings
    /// (and speaks) once for each. Runs every second: it walks only the small values of
    /// unacknowledged alerts.
    mutating func escalate() -> [String] {
        let limits = overdueLimits
        var fresh: [String] = []
        var count = 0
        for i in waiting.indices where isOverdue(waiting[i], limits) {
            count += 1
            guard !waiting[i].rang else { continue }
            waiting[i].rang = true
            escalated.insert(waiting[i].id)
            fresh.append(waiting[i].id)
        }
        overdueCount = count
        return fresh
    }

    /// Keeps `v`'s list of recently resolved alerts while the alerts pane shows it: worked out
    /// when it is turned on and again only when the resolved alerts change, never per key or
    /// per second. Finding them walks every resolved alert of the store (50,000 in a busy year,
    /// decoded from the snapshot on first use): done for every list the pane asked for, several
    /// a key and a frame a second, it cost 55–140 ms a key and a fifth of a core while idle.
    mutating func keepRecentlyResolved() {
        guard alertsPane.showResolved else {
            recentlyResolved = nil
            return
        }
        let since = RecentlyResolved.since(now)
        if let kept = recentlyResolved, kept.archive.archiveIsSame(as: duty.alerts), kept.since <= since { return }
        recentlyResolved = RecentlyResolved(duty, since: since, deadlines: settings.deadlines)
    }

    /// `v`'s rows: the alerts resolved in the last `AlertsPane.resolvedDays` days, newest first.
    var recentlyResolvedRows: ArraySlice<QueueRow> {
        let since = RecentlyResolved.since(now)
        guard let kept = recentlyResolved, kept.archive.archiveIsSame(as: duty.alerts), kept.since <= since else {
            // A state that did not come through `update`: worked out here, the slow way.
            return ArraySlice(RecentlyResolved(duty, since: since, deadlines: settings.deadlines).rows)
        }
        return kept.rows(since: since)
    }

    /// Keeps what the contacts and handover panes show of the call log while one of them is
    /// shown: worked out again only when the log changes (or the day, or the shift), not every
    /// second. A busy year logs 30,000 calls, and walking them for each frame cost those panes
    /// 7–20 ms a second while nobody touched them.
    mutating func keepCallLog() {
        guard pane == .contacts || pane == .handover else {
            keptCallLog = nil
            return
        }
        var kept = keptCallLog.flatMap { $0.log.isSame(as: duty.callLog) ? $0 : nil } ?? KeptCallLog(log: duty.callLog)
        if pane == .contacts {
            if kept.last == nil { kept.last = duty.lastCalls() }
            let today = calendar.localDate(now)
            if kept.today?.date != today { kept.today = (today, KeptCallLog.count(duty.calls, on: today, calendar)) }
        } else {
            let since = HandoverView.shiftStart(self)
            // Kept from an earlier start holds every call of a later one: the list is only cut.
            if (kept.notReached.map { $0.since > since }) ?? true { kept.notReached = (since, duty.callsNotReached(since: since)) }
        }
        keptCallLog = kept
    }

    private var keptCallLogHolds: KeptCallLog? {
        keptCallLog.flatMap { $0.log.isSame(as: duty.callLog) ? $0 : nil }
    }

    /// The last call to each person of the ledger, with how many they had.
    var lastCalls: [ContactRoleKey: (last: CallEntry, count: Int)] { keptCallLogHolds?.last ?? duty.lastCalls() }

    /// Calls made today.
    var callsToday: Int {
        let today = calendar.localDate(now)
        if let kept = keptCallLogHolds?.today, kept.date == today { return kept.count }
        return KeptCallLog.count(duty.calls, on: today, calendar)
    }

    /// Calls of this shift not reached and not called back since, oldest first.
    var callsNotReached: [CallEntry] {
        let since = HandoverView.shiftStart(self)
        guard let kept = keptCallLogHolds?.notReached, kept.since <= since else { return duty.callsNotReached(since: since) }
        return kept.calls.filter { $0.stamp.at >= since }
    }

    /// The overview's selected row.
    public var selectedRow: QueueRow? { selection.current(in: rows)?.item }

    /// The alert the overview's keys act on: the selected row's (a group's most urgent member).
    public var selected: Alert? { selectedRow?.alert }

    /// A row is overdue when its alert is, or, for a closed group, when any member is.
    func isOverdue(_ row: QueueRow) -> Bool {
        if case .group = row.kind, let due = row.ackDue, due <= now { return true }
        return isOverdue(row.alert)
    }

    /// Unacknowledged longer than the configured time for its level, and still in force; tests,
    /// exercises and alerts for other places are never overdue.
    public func isOverdue(_ a: Alert) -> Bool {
        guard a.status == .new, a.content.isCounted, !a.isWithdrawn(at: now), let minutes = settings.acknowledgeWithin[a.level] else { return false }
        return now.seconds(since: a.received.at) >= Int64(minutes) * 60
    }
}

/// Equal when everything the officer sees or did is equal: the record, the clock, the panes, what
/// was typed, what was said. What is worked out from the record (the view, rows, counts, the
/// next shift) and kept only to save time (`v`'s list, the call log's parts) follows from those
/// and is left out, so update tests can assert the whole next state (TCA's exhaustive style).
extension ConsoleState: Equatable {
    /// The stored properties `==` leaves out, each worked out from the ones it compares; a test
    /// holds this list and `==` to every stored property, so a new one cannot be forgotten.
    static let derivedProperties: Set<String> = ["view", "rows", "waiting", "nextShift", "overdueCount", "recentlyResolved", "keptCallLog"]

    public static func == (a: ConsoleState, b: ConsoleState) -> Bool {
        a.now == b.now && a.settings == b.settings && a.language == b.language && a.actor == b.actor && a.pane == b.pane
            && a.save == b.save && a.share == b.share && a.progress == b.progress && a.selection == b.selection
            && a.showHelp == b.showHelp && a.flashUntil == b.flashUntil && a.announced == b.announced && a.notice == b.notice
            && a.awaitingSave == b.awaitingSave && a.quitting == b.quitting && a.confirmDiscard == b.confirmDiscard && a.question == b.question && a.personPicker == b.personPicker
            && a.alertsPane == b.alertsPane && a.rosterPane == b.rosterPane && a.checksPane == b.checksPane
            && a.contactsPane == b.contactsPane && a.handoverPane == b.handoverPane && a.mapPane == b.mapPane && a.openGroups == b.openGroups
            && a.reportEntry == b.reportEntry && a.resolveEntry == b.resolveEntry && a.phoneForm == b.phoneForm && a.escalated == b.escalated
            && a.refused == b.refused && a.refusedSeen == b.refusedSeen && a.showRefused == b.showRefused && a.duty == b.duty
    }

    /// The stored properties `==` compares (for the test that keeps the two lists whole).
    static let comparedProperties: Set<String> = [
        "duty", "now", "settings", "language", "actor", "pane", "save", "share", "progress", "selection", "showHelp",
        "flashUntil", "announced", "notice", "awaitingSave", "quitting", "confirmDiscard", "question", "personPicker", "alertsPane", "rosterPane",
        "checksPane", "contactsPane", "handoverPane", "mapPane", "openGroups", "reportEntry", "resolveEntry", "phoneForm", "escalated",
        "refused", "refusedSeen", "showRefused",
    ]
}
