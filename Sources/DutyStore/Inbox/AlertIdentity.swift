import Crypto
import DutyCore

/// Why a file was not taken in, in words short enough for a `.reason` file and one output line.
public struct InboxRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// What sort of trouble, in words a duty officer reads at a glance; the English reason beside
    /// it is the detail for whoever mends the feed (it quotes lines and elements of the file).
    public enum Kind: Hashable, Sendable {
        /// Not an alert at all: a web page, another format, a publisher's acknowledgement.
        case notAnAlert
        /// Cut off, not well-formed, not text: damaged on the way or written wrongly.
        case damaged
        /// An alert with a field missing or wrong.
        case faulty
        case tooLarge
        case unreadable

        public var chinese: String {
            switch self {
            case .notAnAlert: "不是预警文件"
            case .damaged: "文件损坏或不完整"
            case .faulty: "预警内容缺项或有误"
            case .tooLarge: "文件过大"
            case .unreadable: "无法读取"
            }
        }
    }

    public var reason: String
    /// The same refusal in one Chinese line: its kind, or the planner's own Chinese words.
    public var chinese: String
    /// Reasons quote the file, so whatever they hold is made inert and one line here, once, for
    /// every place they go: the terminal, `.reason` files, the console.
    public init(_ reason: String, _ kind: Kind) {
        self.reason = InertText.excerpt(reason, limit: 400)
        chinese = kind.chinese
    }

    public init(_ reason: String, zh: String) {
        self.reason = InertText.excerpt(reason, limit: 400)
        chinese = InertText.excerpt(zh, limit: 200)
    }

    public var description: String { reason }

    /// The same refusal: the Chinese says what sort the English is, not a second fact.
    public static func == (a: Self, b: Self) -> Bool { a.reason == b.reason }
    public func hash(into h: inout Hasher) { h.combine(reason) }

    /// A `.reason` file: the English reason on its first line (what `ingest` printed), the
    /// Chinese on its second.
    public var fileText: String { reason + "\n" + chinese + "\n" }
}

/// Alert ids that do not depend on who takes the message in: the publisher's names for a message,
/// hashed. 10 hex digits (40 bits) keep ids short enough to read out over the phone; a clash
/// needs about a million messages from the feeds of one store.
public enum AlertIdentity {
    /// `CAP-` + the first 10 hex digits of SHA-256("sender,identifier").
    public static func cap(sender: String, identifier: String) -> String {
        "CAP-" + hex10(sender + "," + identifier)
    }

    /// `J-` + the first 10 hex digits of SHA-256("source,id").
    public static func json(source: String, id: String) -> String {
        "J-" + hex10(source + "," + id)
    }

    private static func hex10(_ text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in digest.prefix(5) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}

/// Reading alert text the way the duty room names things: levels, signal kinds, streets.
enum AlertWords {
    /// A level written in Chinese (simplified or traditional) or English: `橙色`, `黃色`, `Red`.
    static func level(_ text: String) -> AlertLevel? {
        let t = simplified(text.trimmedSpace)
        if let l = AlertLevel(parsing: t) { return l }
        let lower = t.lowercased()
        for l in AlertLevel.allCases where lower == l.rawValue + " alert" || lower == l.rawValue + " warning" { return l }
        for l in AlertLevel.allCases where t == l.chinese + "色预警" || t == l.chinese + "色警报" { return l }
        return nil
    }

    /// A level named inside a headline: `暴雨橙色预警信号` → orange. Only `X色` counts, so
    /// a place or name with 红 in it does not raise a level.
    static func levelInText(_ text: String) -> AlertLevel? {
        let t = simplified(text)
        return AlertLevel.allCases.first { t.has($0.chinese + "色") }
    }

    /// The traditional forms of the level colours and signal words (Taiwan, Hong Kong, Macao feeds).
    static func simplified(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for c in text {
            switch c {
            case "紅": out.append("红")
            case "黃": out.append("黄")
            case "藍": out.append("蓝")
            case "颱": out.append("台")
            case "颶": out.append("飓")
            case "風": out.append("风")
            case "熱": out.append("热")
            case "霧": out.append("雾")
            case "結": out.append("结")
            case "霾": out.append("霾")
            case "災": out.append("灾")
            case "險": out.append("险")
            case "雹": out.append("雹")
            case "溫": out.append("温")
            case "冷": out.append("冷")
            case "內": out.append("内")
            case "澇": out.append("涝")
            default: out.append(c)
            }
        }
        return out
    }

    /// Words in a headline or event, mapped to the console's kinds; the first row that matches wins,
    /// so a 雷雨 event whose headline says 暴雨 is a rainstorm.
    static let kinds: [(kind: String, words: [String])] = [
        ("台风", ["台风", "飓风", "热带风暴", "热带气旋", "typhoon", "hurricane", "tropical storm", "tropical cyclone", "cyclone"]),
        ("暴雨", ["暴雨", "豪雨", "大雨", "降雨", "rainstorm", "heavy rain", "rainfall"]),
        ("雷雨大风", ["雷雨大风", "雷雨", "雷暴", "thunderstorm", "gale"]),
        ("高温", ["高温", "heat"]),
        ("寒冷", ["寒冷", "低温", "寒潮", "cold"]),
        ("大雾", ["大雾", "浓雾", "fog"]),
        ("灰霾", ["灰霾", "霾", "haze", "smog"]),
        ("道路结冰", ["道路结冰", "结冰", "icing", "ice"]),
        ("冰雹", ["冰雹", "hail"]),
        ("森林火险", ["森林火险", "森林火灾", "山火", "forest fire", "bushfire", "bush fire", "wildfire"]),
        ("火灾", ["火灾", "火警", "fire"]),
        ("地震", ["地震", "earthquake"]),
        ("内涝", ["内涝", "水浸", "积水", "flood"]),
    ]

    /// The console's kind for an event, or the event itself (at most 20 characters) when no word matches.
    /// English words match whole words only: `ice` must not match `police`.
    static func kind(headline: String, event: String) -> String {
        let text = simplified(headline + " " + event).lowercased()
        let words = " " + String(text.map { $0.isLetter || $0.isNumber ? $0 : " " }) + " "
        for row in kinds where row.words.contains(where: { $0.allSatisfy(\.isASCII) ? words.has(" \($0) ") : text.has($0) }) {
            return row.kind
        }
        let e = event.trimmedSpace
        return e.isEmpty ? "其他" : String(e.prefix(20))
    }

    /// The first Haizhu street named in the texts (its full name, 南洲街: 南洲 alone is too often part of other names), else the district.
    static func street(in texts: [String]) -> String {
        for t in texts {
            if let s = Haizhu.streets.first(where: { t.has($0) }) { return s }
        }
        return Haizhu.districtName
    }
}

/// Plain-Swift string helpers for the inbox's hot path: with Foundation imported, `contains` and
/// `trimmingCharacters` go through NSString, which cost more than parsing the XML itself.
extension String {
    var trimmedSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    func has(_ needle: String) -> Bool {
        let h = Array(utf8), n = Array(needle.utf8)
        guard !n.isEmpty else { return true }
        guard h.count >= n.count else { return false }
        var i = 0
        while i <= h.count - n.count {
            if h[i] == n[0] {
                var k = 1
                while k < n.count, h[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
