/// Sizes no duty-room alert comes near (a warning signal's headline is tens of characters, its
/// text a few hundred). What is longer is cut where it comes in, saying so, so a 3 MB title can
/// neither fill every screen nor every line of `alert list`; the file it came in stays in
/// `inbox/done/` for the record.
public enum TextLimits {
    public static let title = 200
    public static let body = 8_000
    /// Source, kind and the like: a name, not a text.
    public static let name = 100
}

extension AlertContent {
    /// The content cut to `TextLimits`, and what was cut, in words for the one who sent it.
    public func cutToLimits() -> (content: AlertContent, cuts: [String]) {
        var c = self
        var cuts: [String] = []
        func cut(_ text: inout String, _ limit: Int, _ what: String, mark: String = "…") {
            guard !text.unicodeScalars.dropFirst(limit).isEmpty else { return }
            let count = text.unicodeScalars.count
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + mark
            cuts.append("\(what) cut to \(limit) of its \(count) characters")
        }
        cut(&c.title, TextLimits.title, "title")
        cut(&c.source, TextLimits.name, "source")
        cut(&c.kind, TextLimits.name, "kind")
        let bodyCount = c.body.unicodeScalars.count
        cut(&c.body, TextLimits.body, "text")
        if bodyCount > TextLimits.body { c.body += "\n（原文 \(bodyCount) 字，过长，此处只保留前 \(TextLimits.body) 字）" }
        return (c, cuts)
    }
}
