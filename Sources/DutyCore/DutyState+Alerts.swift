/// Queries for the alerts pane: resolved alerts that may still be reopened, and the `/` filter.
extension DutyState {
    /// Resolved alerts whose resolution is at or after `since`, most recently resolved first.
    /// Reads the archive (decoding it the first time); callers keep `since` recent so the list stays short.
    public func resolvedAlerts(since: Instant) -> [Alert] {
        alerts.archived.values
            .filter { $0.resolvedAt >= since }
            .sorted { ($0.resolvedAt, $1.id) > ($1.resolvedAt, $0.id) }
    }
}

extension Alert {
    /// When it was last resolved (its last resolution event; the time received if there is none).
    public var resolvedAt: Instant {
        events.last { $0.kind == .resolved }?.stamp.at ?? received.at
    }
}

/// What the officer typed after `/`: words separated by spaces, all of which must match. A word
/// that names a level (红, 橙色, red, …) matches alerts of that level, a status word (未确认, 处置中,
/// handling, …) alerts in that status, 区外 (outside) alerts for other places; any other word is
/// looked for, ignoring case, in the title, body, street, source and id.
public struct AlertFilter: Hashable, Sendable {
    public enum Term: Hashable, Sendable {
        case level(AlertLevel)
        case status(AlertStatus)
        case outside
        case text(String)
    }

    public let terms: [Term]

    public init(_ query: String) {
        terms = query.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map { word in
            let w = String(word)
            if let level = AlertLevel(parsing: w) { return .level(level) }
            let lower = w.lowercased()
            if let status = AlertStatus.allCases.first(where: { $0.chinese == w || $0.rawValue == lower || $0.english.lowercased() == lower }) {
                return .status(status)
            }
            if w == "区外" || lower == "outside" { return .outside }
            return .text(w.lowercased())
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    public func matches(_ a: Alert) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .level(let l): return a.level == l
            case .status(let s): return a.status == s
            case .outside: return a.content.isOutside
            case .text(let t):
                let c = a.content
                return [c.title, c.body, c.street, c.source, c.id].contains { $0.lowercased().contains(t) }
            }
        }
    }
}
