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

// The built-in themes' files, byte for byte (ThemeTests checks this against Themes/*.toml).
// After editing a file under Themes/, paste it between the delimiters below, keeping the empty
// line before `"""#` (it is the file's final newline).
extension Theme {
    /// The text of `Themes/<name>.toml` for each built-in theme, so the binary needs no Themes folder.
    public static let builtIn: [String: String] = [
        "night": nightTheme,
        "day": dayTheme,
        "high-contrast": highContrastTheme,
        "mono": monoTheme,
    ]
}

private let nightTheme = #"""
# night: low glare for the night shift (default).
# The terminal's own dark background, grey text, the five levels in their colours but softened;
# only red, overdue, problems and the alarm header are bold. Colours are xterm-256 indices.
name = "night"
ascii = false          # true: draw lines and bars with ASCII

[roles]
normal        = { fg = 252 }
muted         = { fg = 244 }
header        = { fg = 250, bg = 236 }
headerAlarm   = { fg = 231, bg = 124, bold = true }
tab           = { fg = 244 }
tabActive     = { fg = 252, bg = 238, bold = true }
border        = { fg = 238 }
footer        = { fg = 244, bg = 235 }
footerKey     = { fg = 252, bg = 235, bold = true }
selection     = { reverse = true }
focus         = { fg = 252, underline = true }
onDuty        = { fg = 151 }
warning       = { fg = 221 }
overdue       = { fg = 203, bold = true }
ok            = { fg = 108 }
problem       = { fg = 203, bold = true }
notApplicable = { fg = 240 }
"level.red"    = { fg = 167, bold = true }
"level.orange" = { fg = 208 }
"level.yellow" = { fg = 184 }
"level.blue"   = { fg = 75 }
"level.white"  = { fg = 254 }
"status.new"   = { fg = 255, bold = true }
"bar.done"     = { fg = 71 }
"bar.todo"     = { fg = 238 }
input         = { fg = 255, bg = 237 }

"""#

private let dayTheme = #"""
# day: for a bright duty room.
# The terminal's background is kept (it may be light or dark), so text colours are ones that read
# on both, and the five levels are solid badges with their own background. xterm-256 indices.
name = "day"
ascii = false          # true: draw lines and bars with ASCII

[roles]
normal        = { fg = "default" }
muted         = { fg = 243 }
header        = { fg = 231, bg = 24, bold = true }
headerAlarm   = { fg = 231, bg = 160, bold = true }
tab           = { fg = "default" }
tabActive     = { fg = 231, bg = 24, bold = true }
border        = { fg = 245 }
footer        = { fg = 231, bg = 240 }
footerKey     = { fg = 226, bg = 240, bold = true }
selection     = { reverse = true }
focus         = { bold = true, underline = true }
onDuty        = { fg = 28, bold = true }
warning       = { fg = 16, bg = 214, bold = true }
overdue       = { fg = 231, bg = 160, bold = true }
ok            = { fg = 28 }
problem       = { fg = 160, bold = true, underline = true }
notApplicable = { fg = 246 }
"level.red"    = { fg = 231, bg = 160, bold = true }
"level.orange" = { fg = 16, bg = 208, bold = true }
"level.yellow" = { fg = 16, bg = 220 }
"level.blue"   = { fg = 231, bg = 26 }
"level.white"  = { fg = 16, bg = 252 }
"status.new"   = { fg = 160, bold = true }
"bar.done"     = { fg = 28 }
"bar.todo"     = { fg = 246 }
input         = { underline = true }

"""#

private let highContrastTheme = #"""
# high-contrast: bold and bright.
# White on black whatever the terminal's own colours (every role sets its background), the five
# levels as solid badges, selection reverse and bold. xterm-256 indices.
name = "high-contrast"
ascii = false          # true: draw lines and bars with ASCII

[roles]
normal        = { fg = 231, bg = 16 }
muted         = { fg = 250, bg = 16 }
header        = { fg = 16, bg = 231, bold = true }
headerAlarm   = { fg = 231, bg = 196, bold = true }
tab           = { fg = 231, bg = 16 }
tabActive     = { fg = 16, bg = 226, bold = true }
border        = { fg = 231, bg = 16 }
footer        = { fg = 16, bg = 231 }
footerKey     = { fg = 16, bg = 231, bold = true, underline = true }
selection     = { fg = 231, bg = 16, reverse = true, bold = true }
focus         = { fg = 226, bg = 16, bold = true, underline = true }
onDuty        = { fg = 46, bg = 16, bold = true }
warning       = { fg = 226, bg = 16, bold = true }
overdue       = { fg = 231, bg = 196, bold = true, underline = true }
ok            = { fg = 46, bg = 16, bold = true }
problem       = { fg = 196, bg = 16, bold = true, underline = true }
notApplicable = { fg = 250, bg = 16 }
"level.red"    = { fg = 231, bg = 196, bold = true }
"level.orange" = { fg = 16, bg = 208, bold = true }
"level.yellow" = { fg = 16, bg = 226, bold = true }
"level.blue"   = { fg = 231, bg = 21, bold = true }
"level.white"  = { fg = 16, bg = 231, bold = true }
"status.new"   = { fg = 226, bg = 16, bold = true }
"bar.done"     = { fg = 231, bg = 16, bold = true }
"bar.todo"     = { fg = 244, bg = 16 }
input         = { fg = 231, bg = 16, underline = true }

"""#

private let monoTheme = #"""
# mono: no colour at all, for terminals without colours.
# Every fg and bg is the terminal's default; meaning rides on attributes alone, and the level is
# always written beside it. bar.done is bold, not reverse: a reversed block character "█" paints
# the cell in the background colour and the done part of a bar would look empty.
name = "mono"
ascii = false          # true: draw lines and bars with ASCII

[roles]
normal        = {}
muted         = { dim = true }
header        = { reverse = true }
headerAlarm   = { bold = true, underline = true, blink = true }
tab           = {}
tabActive     = { reverse = true, bold = true }
border        = { dim = true }
footer        = {}
footerKey     = { bold = true }
selection     = { reverse = true }
focus         = { bold = true, underline = true }
onDuty        = { bold = true }
warning       = { bold = true }
overdue       = { bold = true, underline = true }
ok            = {}
problem       = { bold = true, underline = true }
notApplicable = { dim = true }
"level.red"    = { bold = true }
"level.orange" = { bold = true }
"level.yellow" = {}
"level.blue"   = {}
"level.white"  = {}
"status.new"   = { bold = true }
"bar.done"     = { bold = true }
"bar.todo"     = { dim = true }
input         = { underline = true }

"""#
