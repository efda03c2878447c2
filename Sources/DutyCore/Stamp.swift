/// Who did something and when: every change in the duty room carries one.
public struct Stamp: Hashable, Sendable {
    public var actor: String
    public var at: Instant
    public init(actor: String, at: Instant) {
        self.actor = actor
        self.at = at
    }
}
