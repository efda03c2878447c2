import DutyCore
import DutyFuzz
import DutyTestSupport
import Foundation
import Testing

/// The fuzzers' promise, kept in every `swift test`: every parser of outside bytes, over
/// thousands of seeded mutations of the samples (bit flips, cuts, huge fields, deep nesting,
/// invalid UTF-8, NUL bytes, escape sequences), returns or refuses with its file, line and a
/// reason shown inert; no signal, no hang. A trap here ends the test run, which is the point.
@Suite struct MutationTests {
    static let fuzzDir = TestPaths.tests("Fuzz")

    static func seeds(_ target: FuzzTarget) throws -> [(String, [UInt8])] {
        let dir = fuzzDir.appendingPathComponent("corpus/\(target.rawValue)")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { name in
            (name, Array(try Data(contentsOf: dir.appendingPathComponent(name))))
        }
    }

    /// About 2,000 inputs per parser, the same every run.
    static let perTarget = 2_000

    @Test(arguments: FuzzTarget.allCases) func mutationsOfTheSeedsKeepThePromise(_ target: FuzzTarget) throws {
        let seeds = try Self.seeds(target)
        #expect(!seeds.isEmpty)
        var rng = SeededRandom(state: 0xD07 &+ UInt64(FuzzTarget.allCases.firstIndex(of: target)!))
        var broken: [String] = []
        for (name, seed) in seeds {
            if let p = target.run(seed) { broken.append("\(name) as is: \(p)") }
        }
        for n in 0..<Self.perTarget {
            let (name, seed) = seeds[n % seeds.count]
            var input = seed
            let steps = 1 + Int(rng.next() % 3)
            var what: [String] = []
            for _ in 0..<steps { what.append(Mutator.mutate(&input, &rng)) }
            if let p = target.run(input) {
                broken.append("\(name) after \(what.joined(separator: ", ")): \(p)")
                if broken.count >= 5 { break }
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    /// Each input the fuzzers once broke stays fixed (`Tests/Fuzz/found/<target>/`).
    @Test func everyInputTheFuzzersFoundStaysFixed() throws {
        let found = Self.fuzzDir.appendingPathComponent("found")
        for target in FuzzTarget.allCases {
            let dir = found.appendingPathComponent(target.rawValue)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
                #expect(target.run(bytes) == nil, "\(target.rawValue)/\(name)")
            }
        }
    }

    /// The hostile shapes named in the issue, whole, through every parser they could reach.
    @Test(arguments: FuzzTarget.allCases) func hostileShapesKeepThePromise(_ target: FuzzTarget) {
        let shapes: [(String, [UInt8])] = [
            ("deep <x>", Array((#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">"# + String(repeating: "<x>", count: 60_000)).utf8)),
            ("deep [", Array(("a = " + String(repeating: "[", count: 60_000)).utf8)),
            ("deep {", Array(String(repeating: "{\"a\":", count: 60_000).utf8)),
            ("deep table header", Array(("[" + String(repeating: "a.", count: 60_000) + "a]\n").utf8)),
            ("[[`x]]", Array("[[`x]]\n".utf8)),
            ("[确认]", Array("[确认]\n".utf8)),
            ("[[[[x]]", Array("[[[[x]]\n".utf8)),
            ("NULs", [UInt8](repeating: 0, count: 5_000)),
            ("escapes", Array("date,start\n\u{1B}]0;pwned\u{07},\u{1B}[2J\n".utf8)),
            ("3 MB line", Array(("title = \"" + String(repeating: "x", count: 3_000_000) + "\"\n").utf8)),
            ("lone CRs", Array(String(repeating: "a\r", count: 10_000).utf8)),
            ("invalid UTF-8", [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80, 0xFF, 0xFE]),
        ]
        for (name, bytes) in shapes {
            #expect(target.run(bytes) == nil, "\(name)")
        }
    }
}

/// Byte-level mutations in the manner of libFuzzer's own, plus the shapes hostile files take.
enum Mutator {
    static func mutate(_ b: inout [UInt8], _ rng: inout SeededRandom) -> String {
        func at() -> Int { b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count)) }
        switch rng.next() % 12 {
        case 0:
            guard !b.isEmpty else { return "nothing" }
            let i = at()
            b[i] ^= 1 << UInt8(rng.next() % 8)
            return "bit flip at \(i)"
        case 1:
            let i = at()
            b.insert(UInt8(truncatingIfNeeded: rng.next()), at: min(i, b.count))
            return "byte inserted at \(i)"
        case 2:
            guard !b.isEmpty else { return "nothing" }
            let i = at()
            b.removeSubrange(i..<min(b.count, i + 1 + Int(rng.next() % 16)))
            return "bytes removed at \(i)"
        case 3:
            let n = at()
            b = Array(b.prefix(n))
            return "cut at \(n)"
        case 4:
            let i = at()
            let filler = rng.next() % 2 == 0 ? Array(String(repeating: "A", count: 70_000).utf8) : Array(String(repeating: "水", count: 30_000).utf8)
            b.insert(contentsOf: filler, at: min(i, b.count))
            return "huge field at \(i)"
        case 5:
            let i = at()
            let opener = ["<x>", "[", "{\"a\":", "a.", "[[", "{a="][Int(rng.next() % 6)]
            b.insert(contentsOf: Array(String(repeating: opener, count: 2_000 + Int(rng.next() % 8_000)).utf8), at: min(i, b.count))
            return "deep \(opener) at \(i)"
        case 6:
            let i = at()
            b.insert(contentsOf: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE6, 0xE0], [0xF4, 0x90, 0x80, 0x80]][Int(rng.next() % 5)], at: min(i, b.count))
            return "invalid UTF-8 at \(i)"
        case 7:
            let i = at()
            b.insert(contentsOf: [UInt8](repeating: 0, count: 1 + Int(rng.next() % 4)), at: min(i, b.count))
            return "NUL at \(i)"
        case 8:
            let i = at()
            b.insert(contentsOf: Array("\u{1B}]0;pwned\u{07}\u{1B}[2J\n\r".utf8), at: min(i, b.count))
            return "escape sequence at \(i)"
        case 9:
            guard b.count > 2 else { return "nothing" }
            let i = at(), j = at()
            let (lo, hi) = (min(i, j), max(i, j))
            b.insert(contentsOf: Array(b[lo..<hi]), at: hi)
            return "copy of \(lo)..<\(hi)"
        case 10:
            let i = at()
            let token = ["&e;", "&#0;", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "\"\"\"", "'''", "\\u0000", "\\uD800", "9999999999999999999999", "-0x1",
                         "1979-02-30", "inf", "nan", "\"", ",", "\n", "]]>", "<![CDATA[", "<!--", "\r"][Int(rng.next() % 19)]
            b.insert(contentsOf: Array(token.utf8), at: min(i, b.count))
            return "\(token.debugDescription) at \(i)"
        default:
            guard !b.isEmpty else { return "nothing" }
            let i = at()
            b[i] = [0x22, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3D, 0x0A, 0x26, 0x3B][Int(rng.next() % 12)]
            return "syntax byte at \(i)"
        }
    }
}
