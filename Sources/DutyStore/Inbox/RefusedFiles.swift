import DutyCore

extension Inbox {
    var rejectedDirectory: String { Path.join(directory, "rejected") }

    /// Every file the inbox refused, newest first: whoever refused it (this console, another
    /// process's `ingest`), it is evidence a person must look at.
    public func refusedFiles() -> [RefusedFile] {
        let fs = store.fs, dir = rejectedDirectory
        guard let names = try? fs.list(dir) else { return [] }
        var files: [RefusedFile] = []
        for name in names where name.hasSuffix(".reason") {
            let path = Path.join(dir, name)
            let text = (try? fs.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            let first = lines.first.map(String.init) ?? ""
            let second = lines.count > 1 && !lines[1].isEmpty ? InertText.excerpt(String(lines[1]), limit: 200) : nil
            files.append(RefusedFile(name: String(name.dropLast(7)), reason: InertText.excerpt(first, limit: 300),
                                     chinese: second, at: fs.modificationTime(path) ?? Instant(ms: 0)))
        }
        return files.sorted { ($0.at, $0.name) > ($1.at, $1.name) }
    }

    /// Changes whenever a file is refused: listing `rejected/` is done only then. Nil where the
    /// file system keeps no marker for a folder: list it every time.
    public var refusedMarker: String? { store.fs.changeMarker(rejectedDirectory) }
}
