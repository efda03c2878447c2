import BuiltInThemes
import DutyCore
import TOMLReader

/// A theme file that cannot be used: names the file, the line where TOML gives one, and the key.
public struct ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    /// Messages quote the file: one inert line, short, wherever shown.
    public init(_ description: String) { self.description = InertText.excerpt(description, limit: 600) }
}

extension Theme {
    /// The built-in themes, in the order they are offered.
    public static let builtInNames = ["night", "day", "high-contrast", "mono"]

    /// A theme by name: `fileText` is the text of the user's theme file of that name if one exists
    /// (the caller reads it; ConsoleUI touches no disk), else the built-in theme of that name.
    public static func named(_ name: String, fileText: String?) throws(ThemeError) -> Theme {
        if let fileText { return try parse(fileText, file: "\(name).toml") }
        guard let text = builtIn[name] else {
            throw ThemeError("unknown theme \(ThemeReader.quoted(name)) (\(builtInNames.joined(separator: ", ")))")
        }
        return try parse(text, file: "\(name).toml")
    }

    /// Parses a theme file's text. `file` is the name used in messages. A file may leave out roles
    /// (they are drawn as `normal`, see `style(_:)`), but not `normal` itself.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let top: TOMLTable
        do {
            top = try TOMLParser.parse(text)
        } catch {
            throw ThemeError("\(file):\(error.line): TOML syntax error at column \(error.column): \(error.message)")
        }
        return try ThemeReader(file: file).theme(top)
    }
}

/// Reads the parsed TOML into a `Theme`; every message is "<file>: <key path>: <what is wrong>".
private struct ThemeReader {
    let file: String

    static let settings = ["name", "ascii", "roles"]
    static let attributes = ["fg", "bg", "bold", "dim", "reverse", "underline", "blink"]
    static let colours: [(String, ThemeColor)] = [
        ("default", .terminalDefault), ("black", .black), ("red", .red), ("green", .green), ("yellow", .yellow),
        ("blue", .blue), ("magenta", .magenta), ("cyan", .cyan), ("white", .white),
    ]

    func fail(_ path: String, _ what: String, line: Int) -> ThemeError { ThemeError("\(file):\(line): \(path): \(what)") }

    func theme(_ top: TOMLTable) throws(ThemeError) -> Theme {
        for key in top.keys where !Self.settings.contains(key) {
            throw fail(Self.part(key), "not a setting (\(Self.settings.joined(separator: ", ")))", line: top.line(of: key) ?? 1)
        }
        guard let nameValue = top["name"] else { throw fail("name", "missing", line: 1) }
        guard let name = nameValue.string, !name.isEmpty else { throw fail("name", "must be text, e.g. \"night\"", line: nameValue.line) }
        var ascii = false
        if let v = top["ascii"] { ascii = try flag(v, "ascii") }
        guard let rolesValue = top["roles"] else { throw fail("roles", "missing", line: 1) }
        guard let roles = rolesValue.table else { throw fail("roles", "must be a table", line: rolesValue.line) }
        var styles: [Role: Style] = [:]
        try readRoles(roles, prefix: "", into: &styles)
        guard styles[.normal] != nil else { throw fail("roles.normal", "missing", line: roles.line) }
        return Theme(name: name, styles: styles, ascii: ascii)
    }

    /// Role names contain dots: `"level.red" = {…}` is one key, while an unquoted `level.red = {…}`
    /// is TOML for a table `level` holding `red`; both are read.
    private func readRoles(_ table: TOMLTable, prefix: String, into styles: inout [Role: Style]) throws(ThemeError) {
        for key in table.keys {
            let full = prefix + key
            let path = "roles." + prefix + Self.part(key)
            let value = table[key]
            let line = table.line(of: key) ?? table.line
            if let role = Role(rawValue: full) {
                guard let t = value?.table else { throw fail(path, "must be a table, e.g. { fg = \"white\", bold = true }", line: line) }
                guard styles[role] == nil else { throw fail(path, "given twice", line: line) }
                styles[role] = try style(t, path)
            } else if let t = value?.table, Role.allCases.contains(where: { $0.rawValue.hasPrefix(full + ".") }) {
                try readRoles(t, prefix: full + ".", into: &styles)
            } else {
                throw fail(path, "not a role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))", line: line)
            }
        }
    }

    private func style(_ table: TOMLTable, _ path: String) throws(ThemeError) -> Style {
        var s = Style()
        for key in table.keys {
            let p = path + "." + Self.part(key)
            guard let v = table[key] else { continue }
            switch key {
            case "fg": s.foreground = try colour(v, p)
            case "bg": s.background = try colour(v, p)
            case "bold": s.bold = try flag(v, p)
            case "dim": s.dim = try flag(v, p)
            case "reverse": s.reverse = try flag(v, p)
            case "underline": s.underline = try flag(v, p)
            case "blink": s.blink = try flag(v, p)
            default: throw fail(p, "not an attribute (\(Self.attributes.joined(separator: ", ")))", line: table.line(of: key) ?? v.line)
            }
        }
        return s
    }

    private func colour(_ v: TOMLNode, _ path: String) throws(ThemeError) -> ThemeColor {
        if let name = v.string, let c = Self.colours.first(where: { $0.0 == name }) { return c.1 }
        if let n = v.int, (0...255).contains(n) { return .index(n) }
        let names = Self.colours.map(\.0).joined(separator: ", ")
        throw fail(path, "\(Self.shown(v)) is not a colour (\(names), or 0–255)", line: v.line)
    }

    private func flag(_ v: TOMLNode, _ path: String) throws(ThemeError) -> Bool {
        guard let b = v.bool else { throw fail(path, "must be true or false", line: v.line) }
        return b
    }

    /// A key as written in a message: quoted and escaped if it holds anything but plain characters,
    /// so a hostile file cannot put control sequences into the terminal.
    static func part(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { s in
            !s.properties.isWhitespace && s != "\"" && s != "\\" && s.properties.generalCategory != .control
                && s.properties.generalCategory != .format
        }
        return plain ? key : quoted(key)
    }

    /// Text in double quotes with Swift's escapes, so that nothing typed in a file reaches the
    /// terminal as a control.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let category = s.properties.generalCategory
                if category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator {
                    out += "\\u{\(String(s.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    static func shown(_ v: TOMLNode) -> String {
        switch v.value {
        case .string(let t): quoted(InertText.excerpt(t))
        case .integer(let n): String(n)
        case .float(let d): String(d)
        case .bool(let b): String(b)
        case .table: "a table"
        case .array: "a list"
        case .dateTime: "a date or time"
        }
    }
}

// The built-in themes are Themes/*.toml, compiled into the program (the BuiltInThemes target).
extension Theme {
    /// The text of `Themes/<name>.toml` for each built-in theme, so the binary needs no Themes folder.
    public static let builtIn: [String: String] = builtInThemeFiles.mapValues { String(decoding: $0, as: UTF8.self) }
}
