import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// A console's checkpoint is written over itself each round (no file made or freed), with a
/// checksum last: whole, it reads back exactly; torn or half written, it is passed over.
@Suite struct CheckpointTests {
    static let checkpoint = SharedDirectory.Checkpoint(wall: Instant(ms: 1_780_000_000_000), have: ["district": 120, "street03": 45],
                                                       bad: ["street05": ["000000000001-000000000022.seg"]], floor: HLC(ms: 1_780_000_000_100, counter: 2))

    @Test(arguments: [false, true]) func aWholeCheckpointReadsBackExactly(_ real: Bool) throws {
        let (fs, root): (FileSystem, String) = real
            ? (RealFileSystem(), TempDir.path("dw-cp"))
            : (MemoryFileSystem(), "/share")
        try fs.createDirectory(root)
        let shared = SharedDirectory(root: root, fs: fs)
        try shared.write(Self.checkpoint, node: "district")
        #expect(shared.checkpoint(of: "district") == Self.checkpoint)
        // Written again, shorter, over the same file: the tail of the longer one is cut.
        let shorter = SharedDirectory.Checkpoint(wall: Instant(ms: 1_780_000_001_000), have: ["district": 121])
        try shared.write(shorter, node: "district")
        #expect(shared.checkpoint(of: "district") == shorter)
        let text = String(decoding: try fs.read(shared.checkpointPath("district")), as: UTF8.self)
        #expect(text.hasPrefix("wall = 1780000001000\nhave district = 121\nsum = "), "\(text)")
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func aTornCheckpointIsPassedOver() throws {
        let fs = MemoryFileSystem()
        try fs.createDirectory("/share/nodes/district")
        let shared = SharedDirectory(root: "/share", fs: fs)
        try shared.write(Self.checkpoint, node: "district")
        let whole = try fs.read(shared.checkpointPath("district"))
        // Cut anywhere before its end, or one byte changed, it is not read.
        for cut in [1, 10, whole.count / 2, whole.count - 2] {
            try fs.replaceDurably(shared.checkpointPath("district"), Array(whole.prefix(cut)))
            #expect(shared.checkpoint(of: "district") == nil, "cut at \(cut)")
        }
        var changed = whole
        changed[8] = UInt8(ascii: "9")
        try fs.replaceDurably(shared.checkpointPath("district"), changed)
        #expect(shared.checkpoint(of: "district") == nil)
        // A longer earlier one's tail after the sum line (not yet cut off) is not read.
        try fs.replaceDurably(shared.checkpointPath("district"), whole + Array("have street09 = 7\n".utf8))
        #expect(shared.checkpoint(of: "district") == Self.checkpoint)
        // Without its sum it could be cut anywhere: never trusted.
        try fs.replaceDurably(shared.checkpointPath("district"), Array("wall = 5\nhave district = 3\n".utf8))
        #expect(shared.checkpoint(of: "district") == nil)
    }
}
