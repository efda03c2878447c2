import Crypto
import DutyCore

/// A snapshot: the folded state at a journal position, so a console starts without replaying a
/// year. Rebuildable from the journal at any time; a snapshot that fails a check is skipped.
///
/// Layout: magic, then frames of `varint length, bytes, SHA-256 of the bytes`: the header (node
/// and journal position), then the state's sections (see `StateCodec`). Opening checks the header
/// and the live section; each archive is checked when it is first decoded, and if it fails then,
/// its content is rebuilt from the journal instead.
struct Snapshot {
    static let magic = Array("DUTYSNP6".utf8)
    var node: String
    var position: JournalPosition
    var state: DutyState

    static func fileName(seq: Int) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".snap"
    }

    static func seq(fromFileName name: String) -> Int? {
        guard name.hasSuffix(".snap") else { return nil }
        return Int(name.dropLast(5))
    }

    func encode() -> [UInt8] {
        var header = BinaryWriter()
        header.string(node)
        header.count(position.offset)
        header.count(position.line)
        header.count(position.seq)
        header.string(position.hash)
        header.int(position.hlc.ms)
        header.count(position.hlc.counter)
        var out = Snapshot.magic
        for part in [header.bytes] + StateCodec.encode(state) {
            var len = BinaryWriter()
            len.count(part.count)
            out += len.bytes
            out += part
            out += SHA256.hash(data: part)
        }
        return out
    }

    /// A part of the file: its bytes and the SHA-256 stored after them.
    struct Frame: Sendable {
        let body: Range<Int>
        let hash: Range<Int>
    }

    /// Splits the file into its frames, without checking their hashes.
    private static func frames(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> [Frame] {
        guard bytes.count > magic.count, Array(bytes[0..<magic.count]) == magic else { throw DecodeError("not a snapshot file (or an older format)") }
        var frames: [Frame] = []
        var i = magic.count
        while i < bytes.count {
            var len = 0, shift = 0
            while true {
                guard i < bytes.count, shift < 63 else { throw DecodeError("snapshot ends early at byte \(i)") }
                let b = bytes[i]
                i += 1
                len |= Int(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            guard len >= 0, i + len + 32 <= bytes.count else { throw DecodeError("snapshot ends early at byte \(i)") }
            frames.append(Frame(body: i..<(i + len), hash: (i + len)..<(i + len + 32)))
            i += len + 32
        }
        let parts = 1 + StateCodec.Section.allCases.count
        guard frames.count == parts else { throw DecodeError("snapshot has \(frames.count) parts, not \(parts)") }
        return frames
    }

    private static func isIntact(_ file: MappedBytes, _ frame: Frame) -> Bool {
        let b = file.bytes
        return SHA256.hash(data: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[frame.body]))).elementsEqual(b[frame.hash])
    }

    private static func verify(_ file: MappedBytes, _ frame: Frame, _ what: String) throws(DecodeError) {
        guard isIntact(file, frame) else { throw DecodeError("\(what): checksum mismatch, the file is damaged") }
    }

    static func decodeHeader(_ file: MappedBytes) throws(DecodeError) -> (node: String, position: JournalPosition) {
        let header = try frames(file.bytes)[0]
        try verify(file, header, "the header")
        var r = BinaryReader(UnsafeBufferPointer(rebasing: file.bytes[header.body]))
        let node = try r.string()
        var pos = JournalPosition()
        pos.offset = try r.natural()
        pos.line = try r.natural()
        pos.seq = try r.natural()
        pos.hash = try r.string()
        pos.hlc = HLC(ms: try r.int(), counter: try r.natural())
        return (node, pos)
    }

    /// Decodes a snapshot. With `eager` every archive is decoded and checked now (for `check`);
    /// otherwise archives stay in the mapped file until first used, and `rebuild` supplies the
    /// state from the journal should an archive turn out damaged then.
    static func decode(_ file: MappedBytes, eager: Bool, rebuild: @escaping @Sendable (_ damagedPart: String) -> DutyState) throws(DecodeError) -> Snapshot {
        let (node, position) = try decodeHeader(file)
        let f = try frames(file.bytes)
        try verify(file, f[1], "the live section")
        func archive<T: Hashable & Sendable>(_ frame: Frame, _ name: String,
                                             _ decode: @escaping @Sendable (inout BinaryReader) throws(DecodeError) -> T,
                                             _ fromRebuilt: @escaping @Sendable (DutyState) -> T) throws(DecodeError) -> Deferred<T> {
            if eager {
                try verify(file, frame, name)
                return Deferred(try StateCodec.decode(UnsafeBufferPointer(rebasing: file.bytes[frame.body]), decode))
            }
            return Deferred(loading: {
                if isIntact(file, frame), let v = try? StateCodec.decode(UnsafeBufferPointer(rebasing: file.bytes[frame.body]), decode) {
                    return v
                }
                return fromRebuilt(rebuild(name))
            })
        }
        let alerts = try archive(f[2], "the resolved alerts", StateCodec.decodeAlerts) { $0.alerts.archived.value }
        let rounds = try archive(f[3], "the closed rounds", { (r: inout BinaryReader) throws(DecodeError) in
            try StateCodec.decodeRounds(&r, withTicks: true)
        }) { $0.rounds.archived.value }
        let calls = try archive(f[4], "the call log", StateCodec.decodeCalls) { $0.calls }
        let openTicks = try archive(f[5], "the open round's ticks", StateCodec.decodeOpenTicks) { rebuilt in
            rebuilt.rounds.live.mapValues(\.ticks)
        }
        let state = try StateCodec.decode(UnsafeBufferPointer(rebasing: file.bytes[f[1].body])) { (r: inout BinaryReader) throws(DecodeError) in
            try StateCodec.decodeLive(&r, archivedAlerts: alerts, archivedRounds: rounds, calls: calls, openTicks: openTicks)
        }
        // With no round open nothing will read that part, so it is read now (it is a few bytes):
        // damage there is reported like damage anywhere else.
        if state.rounds.live.isEmpty { _ = openTicks.value }
        return Snapshot(node: node, position: position, state: state)
    }
}

/// SHA-256 of the canonical encoding of a state: equal states, equal digests.
public func stateDigest(_ state: DutyState) -> String {
    var sha = SHA256()
    for part in StateCodec.encode(state) { sha.update(data: part) }
    return hex(sha.finalize())
}
