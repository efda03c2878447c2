/// A file the inbox refused, as `inbox/rejected/` keeps it with its `.reason` beside it: the
/// store lists them, the console shows them (`拒收 N`, `!`).
public struct RefusedFile: Hashable, Sendable {
    /// Its name in `rejected/` (a second file of the same name gets `-2`).
    public var name: String
    /// The reason's first line, inert: English, naming the line and element at fault.
    public var reason: String
    /// Its second line, the sort of trouble in Chinese (nil in a reason file written before it).
    public var chinese: String?
    /// When it was refused (the reason file's time).
    public var at: Instant

    public init(name: String, reason: String, chinese: String? = nil, at: Instant) {
        self.name = name
        self.reason = reason
        self.chinese = chinese
        self.at = at
    }
}
