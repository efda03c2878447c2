/// The terminal could not be set up (an unknown `$TERM`, no terminal at all). The caller prints
/// `description` and exits with status 2; nothing has been drawn and the terminal is untouched.
public struct TerminalError: Error, CustomStringConvertible, Hashable, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}
