import DutyCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads CAP 1.2 XML with Foundation's XMLParser (libxml2 underneath) into a `CAPMessage`,
/// checking what CAP requires and tolerating what real feeds do (prefixes, empty elements,
/// markup inside `description`, several info blocks).
public enum CAPParser {
    public static func parse(_ bytes: [UInt8]) throws(InboxRefusal) -> CAPMessage {
        try InboxText.requireText(bytes)
        let root = try XMLTree.parse(bytes)
        guard root.name == "alert", root.namespace == CAPMessage.namespace else {
            let at = "line \(root.line): "
            if let ns = root.namespace, !ns.isEmpty, ns != CAPMessage.namespace { throw InboxRefusal(at + "not CAP 1.2 (namespace \(ns))", .notAnAlert) }
            if root.namespace == nil || root.namespace == "" { throw InboxRefusal(at + "not CAP 1.2 (<\(root.name)> has no namespace)", .notAnAlert) }
            throw InboxRefusal(at + "not CAP 1.2 (the root element is <\(root.name)>, not <alert>)", .notAnAlert)
        }
        return try message(root)
    }

    private static func message(_ root: XMLTree.Node) throws(InboxRefusal) -> CAPMessage {
        let missing = ["identifier", "sender", "sent", "status", "msgType", "scope"].filter { root.text($0).isEmpty }
        if !missing.isEmpty {
            throw InboxRefusal("line \(root.line): <alert> is missing " + missing.map { "<\($0)>" }.joined(separator: ", "), .faulty)
        }
        let sentText = root.text("sent")
        guard let sent = ISO8601.parse(sentText) else {
            throw InboxRefusal("line \(root.line("sent")): <sent> \(quoted(sentText)) is not a date-time with an offset", .faulty)
        }
        let statusText = root.text("status")
        guard let status = AlertReality(rawValue: statusText.lowercased()), statusText.first?.isUppercase == true else {
            throw InboxRefusal("line \(root.line("status")): <status> \(quoted(statusText)) is not Actual, Exercise, System, Test or Draft", .faulty)
        }
        let typeText = root.text("msgType")
        guard let type = CAPMessage.MessageType(rawValue: typeText) else {
            throw InboxRefusal("line \(root.line("msgType")): <msgType> \(quoted(typeText)) is not Alert, Update, Cancel, Ack or Error", .faulty)
        }
        var references: [CAPMessage.Reference] = []
        for triple in root.text("references").split(whereSeparator: \.isWhitespace) {
            let parts = triple.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw InboxRefusal("line \(root.line("references")): <references> \(quoted(String(triple))) is not sender,identifier,sent", .faulty)
            }
            references.append(.init(sender: String(parts[0]), identifier: String(parts[1]), sent: String(parts[2])))
        }
        var infos: [CAPMessage.Info] = []
        for (n, node) in root.children("info").enumerated() { infos.append(try info(node, number: n + 1)) }
        var m = CAPMessage(identifier: root.text("identifier"), sender: root.text("sender"), sent: sent, status: status, msgType: type,
                           scope: root.text("scope"), references: references, infos: infos)
        (m.alertLine, m.msgTypeLine) = (root.line, root.line("msgType"))
        return m
    }

    /// Outside text in a reason: cut short and inert, so a reason stays one readable line.
    private static func quoted(_ text: String) -> String { "\"" + InertText.excerpt(text) + "\"" }

    private static func info(_ node: XMLTree.Node, number: Int) throws(InboxRefusal) -> CAPMessage.Info {
        let missing = ["category", "event", "urgency", "severity", "certainty"].filter { node.text($0).isEmpty }
        if !missing.isEmpty {
            throw InboxRefusal("line \(node.line): <info> \(number) is missing " + missing.map { "<\($0)>" }.joined(separator: ", "), .faulty)
        }
        var expires: Instant?
        let expiresText = node.text("expires")
        if !expiresText.isEmpty {
            guard let t = ISO8601.parse(expiresText) else {
                throw InboxRefusal("line \(node.line("expires")): <expires> \(quoted(expiresText)) in <info> \(number) is not a date-time with an offset", .faulty)
            }
            expires = t
        }
        let language = node.text("language")
        return CAPMessage.Info(
            language: language.isEmpty ? "en-US" : language,
            categories: node.children("category").map(\.trimmedText),
            event: node.text("event"),
            responseTypes: node.children("responseType").map(\.trimmedText),
            urgency: node.text("urgency"), severity: node.text("severity"), certainty: node.text("certainty"),
            expires: expires,
            senderName: node.text("senderName"), headline: node.text("headline"),
            description: node.text("description"), instruction: node.text("instruction"),
            parameters: node.children("parameter").map { CAPMessage.Value(name: $0.text("valueName"), value: $0.text("value")) },
            areas: node.children("area").map { a in
                CAPMessage.Area(description: a.text("areaDesc"), polygons: a.children("polygon").map(\.trimmedText),
                                circles: a.children("circle").map(\.trimmedText),
                                geocodes: a.children("geocode").map { AlertArea.Geocode(name: $0.text("valueName"), value: $0.text("value")) })
            })
    }
}

/// Checks shared by both formats: the bytes must be UTF-8 text and not a web page saved in place
/// of the file (a real feed did that, in Big5).
enum InboxText {
    static func requireText(_ bytes: [UInt8]) throws(InboxRefusal) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let head = String(decoding: body.prefix(512).filter { $0 < 0x80 }, as: UTF8.self)
            .trimmedSpace.lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.has("<html") && !head.has("<alert") {
            throw InboxRefusal("an HTML page, not an alert (a web server's error page saved in place of the file?)", .notAnAlert)
        }
        if body.isEmpty { throw InboxRefusal("the file is empty", .damaged) }
        if String(validating: body, as: UTF8.self) == nil {
            let at = TextDecoding.UTF8Survey(body).firstBad ?? 0
            let line = lineColumn(Array(body), offset: at).line
            throw InboxRefusal("line \(line): not UTF-8 text (byte \(at + (bytes.count - body.count)) is not UTF-8)", .damaged)
        }
    }

    /// 1-based line and column of a byte offset (columns count characters, not bytes).
    static func lineColumn(_ bytes: [UInt8], offset: Int) -> (line: Int, column: Int) {
        let upTo = bytes.prefix(min(offset, bytes.count))
        let line = upTo.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = upTo.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<upTo.endIndex], as: UTF8.self).count + 1
        return (line, column)
    }
}

/// A small element tree built from XMLParser's events: CAP messages are a few kilobytes, and a
/// tree keeps the reading of them plain.
enum XMLTree {
    static let textLimit = 256 << 10
    final class Node {
        let name: String
        let namespace: String?
        /// Where its start tag ends, for reasons that point at it.
        let line: Int
        var children: [Node] = []
        /// Every character inside, children's included, in document order.
        var text = ""

        init(name: String, namespace: String?, line: Int) {
            self.name = name
            self.namespace = namespace
            self.line = line
        }

        var trimmedText: String { text.trimmedSpace }

        /// Children in the CAP namespace with this local name (extensions in other namespaces are ignored).
        func children(_ local: String) -> [Node] {
            children.filter { $0.name == local && $0.namespace == CAPMessage.namespace }
        }

        /// The trimmed text of the first such child, "" when absent or empty.
        func text(_ local: String) -> String { children(local).first?.trimmedText ?? "" }

        /// The line of the first such child, or of this element when there is none.
        func line(_ local: String) -> Int { children(local).first?.line ?? line }
    }

    static func parse(_ bytes: [UInt8]) throws(InboxRefusal) -> Node {
        let parser = XMLParser(data: Data(try XMLGuard.check(bytes)))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        let ok = parser.parse()
        guard ok, builder.failure == nil, let root = builder.root else {
            let line = max(1, parser.lineNumber)
            let detail = builder.failure ?? (parser.parserError as NSError?).map(Self.describe) ?? "no <alert> element in it"
            throw InboxRefusal("line \(line): not well-formed XML: \(detail)", .damaged)
        }
        return root
    }

    private static func describe(_ e: NSError) -> String {
        let message = (e.userInfo["NSXMLParserErrorMessage"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let m = message, !m.isEmpty { return m }
        return XMLParserErrorNames.name(e.code)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: Node?
        var stack: [Node] = []
        var failure: String?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            // XMLGuard already refused such files; a tree this deep would exhaust the stack when freed.
            guard stack.count < XMLGuard.maxDepth else {
                if failure == nil { failure = "nested too deep (more than \(XMLGuard.maxDepth) levels of elements)" }
                parser.abortParsing()
                return
            }
            let node = Node(name: elementName, namespace: namespaceURI, line: max(1, parser.lineNumber))
            if let parent = stack.last {
                parent.children.append(node)
            } else if root == nil {
                root = node
            }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { add(string) }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { add(String(decoding: CDATABlock, as: UTF8.self)) }

        /// Every open element collects the text, so one huge text would be held once per level:
        /// past `textLimit` an element keeps no more (fields are cut far shorter when taken in).
        private func add(_ text: String) {
            for n in stack where n.text.utf8.count < XMLTree.textLimit { n.text += text }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if failure == nil { failure = XMLTree.describe(parseError as NSError) }
        }
    }
}

/// libxml2's error numbers (XMLParser.ErrorCode) in words a duty officer can act on: what is
/// wrong, and where that leaves the file (the publisher's feed wrote it broken).
enum XMLParserErrorNames {
    static func name(_ code: Int) -> String {
        switch code {
        case 4: "the file holds no XML"
        case 5: "the file ends before every element is closed, or has more after the last one (cut off in transfer?)"
        case 9: "a character XML does not allow (a control character?)"
        case 6, 7, 8, 10, 11, 12, 13, 14: "a character reference &#…; that names no character"
        case 23, 24, 25: "a & that does not start &lt; &gt; &amp; &quot; &apos; or &#…;"
        case 26, 27, 28, 29, 30, 89, 104: "an entity the file does not define"
        case 31, 32, 79: "the encoding its XML declaration names is not one the console reads (alert files are UTF-8)"
        case 81: "the text is not in the encoding its XML declaration names"
        case 38: "a < inside an attribute value (write it as &lt;)"
        case 39, 40, 41: "an attribute without a quoted value (write a=\"…\")"
        case 42: "an attribute given twice in one tag"
        case 45, 80: "a comment not closed with --> (or with -- inside it)"
        case 47, 63: "a section (<?…?> or <![CDATA[…]]>) that is not closed"
        case 57, 64, 65, 66, 67: "a bad or misplaced <?xml …?> declaration (it must be the very first thing in the file)"
        case 68: "a < that starts no tag (write < in text as &lt;)"
        case 73: "a tag not closed with > (are its attribute values quoted?)"
        case 74, 76: "an end tag that does not match the element it closes"
        case 77, 85: "an element that is never closed"
        case 86: "more after the last element"
        case 200, 201, 202, 203: "an element or attribute with a namespace prefix that is not declared (xmlns:…)"
        default: "the XML is not well-formed (libxml2 error \(code)): the publisher's file is broken; ask for it again"
        }
    }
}
