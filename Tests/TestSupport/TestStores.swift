import DutyStore
import Foundation

/// Which `FileSystem` a store test runs against: the same contract must hold for both.
public enum StoreFSKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, real
    public var description: String { rawValue }
}

/// Stores created for one test: on the in-memory file system under a root no other test uses, or
/// on the real disk in a temp folder removed afterwards.
public enum TestStores {
    /// The node a test store is created as unless the test names another.
    public static let node = "console-1"

    /// A store created (not opened) as `node` on a fresh in-memory file system.
    public static func memory(node: String = node) throws -> (fs: MemoryFileSystem, root: String) {
        let fs = MemoryFileSystem()
        let root = "/mem/\(UUID().uuidString)/store"
        try Store.create(at: root, node: node, fs: fs)
        return (fs, root)
    }

    /// A file system and the root of a store created on it as `node`, for the test's duration.
    public static func with<T>(_ kind: StoreFSKind, node: String = node, _ body: (FileSystem, String) throws -> T) throws -> T {
        switch kind {
        case .memory:
            let (fs, root) = try memory(node: node)
            return try body(fs, root)
        case .real:
            return try TempDir.with("dutywatch-store") { dir in
                let fs = RealFileSystem()
                let root = dir + "/store"
                try Store.create(at: root, node: node, fs: fs)
                return try body(fs, root)
            }
        }
    }
}
