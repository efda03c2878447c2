import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// `outside` is kept in the journal and in snapshots only when true: every record and state
/// written before alerts had areas reads, and is written again, byte for byte as it was.
@Suite struct OutsideCodecTests {
    static let content = AlertContent(id: "CAP-0123456789", source: "Los Angeles Police Dept - LAPD", kind: "Child Abduction", level: .orange,
                                      title: "Amber Alert in Los Angeles County", body: "", street: "",
                                      sent: ISO8601.parse("2003-06-11T22:39:00-07:00"), outside: true)

    static func line(_ op: Op) -> [UInt8] {
        RecordCodec.encode(node: "room1", seq: 1, hlc: HLC(ms: 1_796_219_324_709, counter: 0), wall: Instant(ms: 1_796_219_324_709),
                           actor: "inbox", prev: String(repeating: "0", count: 64), op: op).line
    }

    static func decode(_ line: [UInt8]) throws -> JournalRecord {
        try Array(line.dropLast()).withUnsafeBufferPointer { try RecordCodec.decode($0) }
    }

    @Test func theJournalWritesOutsideOnlyWhenTrue() throws {
        let outside = Self.line(.alertRaised(Self.content))
        #expect(String(decoding: outside, as: UTF8.self).contains(#""reality":"#) == false)
        #expect(String(decoding: outside, as: UTF8.self).contains(#","outside":true}"#))
        #expect(try Self.decode(outside).op == .alertRaised(Self.content))
        var ours = Self.content
        ours.isOutside = false
        let district = Self.line(.alertRaised(ours))
        #expect(!String(decoding: district, as: UTF8.self).contains("outside"))
        #expect(try Self.decode(district).op == .alertRaised(ours))
    }

    /// Records of a journal from before (the fuzz corpus keeps a demo's bodies, sealed here with
    /// their hashes): read as the district's, and written again unchanged.
    @Test func oldRecordsReadAsTheDistrictsAndKeepTheirBytes() throws {
        let text = try String(contentsOf: TestPaths.tests("Fuzz/corpus/journal/demo-story.txt"), encoding: .utf8)
        var alerts = 0
        for line in text.split(separator: "\n") {
            let bytes = Array((line + #","hash":""# + sha256Hex(String(line)) + "\"}\n").utf8)
            let r = try Self.decode(bytes)
            let again = RecordCodec.encode(node: r.node, seq: r.seq, hlc: r.hlc, wall: r.wall, actor: r.actor, prev: r.prev, op: r.op)
            #expect(again.line == bytes)
            if case .alertRaised(let c) = r.op {
                alerts += 1
                #expect(!c.isOutside)
            }
        }
        #expect(alerts >= 5)
    }

    /// In a snapshot the flag rides on the CAP status's number (+8): a district alert's bytes
    /// are what they were, an outside one's differ in that one byte.
    @Test func snapshotsKeepTheFlagInTheStatusByte() throws {
        func archived(_ c: AlertContent) -> [UInt8] {
            var s = DutyState()
            s.apply(.alertRaised(c), OpContext(actor: "inbox", at: Instant(ms: 1_000), node: "room1", seq: 1))
            s.apply(.alertResolved(id: c.id, note: "区外"), OpContext(actor: "冼嘉怡", at: Instant(ms: 2_000), node: "room1", seq: 2))
            return StateCodec.encode(.archivedAlerts, s)
        }
        var ours = Self.content
        ours.isOutside = false
        let (a, b) = (archived(Self.content), archived(ours))
        #expect(a.count == b.count)
        let differing = a.indices.filter { a[$0] != b[$0] }
        #expect(differing.count == 1 && differing.first.map { Int(a[$0]) - Int(b[$0]) } == 8)
        for (bytes, c) in [(a, Self.content), (b, ours)] {
            let decoded = try bytes.withUnsafeBufferPointer { try StateCodec.decode($0, StateCodec.decodeAlerts) }
            #expect(decoded[c.id]?.content == c)
        }
        // A drill outside the district keeps both.
        var drill = Self.content
        drill.reality = .exercise
        let decoded = try archived(drill).withUnsafeBufferPointer { try StateCodec.decode($0, StateCodec.decodeAlerts) }
        #expect(decoded[drill.id]?.content == drill)
    }
}
