import DutyCore

/// Checks an alert file's XML before libxml2 sees it, for the things a CAP message never holds and
/// a hostile file uses: element nesting deep enough to exhaust a stack, a document type declaration
/// (where billion-laughs and external entities live), and entity references other than XML's five.
/// One pass over the bytes, no recursion, so it costs the same at any depth and any size.
///
/// Processing instructions (`<?name …?>`, other than the XML declaration) are blanked out before
/// the parse: Foundation's XMLParser on Linux reads a NULL pointer for one without data (`<?pi?>`),
/// which ended any process parsing it (found by the fuzzer). Alert files carry none that matter;
/// blanking keeps every line where it was, so reasons still point at the right line.
enum XMLGuard {
    /// A CAP message nests five deep (alert, info, area, geocode, value); markup pasted into a
    /// description adds a few more. Well past that is not an alert.
    static let maxDepth = 32

    private static let predefined: Set<[UInt8]> = ["lt", "gt", "amp", "quot", "apos"].map { Array($0.utf8) }.reduce(into: []) { $0.insert($1) }

    /// The bytes to hand to the parser, or the reason the file is refused.
    static func check(_ bytes: [UInt8]) throws(InboxRefusal) -> [UInt8] {
        var scanner = Scanner(bytes: blankingInstructions(bytes))
        try scanner.run()
        return scanner.bytes
    }

    /// Every `<?…?>` but a leading XML declaration, blanked wherever it stands: libxml2 reports
    /// one even inside a broken tag (`<cap:<?x?>`), so no reading of the context is trusted here.
    static func blankingInstructions(_ input: [UInt8]) -> [UInt8] {
        var b = input
        var i = 0
        let bom = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i + 1 < b.count {
            guard b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "?") else {
                i += 1
                continue
            }
            var end = i + 2
            while end + 1 < b.count, !(b[end] == UInt8(ascii: "?") && b[end + 1] == UInt8(ascii: ">")) { end += 1 }
            guard end + 1 < b.count else { break }
            let declaration = i == bom && isDeclaration(b[i...(end + 1)])
            if !declaration {
                for k in i...(end + 1) where b[k] != 0x0A && b[k] != 0x0D { b[k] = 0x20 }
            }
            i = end + 2
        }
        return b
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>` and the like: nothing but names, quotes, `=` and
    /// spaces inside. Anything else at the start is blanked like any instruction (libxml2 reads a
    /// broken declaration and then reports the instructions after it).
    static func isDeclaration(_ d: ArraySlice<UInt8>) -> Bool {
        guard d.starts(with: Array("<?xml".utf8)), d.count > 7, [0x20, 0x09, 0x0A, 0x0D].contains(d[d.startIndex + 5]) else { return false }
        let inside = d.dropFirst(5).dropLast(2)
        let allowed = inside.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
                || [0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x22, 0x27, 0x2E, 0x2D, 0x5F].contains(c)
        }
        return allowed && inside.firstRange(of: Array("version".utf8)) != nil
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func refuse(_ what: String, line: Int? = nil) -> InboxRefusal {
            InboxRefusal("line \(line ?? self.line): \(what)", .damaged)
        }

        func starts(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            return s.withUTF8Buffer { p in
                for k in 0..<n where bytes[i + k] != p[k] { return false }
                return true
            }
        }

        mutating func advance() {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }

        /// Moves past `end`; false when the file ends first (libxml2 then names the error).
        mutating func skip(to end: StaticString) -> Bool {
            while i < bytes.count {
                if starts(end) {
                    i += end.utf8CodeUnitCount
                    return true
                }
                advance()
            }
            return false
        }

        mutating func run() throws(InboxRefusal) {
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "<"):
                    try markup()
                case UInt8(ascii: "&"):
                    try reference()
                default:
                    advance()
                }
            }
        }

        mutating func markup() throws(InboxRefusal) {
            if starts("<!--") {
                _ = skip(to: "-->")
            } else if starts("<![CDATA[") {
                _ = skip(to: "]]>")
            } else if starts("<?") {
                _ = skip(to: "?>")
            } else if starts("<!") {
                let word = starts("<!DOCTYPE") || starts("<!doctype") ? "<!DOCTYPE …>" : "<!…>"
                throw refuse("a \(word) declaration: alert files have none, and entities defined in one are not accepted")
            } else if starts("</") {
                depth -= 1
                try tag()
            } else {
                let opened = line
                let selfClosing = try tag()
                if !selfClosing {
                    depth += 1
                    if depth > XMLGuard.maxDepth {
                        throw refuse("nested too deep (more than \(XMLGuard.maxDepth) levels of elements): not an alert", line: opened)
                    }
                }
            }
        }

        /// Moves past a start or end tag, minding quoted attribute values (which may hold `>`).
        /// Returns whether it closed with `/>`.
        mutating func tag() throws(InboxRefusal) -> Bool {
            advance()
            var quote: UInt8?
            var previous: UInt8 = 0
            while i < bytes.count {
                let b = bytes[i]
                if let q = quote {
                    if b == q {
                        quote = nil
                    } else if b == UInt8(ascii: "&") {
                        try reference()
                        previous = 0
                        continue
                    }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    i += 1
                    return previous == UInt8(ascii: "/")
                }
                previous = b
                advance()
            }
            return false
        }

        /// `&lt;`, `&#38;`, `&#x26;` pass; any other name was meant to be defined somewhere this
        /// file cannot have, and would be dropped silently from the text.
        mutating func reference() throws(InboxRefusal) {
            let start = i
            i += 1
            var name: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: ";"), name.count <= 40 {
                let b = bytes[i]
                guard b == UInt8(ascii: "#") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
                    || b == UInt8(ascii: ":") || (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b >= 0x80
                else { break }
                name.append(b)
                i += 1
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: ";"), !name.isEmpty else {
                i = start + 1
                throw refuse("a bare & (write it as &amp;)")
            }
            i += 1
            if XMLGuard.predefined.contains(name) { return }
            if name.first == UInt8(ascii: "#"), isCharacterReference(name.dropFirst()) { return }
            let shown = InertText.line(String(decoding: name.prefix(40), as: UTF8.self))
            throw refuse("&\(shown); is not a character XML knows (only &lt; &gt; &amp; &quot; &apos; and &#…; are): write & as &amp;")
        }

        func isCharacterReference(_ digits: ArraySlice<UInt8>) -> Bool {
            var d = digits
            var radix: UInt32 = 10
            if d.first == UInt8(ascii: "x") {
                radix = 16
                d = d.dropFirst()
            }
            guard !d.isEmpty, d.count <= 8 else { return false }
            var value: UInt32 = 0
            for b in d {
                let v: UInt32
                switch b {
                case 0x30...0x39: v = UInt32(b - 0x30)
                case 0x41...0x46 where radix == 16: v = UInt32(b - 0x41 + 10)
                case 0x61...0x66 where radix == 16: v = UInt32(b - 0x61 + 10)
                default: return false
                }
                value = value * radix + v
            }
            return Unicode.Scalar(value) != nil
        }
    }
}
