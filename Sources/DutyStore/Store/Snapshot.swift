import Crypto
import DutyCore

/// A snapshot: the folded state at a journal position, so a console starts without replaying a
/// year. Rebuildable from the journal at any time; a snapshot that fails a check is skipped.
///
/// Layout: magic, then frames of `varint length, bytes, SHA-256 of the bytes`: the header (node
/// and journal position; with peers, each peer's position in `peers/` and the last record
/// folded), then the state's sections (see `StateCodec`). Opening checks the header
/// and the live section; each archive is checked when it is first decoded, and if it fails then,
/// its content is rebuilt from the journal instead.
struct Snapshot {
    static let magic = Array("DUTYSNP9".utf8)
    var node: String
    var position: JournalPosition
    var state: DutyState
    /// With peers: where each peer's records folded into `state` end in `peers/<peer>.jsonl`,
    /// and the last of everyone's records folded (in the merge order). Records after these
    /// positions all sort after `lastFolded`: the ones folded again on every change.
    var peers: [String: JournalPosition] = [:]
    var lastFolded: MergeKey?

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
        Self.encode(position, &header)
        header.count(peers.count)
        for (peer, pos) in peers.sorted(by: { $0.key < $1.key }) {
            header.string(peer)
            Self.encode(pos, &header)
        }
        header.bool(lastFolded != nil)
        if let k = lastFolded {
            header.int(k.hlc.ms)
            header.count(k.hlc.counter)
            header.string(k.node)
            header.count(k.seq)
        }
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

    /// Whether `bytes` begin like a snapshot of an earlier format: written by an earlier version,
    /// passed over (the journal is folded instead) until newer snapshots replace it. Not damage.
    static func isOlderFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let stem = magic.dropLast()
        guard bytes.count >= magic.count, bytes[0..<stem.count].elementsEqual(stem), let last = magic.last else { return false }
        let v = bytes[stem.count]
        return v >= UInt8(ascii: "0") && v < last
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

    private static func encode(_ pos: JournalPosition, _ w: inout BinaryWriter) {
        w.count(pos.offset)
        w.count(pos.line)
        w.count(pos.seq)
        w.string(pos.hash)
        w.int(pos.hlc.ms)
        w.count(pos.hlc.counter)
    }

    private static func decodePosition(_ r: inout BinaryReader) throws(DecodeError) -> JournalPosition {
        var pos = JournalPosition()
        pos.offset = try r.natural()
        pos.line = try r.natural()
        pos.seq = try r.natural()
        pos.hash = try r.string()
        pos.hlc = HLC(ms: try r.int(), counter: try r.natural())
        return pos
    }

    struct Header {
        var node: String
        var position: JournalPosition
        var peers: [String: JournalPosition]
        var lastFolded: MergeKey?
    }

    static func decodeHeader(_ file: MappedBytes) throws(DecodeError) -> Header {
        let header = try frames(file.bytes)[0]
        try verify(file, header, "the header")
        var r = BinaryReader(UnsafeBufferPointer(rebasing: file.bytes[header.body]))
        let node = try r.string()
        let pos = try decodePosition(&r)
        var peers: [String: JournalPosition] = [:]
        for _ in 0..<(try r.count()) {
            let peer = try r.string()
            peers[peer] = try decodePosition(&r)
        }
        var last: MergeKey?
        if try r.bool() {
            let hlc = HLC(ms: try r.int(), counter: try r.natural())
            last = MergeKey(hlc: hlc, node: try r.string(), seq: try r.natural())
        }
        return Header(node: node, position: pos, peers: peers, lastFolded: last)
    }

    /// Decodes a snapshot. With `eager` every archive is decoded and checked now (for `check`);
    /// otherwise archives stay in the mapped file until first used, and `rebuild` supplies the
    /// state from the journal should an archive turn out damaged then.
    static func decode(_ file: MappedBytes, eager: Bool, rebuild: @escaping @Sendable (_ damagedPart: String) -> DutyState) throws(DecodeError) -> Snapshot {
        let header = try decodeHeader(file)
        let f = try frames(file.bytes)
        try verify(file, f[1], "the live section")
        func archive<T: Hashable & Sendable>(_ frame: Frame, _ name: String,
                                             whole decode: @escaping @Sendable (UnsafeBufferPointer<UInt8>) throws(DecodeError) -> T,
                                             _ fromRebuilt: @escaping @Sendable (DutyState) -> T) throws(DecodeError) -> Deferred<T> {
            let body = { @Sendable () throws(DecodeError) -> T in try decode(UnsafeBufferPointer(rebasing: file.bytes[frame.body])) }
            if eager {
                try verify(file, frame, name)
                return Deferred(try body())
            }
            return Deferred(loading: {
                if isIntact(file, frame), let v = try? body() { return v }
                return fromRebuilt(rebuild(name))
            })
        }
        func archive<T: Hashable & Sendable>(_ frame: Frame, _ name: String,
                                             _ decode: @escaping @Sendable (inout BinaryReader) throws(DecodeError) -> T,
                                             _ fromRebuilt: @escaping @Sendable (DutyState) -> T) throws(DecodeError) -> Deferred<T> {
            try archive(frame, name, whole: { (b) throws(DecodeError) in try StateCodec.decode(b, decode) }, fromRebuilt)
        }
        // The ids are searched where they are mapped: the mapping lives as long as they do.
        let ids = { @Sendable (b: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> SortedIDs in try StateCodec.decodeIDs(b, keeping: file) }
        let alerts = try archive(f[2], "the resolved alerts", StateCodec.decodeAlerts) { $0.alerts.archived }
        let rounds = try archive(f[3], "the closed rounds", { (r: inout BinaryReader) throws(DecodeError) in
            try StateCodec.decodeRounds(&r, withTicks: true)
        }) { $0.rounds.archived }
        let calls = try archive(f[4], "the call log", StateCodec.decodeCalls) { $0.calls }
        let openTicks = try archive(f[5], "the open round's ticks", StateCodec.decodeOpenTicks) { rebuilt in
            rebuilt.rounds.live.mapValues(\.ticks)
        }
        let alertIDs = try archive(f[6], "the resolved alerts' ids", whole: ids) { SortedIDs($0.alerts.archived.keys) }
        let roundIDs = try archive(f[7], "the closed rounds' ids", whole: ids) { SortedIDs($0.rounds.archived.keys) }
        let earlierSlots = try archive(f[8], "the roster's earlier days", StateCodec.decodeSlots) { StateCodec.earlierSlots($0) }
        let earlierSlotIDs = try archive(f[9], "the ids of the roster's earlier days", whole: ids) { SortedIDs(StateCodec.earlierSlots($0).keys) }
        // Its count is read from the section's first bytes: logging a call must not decode the log.
        // Damage there shows when the log is decoded, which then comes from the journal.
        let callCount = (try? StateCodec.leadingCount(UnsafeBufferPointer(rebasing: file.bytes[f[4].body]))) ?? calls.value.count
        let state = try StateCodec.decode(UnsafeBufferPointer(rebasing: file.bytes[f[1].body])) { (r: inout BinaryReader) throws(DecodeError) in
            try StateCodec.decodeLive(&r, archivedAlerts: alerts, archivedAlertIDs: alertIDs, archivedRounds: rounds, archivedRoundIDs: roundIDs,
                                      calls: CallLog(deferred: calls, count: callCount), openTicks: openTicks,
                                      earlierSlots: earlierSlots, earlierSlotIDs: earlierSlotIDs)
        }
        // With no round open nothing will read that part, nor the earlier days of a roster that
        // was not cut, so they are read now (a few bytes): damage there is reported like damage
        // anywhere else.
        if state.rounds.live.isEmpty { _ = openTicks.value }
        if state.slots.cut == nil { _ = (earlierSlots.value, earlierSlotIDs.value) }
        return Snapshot(node: header.node, position: header.position, state: state, peers: header.peers, lastFolded: header.lastFolded)
    }
}

/// SHA-256 of the canonical encoding of a state: equal states, equal digests.
public func stateDigest(_ state: DutyState) -> String {
    var sha = SHA256()
    for part in StateCodec.encode(state) { sha.update(data: part) }
    return hex(sha.finalize())
}
