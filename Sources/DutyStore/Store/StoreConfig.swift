import DutyCore
import Foundation
import TOMLReader

/// The store's `config.toml`.
public struct StoreConfig: Hashable, Sendable {
    public var node: String
    public var timeZone: String = "Asia/Shanghai"
    public var theme: String = "night"
    public var language: Language = .zh
    public var bell: Bool = true
    /// Say new red and orange alerts aloud through espeak-ng (off unless asked for: not every
    /// duty room wants a voice, nor has the program).
    public var speech: Bool = false
    /// Minutes before a handover when the console reminds the next shift on screen.
    public var handoverReminder: Int = 30
    /// Minutes an alert may stay unacknowledged before it escalates, per level.
    public var acknowledgeWithin: [AlertLevel: Int] = [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30]
    public var deadlines: [AlertLevel: ReportDeadlines] = ReportDeadlines.defaults
    /// The shared directory this store exchanges its journal through ("" = none), and the id of
    /// the cluster it joined there (checked against the folder's marker on every round).
    public var shared: String = ""
    public var cluster: String = ""

    public init(node: String) { self.node = node }

    /// The zone itself is loaded on first use: `parse` has checked that it is known.
    public var calendar: LocalCalendar? {
        timeZone.isEmpty ? nil : LocalCalendar(identifier: timeZone)
    }

    /// A node name travels in every record and names files in the shared directory.
    public static func isValidNodeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 40 && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
            && s.unicodeScalars.allSatisfy(\.isASCII)
    }

    public func toml() -> String {
        var out = """
        # DutyWatch store settings. Edit with care: `duty-watch check` reads this file too.
        node = \(Self.quoted(node))
        time_zone = \(Self.quoted(timeZone))
        theme = \(Self.quoted(theme))
        language = \(Self.quoted(language.rawValue))
        # Ring the terminal bell for a new red or orange alert.
        bell = \(bell)
        # Say each new red or orange alert aloud (needs espeak-ng), and again once when overdue.
        speech = \(speech)
        # Minutes before a handover when the next shift is reminded on screen.
        handover_reminder = \(handoverReminder)
        # The shared directory consoles exchange their journals through ("" = none), and the
        # cluster this store joined there (written by `duty-watch init --shared`).
        shared = \(Self.quoted(shared))
        cluster = \(Self.quoted(cluster))

        # Minutes a new alert may wait for acknowledgement before it is marked overdue.
        [acknowledge]

        """
        for l in AlertLevel.allCases { out += "\(l.rawValue) = \(acknowledgeWithin[l]!)\n" }
        out += """

        # Reporting deadlines in minutes after an alert is received:
        # initial = 初报 (first report), follow_up = 续报, final = 终报.

        """
        for l in AlertLevel.allCases {
            let d = deadlines[l]!
            out += "[deadlines.\(l.rawValue)]\ninitial = \(d.initial)\nfollow_up = \(d.followUp)\nfinal = \(d.final)\n\n"
        }
        return out
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> StoreConfig {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(text)
        } catch {
            throw ConfigError("\(file):\(error.line): TOML syntax error at column \(error.column): \(error.message)")
        }
        // Every message names the line of the key at fault (the file's start for a missing one).
        var lines: [String: Int] = [:]
        func note(_ t: TOMLTable, _ prefix: String) {
            for k in t.keys {
                lines[prefix + k] = t.line(of: k) ?? t.line
                if let sub = t[k]?.table { note(sub, prefix + k + ".") }
            }
        }
        note(table, "")
        func fail(_ key: String, _ what: String) -> ConfigError {
            ConfigError("\(file):\(lines[key] ?? 1): \(InertText.excerpt(key)) \(what)")
        }
        let known: Set<String> = ["node", "time_zone", "theme", "language", "bell", "speech", "handover_reminder", "shared", "cluster", "acknowledge", "deadlines"]
        for k in table.keys where !known.contains(k) { throw fail(k, "is not a setting (known: \(known.sorted().joined(separator: ", ")))") }
        guard let node = table["node"]?.string else { throw fail("node", "is missing or not text") }
        guard isValidNodeName(node) else { throw fail("node", "\"\(InertText.excerpt(node))\" must be 1–40 letters, digits, - or _") }
        var c = StoreConfig(node: node)
        if let v = table["time_zone"] {
            guard let s = v.string, TimeZone(identifier: s) != nil else { throw fail("time_zone", "is not a known time zone (e.g. Asia/Shanghai)") }
            c.timeZone = s
        }
        if let v = table["theme"] {
            guard let s = v.string, !s.isEmpty else { throw fail("theme", "must be a theme name") }
            c.theme = s
        }
        if let v = table["language"] {
            guard let s = v.string, let language = Language(rawValue: s) else { throw fail("language", "must be \"zh\" or \"en\"") }
            c.language = language
        }
        if let v = table["shared"] {
            guard let s = v.string else { throw fail("shared", "must be a folder path (or \"\" for none)") }
            c.shared = s
        }
        if let v = table["cluster"] {
            guard let s = v.string, s.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }) else {
                throw fail("cluster", "must be a cluster id (letters, digits and -)")
            }
            c.cluster = s
        }
        if let v = table["bell"] {
            guard let b = v.bool else { throw fail("bell", "must be true or false") }
            c.bell = b
        }
        if let v = table["speech"] {
            guard let b = v.bool else { throw fail("speech", "must be true or false") }
            c.speech = b
        }
        func minutes(_ v: TOMLNode?, _ key: String) throws(ConfigError) -> Int? {
            guard let v else { return nil }
            guard let m = v.int, m > 0, m <= 100_000 else { throw fail(key, "must be a whole number of minutes above 0") }
            return m
        }
        if let m = try minutes(table["handover_reminder"], "handover_reminder") { c.handoverReminder = m }
        if let v = table["acknowledge"] {
            guard let t = v.table else { throw fail("acknowledge", "must be a table") }
            for k in t.keys {
                guard let level = AlertLevel(rawValue: k) else { throw fail("acknowledge.\(k)", "is not a level (red, orange, yellow, blue, white)") }
                c.acknowledgeWithin[level] = try minutes(t[k], "acknowledge.\(k)")
            }
        }
        if let v = table["deadlines"] {
            guard let t = v.table else { throw fail("deadlines", "must be a table") }
            for k in t.keys {
                guard let level = AlertLevel(rawValue: k) else { throw fail("deadlines.\(k)", "is not a level (red, orange, yellow, blue, white)") }
                guard let lt = t[k]?.table else { throw fail("deadlines.\(k)", "must be a table") }
                var d = c.deadlines[level]!
                for f in lt.keys {
                    let key = "deadlines.\(k).\(f)"
                    switch f {
                    case "initial": d.initial = try minutes(lt[f], key)!
                    case "follow_up": d.followUp = try minutes(lt[f], key)!
                    case "final": d.final = try minutes(lt[f], key)!
                    default: throw fail(key, "is not a deadline (initial, follow_up, final)")
                    }
                }
                guard d.initial <= d.followUp, d.followUp <= d.final else {
                    throw fail("deadlines.\(k)", "must have initial ≤ follow_up ≤ final")
                }
                c.deadlines[level] = d
            }
        }
        return c
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    /// Messages quote the file: one inert line, short, wherever shown.
    public init(_ d: String) { description = InertText.excerpt(d, limit: 600) }
}

extension Language {
    /// The language asked for (`--lang`), else the store's.
    public static func resolve(_ chosen: Language?, _ config: StoreConfig) -> Language {
        chosen ?? config.language
    }
}
