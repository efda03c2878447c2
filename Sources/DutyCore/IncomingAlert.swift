/// A message from an alert file, read and understood: what the inbox turns into ops.
public struct IncomingAlert: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        /// A new alert (CAP Alert, a JSON alert).
        case alert
        /// A new version of the messages in `references` (CAP Update).
        case update
        /// Calls off the messages in `references` (CAP Cancel, 解除).
        case cancel
    }

    public var action: Action
    /// Derived from the publisher's own names for the message (see `AlertIdentity`): the same
    /// message taken in twice, or by two consoles, has the same id.
    public var messageID: String
    /// The message ids of the earlier messages this one names, in the publisher's order.
    public var references: [String]
    /// The alert as it reads; `content.id` is `messageID`.
    public var content: AlertContent
    /// What was cut to `TextLimits` when it was read.
    public var cuts: [String] = []

    public init(action: Action, messageID: String, references: [String], content: AlertContent) {
        self.action = action
        self.messageID = messageID
        self.references = references
        self.content = content
    }
}
