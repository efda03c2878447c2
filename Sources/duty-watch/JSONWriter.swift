import Foundation

// `--json` output: the README's shapes are `Encodable` types (JSONShapes.swift), and this is the
// one place they meet bytes.
//
// The bytes are exactly those the command line has always printed (Foundation's
// `JSONSerialization` with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`), so scripts and
// diffs of older output see no change: two-space indent, `"key" : value`, an empty array or object
// still opened on one line and closed two lines down, control characters escaped (`\n`, `\u001b`),
// everything else — `/`, Chinese, DEL — written as it is.
//
// Keys are sorted by code point (Swift's `<`; byte order for these ASCII keys). Foundation sorted
// case-insensitively, numbers by value, under the system locale; for the keys of the README's
// shapes (letters only, none that differ only in case where they first differ) both orders agree,
// which the CLI tests check by rewriting the output with Foundation.
//
// Values are written where they are encoded, not built into a tree first: with 20,000 alerts
// `JSONSerialization` peaked at 250 MB and `JSONEncoder` at 115 MB. An object's members are
// written as they come; if their keys came out of order, the object is put in order when it is
// done, by copying its own bytes once. The shapes declare their properties in key order, so that
// copy is rare (it was a fifth of `alert list --json`).

/// The bytes of one document, shared by every encoder writing into it.
final class JSONOutput {
    private(set) var bytes: [UInt8] = []
    /// The members of the objects being written, innermost last: where each lies in `bytes`, from
    /// its indent to the end of its value. An object is done before the one around it goes on, so
    /// one stack serves them all.
    fileprivate var members: [(key: String, start: Int, end: Int)] = []
    /// Reused by every object put in key order.
    private var scratch: [UInt8] = []

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes `value` at the current end; `indent` is the column its lines after the first start at.
    func encode<T: Encodable>(_ value: T, indent: Int = 0) throws {
        let encoder = SortedJSONEncoder(output: self, indent: indent, parent: nil, key: nil)
        try value.encode(to: encoder)
        encoder.finish()
    }

    /// An array whose elements are made one at a time, each encoded before the next is made.
    func encodeArray<S: Sequence>(_ elements: S, indent: Int = 0) throws where S.Element: Encodable {
        open("[")
        var first = true
        for e in elements {
            separate(first: first, indent: indent + 2)
            first = false
            try encode(e, indent: indent + 2)
        }
        close("]", indent: indent)
    }

    func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    // Each write below is one access to `bytes`: a class's stored array is checked for exclusive
    // access at run time, and a check per byte appended was a sixth of the time.

    fileprivate func open(_ bracket: Unicode.Scalar) {
        edit { b in
            b.append(UInt8(ascii: bracket))
            b.append(UInt8(ascii: "\n"))
        }
    }

    /// Before each member or element: the comma after the one before, a new line, the indent.
    fileprivate func separate(first: Bool, indent: Int) {
        edit { b in
            if !first {
                b.append(UInt8(ascii: ","))
                b.append(UInt8(ascii: "\n"))
            }
            b.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        }
    }

    fileprivate func close(_ bracket: Unicode.Scalar, indent: Int) {
        edit { b in
            b.append(UInt8(ascii: "\n"))
            b.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            b.append(UInt8(ascii: bracket))
        }
    }

    fileprivate func append(_ ascii: StaticString) {
        edit { b in ascii.withUTF8Buffer { b.append(contentsOf: $0) } }
    }

    fileprivate func write(_ n: Int) {
        edit { b in b.append(contentsOf: String(n).utf8) }
    }

    fileprivate func write(_ s: String) {
        edit { b in Self.write(s, to: &b) }
    }

    fileprivate func splice(_ other: JSONOutput, at offset: Int) {
        edit { b in b.insert(contentsOf: other.bytes, at: offset) }
    }

    @inline(__always) private func edit<R>(_ body: (inout [UInt8]) -> R) -> R {
        body(&bytes)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func write(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Runs of bytes that need no escape (nearly all of them) are copied whole.
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Starts a member of the object whose members begin at `base` of the stack: the comma after
    /// the one before, the indent, the key. Returns where the member starts and whether the keys
    /// are still in order.
    fileprivate func beginMember(_ key: String, base: Int, indent: Int) -> (start: Int, inOrder: Bool) {
        let first = members.count == base
        let inOrder = first || members[members.count - 1].key < key
        return edit { b in
            if !first {
                b.append(UInt8(ascii: ","))
                b.append(UInt8(ascii: "\n"))
            }
            let start = b.count
            b.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            Self.write(key, to: &b)
            b.append(UInt8(ascii: " "))
            b.append(UInt8(ascii: ":"))
            b.append(UInt8(ascii: " "))
            return (start, inOrder)
        }
    }

    fileprivate func endMember(_ key: String, start: Int) {
        members.append((key, start, bytes.count))
    }

    /// Ends the object whose members begin at `start` of the bytes and `base` of the stack, putting
    /// them in key order first if they did not come in it.
    fileprivate func closeObject(start: Int, base: Int, inOrder: Bool, indent: Int) {
        if !inOrder { Self.sort(&bytes, &scratch, &members, start: start, base: base) }
        members.removeSubrange(base...)
        close("}", indent: indent)
    }

    private static func sort(_ bytes: inout [UInt8], _ scratch: inout [UInt8], _ members: inout [(key: String, start: Int, end: Int)],
                             start: Int, base: Int) {
        // Insertion sort: a dozen or two keys.
        for i in (base + 1)..<max(base + 1, members.count) {
            var j = i
            while j > base, members[j].key < members[j - 1].key {
                members.swapAt(j, j - 1)
                j -= 1
            }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start...])
        bytes.removeSubrange(start...)
        for i in base..<members.count {
            if i > base {
                bytes.append(UInt8(ascii: ","))
                bytes.append(UInt8(ascii: "\n"))
            }
            bytes.append(contentsOf: scratch[(members[i].start - start)..<(members[i].end - start)])
        }
    }
}

/// Writes one value into a `JSONOutput`. It knows what the shapes hold — objects, arrays,
/// strings, integers, booleans, null — and refuses a fraction rather than write it in a format
/// nobody checked.
///
/// The synthesized `encode(to:)` of a shape encodes each member completely before the next, so
/// members and elements are written in place. `nestedContainer` and `superEncoder` hand out
/// containers that may be filled later: those write into an output of their own, put in when the
/// value they belong to is done.
final class SortedJSONEncoder: Encoder {
    fileprivate let output: JSONOutput
    fileprivate let indent: Int
    private let parent: SortedJSONEncoder?
    private let key: (any CodingKey)?
    fileprivate var state: State = .empty
    fileprivate var elementCount = 0
    /// Whether this object's keys have come in order so far.
    fileprivate var inOrder = true
    fileprivate var pendingMembers: [(key: String, encoder: SortedJSONEncoder)] = []
    /// With the offset each one's bytes go in at.
    fileprivate var pendingElements: [(offset: Int, encoder: SortedJSONEncoder)] = []

    fileprivate enum State {
        case empty, written, array
        /// `start`: where the first member begins in the bytes; `base`: where its members begin on the stack.
        case object(start: Int, base: Int)
    }

    fileprivate init(output: JSONOutput, indent: Int, parent: SortedJSONEncoder?, key: (any CodingKey)?) {
        self.output = output
        self.indent = indent
        self.parent = parent
        self.key = key
    }

    /// Made on demand: a path per value would be an allocation per value, read only for errors.
    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var e: SortedJSONEncoder? = self
        while let current = e {
            if let k = current.key { path.append(k) }
            e = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = state {} else {
            output.open("{")
            state = .object(start: output.bytes.count, base: output.members.count)
        }
        return KeyedEncodingContainer(ObjectContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = state {} else {
            state = .array
            output.open("[")
        }
        return ArrayContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// A child for a member or element, at this value's indent plus two.
    fileprivate func child(_ key: any CodingKey, into output: JSONOutput? = nil) -> SortedJSONEncoder {
        SortedJSONEncoder(output: output ?? self.output, indent: indent + 2, parent: self, key: key)
    }

    fileprivate func encodeChild<T: Encodable>(_ value: T, key: any CodingKey) throws {
        let c = child(key)
        try value.encode(to: c)
        c.finish()
    }

    /// Starts a member of this object; returns where it starts.
    fileprivate func beginMember(_ key: String, base: Int) -> Int {
        let (start, ordered) = output.beginMember(key, base: base, indent: indent + 2)
        inOrder = inOrder && ordered
        return start
    }

    /// Closes what this value opened.
    fileprivate func finish() {
        switch state {
        case .written:
            break
        case .empty:
            // Encoding nothing is an empty object, as with JSONEncoder.
            output.open("{")
            output.close("}", indent: indent)
        case .array:
            for (offset, nested) in pendingElements.reversed() {
                nested.finish()
                output.splice(nested.output, at: offset)
            }
            output.close("]", indent: indent)
        case .object(let start, let base):
            for (key, nested) in pendingMembers {
                nested.finish()
                let member = beginMember(key, base: base)
                output.splice(nested.output, at: output.bytes.count)
                output.endMember(key, start: member)
            }
            output.closeObject(start: start, base: base, inOrder: inOrder, indent: indent)
        }
    }
}

private func fraction(_ value: Any, _ path: [any CodingKey]) -> EncodingError {
    EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "the --json shapes hold whole numbers only"))
}

private func whole<T: BinaryInteger>(_ value: T, _ path: @autoclosure () -> [any CodingKey]) throws -> Int {
    guard let n = Int(exactly: value) else {
        throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "\(value) does not fit in an Int"))
    }
    return n
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: SortedJSONEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var output: JSONOutput { encoder.output }

    /// Writes `key` and its value, written by `write`, and keeps where they lie.
    private func member(_ key: Key, _ write: () throws -> Void) rethrows {
        guard case .object(_, let base) = encoder.state else { preconditionFailure("a keyed container of an encoder holding no object") }
        let name = key.stringValue
        let start = encoder.beginMember(name, base: base)
        try write()
        output.endMember(name, start: start)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key) { output.append("null") } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key) { output.append(value ? "true" : "false") } }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key) { output.write(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key) { output.write(value) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeWhole(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw fraction(value, codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw fraction(value, codingPath + [key]) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try member(key) { try encoder.encodeChild(value, key: key) }
    }

    private func encodeWhole<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        let n = try whole(value, codingPath + [key])
        member(key) { output.write(n) }
    }

    private func pending(_ key: String, _ codingKey: any CodingKey) -> SortedJSONEncoder {
        let nested = encoder.child(codingKey, into: JSONOutput(capacity: 256))
        encoder.pendingMembers.append((key, nested))
        return nested
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        pending(key.stringValue, key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        pending(key.stringValue, key).unkeyedContainer()
    }

    // "super" is the key JSONEncoder uses too.
    mutating func superEncoder() -> any Encoder { pending("super", IndexKey(stringValue: "super")) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { pending(key.stringValue, key) }
}

/// The key of an array element in a coding path, or of `super`.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ i: Int) {
        intValue = i
        stringValue = "\(i)"
    }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
    let encoder: SortedJSONEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.elementCount }
    private var output: JSONOutput { encoder.output }

    private func element(_ write: () throws -> Void) rethrows {
        output.separate(first: encoder.elementCount == 0, indent: encoder.indent + 2)
        encoder.elementCount += 1
        try write()
    }

    mutating func encodeNil() throws { element { output.append("null") } }
    mutating func encode(_ value: Bool) throws { element { output.append(value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { element { output.write(value) } }
    mutating func encode(_ value: Int) throws { element { output.write(value) } }
    mutating func encode(_ value: Int8) throws { try encodeWhole(value) }
    mutating func encode(_ value: Int16) throws { try encodeWhole(value) }
    mutating func encode(_ value: Int32) throws { try encodeWhole(value) }
    mutating func encode(_ value: Int64) throws { try encodeWhole(value) }
    mutating func encode(_ value: UInt) throws { try encodeWhole(value) }
    mutating func encode(_ value: UInt8) throws { try encodeWhole(value) }
    mutating func encode(_ value: UInt16) throws { try encodeWhole(value) }
    mutating func encode(_ value: UInt32) throws { try encodeWhole(value) }
    mutating func encode(_ value: UInt64) throws { try encodeWhole(value) }
    mutating func encode(_ value: Double) throws { throw fraction(value, codingPath + [IndexKey(count)]) }
    mutating func encode(_ value: Float) throws { throw fraction(value, codingPath + [IndexKey(count)]) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        // Arrays of strings (a gap's `missing`, a change's `slots`) need no encoder each.
        if let s = value as? String {
            try encode(s)
        } else {
            let index = IndexKey(count)
            try element { try encoder.encodeChild(value, key: index) }
        }
    }

    private mutating func encodeWhole<T: BinaryInteger>(_ value: T) throws {
        let n = try whole(value, codingPath + [IndexKey(count)])
        element { output.write(n) }
    }

    private func pending() -> SortedJSONEncoder {
        let nested = encoder.child(IndexKey(count), into: JSONOutput(capacity: 256))
        element { encoder.pendingElements.append((output.bytes.count, nested)) }
        return nested
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        pending().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { pending().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { pending() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: SortedJSONEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var output: JSONOutput { encoder.output }

    private func value(_ write: () throws -> Void) rethrows {
        try write()
        encoder.state = .written
    }

    mutating func encodeNil() throws { value { output.append("null") } }
    mutating func encode(_ v: Bool) throws { value { output.append(v ? "true" : "false") } }
    mutating func encode(_ v: String) throws { value { output.write(v) } }
    mutating func encode(_ v: Int) throws { value { output.write(v) } }
    mutating func encode(_ v: Int8) throws { try encodeWhole(v) }
    mutating func encode(_ v: Int16) throws { try encodeWhole(v) }
    mutating func encode(_ v: Int32) throws { try encodeWhole(v) }
    mutating func encode(_ v: Int64) throws { try encodeWhole(v) }
    mutating func encode(_ v: UInt) throws { try encodeWhole(v) }
    mutating func encode(_ v: UInt8) throws { try encodeWhole(v) }
    mutating func encode(_ v: UInt16) throws { try encodeWhole(v) }
    mutating func encode(_ v: UInt32) throws { try encodeWhole(v) }
    mutating func encode(_ v: UInt64) throws { try encodeWhole(v) }
    mutating func encode(_ v: Double) throws { throw fraction(v, codingPath) }
    mutating func encode(_ v: Float) throws { throw fraction(v, codingPath) }
    /// The wrapped value is this value: it writes through this same encoder.
    mutating func encode<T: Encodable>(_ v: T) throws { try v.encode(to: encoder) }

    private func encodeWhole<T: BinaryInteger>(_ v: T) throws {
        let n = try whole(v, codingPath)
        value { output.write(n) }
    }
}

/// The whole document, then one write: a command that fails midway prints nothing to stdout
/// rather than half a document, and 20,000 alerts are not 20,000 small writes.
func printJSON<T: Encodable>(_ value: T) throws {
    let output = JSONOutput()
    try output.encode(value)
    try finishPrinting(output)
}

/// `printJSON` of an array whose elements are made one at a time: 20,000 alerts as `AlertJSON`
/// never exist all at once.
func printJSONArray<S: Sequence>(_ elements: S) throws where S.Element: Encodable {
    // About 800 bytes an alert; room reserved costs memory only once written to.
    let output = JSONOutput(capacity: max(1 << 16, elements.underestimatedCount * 1024))
    try output.encodeArray(elements)
    try finishPrinting(output)
}

private func finishPrinting(_ output: JSONOutput) throws {
    output.newline()
    try FileHandle.standardOutput.write(contentsOf: output.bytes)
}
