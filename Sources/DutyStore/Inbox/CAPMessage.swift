import DutyCore

/// A CAP 1.2 message as the publisher wrote it (the parts the duty room uses). Text is kept as
/// written, untrusted: it passes through `InertText` on its way to a screen.
public struct CAPMessage: Hashable, Sendable {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    public enum MessageType: String, CaseIterable, Hashable, Sendable {
        case alert = "Alert", update = "Update", cancel = "Cancel", ack = "Ack", error = "Error"
    }

    /// One "sender,identifier,sent" triple of `references`.
    public struct Reference: Hashable, Sendable {
        public var sender: String
        public var identifier: String
        public var sent: String
        public init(sender: String, identifier: String, sent: String) {
            self.sender = sender
            self.identifier = identifier
            self.sent = sent
        }

        public var messageID: String { AlertIdentity.cap(sender: sender, identifier: identifier) }
    }

    public struct Value: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// As written; judged against the district by `DistrictArea`.
    public typealias Area = AlertArea

    public struct Info: Hashable, Sendable {
        /// As written; CAP's default `en-US` when the block has none.
        public var language: String
        public var categories: [String]
        public var event: String
        public var responseTypes: [String]
        public var urgency: String
        public var severity: String
        public var certainty: String
        public var expires: Instant?
        public var senderName: String
        public var headline: String
        /// The text of `description`, markup inside it dropped (a real feed nests elements there).
        public var description: String
        public var instruction: String
        public var parameters: [Value]
        public var areas: [Area]

        public init(language: String, categories: [String], event: String, responseTypes: [String], urgency: String, severity: String,
                    certainty: String, expires: Instant?, senderName: String, headline: String, description: String,
                    instruction: String, parameters: [Value], areas: [Area]) {
            self.language = language
            self.categories = categories
            self.event = event
            self.responseTypes = responseTypes
            self.urgency = urgency
            self.severity = severity
            self.certainty = certainty
            self.expires = expires
            self.senderName = senderName
            self.headline = headline
            self.description = description
            self.instruction = instruction
            self.parameters = parameters
            self.areas = areas
        }
    }

    public var identifier: String
    public var sender: String
    public var sent: Instant
    public var status: AlertReality
    public var msgType: MessageType
    public var scope: String
    public var references: [Reference]
    public var infos: [Info]
    /// Lines of `<alert>` and `<msgType>`, for refusals made after parsing.
    public var alertLine = 1
    public var msgTypeLine = 1

    public init(identifier: String, sender: String, sent: Instant, status: AlertReality, msgType: MessageType, scope: String,
                references: [Reference], infos: [Info]) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.msgType = msgType
        self.scope = scope
        self.references = references
        self.infos = infos
    }

    public var messageID: String { AlertIdentity.cap(sender: sender, identifier: identifier) }

    /// The info block in the console's language (`zh`: a language starting with zh; `en`: with en),
    /// else the first.
    public func info(forLanguage lang: String) -> Info? {
        let prefix = lang.lowercased()
        return infos.first { $0.language.lowercased().hasPrefix(prefix) } ?? infos.first
    }

    /// Level: a signal colour parameter (`alert_color` = 橙色), else a colour named in the headline
    /// or event (暴雨橙色预警), else CAP severity (Extreme red, Severe orange, Moderate yellow,
    /// Minor and Unknown blue).
    public static func level(of info: Info) -> AlertLevel {
        let colourKeys = ["color", "colour", "颜色", "顏色", "级别", "級別"]
        for p in info.parameters where colourKeys.contains(where: { p.name.lowercased().has($0) }) {
            // website_color = "255,0,0" is not a level and is passed over.
            if let l = AlertWords.level(p.value) { return l }
        }
        if let l = AlertWords.levelInText(info.headline) ?? AlertWords.levelInText(info.event) { return l }
        switch info.severity.lowercased() {
        case "extreme": return .red
        case "severe": return .orange
        case "moderate": return .yellow
        default: return .blue
        }
    }

    /// The message as the inbox takes it in, in the console's language (`zh` or `en`).
    public func incoming(language: Language) throws(InboxRefusal) -> IncomingAlert {
        let action: IncomingAlert.Action
        switch msgType {
        case .alert: action = .alert
        case .update: action = .update
        case .cancel: action = .cancel
        case .ack: throw InboxRefusal("line \(msgTypeLine): msgType Ack: an acknowledgement of another message, not an alert", .notAnAlert)
        case .error: throw InboxRefusal("line \(msgTypeLine): msgType Error: a publisher's error report, not an alert", .notAnAlert)
        }
        let info = self.info(forLanguage: language.rawValue)
        if info == nil, action != .cancel { throw InboxRefusal("line \(alertLine): no <info> block: nothing to show", .faulty) }
        let title = Self.firstNonEmpty(info?.headline, info?.event) ?? "解除 \(identifier)"
        let body = [info?.description ?? "", info?.instruction ?? ""]
            .map(\.trimmedSpace).filter { !$0.isEmpty }.joined(separator: "\n")
        let areaTexts = info?.areas.map(\.description) ?? []
        let outside = isOutside
        let content = AlertContent(
            id: messageID,
            source: Self.firstNonEmpty(info?.senderName, sender) ?? sender,
            kind: info.map { AlertWords.kind(headline: $0.headline, event: $0.event) } ?? "其他",
            level: info.map(Self.level) ?? .blue,
            title: title,
            body: body,
            // An alert for another place names no street of the district, nor the whole of it.
            street: outside ? "" : AlertWords.street(in: areaTexts + [info?.description ?? ""]),
            sent: sent, expires: info?.expires, reality: status, outside: outside)
        return IncomingAlert(action: action, messageID: messageID, references: references.map(\.messageID), content: content)
    }

    /// Every info block's areas lie wholly elsewhere. Judged over all the blocks, not only the
    /// one shown: a block in another language may name the district, and a block with no area
    /// at all is read as the district's.
    public var isOutside: Bool {
        !infos.isEmpty && infos.allSatisfy { DistrictArea.isWhollyElsewhere($0.areas) }
    }

    private static func firstNonEmpty(_ texts: String?...) -> String? {
        for t in texts {
            if let v = t?.trimmedSpace, !v.isEmpty { return v }
        }
        return nil
    }
}
