// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "duty-watch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "duty-watch", targets: ["duty-watch"]),
        .executable(name: "duty-bench", targets: ["duty-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Pure domain: values, ops, fold. No I/O, no clock.
        .target(name: "DutyCore"),
        // Every byte on disk: journal, snapshots, config, importers.
        .target(
            name: "DutyStore",
            dependencies: [
                "DutyCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Cells, grid, display width, themes, views, key map and the runtime loop; pure except for
        // the Terminal it is given.
        .target(
            name: "ConsoleUI",
            dependencies: ["DutyCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The console's session over a real store: its first state, and the worker thread that
        // owns the store while the console runs.
        .target(name: "ConsoleLink", dependencies: ["DutyCore", "DutyStore", "ConsoleUI"]),
        // The only Swift code that imports CNcursesw.
        .target(name: "NcursesBackend", dependencies: ["ConsoleUI", "CNcursesw"]),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .executableTarget(
            name: "duty-watch",
            dependencies: [
                "DutyCore", "DutyStore", "ConsoleUI", "ConsoleLink", "NcursesBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "duty-bench",
            dependencies: ["DutyCore", "DutyStore", "ConsoleUI", "ConsoleLink"]
        ),
        .testTarget(name: "DutyCoreTests", dependencies: ["DutyCore"]),
        // Inbox/Samples: CAP files read by path (#filePath), kept byte-for-byte as published.
        .testTarget(name: "DutyStoreTests", dependencies: ["DutyCore", "DutyStore"], exclude: ["Inbox/Samples"]),
        // Golden screens are read by path (#filePath), not as bundle resources.
        .testTarget(name: "ConsoleUITests", dependencies: ["DutyCore", "DutyStore", "ConsoleUI"], exclude: ["Golden"]),
        // Runs the built `duty-watch` binary: the command line is a contract for scripts.
        .testTarget(name: "CLITests", dependencies: ["duty-watch"]),
    ],
    swiftLanguageModes: [.v6]
)
