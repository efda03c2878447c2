@testable import ConsoleUI
import DutyTestSupport
import Foundation
import Testing

private let header = "name = \"x\"\n[roles]\nnormal = { fg = \"white\" }\n"
private let colourList = "(default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"
private let roleList = "(normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey, selection, focus, onDuty, "
    + "warning, overdue, ok, problem, notApplicable, level.red, level.orange, level.yellow, level.blue, level.white, "
    + "status.new, bar.done, bar.todo, input)"

private let badThemes: [BadInput] = [
    BadInput(label: "unknown colour name", text: "name = \"night\"\n[roles]\nnormal = {}\n\"level.red\" = { fg = \"purple\" }\n",
             message: "night.toml:4: roles.level.red.fg: \"purple\" is not a colour (default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"),
    BadInput(label: "a colour with an escape sequence is quoted and escaped", text: header + "muted = { fg = \"\\u001b[31m\" }\n",
             message: "x.toml:4: roles.muted.fg: \"^[[31m\" is not a colour (default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"),
    BadInput(label: "index above 255", text: header + "muted = { bg = 256 }\n",
             message: "x.toml:4: roles.muted.bg: 256 is not a colour (default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"),
    BadInput(label: "negative index", text: header + "muted = { fg = -1 }\n",
             message: "x.toml:4: roles.muted.fg: -1 is not a colour (default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"),
    BadInput(label: "colour given as a boolean", text: header + "muted = { fg = true }\n",
             message: "x.toml:4: roles.muted.fg: true is not a colour (default, black, red, green, yellow, blue, magenta, cyan, white, or 0–255)"),
    BadInput(label: "unknown role", text: header + "bogus = { bold = true }\n",
             message: "x.toml:4: roles.bogus: not a role (normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey, selection, focus, onDuty, warning, overdue, ok, problem, notApplicable, level.red, level.orange, level.yellow, level.blue, level.white, status.new, bar.done, bar.todo, input)"),
    BadInput(label: "unknown dotted role", text: header + "\"level.purple\" = { bold = true }\n",
             message: "x.toml:4: roles.level.purple: not a role (normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey, selection, focus, onDuty, warning, overdue, ok, problem, notApplicable, level.red, level.orange, level.yellow, level.blue, level.white, status.new, bar.done, bar.todo, input)"),
    BadInput(label: "unknown role under an unquoted dotted key", text: header + "level.purple = { bold = true }\n",
             message: "x.toml:4: roles.level.purple: not a role (normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey, selection, focus, onDuty, warning, overdue, ok, problem, notApplicable, level.red, level.orange, level.yellow, level.blue, level.white, status.new, bar.done, bar.todo, input)"),
    BadInput(label: "a role given twice, quoted and unquoted", text: header + "\"level.red\" = { bold = true }\nlevel.red = { dim = true }\n",
             message: "x.toml:5: roles.level.red: given twice"),
    BadInput(label: "attribute not a boolean", text: "name = \"x\"\n[roles]\nnormal = { bold = \"yes\" }\n",
             message: "x.toml:3: roles.normal.bold: must be true or false"),
    BadInput(label: "unknown attribute", text: header + "muted = { italic = true }\n",
             message: "x.toml:4: roles.muted.italic: not an attribute (fg, bg, bold, dim, reverse, underline, blink)"),
    BadInput(label: "role not a table", text: header + "muted = \"grey\"\n",
             message: "x.toml:4: roles.muted: must be a table, e.g. { fg = \"white\", bold = true }"),
    BadInput(label: "normal missing", text: "name = \"x\"\n[roles]\nmuted = { dim = true }\n",
             message: "x.toml:2: roles.normal: missing"),
    BadInput(label: "roles missing", text: "name = \"x\"\n",
             message: "x.toml:1: roles: missing"),
    BadInput(label: "roles not a table", text: "name = \"x\"\nroles = 3\n",
             message: "x.toml:2: roles: must be a table"),
    BadInput(label: "name missing", text: "[roles]\nnormal = {}\n",
             message: "x.toml:1: name: missing"),
    BadInput(label: "name not text", text: "name = 7\n[roles]\nnormal = {}\n",
             message: "x.toml:1: name: must be text, e.g. \"night\""),
    BadInput(label: "ascii not a boolean", text: "name = \"x\"\nascii = \"no\"\n[roles]\nnormal = {}\n",
             message: "x.toml:2: ascii: must be true or false"),
    BadInput(label: "unknown setting", text: "name = \"x\"\ncolours = 256\n[roles]\nnormal = {}\n",
             message: "x.toml:2: colours: not a setting (name, ascii, roles)"),
    BadInput(label: "a key with an escape sequence is quoted", text: header + "\"bo\\u001bgus\" = {}\n",
             message: "x.toml:4: roles.\"bo\\u{1B}gus\": not a role (normal, muted, header, headerAlarm, tab, tabActive, border, footer, footerKey, selection, focus, onDuty, warning, overdue, ok, problem, notApplicable, level.red, level.orange, level.yellow, level.blue, level.white, status.new, bar.done, bar.todo, input)"),
    BadInput(label: "TOML syntax error on line 3", text: "name = \"x\"\n[roles]\nnormal = { fg = }\n",
             message: "x.toml:3: TOML syntax error at column 17: expected a value, found \"}\""),
]

@Suite struct ThemeTests {
    static let themesFolder = TestPaths.packageRoot.appendingPathComponent("Themes")

    @Test(arguments: Theme.builtInNames)
    func eachBuiltInParsesAndGivesEveryRole(name: String) throws {
        let theme = try Theme.named(name, fileText: nil)
        #expect(theme.name == name)
        #expect(!theme.ascii)
        let missing = Role.allCases.filter { theme.styles[$0] == nil }
        #expect(missing.isEmpty, "\(name) leaves out \(missing.map(\.rawValue))")
    }

    @Test func theBuiltInsAreExactlyTheFourNames() {
        #expect(Set(Theme.builtIn.keys) == Set(Theme.builtInNames))
        #expect(Theme.builtInNames == ["night", "day", "high-contrast", "mono"])
    }

    /// The compiled-in themes are the files themselves (one source, compiled in).
    @Test(arguments: Theme.builtInNames)
    func theBuiltInIsTheFileByteForByte(name: String) throws {
        let url = Self.themesFolder.appendingPathComponent("\(name).toml")
        let onDisk = try #require(FileManager.default.contents(atPath: url.path), "cannot read \(url.path)")
        #expect(onDisk == Data(try #require(Theme.builtIn[name]).utf8))
    }

    @Test func theThemesFolderHoldsOnlyTheBuiltIns() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesFolder.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files) == Set(Theme.builtInNames.map { "\($0).toml" }))
    }

    /// The flashing header for a new red or orange alert must show on every terminal: a different
    /// colour, reverse or underline (bold or blink alone may not show).
    @Test(arguments: Theme.builtInNames)
    func headerAlarmDiffersVisiblyFromHeader(name: String) throws {
        let theme = try Theme.named(name, fileText: nil)
        let header = theme.style(.header), alarm = theme.style(.headerAlarm)
        #expect(header.foreground != alarm.foreground || header.background != alarm.background
                || header.reverse != alarm.reverse || header.underline != alarm.underline)
    }

    @Test(arguments: Theme.builtInNames)
    func selectionIsReverse(name: String) throws {
        #expect(try Theme.named(name, fileText: nil).style(.selection).reverse)
    }

    @Test func monoHasNoColourAndSaysEverythingWithAttributes() throws {
        let mono = try Theme.named("mono", fileText: nil)
        for role in Role.allCases {
            #expect(mono.style(role).foreground == .terminalDefault && mono.style(role).background == .terminalDefault, "\(role)")
        }
        let s = mono.style
        #expect(s(.levelRed).bold && s(.levelOrange).bold)
        #expect(s(.overdue).bold && s(.overdue).underline)
        #expect(s(.problem).bold && s(.problem).underline)
        #expect(s(.muted).dim)
        #expect(s(.header).reverse)
        #expect(s(.tabActive).reverse && s(.tabActive).bold)
        #expect(s(.footerKey).bold)
        #expect(s(.barDone) != s(.barTodo))
        #expect(s(.selection) == Style(reverse: true))
    }

    @Test func nightIsLowGlareOnTheTerminalsOwnBackground() throws {
        let night = try Theme.named("night", fileText: nil)
        #expect(night.style(.normal).background == .terminalDefault)
        #expect(night.style(.levelRed).bold && night.style(.overdue).bold)
        #expect(!night.style(.levelYellow).bold && !night.style(.levelBlue).bold)
        #expect(night.style(.levelOrange).foreground == .index(208))
        #expect(night.style(.selection) == Style(reverse: true))
    }

    @Test func dayKeepsTheTerminalsBackground() throws {
        let day = try Theme.named("day", fileText: nil)
        #expect(day.style(.normal) == Style())
    }

    @Test func highContrastSelectionIsReverseAndBold() throws {
        let hc = try Theme.named("high-contrast", fileText: nil)
        #expect(hc.style(.selection).reverse && hc.style(.selection).bold)
        #expect(hc.style(.levelRed).bold)
    }

    @Test func aColourIsAnIndexOrAName() throws {
        let theme = try Theme.parse("""
            name = "x"
            ascii = true
            [roles]
            normal = { fg = "white", bg = "default", dim = false }
            muted = { fg = 244 }
            "level.red" = { fg = "red", bg = 0, bold = true }
            "level.white" = { fg = 255, bg = "black" }
            selection = { reverse = true, underline = true, blink = true, dim = true }
            """, file: "x.toml")
        #expect(theme.name == "x")
        #expect(theme.ascii)
        #expect(theme.style(.normal) == Style(foreground: .white, background: .terminalDefault))
        #expect(theme.style(.muted) == Style(foreground: .index(244)))
        #expect(theme.style(.levelRed) == Style(foreground: .red, background: .index(0), bold: true))
        #expect(theme.style(.levelWhite) == Style(foreground: .index(255), background: .black))
        #expect(theme.style(.selection) == Style(dim: true, reverse: true, underline: true, blink: true))
    }

    @Test func everyColourNameIsRead() throws {
        let names: [(String, ThemeColor)] = [
            ("default", .terminalDefault), ("black", .black), ("red", .red), ("green", .green), ("yellow", .yellow),
            ("blue", .blue), ("magenta", .magenta), ("cyan", .cyan), ("white", .white),
        ]
        for (name, colour) in names {
            let theme = try Theme.parse("name = \"x\"\n[roles]\nnormal = { fg = \"\(name)\", bg = \"\(name)\" }\n", file: "x.toml")
            #expect(theme.style(.normal) == Style(foreground: colour, background: colour), "\(name)")
        }
    }

    @Test func aMissingRoleIsDrawnAsNormal() throws {
        let theme = try Theme.parse("name = \"x\"\n[roles]\nnormal = { fg = 250, bold = true }\n", file: "x.toml")
        #expect(theme.styles[.muted] == nil)
        #expect(theme.style(.muted) == Style(foreground: .index(250), bold: true))
        #expect(theme.style(.levelRed) == theme.style(.normal))
        #expect(!theme.ascii)
    }

    @Test func anUnquotedDottedRoleIsReadToo() throws {
        let theme = try Theme.parse("name = \"x\"\n[roles]\nnormal = {}\nlevel.red = { fg = \"red\" }\n[roles.bar]\ndone = { reverse = true }\n",
                                    file: "x.toml")
        #expect(theme.styles[.levelRed] == Style(foreground: .red))
        #expect(theme.styles[.barDone] == Style(reverse: true))
    }

    @Test func aStandardTablePerRoleIsRead() throws {
        let theme = try Theme.parse("name = \"x\"\n[roles.normal]\nfg = 7\n[roles.\"status.new\"]\nbold = true\n", file: "x.toml")
        #expect(theme.styles == [.normal: Style(foreground: .index(7)), .statusNew: Style(bold: true)])
    }

    @Test(arguments: badThemes)
    func aBadFileGivesItsExactMessage(_ bad: BadInput) {
        let file = bad.message.hasPrefix("night.toml") ? "night.toml" : "x.toml"
        #expect(throws: ThemeError(bad.message)) { try Theme.parse(bad.text, file: file) }
    }

    @Test func aUserFileOverridesTheBuiltInOfThatName() throws {
        let user = try Theme.named("night", fileText: "name = \"night\"\n[roles]\nnormal = { fg = \"green\" }\n")
        #expect(user.style(.normal) == Style(foreground: .green))
        #expect(user.style(.selection) == Style(foreground: .green))
        #expect(user != (try Theme.named("night", fileText: nil)))
    }

    @Test func aUserFileCanHaveItsOwnName() throws {
        let mine = try Theme.named("mine", fileText: "name = \"mine\"\nascii = true\n[roles]\nnormal = {}\n")
        #expect(mine == Theme(name: "mine", styles: [.normal: Style()], ascii: true))
    }

    @Test func aBadUserFileIsNamedAfterTheTheme() {
        #expect(throws: ThemeError("night.toml:2: roles.normal: missing")) {
            try Theme.named("night", fileText: "name = \"night\"\n[roles]\n")
        }
    }

    @Test func anUnknownNameWithoutAFileListsTheBuiltIns() {
        #expect(throws: ThemeError("unknown theme \"x\" (night, day, high-contrast, mono)")) { try Theme.named("x", fileText: nil) }
        #expect(throws: ThemeError("unknown theme \"a\\\"b\\u{1B}\" (night, day, high-contrast, mono)")) {
            try Theme.named("a\"b\u{1B}", fileText: nil)
        }
        #expect(ThemeError("a").description == "a")
    }
}
