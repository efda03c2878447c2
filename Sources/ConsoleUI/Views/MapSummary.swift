import DutyCore

/// What the map pane shows, worked out from the console's state: each street's open real alerts
/// and 三查 progress, the district-wide alerts, and a street's hazard points not yet checked
/// with their 三本台账 lines.
struct MapSummary {
    struct Street {
        let street: String
        /// The street's own alerts that count, most urgent first.
        let alerts: [Alert]
        /// The open round's progress in its current phase; nil with no round or no points.
        let progress: CheckProgress?
        /// Its most severe open real alert's level: the block's colour and word.
        var level: AlertLevel? { alerts.first?.level }
    }

    struct UncheckedPoint {
        let point: HazardPoint
        let progress: CheckProgress
        /// The point's line of the ledger (same facility and street), if the ledger has one.
        let contact: FloodContact?
    }

    let streets: [String: Street]
    /// Alerts for the whole district (or naming no street of it), most urgent first: shown
    /// beside every street, never as any one street's colour.
    let district: [Alert]

    /// The one rule for which alerts the map counts: open (not resolved), counted (real, not an
    /// exercise, test or draft, and the district's, not 区外), and still in force (neither
    /// lifted nor expired).
    static func counts(_ a: Alert, at now: Instant) -> Bool {
        a.isOpen && a.content.isCounted && !a.isWithdrawn(at: now)
    }

    init(_ state: ConsoleState) {
        var byStreet: [String: [Alert]] = [:]
        var district: [Alert] = []
        // The queue is already in urgency order, real alerts first.
        for a in state.queue where Self.counts(a, at: state.now) {
            if MapLayout.block(a.content.street) != nil {
                byStreet[a.content.street, default: []].append(a)
            } else {
                district.append(a)
            }
        }
        let progress = Dictionary(state.roundProgress.map { ($0.street, $0) }, uniquingKeysWith: { a, _ in a })
        streets = Dictionary(uniqueKeysWithValues: MapLayout.blocks.map { b in
            (b.street, Street(street: b.street, alerts: byStreet[b.street] ?? [], progress: progress[b.street]))
        })
        self.district = district
    }

    /// All counting alerts: every street's and the district's.
    var count: Int { streets.values.reduce(district.count) { $0 + $1.alerts.count } }

    /// The alerts listed beside the map for `street`: its own, then the district's.
    func listed(_ street: String) -> [Alert] { (streets[street]?.alerts ?? []) + district }

    /// The street of the most urgent counting alert that has one, else the north-west corner,
    /// where the map is read from.
    var mostUrgentStreet: String {
        let placed = streets.values.compactMap { s in s.alerts.first.map { (s.street, $0) } }
        return placed.min { Alert.urgencyOrder($0.1, $1.1) }?.0 ?? MapLayout.blocks[0].street
    }

    /// The street's hazard points with items of the open round's phase still to check, in the
    /// ledger's order; empty with no open round.
    static func unchecked(_ state: ConsoleState, in street: String) -> [UncheckedPoint] {
        guard let round = state.duty.openRound else { return [] }
        let latest = state.roundTicks
        return state.duty.hazardPoints(in: street).compactMap { p in
            let progress = state.duty.pointProgress(p, phase: round.phase, latest: latest)
            guard progress.done < progress.total else { return nil }
            let contact = state.duty.contacts[FloodContact.makeID(facility: p.name, street: p.street)]
            return UncheckedPoint(point: p, progress: progress, contact: contact)
        }
    }
}
