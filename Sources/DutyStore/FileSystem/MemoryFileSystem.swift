import DutyCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The in-memory twin of `RealFileSystem` for tests: same contract, no disk. Locks are real
/// mutual exclusion within the process.
public final class MemoryFileSystem: FileSystem {
    private struct Tree {
        var files: [String: [UInt8]] = [:]
        var directories: Set<String> = ["/", "."]
        var version = 0
    }

    private let tree = Mutex(Tree())
    private let lockHeld = Mutex<Set<String>>([])
    private let watchers = Mutex<[MemoryWatcher]>([])
    /// Folders that behave like a network share: no watcher sees into them.
    public let unwatchable = Mutex<Set<String>>([])
    /// A folder whose server has gone (a hard NFS mount): every call under it waits until this
    /// is set back to nil. `stalledCalls` counts the calls waiting.
    public let stalled = Mutex<String?>(nil)
    public let stalledCalls = Mutex(0)

    private func waitIfStalled(_ path: String) {
        func under() -> Bool { stalled.withLock { s in s.map { path == $0 || path.hasPrefix($0 + "/") } ?? false } }
        guard under() else { return }
        stalledCalls.withLock { $0 += 1 }
        while under() { usleep(1_000) }
        stalledCalls.withLock { $0 -= 1 }
    }

    /// A medium mounted read-only: every write fails with EROFS, as on disk.
    public let readOnly = Mutex(false)

    private func refuseIfReadOnly(_ path: String) throws(FileError) {
        if readOnly.withLock({ $0 }) { throw FileError(path: path, message: "Read-only file system", errno: EROFS) }
    }

    public func restrictToOwner(_ path: String) {}

    public func isWritable(_ directory: String) -> Bool { !readOnly.withLock { $0 } && isDirectory(directory) }

    public init() {}

    private static func normal(_ p: String) -> String {
        p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p
    }

    /// Direct access for tests that damage files on purpose.
    public func contents(_ path: String) -> [UInt8]? { tree.withLock { $0.files[Self.normal(path)] } }
    public func setContents(_ path: String, _ bytes: [UInt8]) {
        tree.withLock { $0.files[Self.normal(path)] = bytes; $0.version += 1 }
        changed(path)
    }

    /// Takes a folder away with everything under it, as unmounting a share (or `mv` of it) does,
    /// and returns what it held so a test can put it back with `putBack`.
    public func takeAway(_ dir: String) -> (files: [String: [UInt8]], directories: Set<String>) {
        let d = Self.normal(dir)
        let under = { (p: String) in p == d || p.hasPrefix(d + "/") }
        let taken = tree.withLock { t in
            let files = t.files.filter { under($0.key) }
            let dirs = t.directories.filter(under)
            for f in files.keys { t.files.removeValue(forKey: f) }
            t.directories.subtract(dirs)
            t.version += 1
            return (files, dirs)
        }
        changed(d)
        return taken
    }

    public func putBack(_ taken: (files: [String: [UInt8]], directories: Set<String>)) {
        tree.withLock { t in
            t.directories.formUnion(taken.directories)
            t.files.merge(taken.files) { _, new in new }
            t.version += 1
        }
        for d in taken.directories { changed(d) }
    }

    public func exists(_ path: String) -> Bool {
        waitIfStalled(path)
        let p = Self.normal(path)
        return tree.withLock { $0.files[p] != nil || $0.directories.contains(p) }
    }

    public func isDirectory(_ path: String) -> Bool {
        waitIfStalled(path)
        return tree.withLock { $0.directories.contains(Self.normal(path)) }
    }

    public func createDirectory(_ path: String) throws(FileError) {
        waitIfStalled(path)
        try refuseIfReadOnly(path)
        var p = Self.normal(path)
        let made: [String] = tree.withLock { t in
            var made: [String] = []
            while p != "/" && p != "." && !p.isEmpty {
                if t.directories.insert(p).inserted { made.append(p) }
                p = Path.dirname(p)
            }
            return made
        }
        // Each new folder is news in its parent, as inotify tells it.
        for d in made.reversed() { changed(d) }
    }

    public func list(_ dir: String) throws(FileError) -> [String] {
        waitIfStalled(dir)
        let d = Self.normal(dir)
        guard isDirectory(d) else { throw FileError(path: dir, message: "cannot list directory: No such file or directory", errno: 2) }
        return tree.withLock { t in
            let names = (Array(t.files.keys) + Array(t.directories)).filter { Path.dirname($0) == d && $0 != d }.map(Path.basename)
            return Set(names).sorted()
        }
    }

    private func file(_ path: String) throws(FileError) -> [UInt8] {
        waitIfStalled(path)
        guard let f = contents(path) else { throw FileError(path: path, message: "cannot open: No such file or directory", errno: 2) }
        return f
    }

    public func size(_ path: String) throws(FileError) -> Int { try file(path).count }
    public func read(_ path: String) throws(FileError) -> [UInt8] { try file(path) }
    public func map(_ path: String) throws(FileError) -> MappedBytes { OwnedBytes(try file(path)) }

    public func read(_ path: String, offset: Int, count: Int) throws(FileError) -> [UInt8] {
        let f = try file(path)
        guard offset < f.count else { return [] }
        return Array(f[offset..<min(f.count, offset + count)])
    }

    private func requireParent(_ path: String) throws(FileError) {
        waitIfStalled(path)
        try refuseIfReadOnly(path)
        guard isDirectory(Path.dirname(Self.normal(path))) else {
            throw FileError(path: path, message: "cannot create: No such file or directory", errno: 2)
        }
    }

    public func appendDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try requireParent(path)
        tree.withLock { $0.files[Self.normal(path), default: []].append(contentsOf: bytes); $0.version += 1 }
        changed(path, finished: false)
    }

    /// Memory has no disk to wait for: the same as `appendDurably`.
    public func append(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try appendDurably(path, bytes)
    }

    public func sync(_ path: String) throws(FileError) {
        _ = try file(path)
    }

    public func replaceDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try requireParent(path)
        setContents(path, bytes)
    }

    /// In memory a write is never seen half done: the same as `replaceDurably`.
    public func overwriteDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try replaceDurably(path, bytes)
    }

    public func truncateDurably(_ path: String, to size: Int) throws(FileError) {
        try refuseIfReadOnly(path)
        var f = try file(path)
        f.removeLast(max(0, f.count - size))
        setContents(path, f)
    }

    public func move(_ from: String, _ to: String) throws(FileError) {
        let f = try file(from)
        try requireParent(to)
        tree.withLock { t in
            t.files.removeValue(forKey: Self.normal(from))
            t.files[Self.normal(to)] = f
            t.version += 1
        }
        changed(from)
        changed(to)
    }

    public func isRegularFile(_ path: String) -> Bool { contents(path) != nil }

    public func rename(_ from: String, _ to: String, replacing: Bool) throws(FileError) {
        try requireParent(to)
        let (f, t) = (Self.normal(from), Self.normal(to))
        let outcome: Int32 = tree.withLock { tree in
            guard let bytes = tree.files[f] else { return 2 }
            if tree.directories.contains(t) || (!replacing && tree.files[t] != nil) { return 17 }
            tree.files.removeValue(forKey: f)
            tree.files[t] = bytes
            tree.version += 1
            return 0
        }
        switch outcome {
        case 2: throw FileError(path: from, message: "cannot rename: No such file or directory", errno: 2)
        case 17: throw FileError(path: to, message: "cannot rename: File exists", errno: 17)
        default:
            changed(from)
            changed(to)
        }
    }

    public func remove(_ path: String) throws(FileError) {
        try refuseIfReadOnly(path)
        tree.withLock { _ = $0.files.removeValue(forKey: Self.normal(path)); $0.version += 1 }
        changed(path)
    }

    public func lockExclusive(_ path: String) throws(FileError) -> FileLock {
        let p = Self.normal(path)
        while true {
            let got = lockHeld.withLock { held in held.insert(p).inserted }
            if got { break }
        }
        if contents(p) == nil {
            do {
                try refuseIfReadOnly(p)
            } catch {
                lockHeld.withLock { _ = $0.remove(p) }
                throw error
            }
            setContents(p, [])
        }
        return MemoryLock { [weak self] in self?.lockHeld.withLock { _ = $0.remove(p) } }
    }

    public func changeMarker(_ path: String) -> String? {
        guard let f = contents(path) else { return nil }
        return "\(f.count):\(tree.withLock { $0.version })"
    }

    /// Files here have no times: never "just written".
    public func modificationTime(_ path: String) -> Instant? { nil }

    public func makeWatcher(onChange: @escaping @Sendable () -> Void) -> DirectoryWatcher? {
        let w = MemoryWatcher(fs: self, onChange: onChange)
        watchers.withLock { $0.append(w) }
        return w
    }

    fileprivate func canWatch(_ dir: String) -> Bool {
        let d = Self.normal(dir)
        guard isDirectory(d) else { return false }
        return !unwatchable.withLock { $0.contains { d == $0 || d.hasPrefix($0 + "/") } }
    }

    fileprivate func forget(_ w: MemoryWatcher) { watchers.withLock { $0.removeAll { $0 === w } } }

    /// Tells the watchers of `path`'s folder (and of the folder itself), outside the tree's lock.
    /// An append is a write that is not finished: only `.everyWrite` watchers hear of it.
    private func changed(_ path: String, finished: Bool = true) {
        let p = Self.normal(path)
        let dir = Path.dirname(p)
        for w in watchers.withLock({ $0 }) where w.sees(dir, finished: finished) || w.sees(p, finished: finished) { w.fire() }
    }
}

/// The in-memory twin of an inotify watcher: told of every change the file system makes.
private final class MemoryWatcher: DirectoryWatcher, @unchecked Sendable {
    private weak var fs: MemoryFileSystem?
    private let onChange: @Sendable () -> Void
    private let state = Mutex<(dirs: [String: WatchedChanges], stopped: Bool)>(([:], false))

    init(fs: MemoryFileSystem, onChange: @escaping @Sendable () -> Void) {
        self.fs = fs
        self.onChange = onChange
    }

    func watch(_ directory: String, for changes: WatchedChanges) -> Bool {
        guard let fs, fs.canWatch(directory) else { return false }
        let d = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        state.withLock { $0.dirs[d] = changes }
        return true
    }

    func sees(_ dir: String, finished: Bool) -> Bool {
        state.withLock { s in
            guard !s.stopped, let changes = s.dirs[dir] else { return false }
            return finished || changes == .everyWrite
        }
    }

    func fire() { onChange() }

    func stop() {
        state.withLock { $0.stopped = true }
        fs?.forget(self)
    }
}

private final class MemoryLock: FileLock {
    private var unlock: (() -> Void)?
    init(_ unlock: @escaping () -> Void) { self.unlock = unlock }
    func release() {
        unlock?()
        unlock = nil
    }
    deinit { release() }
}
