/// Hybrid logical clock: wall milliseconds plus a counter, so that cause comes before effect even
/// when consoles' clocks disagree.
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ms: Int64
    public var counter: Int

    public init(ms: Int64, counter: Int) {
        self.ms = ms
        self.counter = counter
    }

    public static let zero = HLC(ms: 0, counter: 0)
    public static func < (a: HLC, b: HLC) -> Bool { (a.ms, a.counter) < (b.ms, b.counter) }

    /// The clock for a new local event at wall time `now`.
    public func next(now: Instant) -> HLC {
        now.ms > ms ? HLC(ms: now.ms, counter: 0) : HLC(ms: ms, counter: counter + 1)
    }

    public var description: String { "\(ms).\(counter)" }
}
