import Crypto
import DutyCore

/// The journal framing: one JSON object per line, its own SHA-256 as the last member. A torn write
/// shows as a line without its newline or with a hash that does not match; both are detectable
/// without any other file, and the file stays readable with `less` and `jq`.
public enum RecordCodec {
    /// `,"hash":"` + 64 hex + `"}`
    static let hashSuffixLength = 75
    static let hashKey = Array(#","hash":""#.utf8)

    public static func encode(node: String, seq: Int, hlc: HLC, wall: Instant, actor: String, prev: String, op: Op) -> (line: [UInt8], record: JournalRecord) {
        var w = JSONWriter()
        w.beginObject()
        w.field("seq", seq)
        w.field("node", node)
        w.key("hlc")
        w.beginArray()
        w.int(hlc.ms)
        w.int(hlc.counter)
        w.endArray()
        w.field("wall", wall.ms)
        w.field("actor", actor)
        w.field("prev", prev)
        w.key("op")
        OpCodec.encode(op, into: &w)
        var line = w.bytes
        let hash = hex(SHA256.hash(data: line))
        line.append(contentsOf: hashKey)
        line.append(contentsOf: hash.utf8)
        line.append(contentsOf: Array("\"}\n".utf8))
        return (line, JournalRecord(node: node, seq: seq, hlc: hlc, wall: wall, actor: actor, prev: prev, op: op, hash: hash))
    }

    /// Decodes one line (without its newline) and checks its own hash.
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> JournalRecord {
        guard line.count > hashSuffixLength + 2 else { throw DecodeError("record too short") }
        let bodyEnd = line.count - hashSuffixLength
        let suffix = UnsafeBufferPointer(rebasing: line[bodyEnd...])
        guard suffix.starts(with: hashKey), line[line.count - 2] == UInt8(ascii: "\""), line[line.count - 1] == UInt8(ascii: "}") else {
            throw DecodeError("record does not end with its hash")
        }
        let storedHex = UnsafeBufferPointer(rebasing: line[(bodyEnd + hashKey.count)..<(line.count - 2)])
        let body = UnsafeBufferPointer(rebasing: line[..<bodyEnd])
        let actual = SHA256.hash(data: UnsafeRawBufferPointer(body))
        guard hexEquals(actual, storedHex) else {
            throw DecodeError("hash does not match the record (stored \(String(decoding: storedHex.prefix(12), as: UTF8.self))…, computed \(hex(actual).prefix(12))…)")
        }
        let stored = String(decoding: storedHex, as: UTF8.self)
        // The whole line is one JSON object (the hash is its last member), so it is read in place.
        let f = try Fields(line, 0..<line.count, what: "record")
        let hlcParts = try f.array("hlc")
        guard hlcParts.count == 2, case .int(let hm) = hlcParts[0], case .int(let hc) = hlcParts[1] else {
            throw DecodeError("hlc is not [ms, counter]")
        }
        let prev = try f.string("prev")
        guard prev.utf8.count == 64 else { throw DecodeError("prev is not a SHA-256") }
        return JournalRecord(node: try f.string("node"), seq: Int(try f.int("seq")), hlc: HLC(ms: hm, counter: Int(hc)),
                             wall: Instant(ms: try f.int("wall")), actor: try f.string("actor"), prev: prev,
                             op: try OpCodec.decode(f.object("op")), hash: stored)
    }

    public static func decode(_ line: [UInt8]) throws(DecodeError) -> JournalRecord {
        do {
            return try line.withUnsafeBufferPointer { buf throws(DecodeError) in try decode(buf) }
        } catch {
            throw error
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Compares a digest with its hex form without building a String per record.
func hexEquals<D: Sequence>(_ digest: D, _ text: UnsafeBufferPointer<UInt8>) -> Bool where D.Element == UInt8 {
    var i = 0
    for b in digest {
        guard i + 1 < text.count, text[i] == hexDigits[Int(b >> 4)], text[i + 1] == hexDigits[Int(b & 0xF)] else { return false }
        i += 2
    }
    return i == text.count
}

func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in digest {
        out.append(hexDigits[Int(b >> 4)])
        out.append(hexDigits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}
