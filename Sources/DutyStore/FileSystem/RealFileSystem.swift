import DutyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The disk, through POSIX calls: Foundation's FileManager does not fsync.
public final class RealFileSystem: FileSystem {
    public init() {}

    private func failure(_ path: String, _ what: String) -> FileError {
        let e = errno
        return FileError(path: path, message: "\(what): \(String(cString: strerror(e)))", errno: e)
    }

    public func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public func isWritable(_ directory: String) -> Bool { access(directory, W_OK) == 0 }

    public func restrictToOwner(_ path: String) { _ = chmod(path, 0o600) }

    public func createDirectory(_ path: String) throws(FileError) {
        if isDirectory(path) { return }
        let parent = Path.dirname(path)
        if parent != path, parent != ".", parent != "/", !isDirectory(parent) { try createDirectory(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw failure(path, "cannot create directory") }
    }

    public func list(_ dir: String) throws(FileError) -> [String] {
        guard let d = opendir(dir) else { throw failure(dir, "cannot list directory") }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func size(_ path: String) throws(FileError) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw failure(path, "cannot read") }
        return Int(st.st_size)
    }

    public func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        // Read straight into a buffer of the file's size: a snapshot is read on every start.
        var out = try readFully(fd, path, count: Int(st.st_size), offset: 0)
        while true {
            let more = try readFully(fd, path, count: 1 << 16, offset: out.count)
            if more.isEmpty { break }
            out += more
        }
        return out
    }

    public func map(_ path: String) throws(FileError) -> MappedBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        let size = Int(st.st_size)
        if size == 0 { return OwnedBytes([]) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            // Some network file systems refuse mmap; reading is slower but works everywhere.
            return OwnedBytes(try read(path))
        }
        return MappedFile(base: base, size: size)
    }

    private func readFully(_ fd: Int32, _ path: String, count: Int, offset: Int) throws(FileError) -> [UInt8] {
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            var got = 0
            while got < count {
                let n = pread(fd, buf.baseAddress! + got, count - got, off_t(offset + got))
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                if n == 0 { break }
                got += n
            }
            initialized = got
        }
        if failed { throw failure(path, "cannot read") }
        return out
    }

    public func read(_ path: String, offset: Int, count: Int) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        return try readFully(fd, path, count: max(0, min(count, Int(st.st_size) - offset)), offset: offset)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write")
            }
            done += n
        }
    }

    public func appendDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try append(path, bytes, durably: true)
    }

    public func append(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        try append(path, bytes, durably: false)
    }

    private func append(_ path: String, _ bytes: [UInt8], durably: Bool) throws(FileError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot open for appending") }
        defer { close(fd) }
        let before = lseek(fd, 0, SEEK_END)
        do throws(FileError) {
            try writeAll(fd, bytes, path)
        } catch {
            // A short write (disk full) must not leave half a record for the next append to follow.
            _ = ftruncate(fd, before)
            _ = fsync(fd)
            throw error
        }
        guard !durably || fsync(fd) == 0 else { throw failure(path, "cannot sync") }
    }

    public func sync(_ path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open to sync") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(path, "cannot sync") }
    }

    public func replaceDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        let dir = Path.dirname(path)
        let tmp = Path.join(dir, ".\(Path.basename(path)).tmp.\(getpid())")
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(tmp, "cannot create") }
        do throws(FileError) {
            try writeAll(fd, bytes, tmp)
            guard fsync(fd) == 0 else { throw failure(tmp, "cannot sync") }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard Glibc.rename(tmp, path) == 0 else {
            let e = failure(path, "cannot rename into place")
            unlink(tmp)
            throw e
        }
        syncDirectory(dir)
    }

    public func overwriteDurably(_ path: String, _ bytes: [UInt8]) throws(FileError) {
        var fd = open(path, O_WRONLY | O_CLOEXEC)
        let created = fd < 0 && errno == ENOENT
        if created { fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw failure(path, "cannot open to write") }
        defer { close(fd) }
        try writeAll(fd, bytes, path)
        guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw failure(path, "cannot truncate") }
        guard fsync(fd) == 0 else { throw failure(path, "cannot sync") }
        // A new file's name lasts only once its folder is synced too.
        if created { syncDirectory(Path.dirname(path)) }
    }

    public func truncateDurably(_ path: String, to size: Int) throws(FileError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else { throw failure(path, "cannot truncate") }
        guard fsync(fd) == 0 else { throw failure(path, "cannot sync") }
    }

    public func move(_ from: String, _ to: String) throws(FileError) {
        guard Glibc.rename(from, to) == 0 else { throw failure(from, "cannot move to \(to)") }
        syncDirectory(Path.dirname(to))
        if Path.dirname(from) != Path.dirname(to) { syncDirectory(Path.dirname(from)) }
    }

    public func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    public func rename(_ from: String, _ to: String, replacing: Bool) throws(FileError) {
        if replacing {
            guard Glibc.rename(from, to) == 0 else { throw failure(from, "cannot rename to \(to)") }
            return
        }
        // A hard link never replaces a name that exists; rename(2) would, and Glibc does not
        // export renameat2's RENAME_NOREPLACE to Swift.
        if link(from, to) == 0 {
            unlink(from)
            return
        }
        let e = errno
        guard e == EPERM || e == ENOTSUP || e == EXDEV else {
            throw FileError(path: e == EEXIST ? to : from, message: "cannot rename to \(to): \(String(cString: strerror(e)))", errno: e)
        }
        // File systems without hard links (some shares): check, then rename.
        if exists(to) { throw FileError(path: to, message: "cannot rename: File exists", errno: EEXIST) }
        guard Glibc.rename(from, to) == 0 else { throw failure(from, "cannot rename to \(to)") }
    }

    public func remove(_ path: String) throws(FileError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure(path, "cannot remove") }
    }

    private func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public func lockExclusive(_ path: String) throws(FileError) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot open lock file") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let e = failure(path, "cannot lock")
            close(fd)
            throw e
        }
        return FlockHandle(fd: fd)
    }

    public func modificationTime(_ path: String) -> Instant? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Instant(ms: Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000)
    }

    public func changeMarker(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ino)"
    }
}

/// A read-only mapping; the pages stay valid even if the file is renamed over or removed.
private final class MappedFile: MappedBytes, @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let size: Int
    let bytes: UnsafeBufferPointer<UInt8>

    init(base: UnsafeMutableRawPointer, size: Int) {
        self.base = base
        self.size = size
        bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit { munmap(base, size) }
}

private final class FlockHandle: FileLock {
    private var fd: Int32

    init(fd: Int32) { self.fd = fd }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
