/// The two languages the duty room is served in, by the console, the command line and the duty
/// log alike. Chinese first: the duty room reads Chinese.
public enum Language: String, CaseIterable, Hashable, Sendable {
    case zh, en

    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
