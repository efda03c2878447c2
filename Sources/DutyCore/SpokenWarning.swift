/// What the console says aloud of an alert (`speech = true`), and what `duty-watch say` renders
/// for a person to check: the level as a warning, the street, the title. Pure, so the words are
/// tested without a speech program.
public enum SpokenWarning {
    /// Only these are spoken: the room is told of lesser alerts by the screen alone, and a drill
    /// or another place's alert spoken aloud would teach the room to stop listening (as with the
    /// bell).
    public static func isSpoken(_ alert: Alert) -> Bool {
        alert.level <= .orange && alert.content.isCounted
    }

    /// `红色预警，南华西街，聚龙大街积水过膝`; an escalation begins `逾期未确认，`. In English the
    /// street and the title stay as written (Chinese, as on the English screen).
    public static func text(for alert: Alert, language: Language, overdue: Bool = false) -> String {
        let c = alert.content
        let title = speakable(c.title)
        let street = speakable(c.street)
        var parts: [String] = []
        if overdue { parts.append(language.pick("逾期未确认", "Overdue, not acknowledged")) }
        if !c.isReal { parts.append(DutyWords(lang: language).reality(c.reality)) }
        parts.append(language.pick("\(c.level.chinese)色预警", "\(c.level.english) warning"))
        // A title that names its street already (`南华西街聚龙大街积水`) would say it twice.
        if !street.isEmpty, !title.contains(street) { parts.append(street) }
        if !title.isEmpty { parts.append(title) }
        return parts.joined(separator: language.pick("，", ", "))
    }

    /// Text from outside, as a speech program should get it: controls and line breaks become
    /// spaces (never caret forms: `^[` read aloud means nothing), runs of spaces one.
    static func speakable(_ s: String) -> String {
        var out = ""
        var space = false
        for u in s.unicodeScalars {
            if InertText.isControl(u) || u == " " || u == "\u{3000}" {
                space = !out.isEmpty
                continue
            }
            if space { out.unicodeScalars.append(" ") }
            space = false
            out.unicodeScalars.append(u)
        }
        return out
    }
}
