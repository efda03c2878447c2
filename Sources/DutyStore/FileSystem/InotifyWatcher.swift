#if os(Linux)
import Foundation
import Glibc
import Synchronization

extension RealFileSystem {
    public func makeWatcher(onChange: @escaping @Sendable () -> Void) -> DirectoryWatcher? {
        InotifyWatcher(onChange: onChange)
    }
}

/// inotify(7) for local folders. A network share (NFS, SMB, sshfs and other FUSE mounts) is
/// refused: the kernel there reports only this machine's own writes, never another console's,
/// so a watch would stay silent while peers publish.
final class InotifyWatcher: DirectoryWatcher, @unchecked Sendable {
    private let fd: Int32
    /// Written once to end the reading thread.
    private let stopPipe: (read: Int32, write: Int32)
    private let onChange: @Sendable () -> Void
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    static func mask(_ changes: WatchedChanges) -> UInt32 {
        let finished = UInt32(IN_MOVED_TO | IN_MOVED_FROM | IN_CLOSE_WRITE | IN_DELETE)
        return changes == .everyWrite ? finished | UInt32(IN_CREATE | IN_MODIFY) : finished
    }

    init?(onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        var p: [Int32] = [0, 0]
        guard pipe(&p) == 0 else {
            close(fd)
            return nil
        }
        for end in p { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        self.fd = fd
        stopPipe = (p[0], p[1])
        self.onChange = onChange
        let thread = Thread { [self] in
            read()
            finished.signal()
        }
        thread.name = "duty-watch-inotify"
        thread.start()
    }

    deinit {
        stop()
        close(fd)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    func watch(_ directory: String, for changes: WatchedChanges) -> Bool {
        guard !isNetworkShare(directory) else { return false }
        return inotify_add_watch(fd, directory, Self.mask(changes)) >= 0
    }

    /// Asked again every turn for the same few folders: the mount table is read once for each.
    private let verdicts = Mutex<[String: Bool]>([:])

    private func isNetworkShare(_ directory: String) -> Bool {
        if let known = verdicts.withLock({ $0[directory] }) { return known }
        let verdict = Self.isNetworkShare(directory)
        verdicts.withLock { $0[directory] = verdict }
        return verdict
    }

    func stop() {
        let first = stopped.withLock { was in
            defer { was = true }
            return !was
        }
        guard first else { return }
        var one: UInt8 = 1
        _ = Glibc.write(stopPipe.write, &one, 1)
        finished.wait()
    }

    /// Waits for events, drains them, and says something changed: what, the caller looks up.
    private func read() {
        // Behind the key loop, like the store thread it wakes.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            var any = false
            while Glibc.read(fd, &buffer, buffer.count) > 0 { any = true }
            if any { onChange() }
            // During a flood (ten thousand inbox files, each claimed and filed) events come by
            // the thousand: one wake per few milliseconds is plenty, and the rest wait in the
            // kernel's queue to be read at once.
            usleep(5_000)
        }
    }

    /// Whether `path` lies on a file system whose changes by other machines inotify cannot see.
    static func isNetworkShare(_ path: String) -> Bool {
        guard let type = mountType(of: path) else { return false }
        let network: Set<String> = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
                                    "lustre", "gpfs", "davfs", "coda", "ocfs2", "gfs2", "fuse"]
        return network.contains(type) || type.hasPrefix("fuse.")
    }

    /// The type of the file system `path` is on (`ext4`, `nfs4`, `fuse.sshfs`): the mount with the
    /// longest mount point that holds the path, from /proc/self/mountinfo.
    static func mountType(of path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        let full = String(cString: resolved)
        free(resolved)
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        var best: (point: String, type: String)?
        for line in table.split(separator: "\n") {
            // `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw`
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { continue }
            let fields = halves[0].split(separator: " ")
            guard fields.count >= 5, let type = halves[1].split(separator: " ").first else { continue }
            let point = unescape(String(fields[4]))
            let holds = point == "/" || full == point || full.hasPrefix(point + "/")
            if holds, point.count >= (best?.point.count ?? 0) { best = (point, String(type)) }
        }
        return best?.type
    }

    /// Mount points write space, tab, newline and backslash as `\040`-style octal.
    private static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 3 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(v)
                i += 4
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
#else
extension RealFileSystem {
    public func makeWatcher(onChange: @escaping @Sendable () -> Void) -> DirectoryWatcher? { nil }
}
#endif
