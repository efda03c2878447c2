import DutyCore
#if canImport(Glibc)
import Glibc
#endif

/// Where the journal was read up to, and what its last good record was.
public struct JournalPosition: Hashable, Sendable {
    public var offset: Int = 0
    public var line: Int = 0
    public var seq: Int = 0
    public var hash: String = JournalRecord.genesis
    public var hlc: HLC = .zero

    public init() {}

    public init(offset: Int, line: Int, seq: Int, hash: String, hlc: HLC) {
        self.offset = offset
        self.line = line
        self.seq = seq
        self.hash = hash
        self.hlc = hlc
    }
}

/// Something wrong in a journal file, located so that a person can find it.
public struct JournalDamage: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Bytes after the last newline: an append in progress, or one cut short by a crash.
        case incompleteTail
        /// A bad record with nothing good after it: a torn write.
        case badTail
        /// A bad record with good records after it: never cut, a person must decide.
        case middle(goodAfter: Int)
    }

    public var kind: Kind
    public var file: String
    public var line: Int
    public var offset: Int
    public var length: Int
    public var reason: String

    public var isTail: Bool {
        if case .middle = kind { return false }
        return true
    }

    public var description: String {
        switch kind {
        case .incompleteTail:
            "\(file): line \(line) (byte \(offset)): \(length) bytes without an end of line: \(reason)"
        case .badTail:
            "\(file): line \(line) (byte \(offset)): \(reason); it is the last record"
        case .middle(let n):
            "\(file): line \(line) (byte \(offset)): \(reason); \(n) good records follow it"
        }
    }
}

/// Reads a journal file from a position, checking each record's hash, its sequence number and its
/// link to the previous record, and hands each good record to `apply`. Reads in chunks so that a
/// year of records never sits in memory at once.
struct JournalScanner {
    let fs: FileSystem
    let path: String
    let displayName: String
    let node: String
    static let chunkSize = 4 << 20

    struct Result {
        var position: JournalPosition
        var records = 0
        var damage: JournalDamage?
    }

    func scan(from start: JournalPosition, apply: (JournalRecord) -> Void) throws(FileError) -> Result {
        guard fs.exists(path) else { return Result(position: start) }
        var fileOffset = start.offset
        return try scan(from: start, apply: apply) { () throws(FileError) in
            let chunk = try fs.read(path, offset: fileOffset, count: Self.chunkSize)
            fileOffset += chunk.count
            return chunk
        }
    }

    /// The same over bytes already read whole (a peer's segment, read once for its signature and
    /// its records both): `start.offset` is taken as the first byte of `bytes`.
    func scan(bytes: [UInt8], from start: JournalPosition, apply: (JournalRecord) -> Void) -> Result {
        var given = false
        // A closure that never throws: the error type is only the one the chunked reader needs.
        return (try? scan(from: start, apply: apply) { () throws(FileError) in
            defer { given = true }
            return given ? [] : bytes
        }) ?? Result(position: start)
    }

    private func scan(from start: JournalPosition, apply: (JournalRecord) -> Void,
                      nextChunk: () throws(FileError) -> [UInt8]) throws(FileError) -> Result {
        var result = Result(position: start)
        var fileOffset = start.offset
        var pending: [UInt8] = []
        var pendingStart = start.offset
        var line = start.line
        var firstBad: (line: Int, offset: Int, length: Int, reason: String)?
        var goodAfterBad = 0

        while true {
            let chunk = try nextChunk()
            if chunk.isEmpty { break }
            fileOffset += chunk.count
            pending.append(contentsOf: chunk)
            var lineStart = 0
            pending.withUnsafeBufferPointer { buf in
                var i = 0
                let n = buf.count
                while i < n, let hit = memchr(buf.baseAddress! + i, 0x0A, n - i) {
                    let end = buf.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    line += 1
                    let decoded = Swift.Result { () throws(DecodeError) in try RecordCodec.decode(UnsafeBufferPointer(rebasing: buf[i..<end])) }
                    let recordOffset = pendingStart + i
                    let length = end - i + 1
                    i = end + 1
                    lineStart = i
                    if firstBad != nil {
                        // After damage only count what is still good, to tell a torn tail from damage in the middle.
                        if case .success = decoded { goodAfterBad += 1 }
                        continue
                    }
                    switch decoded.flatMap({ check($0, after: result.position) }) {
                    case .success(let record):
                        apply(record)
                        result.records += 1
                        result.position = JournalPosition(offset: recordOffset + length, line: line, seq: record.seq,
                                                          hash: record.hash, hlc: max(result.position.hlc, record.hlc))
                    case .failure(let e):
                        firstBad = (line, recordOffset, length, e.message)
                    }
                }
            }
            pending.removeFirst(lineStart)
            pendingStart += lineStart
        }
        if let bad = firstBad {
            let tailBytes = (fileOffset - bad.offset)
            result.damage = JournalDamage(kind: goodAfterBad > 0 ? .middle(goodAfter: goodAfterBad) : .badTail,
                                          file: displayName, line: bad.line, offset: bad.offset,
                                          length: goodAfterBad > 0 ? bad.length : tailBytes, reason: bad.reason)
        } else if !pending.isEmpty {
            result.damage = JournalDamage(kind: .incompleteTail, file: displayName, line: line + 1, offset: pendingStart,
                                          length: pending.count, reason: "the record was not finished")
        }
        return result
    }

    private func check(_ record: JournalRecord, after pos: JournalPosition) -> Swift.Result<JournalRecord, DecodeError> {
        if record.node != node { return .failure(DecodeError("record of node \(record.node) in the journal of \(node)")) }
        if record.seq != pos.seq + 1 { return .failure(DecodeError("sequence \(record.seq) where \(pos.seq + 1) was expected")) }
        if record.prev != pos.hash { return .failure(DecodeError("does not follow the previous record (hash chain broken)")) }
        return .success(record)
    }
}
