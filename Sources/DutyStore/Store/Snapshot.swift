import Crypto
import DutyCore

/// A snapshot: the folded state at a journal position, so a console starts without replaying a
/// year. Rebuildable from the journal at any time; a snapshot that fails any check is skipped.
struct Snapshot {
    static let magic = Array("DUTYSNAP".utf8)
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
        var w = BinaryWriter()
        w.bytes = Snapshot.magic
        w.string(node)
        w.count(position.offset)
        w.count(position.line)
        w.count(position.seq)
        w.string(position.hash)
        w.int(position.hlc.ms)
        w.count(position.hlc.counter)
        StateCodec.encode(state, into: &w)
        var bytes = w.bytes
        bytes.append(contentsOf: SHA256.hash(data: bytes))
        return bytes
    }

    /// The header alone, to check the snapshot against the journal before paying for the state.
    static func decode(_ bytes: [UInt8], headerOnly: Bool = false) throws(DecodeError) -> Snapshot {
        guard bytes.count > magic.count + 32, Array(bytes[0..<magic.count]) == magic else {
            throw DecodeError("not a snapshot file")
        }
        let body = bytes.count - 32
        guard Array(bytes[body...]) == Array(SHA256.hash(data: bytes[..<body])) else {
            throw DecodeError("checksum does not match: the file is damaged")
        }
        let result = bytes.withUnsafeBufferPointer { buf in
            Result { () throws(DecodeError) -> Snapshot in
                var r = BinaryReader(UnsafeBufferPointer(rebasing: buf[..<body]), offset: magic.count)
                let node = try r.string()
                var pos = JournalPosition()
                pos.offset = try r.natural()
                pos.line = try r.natural()
                pos.seq = try r.natural()
                pos.hash = try r.string()
                pos.hlc = HLC(ms: try r.int(), counter: try r.natural())
                if headerOnly { return Snapshot(node: node, position: pos, state: DutyState()) }
                let state = try StateCodec.decode(&r)
                guard r.atEnd else { throw DecodeError("extra bytes after the state") }
                return Snapshot(node: node, position: pos, state: state)
            }
        }
        return try result.get()
    }
}

/// SHA-256 of the canonical encoding of a state: equal states, equal digests.
public func stateDigest(_ state: DutyState) -> String {
    var w = BinaryWriter()
    StateCodec.encode(state, into: &w)
    return hex(SHA256.hash(data: w.bytes))
}
