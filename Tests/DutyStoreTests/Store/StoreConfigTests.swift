import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// config.toml files that `StoreConfig.parse` must refuse, and the exact messages they must give.
enum BadConfig {
    static let file = "/stores/a/config.toml"

    static let all: [BadInput] = [
        BadInput(label: "missing node", text: "theme = \"night\"\n",
                 message: "\(file):1: node is missing or not text"),
        BadInput(label: "node not text", text: "node = 5\n",
                 message: "\(file):1: node is missing or not text"),
        BadInput(label: "node with a space", text: "node = \"console 1\"\n",
                 message: "\(file):1: node \"console 1\" must be 1–40 letters, digits, - or _"),
        BadInput(label: "node not ASCII", text: "node = \"控制台\"\n",
                 message: "\(file):1: node \"控制台\" must be 1–40 letters, digits, - or _"),
        BadInput(label: "unknown top-level key", text: "node = \"a\"\ncolour = \"red\"\n",
                 message: "\(file):2: colour is not a setting (known: acknowledge, bell, cluster, deadlines, handover_reminder, language, node, shared, speech, theme, time_zone)"),
        BadInput(label: "bad time zone", text: "node = \"a\"\ntime_zone = \"Asia/Guangzhou\"\n",
                 message: "\(file):2: time_zone is not a known time zone (e.g. Asia/Shanghai)"),
        BadInput(label: "empty theme", text: "node = \"a\"\ntheme = \"\"\n",
                 message: "\(file):2: theme must be a theme name"),
        BadInput(label: "language fr", text: "node = \"a\"\nlanguage = \"fr\"\n",
                 message: "\(file):2: language must be \"zh\" or \"en\""),
        BadInput(label: "bell = \"yes\"", text: "node = \"a\"\nbell = \"yes\"\n",
                 message: "\(file):2: bell must be true or false"),
        BadInput(label: "speech = 1", text: "node = \"a\"\nspeech = 1\n",
                 message: "\(file):2: speech must be true or false"),
        BadInput(label: "handover_reminder = 0", text: "node = \"a\"\nhandover_reminder = 0\n",
                 message: "\(file):2: handover_reminder must be a whole number of minutes above 0"),
        BadInput(label: "acknowledge not a table", text: "node = \"a\"\nacknowledge = 3\n",
                 message: "\(file):2: acknowledge must be a table"),
        BadInput(label: "acknowledge.purple", text: "node = \"a\"\n[acknowledge]\npurple = 3\n",
                 message: "\(file):3: acknowledge.purple is not a level (red, orange, yellow, blue, white)"),
        BadInput(label: "acknowledge.red = 0", text: "node = \"a\"\n[acknowledge]\nred = 0\n",
                 message: "\(file):3: acknowledge.red must be a whole number of minutes above 0"),
        BadInput(label: "acknowledge.red = 2.5", text: "node = \"a\"\n[acknowledge]\nred = 2.5\n",
                 message: "\(file):3: acknowledge.red must be a whole number of minutes above 0"),
        BadInput(label: "deadlines.red not a table", text: "node = \"a\"\n[deadlines]\nred = 30\n",
                 message: "\(file):3: deadlines.red must be a table"),
        BadInput(label: "deadlines.purple", text: "node = \"a\"\n[deadlines.purple]\ninitial = 30\n",
                 message: "\(file):2: deadlines.purple is not a level (red, orange, yellow, blue, white)"),
        BadInput(label: "deadlines.red.initial = \"x\"", text: "node = \"a\"\n[deadlines.red]\ninitial = \"x\"\n",
                 message: "\(file):3: deadlines.red.initial must be a whole number of minutes above 0"),
        BadInput(label: "deadlines.red.soon", text: "node = \"a\"\n[deadlines.red]\nsoon = 5\n",
                 message: "\(file):3: deadlines.red.soon is not a deadline (initial, follow_up, final)"),
        BadInput(label: "initial > follow_up", text: "node = \"a\"\n[deadlines.red]\ninitial = 150\nfollow_up = 120\n",
                 message: "\(file):2: deadlines.red must have initial ≤ follow_up ≤ final"),
        BadInput(label: "follow_up > final", text: "node = \"a\"\n[deadlines.blue]\nfollow_up = 3000\n",
                 message: "\(file):2: deadlines.blue must have initial ≤ follow_up ≤ final"),
        BadInput(label: "TOML syntax error on line 4", text: "node = \"a\"\ntheme = \"night\"\n\nbell = \n",
                 message: "\(file):4: TOML syntax error at column 8: expected a value after ="),
    ]
}

@Suite struct StoreConfigTests {
    typealias Fx = StoreFixture
    typealias Disk = StoreDisk

    static let defaultAcknowledge: [AlertLevel: Int] = [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30]
    static let defaultDeadlines: [AlertLevel: ReportDeadlines] = [
        .red: ReportDeadlines(initial: 30, followUp: 120, final: 1440),
        .orange: ReportDeadlines(initial: 30, followUp: 120, final: 1440),
        .yellow: ReportDeadlines(initial: 60, followUp: 240, final: 2880),
        .blue: ReportDeadlines(initial: 120, followUp: 480, final: 2880),
        .white: ReportDeadlines(initial: 120, followUp: 480, final: 2880),
    ]

    // MARK: - Writing and reading back

    @Test func theDefaultConfigReadsBackEqual() throws {
        let config = StoreConfig(node: "console-1")
        let parsed = try StoreConfig.parse(config.toml(), file: "config.toml")
        #expect(parsed == config)
        #expect(parsed.node == "console-1")
        #expect(parsed.timeZone == "Asia/Shanghai")
        #expect(parsed.theme == "night")
        #expect(parsed.language == .zh)
        #expect(parsed.bell == true)
        #expect(parsed.speech == false)
        #expect(parsed.acknowledgeWithin == Self.defaultAcknowledge)
        #expect(parsed.deadlines == Self.defaultDeadlines)
    }

    /// The written file sets every value itself, so a later change of a default in code does not
    /// silently change an existing store.
    @Test func theDefaultConfigWritesEveryValue() throws {
        let text = StoreConfig(node: "console-1").toml()
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(lines == [
            "node = \"console-1\"", "time_zone = \"Asia/Shanghai\"", "theme = \"night\"", "language = \"zh\"", "bell = true", "speech = false", "handover_reminder = 30", "shared = \"\"", "cluster = \"\"",
            "[acknowledge]", "red = 2", "orange = 5", "yellow = 15", "blue = 30", "white = 30",
            "[deadlines.red]", "initial = 30", "follow_up = 120", "final = 1440",
            "[deadlines.orange]", "initial = 30", "follow_up = 120", "final = 1440",
            "[deadlines.yellow]", "initial = 60", "follow_up = 240", "final = 2880",
            "[deadlines.blue]", "initial = 120", "follow_up = 480", "final = 2880",
            "[deadlines.white]", "initial = 120", "follow_up = 480", "final = 2880",
        ])
    }

    @Test func aConfigWithEveryValueChangedReadsBackEqual() throws {
        var config = StoreConfig(node: "north_2")
        config.timeZone = "Asia/Urumqi"
        config.theme = "day"
        config.language = .en
        config.bell = false
        config.speech = true
        config.handoverReminder = 45
        config.shared = "/mnt/三防共享/duty \"night\""
        config.cluster = "c-7f3a9e"
        config.acknowledgeWithin = [.red: 1, .orange: 3, .yellow: 10, .blue: 60, .white: 90]
        config.deadlines = [
            .red: ReportDeadlines(initial: 15, followUp: 60, final: 720),
            .orange: ReportDeadlines(initial: 20, followUp: 90, final: 1000),
            .yellow: ReportDeadlines(initial: 45, followUp: 45, final: 45),
            .blue: ReportDeadlines(initial: 100, followUp: 400, final: 100_000),
            .white: ReportDeadlines(initial: 1, followUp: 2, final: 3),
        ]
        #expect(try StoreConfig.parse(config.toml(), file: "config.toml") == config)
        // The parsed form kept beside the file gives back every value, and only for those bytes.
        let source = config.toml()
        #expect(ConfigCache.decode(ConfigCache.encode(config, source: source), source: source) == config)
        #expect(ConfigCache.decode(ConfigCache.encode(config, source: source), source: source + " ") == nil)
    }

    @Test(arguments: StoreFSKind.allCases)
    func theParsedConfigIsUsedOnlyWhileTheFileIsUnchanged(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            _ = try Store.open(at: root, fs: fs)
            let cachePath = Path.join(root, ConfigCache.fileName)
            #expect(fs.exists(cachePath))
            let configPath = Path.join(root, "config.toml")
            let good = String(decoding: try fs.read(configPath), as: UTF8.self)
            // An edit is seen at the next open, and the cache follows it.
            try Disk.overwrite(fs, configPath, Array(good.replacingOccurrences(of: "theme = \"night\"", with: "theme = \"day\"").utf8))
            let edited = try Store.open(at: root, fs: fs).config
            #expect(edited.theme == "day")
            #expect(try Store.open(at: root, fs: fs).config == edited)
            // A damaged cache is parsed around, never believed: any byte of it.
            let cache = try fs.read(cachePath)
            for i in [0, 9, 45, cache.count - 40, cache.count - 33, cache.count - 1] {
                var damaged = cache
                damaged[i] ^= 0x01
                try Disk.overwrite(fs, cachePath, damaged)
                #expect(try Store.open(at: root, fs: fs).config == edited, "byte \(i)")
            }
            try Disk.overwrite(fs, cachePath, Array("garbage".utf8))
            #expect(try Store.open(at: root, fs: fs).config == edited)
        }
    }

    /// A theme is any non-empty text, so one with quotes or a backslash parses; writing it out must
    /// give a file that reads back the same.
    @Test func aThemeWithQuotesAndABackslashReadsBackEqual() throws {
        let parsed = try StoreConfig.parse("node = \"a\"\ntheme = \"夜间 \\\"高对比\\\" C:\\\\themes\"\n", file: "config.toml")
        #expect(parsed.theme == "夜间 \"高对比\" C:\\themes")
        do {
            #expect(try StoreConfig.parse(parsed.toml(), file: "config.toml") == parsed)
        } catch {
            Issue.record("toml() wrote a file that does not parse: \(error)\n\(parsed.toml())")
        }
    }

    // MARK: - Parsing

    @Test func aMinimalConfigGetsEveryDefault() throws {
        #expect(try StoreConfig.parse("node = \"console-1\"\n", file: "config.toml") == StoreConfig(node: "console-1"))
    }

    @Test func customDeadlinesOverrideOnlyWhatIsGiven() throws {
        let text = """
        node = "console-1"
        language = "en"

        [acknowledge]
        red = 1

        [deadlines.yellow]
        follow_up = 300

        [deadlines.white]
        initial = 60
        final = 1440

        """
        var expected = StoreConfig(node: "console-1")
        expected.language = .en
        expected.acknowledgeWithin[.red] = 1
        expected.deadlines[.yellow] = ReportDeadlines(initial: 60, followUp: 300, final: 2880)
        expected.deadlines[.white] = ReportDeadlines(initial: 60, followUp: 480, final: 1440)
        let parsed = try StoreConfig.parse(text, file: "config.toml")
        #expect(parsed == expected)
        #expect(parsed.acknowledgeWithin == [.red: 1, .orange: 5, .yellow: 15, .blue: 30, .white: 30])
        #expect(parsed.deadlines[.red] == Self.defaultDeadlines[.red])
        #expect(parsed.deadlines[.orange] == Self.defaultDeadlines[.orange])
        #expect(parsed.deadlines[.blue] == Self.defaultDeadlines[.blue])
    }

    /// One deadline given is checked against the defaults kept for the others.
    @Test func aSingleOverrideIsCheckedAgainstTheDefaultsItKeeps() {
        let error = #expect(throws: ConfigError.self) {
            try StoreConfig.parse("node = \"a\"\n[deadlines.yellow]\ninitial = 300\n", file: "config.toml")
        }
        #expect(error == ConfigError("config.toml:2: deadlines.yellow must have initial ≤ follow_up ≤ final"))
    }

    @Test(arguments: BadConfig.all)
    func aBadConfigIsRefusedWithAMessageNamingTheKey(_ bad: BadInput) {
        let error = #expect(throws: ConfigError.self) {
            try StoreConfig.parse(bad.text, file: BadConfig.file)
        }
        #expect(error == ConfigError(bad.message))
    }

    @Test func nodeNames() {
        for good in ["a", "console-1", "north_2", "N0DE", String(repeating: "x", count: 40)] {
            #expect(StoreConfig.isValidNodeName(good), "\(good)")
        }
        for bad in ["", "console 1", "a/b", "a.b", "控制台", "ｃｏｎｓｏｌｅ", "tab\t", String(repeating: "x", count: 41)] {
            #expect(!StoreConfig.isValidNodeName(bad), "\(bad)")
        }
    }

    // MARK: - The store and its config.toml

    @Test(arguments: StoreFSKind.allCases)
    func openingAStoreWithABrokenConfigFailsAndTouchesNothing(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try Fx.appendOneByOne(store, (1...3).map { Fx.alert($0) })
            let journal = try fs.read(store.journalPath)
            let configPath = Path.join(root, "config.toml")
            let good = String(decoding: try fs.read(configPath), as: UTF8.self)

            let cases: [(text: String, message: String)] = [
                (good.replacingOccurrences(of: "bell = true", with: "bell = \"yes\""),
                 "\(configPath):7: bell must be true or false"),
                (good.replacingOccurrences(of: "[deadlines.red]\ninitial = 30", with: "[deadlines.red]\ninitial = \"x\""),
                 "\(configPath):28: deadlines.red.initial must be a whole number of minutes above 0"),
                (good.replacingOccurrences(of: "time_zone = \"Asia/Shanghai\"", with: "time_zone = \"Mars/Olympus\""),
                 "\(configPath):3: time_zone is not a known time zone (e.g. Asia/Shanghai)"),
                (good.replacingOccurrences(of: "language = \"zh\"", with: "language = \"zh\nbell = 1"),
                 "\(configPath):5: TOML syntax error at column 12: unterminated string: a \"...\" string must end on its line (use \"\"\" for text on several lines)"),
            ]
            for (text, message) in cases {
                #expect(text != good)
                try Disk.overwrite(fs, configPath, Array(text.utf8))
                let error = #expect(throws: StoreError.self) { try Store.open(at: root, fs: fs) }
                #expect(error?.description == message)
                #expect(Store.check(root: root, fs: fs).problems == [message])
                #expect(try fs.read(store.journalPath) == journal)
                #expect(Disk.list(fs, Path.join(root, "quarantine")) == [])
                #expect(Disk.list(fs, Path.join(root, "snapshots")) == [])
                #expect(String(decoding: try fs.read(configPath), as: UTF8.self) == text)
            }

            try Disk.overwrite(fs, configPath, Array(good.utf8))
            let reopened = try Store.open(at: root, fs: fs)
            #expect(reopened.state == store.state)
            #expect(reopened.position == store.position)
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func openingAFolderWithoutAConfigSaysSo(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            try fs.remove(Path.join(root, "config.toml"))
            let error = #expect(throws: StoreError.self) { try Store.open(at: root, fs: fs) }
            #expect(error?.description ==
                "\(root) is not a DutyWatch store: config.toml is missing (create one with `duty-watch init --store \(root)`)")
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func createWritesTheDefaultConfig(_ kind: StoreFSKind) throws {
        try TestStores.with(kind, node: "north_2") { fs, root in
            let written = try fs.read(Path.join(root, "config.toml"))
            #expect(written == Array(StoreConfig(node: "north_2").toml().utf8))
            #expect(try Store.readConfig(root: root, fs: fs) == StoreConfig(node: "north_2"))
            #expect(Disk.list(fs, root) == ["config.toml", "inbox", "journal", "node.key", "quarantine", "snapshots"])
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func createRefusesABadNodeName(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, existing in
            // A sibling of a real store, so that the folder's parent exists on both file systems.
            let root = Path.join(Path.dirname(existing), "new-store")
            for bad in ["", "console 1", "控制台", "a/b", String(repeating: "x", count: 41)] {
                let error = #expect(throws: StoreError.self) { try Store.create(at: root, node: bad, fs: fs) }
                #expect(error?.description == "node name \"\(bad)\" must be 1–40 letters, digits, - or _")
                #expect(fs.exists(root) == false, "\(bad)")
            }
            try Store.create(at: root, node: String(repeating: "x", count: 40), fs: fs)
            #expect(try Store.readConfig(root: root, fs: fs).node == String(repeating: "x", count: 40))
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func createRefusesAFolderThatHoldsAStore(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try Fx.appendOneByOne(store, [Fx.alert(1)])
            let configPath = Path.join(root, "config.toml")
            let config = try fs.read(configPath)
            let journal = try fs.read(store.journalPath)

            for node in [Fx.node, "other-node"] {
                let error = #expect(throws: StoreError.self) { try Store.create(at: root, node: node, fs: fs) }
                #expect(error?.description == "\(root) already holds a store (config.toml exists)")
            }
            #expect(try fs.read(configPath) == config)
            #expect(try fs.read(store.journalPath) == journal)
            #expect(try Store.open(at: root, fs: fs).state == store.state)
        }
    }
}
