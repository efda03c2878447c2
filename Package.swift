// swift-tools-version: 6.0
import PackageDescription

// Concrete generic types (`[String: Alert]`, `[CheckPhase: Int]`) get their metadata from direct
// accessors instead of by demangling their names at run time. Demangling checks each generic
// requirement by scanning the conformance records of every loaded library (Foundation's are
// many), and the first scans in a process cost ~0.4 ms each: most of a first open from a
// snapshot (`duty-bench --open-after-only`). Code size grows a little.
let directMetadata: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]

let package = Package(
    name: "duty-watch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "duty-watch", targets: ["duty-watch"]),
        .executable(name: "duty-bench", targets: ["duty-bench"]),
        .executable(name: "duty-fuzz", targets: ["duty-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Pure domain: values, ops, fold. No I/O, no clock.
        .target(name: "DutyCore", swiftSettings: directMetadata),
        // TOML 1.0, read in Swift: the line of every key for messages, and no input that can trap
        // or abort the process (TOMLKit's C++ parser aborted on `[[`x]]`).
        .target(name: "TOMLReader", swiftSettings: directMetadata),
        // Every byte on disk: journal, snapshots, config, importers.
        .target(
            name: "DutyStore",
            dependencies: [
                "DutyCore",
                .product(name: "Crypto", package: "swift-crypto"),
                "TOMLReader",
            ],
            swiftSettings: directMetadata
        ),
        // What leaves the duty room as a document: the duty log (Markdown, CSV) and the roster as
        // iCalendar. Pure, so that the console shows the same log the command line writes.
        .target(name: "DutyExport", dependencies: ["DutyCore"], swiftSettings: directMetadata),
        // Cells, grid, display width, themes, views, key map and the runtime loop; pure except for
        // the Terminal it is given.
        .target(
            name: "ConsoleUI",
            dependencies: ["DutyCore", "DutyExport", "TOMLReader", "BuiltInThemes"],
            swiftSettings: directMetadata
        ),
        // Themes/*.toml compiled into the program: the files are the built-in themes' one source.
        .target(
            name: "BuiltInThemes",
            path: "Themes",
            resources: ["night.toml", "day.toml", "high-contrast.toml", "mono.toml"].map { .embedInCode($0) }
        ),
        // The console's session over a real store: its first state, and the worker thread that
        // owns the store while the console runs.
        .target(name: "ConsoleLink", dependencies: ["DutyCore", "DutyStore", "ConsoleUI"], swiftSettings: directMetadata),
        // The only Swift code that imports CNcursesw.
        .target(name: "NcursesBackend", dependencies: ["ConsoleUI", "CNcursesw"], swiftSettings: directMetadata),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .executableTarget(
            name: "duty-watch",
            dependencies: [
                "DutyCore", "DutyStore", "DutyExport", "ConsoleUI", "ConsoleLink", "NcursesBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: directMetadata
        ),
        // Every parser of outside bytes as one function each, for the fuzzers and the tests.
        .target(
            name: "DutyFuzz",
            dependencies: ["DutyCore", "DutyStore", "ConsoleUI", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // libFuzzer target under `Tests/Fuzz/run-fuzzers`; replays files otherwise.
        .executableTarget(name: "duty-fuzz", dependencies: ["DutyFuzz"]),
        .executableTarget(
            name: "duty-bench",
            dependencies: ["DutyCore", "DutyStore", "ConsoleUI", "ConsoleLink"],
            swiftSettings: directMetadata
        ),
        // What several suites would otherwise build by hand: golden files, the demo scene, stores
        // for a test, fixed instants, paths into the checkout. A library the suites link, not a
        // suite; DutyCoreTests and TOMLReaderTests do without it, so they stay below the store.
        .target(name: "DutyTestSupport", dependencies: ["DutyCore", "DutyStore", "ConsoleUI"], path: "Tests/TestSupport"),
        .testTarget(name: "DutyCoreTests", dependencies: ["DutyCore"]),
        .testTarget(name: "TOMLReaderTests", dependencies: ["TOMLReader"]),
        // Seeded mutations of the seeds in Tests/Fuzz/corpus through every parser, and every input
        // the fuzzers ever broke (Tests/Fuzz/found), read by path.
        .testTarget(name: "DutyFuzzTests", dependencies: ["DutyFuzz", "DutyTestSupport"]),
        // Inbox/Samples: CAP files read by path (#filePath), kept byte-for-byte as published.
        .testTarget(name: "DutyExportTests", dependencies: ["DutyCore", "DutyExport", "DutyTestSupport"]),
        .testTarget(name: "DutyStoreTests", dependencies: ["DutyCore", "DutyStore", "DutyTestSupport"], exclude: ["Inbox/Samples"]),
        // Golden screens are read by path (#filePath), not as bundle resources.
        .testTarget(name: "ConsoleUITests", dependencies: ["DutyCore", "ConsoleUI", "DutyTestSupport"], exclude: ["Golden"]),
        // The console's links to the world outside ConsoleUI: the speech program, spawned for real.
        .testTarget(name: "ConsoleLinkTests", dependencies: ["DutyCore", "ConsoleUI", "ConsoleLink", "DutyTestSupport"]),
        // Runs the built `duty-watch` binary: the command line is a contract for scripts. Golden
        // JSON is read by path (#filePath), not as bundle resources.
        .testTarget(name: "CLITests", dependencies: ["duty-watch", "DutyTestSupport"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
