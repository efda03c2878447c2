import Foundation
import Testing

/// A suite's golden files, compared byte for byte. A missing file, or RECORD_SNAPSHOTS=1, writes
/// the file and fails the test, so that nobody records by accident: read it, then run again.
public struct GoldenFiles: Sendable {
    public let folder: URL

    /// `Tests/<suite>/Golden`.
    public init(suite: String) {
        folder = TestPaths.tests("\(suite)/Golden")
    }

    /// Compares `bytes` with `Golden/<file>`; `what` names the output in the failure.
    public func check(_ bytes: Data, _ file: String, what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(file)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        guard !record, let golden = FileManager.default.contents(atPath: url.path) else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try bytes.write(to: url)
                Issue.record("recorded Golden/\(file): read it, then run the tests again", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record Golden/\(file): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(bytes == golden, "\(what) differs from Golden/\(file) at line \(Self.firstDifferingLine(bytes, golden))",
                sourceLocation: sourceLocation)
    }

    /// `line: ours ≠ golden`, the first line where two texts part, for a message a person can read.
    public static func firstDifferingLine(_ a: Data, _ b: Data) -> String {
        let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) where i >= la.count || i >= lb.count || la[i] != lb[i] {
            return "\(i + 1): \(i < la.count ? String(la[i]) : "(end)") ≠ \(i < lb.count ? String(lb[i]) : "(end)")"
        }
        return "(none)"
    }
}
