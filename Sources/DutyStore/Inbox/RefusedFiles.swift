import DutyCore

/// A file the inbox refused, as `inbox/rejected/` keeps it with its `.reason` beside it.
public struct RefusedInboxFile: Hashable, Sendable {
    /// Its name in `rejected/` (a second file of the same name gets `-2`).
    public var name: String
    /// The reason's first line, inert: it quotes the file.
    public var reason: String
    /// Its second line, the same in Chinese words (nil in a reason file written before them).
    public var chinese: String?
    /// When it was refused (the reason file's time).
    public var at: Instant

    public init(name: String, reason: String, chinese: String? = nil, at: Instant) {
        self.name = name
        self.reason = reason
        self.chinese = chinese
        self.at = at
    }
}

extension Inbox {
    var rejectedDirectory: String { Path.join(directory, "rejected") }

    /// Every file the inbox refused, newest first: whoever refused it (this console, another
    /// process's `ingest`), it is evidence a person must look at.
    public func refusedFiles() -> [RefusedInboxFile] {
        let fs = store.fs, dir = rejectedDirectory
        guard let names = try? fs.list(dir) else { return [] }
        var files: [RefusedInboxFile] = []
        for name in names where name.hasSuffix(".reason") {
            let path = Path.join(dir, name)
            let text = (try? fs.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            let first = lines.first.map(String.init) ?? ""
            let second = lines.count > 1 && !lines[1].isEmpty ? InertText.excerpt(String(lines[1]), limit: 200) : nil
            files.append(RefusedInboxFile(name: String(name.dropLast(7)), reason: InertText.excerpt(first, limit: 300),
                                          chinese: second, at: fs.modificationTime(path) ?? Instant(ms: 0)))
        }
        return files.sorted { ($0.at, $0.name) > ($1.at, $1.name) }
    }

    /// Changes whenever a file is refused: listing `rejected/` is done only then. Nil where the
    /// file system keeps no marker for a folder: list it every time.
    public var refusedMarker: String? { store.fs.changeMarker(rejectedDirectory) }
}
