import DutyCore

/// Every byte the store reads or writes goes through this protocol, so that the journal, snapshots
/// and imports run the same against the disk and against `MemoryFileSystem` in tests.
public protocol FileSystem: AnyObject, Sendable {
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    func createDirectory(_ path: String) throws(FileError)
    func list(_ dir: String) throws(FileError) -> [String]
    func size(_ path: String) throws(FileError) -> Int
    func read(_ path: String) throws(FileError) -> [UInt8]
    /// The whole file as read-only memory (mmap on disk): a snapshot's archives are only touched
    /// when they are first needed.
    func map(_ path: String) throws(FileError) -> MappedBytes
    /// Up to `count` bytes from `offset`; fewer at the end of the file.
    func read(_ path: String, offset: Int, count: Int) throws(FileError) -> [UInt8]
    /// Appends and fsyncs before returning: when this returns, the bytes survive a crash.
    func appendDurably(_ path: String, _ bytes: [UInt8]) throws(FileError)
    /// Appends without waiting for the disk: for copies that can be fetched again (peers'
    /// records, kept on the share). A crash may lose or tear the last of them; `sync` makes
    /// them durable when something durable is about to name them.
    func append(_ path: String, _ bytes: [UInt8]) throws(FileError)
    func sync(_ path: String) throws(FileError)
    /// Temp file, fsync, rename over `path`, fsync the directory.
    func replaceDurably(_ path: String, _ bytes: [UInt8]) throws(FileError)
    /// Writes `bytes` over the file where it is (created if missing), cuts it to their length and
    /// fsyncs: no new file and no freed one each time, for a small file rewritten every few
    /// seconds. Not atomic: a reader may see it half written, and a crash may leave it so; only
    /// for contents that say themselves whether they are whole (a checksum).
    func overwriteDurably(_ path: String, _ bytes: [UInt8]) throws(FileError)
    func truncateDurably(_ path: String, to size: Int) throws(FileError)
    func move(_ from: String, _ to: String) throws(FileError)
    /// A regular file (not a folder, link, socket or device).
    func isRegularFile(_ path: String) -> Bool
    /// Renames without fsync (a crash may undo it; the inbox tolerates that). `replacing: true` is
    /// rename(2): atomic, and when two processes rename one file to names of their own exactly one
    /// wins, the other gets `ENOENT` (the inbox claims files this way). `replacing: false` never
    /// replaces an existing `to` (`EEXIST`), for moving a file that only this process moves.
    func rename(_ from: String, _ to: String, replacing: Bool) throws(FileError)
    func remove(_ path: String) throws(FileError)
    /// An exclusive advisory lock, held until the handle is released. Blocks while another process holds it.
    func lockExclusive(_ path: String) throws(FileError) -> FileLock
    /// Modification marker (size and mtime), cheap to poll for changes made by other processes.
    func changeMarker(_ path: String) -> String?
    /// When the file was last written, by the file system's clock; nil when unknown.
    func modificationTime(_ path: String) -> Instant?
    /// Calls `onChange` soon after something changes in a watched directory (an entry added,
    /// renamed in, written or removed), from a thread of its own; nil when this file system cannot
    /// tell at all. It never says what changed: the caller looks.
    func makeWatcher(onChange: @escaping @Sendable () -> Void) -> DirectoryWatcher?
    /// Whether files in this folder can be written: false on a read-only medium (a file system
    /// mounted read-only, a folder this user may not write), so the console can say 只读 from the
    /// start instead of finding out at the first save.
    func isWritable(_ directory: String) -> Bool
    /// Makes a file readable and writable by its owner only (a private key).
    func restrictToOwner(_ path: String)
}

/// Watches directories for the one who would otherwise poll them.
public protocol DirectoryWatcher: AnyObject, Sendable {
    /// Watches `directory` itself (not its subfolders); again is harmless, and picks up a
    /// directory that was replaced or remounted. False when changes there cannot be seen (a
    /// network share sees other machines' writes only when asked; a folder that is not there):
    /// the caller goes on looking for itself.
    @discardableResult func watch(_ directory: String, for changes: WatchedChanges) -> Bool
    /// No more calls to `onChange` once this returns.
    func stop()
}

public enum WatchedChanges: Sendable {
    /// Entries renamed in, removed, or closed after writing: a folder where files arrive whole
    /// (or should be looked at only once whole: an alert file still being written by curl).
    case finishedFiles
    /// Every write as well: a journal that another process appends to while holding it open.
    case everyWrite
}

/// Bytes that stay valid as long as this object lives.
public protocol MappedBytes: AnyObject, Sendable {
    var bytes: UnsafeBufferPointer<UInt8> { get }
}

/// Bytes held in memory, for the in-memory file system and for tests.
public final class OwnedBytes: MappedBytes, @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let count: Int
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[0..<count]) }

    public init(_ array: [UInt8]) {
        count = array.count
        storage = .allocate(capacity: max(array.count, 1))
        _ = storage.initialize(from: array)
    }

    deinit { storage.deallocate() }
}

public protocol FileLock: AnyObject {
    func release()
}

public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var message: String
    public var errno: Int32
    public init(path: String, message: String, errno: Int32 = 0) {
        self.path = path
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(path): \(message)" }
}

public enum Path {
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    public static func dirname(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }

    public static func basename(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return p }
        return String(p[p.index(after: i)...])
    }
}
