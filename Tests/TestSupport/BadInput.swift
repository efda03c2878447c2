import Testing

/// A file an importer or parser must refuse, and the exact message it must give; test reports
/// name it by its label, not by its text.
public struct BadInput: Sendable, CustomTestStringConvertible {
    public let label: String
    public let text: String
    public let message: String
    public var testDescription: String { label }

    public init(label: String, text: String, message: String) {
        self.label = label
        self.text = text
        self.message = message
    }
}
