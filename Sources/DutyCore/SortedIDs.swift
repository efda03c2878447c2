/// Ids in ascending order of their UTF-8 bytes, looked up by halving, kept the way a snapshot
/// stores them: `count` ends (each a little-endian UInt32, where that id's bytes end), then the
/// ids' bytes one after another. A snapshot's frame is searched where it is mapped, so learning
/// that a new alert's id is not among a year's 50,000 makes no string and copies no byte
/// (decoding them into a table was most of opening with one record after the snapshot).
public struct SortedIDs: Hashable, Sendable {
    /// The laid-out bytes and what keeps them valid: a snapshot's mapping, or memory of our own.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeRawPointer
        let count: Int
        let byteCount: Int
        let owner: AnyObject?
        let allocated: UnsafeMutableRawPointer?

        init(base: UnsafeRawPointer, count: Int, byteCount: Int, owner: AnyObject?, allocated: UnsafeMutableRawPointer?) {
            self.base = base
            self.count = count
            self.byteCount = byteCount
            self.owner = owner
            self.allocated = allocated
        }

        deinit { allocated?.deallocate() }

        var all: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: 4 * count + byteCount) }
        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + 4 * count, count: byteCount) }

        func end(_ i: Int) -> Int { Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        func start(_ i: Int) -> Int { i == 0 ? 0 : end(i - 1) }
    }

    private let storage: Storage

    /// Ids laid out as above in `laidOut`, which `owner` keeps valid. Nil when the ends do not
    /// rise or do not end where the bytes do: such a list could not be read safely. Their order
    /// is the writer's (sorted; a snapshot's checksum vouches that the frame is as written).
    public init?(laidOut: UnsafeRawBufferPointer, count: Int, keeping owner: AnyObject) {
        guard count >= 0, count <= laidOut.count / 4, let base = laidOut.baseAddress else {
            if count == 0, laidOut.isEmpty { self = SortedIDs([String]()); return }
            return nil
        }
        let s = Storage(base: base, count: count, byteCount: laidOut.count - 4 * count, owner: owner, allocated: nil)
        var previous = 0
        for i in 0..<count {
            let e = s.end(i)
            guard e >= previous else { return nil }
            previous = e
        }
        guard previous == s.byteCount else { return nil }
        storage = s
    }

    public init(_ ids: some Sequence<String>) {
        let laid = Self.layout(Self.sorted(ids))
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(laid.bytes.count, 1), alignment: 4)
        laid.bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        storage = Storage(base: UnsafeRawPointer(memory), count: laid.count, byteCount: laid.bytes.count - 4 * laid.count,
                          owner: nil, allocated: memory)
    }

    /// Ids already sorted, laid out as a snapshot stores them.
    public static func layout(_ sorted: [String]) -> (count: Int, bytes: [UInt8]) {
        var ends: [UInt8] = [], bytes: [UInt8] = []
        ends.reserveCapacity(4 * sorted.count)
        for id in sorted {
            bytes.append(contentsOf: id.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { ends.append(contentsOf: $0) }
        }
        return (sorted.count, ends + bytes)
    }

    /// The order the ids are kept in: by their UTF-8 bytes (for text in normal form, the same
    /// as `String`'s).
    public static func sorted(_ ids: some Sequence<String>) -> [String] {
        ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var count: Int { storage.count }

    public var ids: [String] {
        let s = storage
        return (0..<s.count).map { i in String(decoding: s.bytes[s.start(i)..<s.end(i)], as: UTF8.self) }
    }

    public func contains(_ id: String) -> Bool {
        var id = id
        let s = storage
        return id.withUTF8 { key in
            var lo = 0, hi = s.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Self.compare(s.bytes, s.start(mid), s.end(mid), key) < 0 { lo = mid + 1 } else { hi = mid }
            }
            return lo < s.count && Self.compare(s.bytes, s.start(lo), s.end(lo), key) == 0
        }
    }

    /// The id at `start..<end` of `all` against `key`, by bytes: negative, zero or positive.
    private static func compare(_ all: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(end - start, key.count)
        for i in 0..<n where all[start + i] != key[i] { return Int(all[start + i]) - Int(key[i]) }
        return (end - start) - key.count
    }

    public static func == (a: SortedIDs, b: SortedIDs) -> Bool {
        a.storage === b.storage || (a.count == b.count && a.storage.all.elementsEqual(b.storage.all))
    }

    public func hash(into h: inout Hasher) { h.combine(bytes: storage.all) }
}
