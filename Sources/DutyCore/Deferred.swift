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
    public private(set) var archived: Deferred<[String: Value]>

    public init() {
        live = [:]
        archived = Deferred([:])
    }

    public init(live: [String: Value], archived: Deferred<[String: Value]>) {
        self.live = live
        self.archived = archived
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (k, v) in elements { self[k] = v }
    }

    /// Looks in the live tier first; only a miss there reads the archive.
    public subscript(id: String) -> Value? {
        get { live[id] ?? archived.value[id] }
        _modify {
            var v = live.removeValue(forKey: id) ?? archived.value.removeValue(forKey: id)
            defer {
                if let v {
                    if v.isArchived { archived.value[id] = v } else { live[id] = v }
                }
            }
            yield &v
        }
    }

    public var values: [Value] { Array(live.values) + Array(archived.value.values) }
    public var keys: [String] { Array(live.keys) + Array(archived.value.keys) }
    public var count: Int { live.count + archived.value.count }
    public var isEmpty: Bool { live.isEmpty && archived.value.isEmpty }

    public static func == (a: ArchivedTable, b: ArchivedTable) -> Bool { a.live == b.live && a.archived == b.archived }
    public func hash(into h: inout Hasher) {
        h.combine(live)
        h.combine(archived)
    }
}
