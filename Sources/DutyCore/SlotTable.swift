/// The roster's slots by id, in two tiers: the slots of recent and coming days in memory, and
/// those of days before `cut` possibly still undecoded snapshot bytes. A year of roster is 2,500
/// slots, and decoding them was most of opening a year's store, while the screen reads a few days.
///
/// Which tier a slot sits in follows from where a snapshot cut the roster, never from the slot:
/// two tables holding the same slots are equal however they were loaded. Any change that reaches
/// the earlier days (a past slot given again, a past day's roster imported again) first brings
/// them into memory: rare, and then everything is one dictionary again.
public struct SlotTable: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    private var recent: [String: DutySlot]
    /// The slots dated before `cut`, as the snapshot left them.
    private var earlier: Deferred<[String: DutySlot]>
    /// Their ids, known without decoding them: a lookup of a new id (every slot added to cover a
    /// gap) must not decode a year of roster to learn it is free.
    private var earlierIDs: Deferred<SortedIDs>
    /// Nil when every slot is in `recent`.
    public private(set) var cut: LocalDate?

    public init() {
        recent = [:]
        earlier = Deferred([:])
        earlierIDs = Deferred(SortedIDs([]))
    }

    public init(_ slots: [String: DutySlot]) {
        self.init()
        recent = slots
    }

    public init(dictionaryLiteral elements: (String, DutySlot)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// A snapshot's roster: `recent` holds every slot dated `cut` or later, `earlier` the rest.
    public init(recent: [String: DutySlot], cut: LocalDate, earlier: Deferred<[String: DutySlot]>, earlierIDs: Deferred<SortedIDs>) {
        self.recent = recent
        self.earlier = earlier
        self.earlierIDs = earlierIDs
        self.cut = cut
    }

    private func isEarlier(_ id: String) -> Bool {
        cut != nil && (earlier.isLoaded ? earlier.value[id] != nil : earlierIDs.value.contains(id))
    }

    /// Brings the earlier days into memory, so that one dictionary holds every slot again.
    private mutating func unsplit() {
        guard cut != nil else { return }
        recent.merge(earlier.value) { mine, _ in mine }
        self = SlotTable(recent)
    }

    public subscript(id: String) -> DutySlot? {
        get { recent[id] ?? (isEarlier(id) ? earlier.value[id] : nil) }
        set {
            if let cut, isEarlier(id) || (newValue.map { $0.date < cut } ?? false) { unsplit() }
            recent[id] = newValue
        }
    }

    @discardableResult
    public mutating func removeValue(forKey id: String) -> DutySlot? {
        if isEarlier(id) { unsplit() }
        return recent.removeValue(forKey: id)
    }

    /// Takes away every slot dated on one of `dates`.
    public mutating func removeAll(dated dates: Set<LocalDate>) {
        if let cut, dates.contains(where: { $0 < cut }) { unsplit() }
        recent = recent.filter { !dates.contains($0.value.date) }
    }

    /// The slots dated `from` through `through`; only a range reaching before the cut decodes
    /// the earlier days.
    public func dated(from: LocalDate, through: LocalDate) -> [DutySlot] {
        var out = recent.values.filter { $0.date >= from && $0.date <= through }
        if let cut, from < cut {
            out += earlier.value.values.filter { $0.date >= from && $0.date <= through }
        }
        return out
    }

    /// Every slot, by id (the earlier days decoded).
    public var all: [String: DutySlot] {
        guard cut != nil else { return recent }
        return recent.merging(earlier.value) { mine, _ in mine }
    }

    public var values: [DutySlot] { Array(all.values) }
    public var keys: [String] { Array(all.keys) }
    public var count: Int { recent.count + (cut == nil ? 0 : earlierIDs.value.count) }
    public var isEmpty: Bool { count == 0 }
    /// Whether the earlier days have been decoded (or there are none).
    public var earlierIsLoaded: Bool { cut == nil || earlier.isLoaded }

    public static func == (a: SlotTable, b: SlotTable) -> Bool {
        if a.cut == b.cut, a.earlier.isSameStorage(as: b.earlier) { return a.recent == b.recent }
        return a.all == b.all
    }

    public func hash(into h: inout Hasher) { h.combine(all) }
}
