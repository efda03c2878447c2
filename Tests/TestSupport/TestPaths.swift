import Foundation

/// Files the tests read from the checkout by path (`#filePath`), not as bundle resources: golden
/// files, samples and corpora stay where review and the fuzzers see them, and a recorded golden
/// file lands in the source tree.
public enum TestPaths {
    /// The `Tests` folder of the checkout.
    public static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The package root, where `Package.swift` and `Themes/` are.
    public static let packageRoot = tests.deletingLastPathComponent()

    /// `relative` below `Tests/`, e.g. `"Fuzz/corpus/csv"` or `"ConsoleUITests/Golden"`.
    public static func tests(_ relative: String) -> URL {
        tests.appendingPathComponent(relative).standardizedFileURL
    }

    /// The `duty-watch` binary SwiftPM built beside the test bundle, or nil with the places looked
    /// at. It is there because CLITests depends on the executable; `.build/debug` is the last resort.
    public static func dutyWatch() -> (path: String?, looked: [String]) {
        var dirs: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let argv0 = CommandLine.arguments.first, argv0.contains("/") {
            dirs.append(URL(fileURLWithPath: argv0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
        dirs.append(bundle)
        dirs.append(bundle.deletingLastPathComponent())
        dirs.append(packageRoot.appendingPathComponent(".build/debug"))
        let candidates = dirs.map { $0.appendingPathComponent("duty-watch").path }
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, candidates)
    }
}

/// Folders under the system temp dir, one per test, named so that a leftover says who left it.
public enum TempDir {
    /// A new unique path (not created): `<tmp>/<label>-<UUID>`.
    public static func path(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
    }

    /// A fresh folder, removed when `body` returns or throws.
    public static func with<T>(_ label: String, _ body: (String) throws -> T) throws -> T {
        let dir = path(label)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }
}
