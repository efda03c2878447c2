import Synchronization

/// A part of the state that may still be undecoded bytes from a snapshot: decoded the first time it
/// is read. A busy year holds hundreds of thousands of closed alerts, ticks and calls that the screen
/// rarely needs; starting without decoding them keeps the console's start near the disk's speed.
/// The loader is opaque here, so DutyCore still does no I/O of its own.
public struct Deferred<Value: Hashable & Sendable>: Hashable, Sendable {
    final class Box: Sendable {
        enum Content {
            case loaded(Value)
            case pending(@Sendable () -> Value)
            case taken
        }

        let content: Mutex<Content>

        init(_ c: Content) { content = Mutex(c) }

        func get() -> Value {
            content.withLock { c in
                switch c {
                case .loaded(let v): return v
                case .pending(let load):
                    let v = load()
                    c = .loaded(v)
                    return v
                case .taken: preconditionFailure("Deferred value read while being modified")
                }
            }
        }

        /// Moves the value out so that the caller holds its only reference and can change it in place.
        func take() -> Value {
            let v = get()
            content.withLock { $0 = .taken }
            return v
        }

        func put(_ v: Value) { content.withLock { $0 = .loaded(v) } }

        var isLoaded: Bool {
            content.withLock { c in
                if case .pending = c { return false }
                return true
            }
        }
    }

    private var box: Box

    public init(_ value: Value) { box = Box(.loaded(value)) }
    public init(loading: @escaping @Sendable () -> Value) { box = Box(.pending(loading)) }

    public var value: Value {
        get { box.get() }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(.loaded(box.get())) }
            var v = box.take()
            defer { box.put(v) }
            yield &v
        }
    }

    public var isLoaded: Bool { box.isLoaded }

    /// Whether both hold one and the same stored value, so are equal, told without reading it:
    /// copies share their storage until one of them is changed. What is worked out from a part
    /// of the state can be kept while the part is the same.
    public func isSameStorage(as other: Deferred) -> Bool { box === other.box }

    public static func == (a: Deferred, b: Deferred) -> Bool { a.box === b.box || a.value == b.value }
    public func hash(into h: inout Hasher) { h.combine(value) }
}

/// Values kept by id in two tiers: the live ones in memory, the archived ones (resolved alerts,
/// closed rounds) possibly still deferred. Which tier a value is in follows from the value alone,
/// so equal states are equal however they were loaded.
public protocol Archivable: Hashable, Sendable {
    var id: String { get }
    var isArchived: Bool { get }
}

public struct ArchivedTable<Value: Archivable>: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    public private(set) var live: [String: Value]
    /// The archive as it was loaded (a snapshot's, undecoded until first read). Changes after
    /// that go to `added` and `removed`, so resolving one alert does not decode a year of them.
    private var base: Deferred<[String: Value]>
    /// The ids in `base`, known without decoding it: a lookup of an id that is not archived (every
    /// new alert, every new round) must not decode the archive to find that out.
    private var baseIDs: Deferred<SortedIDs>
    /// Archived since the base was loaded, or changed there; read before the base.
    private var added: [String: Value] = [:]
    /// Ids of the base whose value is no longer the base's (changed, reopened, gone).
    private var removed: Set<String> = []
    /// Changes to values still undecoded in the base that leave them archived (a note on a
    /// resolved alert), applied when the value is read: a store opened with such a record after
    /// its snapshot would otherwise decode a year of resolved alerts to add one line.
    private var edits: [String: [@Sendable (inout Value) -> Void]] = [:]

    public init() {
        live = [:]
        base = Deferred([:])
        baseIDs = Deferred(SortedIDs([]))
    }

    /// `archivedIDs`: the archive's ids, when they can be had without decoding it.
    public init(live: [String: Value], archived: Deferred<[String: Value]>, archivedIDs: Deferred<SortedIDs>? = nil) {
        self.live = live
        base = archived
        baseIDs = archivedIDs ?? (archived.isLoaded ? Deferred(SortedIDs(archived.value.keys)) : Deferred(loading: { SortedIDs(archived.value.keys) }))
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (k, v) in elements { self[k] = v }
    }

    /// Whether the base may hold `id`; decodes nothing but (the first time) its ids.
    private func inBase(_ id: String) -> Bool {
        !removed.contains(id) && (base.isLoaded ? base.value[id] != nil : baseIDs.value.contains(id))
    }

    /// Looks in the live tier first; only an id the archive holds reads the archive.
    public subscript(id: String) -> Value? {
        get {
            if let v = live[id] ?? added[id] { return v }
            return inBase(id) ? fromBase(id) : nil
        }
        _modify {
            var v = live.removeValue(forKey: id) ?? added.removeValue(forKey: id)
            if v == nil, inBase(id) {
                v = fromBase(id)
                edits[id] = nil
                removed.insert(id)
            }
            defer {
                if let v {
                    if v.isArchived { added[id] = v } else { live[id] = v }
                }
            }
            yield &v
        }
    }

    /// The base's value with the edits made to it since.
    private func fromBase(_ id: String) -> Value? {
        guard var v = base.value[id] else { return nil }
        for edit in edits[id] ?? [] { edit(&v) }
        return v
    }

    /// Changes the value of `id`, a change that leaves an archived value archived. A value still
    /// undecoded in the archive stays so: the change waits until the value is read. Nothing
    /// happens when there is no such value.
    public mutating func edit(_ id: String, keepingArchived change: @escaping @Sendable (inout Value) -> Void) {
        if live[id] != nil {
            change(&live[id]!)
            // A live value may become archived (the change resolved it): it moves.
            if live[id]!.isArchived { added[id] = live.removeValue(forKey: id) }
        } else if added[id] != nil {
            change(&added[id]!)
            if !added[id]!.isArchived { live[id] = added.removeValue(forKey: id) }
        } else if !base.isLoaded, inBase(id) {
            edits[id, default: []].append(change)
        } else if inBase(id) {
            change(&self[id]!)
        }
    }

    /// Whether a value with this id is kept, in either tier; reads only the archive's ids.
    public func contains(_ id: String) -> Bool {
        live[id] != nil || added[id] != nil || inBase(id)
    }

    /// Every archived value by id (decodes the archive).
    public var archived: [String: Value] {
        var all = removed.isEmpty ? base.value : base.value.filter { !removed.contains($0.key) }
        for (id, list) in edits where all[id] != nil { for edit in list { edit(&all[id]!) } }
        all.merge(added) { $1 }
        return all
    }

    /// Whether the archive is still undecoded bytes.
    public var archiveIsLoaded: Bool { base.isLoaded }

    /// Whether `other`'s archive is this one's, unchanged (one is a copy of the other with no
    /// archived value changed since): what is worked out from the archive can be kept. Reads
    /// nothing; false may only mean "not known to be the same".
    public func archiveIsSame(as other: ArchivedTable) -> Bool {
        base.isSameStorage(as: other.base) && removed == other.removed && added == other.added
            && edits.count == other.edits.count && edits.values.map(\.count).reduce(0, +) == other.edits.values.map(\.count).reduce(0, +)
    }

    public var values: [Value] { Array(live.values) + Array(archived.values) }
    public var keys: [String] { Array(live.keys) + Array(added.keys) + baseIDs.value.ids.filter { !removed.contains($0) } }
    public var count: Int { live.count + added.count + baseIDs.value.count - removed.count }
    public var isEmpty: Bool { count == 0 }

    public static func == (a: ArchivedTable, b: ArchivedTable) -> Bool {
        a.live == b.live && (a.edits.isEmpty && b.edits.isEmpty && a.base == b.base && a.added == b.added && a.removed == b.removed
            || a.archived == b.archived)
    }
    public func hash(into h: inout Hasher) {
        h.combine(live)
        h.combine(archived)
    }
}

/// The call log: what a snapshot holds (undecoded until read) and the calls logged since. Logging
/// a call, or counting them, decodes nothing: a year holds tens of thousands.
public struct CallLog: Hashable, Sendable {
    private var base: Deferred<[CallEntry]>
    /// How many calls `base` holds, known without decoding it.
    private var baseCount: Int
    private var appended: [CallEntry] = []

    public init(_ calls: [CallEntry] = []) {
        base = Deferred(calls)
        baseCount = calls.count
    }

    /// `count`: how many calls the deferred log holds.
    public init(deferred: Deferred<[CallEntry]>, count: Int) {
        base = deferred
        baseCount = count
    }

    /// Every call in fold order (decodes the log).
    public var all: [CallEntry] {
        get { appended.isEmpty ? base.value : base.value + appended }
        set { self = CallLog(newValue) }
    }

    public var count: Int { (base.isLoaded ? base.value.count : baseCount) + appended.count }

    /// Whether `other` is this log, or this log with no call logged since (the log only grows):
    /// what is worked out from it can be kept. Reads nothing.
    public func isSame(as other: CallLog) -> Bool {
        base.isSameStorage(as: other.base) && appended.count == other.appended.count
    }
    public var isLoaded: Bool { base.isLoaded }

    public mutating func append(_ call: CallEntry) { appended.append(call) }

    public static func == (a: CallLog, b: CallLog) -> Bool { a.all == b.all }
    public func hash(into h: inout Hasher) { h.combine(all) }
}
