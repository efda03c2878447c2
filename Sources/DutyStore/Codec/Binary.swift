/// Compact binary encoding for snapshots: varints, and strings written once and referred to by
/// number afterwards. A busy year repeats the same streets, people, items and sources hundreds of
/// thousands of times; interning keeps the file small and lets decoding share one String per value.
struct BinaryWriter {
    var bytes: [UInt8] = []
    private var strings: [String: Int] = [:]

    mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int<I: BinaryInteger>(_ v: I) {
        let s = Int64(v)
        uint(UInt64(bitPattern: (s << 1) ^ (s >> 63)))
    }

    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func string(_ s: String) {
        if let i = strings[s] {
            uint(UInt64(i + 1))
            return
        }
        strings[s] = strings.count
        uint(0)
        let utf8 = Array(s.utf8)
        uint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func count(_ n: Int) { uint(UInt64(n)) }

    /// A case of a small enum by its position: cheaper to read back than its name.
    mutating func enumCase<E: CaseIterable & Equatable>(_ e: E) {
        uint(UInt64(E.allCases.firstIndex(of: e).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) }!))
    }
}

struct BinaryReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int
    private var strings: [String] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    @inline(__always)
    mutating func uint() throws(DecodeError) -> UInt64 {
        // Most numbers here (counts, string references, enum cases) fit one byte.
        if offset < bytes.count, bytes[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(bytes[offset])
        }
        return try longUInt()
    }

    private mutating func longUInt() throws(DecodeError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw DecodeError("snapshot ends early at byte \(offset)") }
            let b = bytes[offset]
            offset += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
            guard shift < 64 else { throw DecodeError("bad number at byte \(offset)") }
        }
    }

    mutating func int() throws(DecodeError) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func bool() throws(DecodeError) -> Bool {
        guard offset < bytes.count else { throw DecodeError("snapshot ends early at byte \(offset)") }
        defer { offset += 1 }
        switch bytes[offset] {
        case 0: return false
        case 1: return true
        default: throw DecodeError("bad flag at byte \(offset)")
        }
    }

    mutating func count() throws(DecodeError) -> Int {
        let n = try uint()
        guard n <= UInt64(bytes.count) else { throw DecodeError("bad count at byte \(offset)") }
        return Int(n)
    }

    /// A non-negative number that is not a length (an offset, a sequence number).
    mutating func natural() throws(DecodeError) -> Int {
        let n = try uint()
        guard n <= UInt64(Int.max) else { throw DecodeError("number out of range at byte \(offset)") }
        return Int(n)
    }

    mutating func string() throws(DecodeError) -> String {
        let ref = try uint()
        if ref > 0 {
            guard ref <= UInt64(strings.count) else { throw DecodeError("bad string reference at byte \(offset)") }
            return strings[Int(ref - 1)]
        }
        let n = try count()
        guard offset + n <= bytes.count else { throw DecodeError("snapshot ends early at byte \(offset)") }
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + n)]), as: UTF8.self)
        offset += n
        strings.append(s)
        return s
    }

    mutating func enumCase<E: CaseIterable>(_: E.Type) throws(DecodeError) -> E {
        let i = try uint()
        let all = E.allCases
        guard i < UInt64(all.count) else { throw DecodeError("bad \(E.self) at byte \(offset)") }
        return all[all.index(all.startIndex, offsetBy: Int(i))]
    }

    mutating func parsed<T>(_ what: String, _ make: (String) -> T?) throws(DecodeError) -> T {
        let s = try string()
        guard let v = make(s) else { throw DecodeError("\"\(s)\" is not \(what) (byte \(offset))") }
        return v
    }
}
