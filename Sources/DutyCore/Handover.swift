/// A shift handover (交接班): submitted by the outgoing lead, signed or returned by the incoming one.
public struct Handover: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case pending, accepted, returned
    }

    public struct Reply: Hashable, Sendable {
        public var accepted: Bool
        public var text: String
        public var stamp: Stamp
        public init(accepted: Bool, text: String, stamp: Stamp) {
            self.accepted = accepted
            self.text = text
            self.stamp = stamp
        }
    }

    public var id: String
    /// The open matters as the outgoing lead saw them, written out when submitted.
    public var summary: String
    public var note: String
    public var submitted: Stamp
    public var replies: [Reply]

    public init(id: String, summary: String, note: String, submitted: Stamp) {
        self.id = id
        self.summary = summary
        self.note = note
        self.submitted = submitted
        replies = []
    }

    public var status: Status {
        guard let last = replies.last else { return .pending }
        return last.accepted ? .accepted : .returned
    }
}
