import DutyCore

/// The inbox's JSON alert format, for scripts and agencies without CAP:
/// `{"id", "source", "level", "kind", "title", "body", "street", "sent"}` (README). `id`, `source`
/// and `title` are required; `level` defaults to blue, `kind` to 其他, `street` to 海珠区.
public enum JSONAlertParser {
    public static func parse(_ bytes: [UInt8]) throws(InboxRefusal) -> IncomingAlert {
        try InboxText.requireText(bytes)
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        let root: JSONValue
        do {
            root = try JSONReader.parse(body)
        } catch {
            let (line, column) = InboxText.lineColumn(body, offset: error.offset)
            throw InboxRefusal("not valid JSON at line \(line), column \(column): \(error.message)", .damaged)
        }
        guard case .object = root else { throw InboxRefusal("not a JSON alert: the file holds no {…} object", .notAnAlert) }

        func text(_ key: String, required: Bool) throws(InboxRefusal) -> String? {
            switch root[key] {
            case nil, .null?:
                if required { throw InboxRefusal("missing \"\(key)\"", .faulty) }
                return nil
            case .string(let s)?:
                let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                if required, t.isEmpty { throw InboxRefusal("\"\(key)\" is empty", .faulty) }
                return t.isEmpty ? nil : t
            case .int(let n)? where key == "id":
                return String(n)
            default:
                throw InboxRefusal("\"\(key)\" is not text", .faulty)
            }
        }

        let id = try text("id", required: true) ?? ""
        let source = try text("source", required: true) ?? ""
        let title = try text("title", required: true) ?? ""
        var level = AlertLevel.blue
        if let l = try text("level", required: false) {
            guard let parsed = AlertWords.level(l) else { throw InboxRefusal("\"level\" \"\(InertText.excerpt(l))\" is not red, orange, yellow, blue or white (红/橙/黄/蓝/白)", .faulty) }
            level = parsed
        }
        var street = Haizhu.districtName
        if let s = try text("street", required: false) {
            guard let canonical = Haizhu.canonicalStreet(s) else { throw InboxRefusal("\"street\" \"\(InertText.excerpt(s))\" is not a street of Haizhu District", .faulty) }
            street = canonical
        }
        var sent: Instant?
        if let s = try text("sent", required: false) {
            guard let t = ISO8601.parse(s) else { throw InboxRefusal("\"sent\" \"\(InertText.excerpt(s))\" is not an ISO 8601 time with an offset", .faulty) }
            sent = t
        }
        let kind = try text("kind", required: false) ?? "其他"
        let messageID = AlertIdentity.json(source: source, id: id)
        let content = AlertContent(id: messageID, source: source, kind: kind, level: level, title: title,
                                   body: try text("body", required: false) ?? "", street: street, sent: sent)
        return IncomingAlert(action: .alert, messageID: messageID, references: [], content: content)
    }
}
