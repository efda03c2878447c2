import Foundation
import TOMLReader
import XCTest

/// Hostile and huge inputs: the reader must return or throw, never trap, hang or exhaust the stack.
final class RobustnessTests: XCTestCase {
    static let seeds = [
        """
        # hazard points
        [[point]]
        id = "南洲街/1"
        name = "南洲路隧道"
        type = "tunnel"
        street = "南洲街"
        """,
        """
        node = "district"
        time_zone = "Asia/Shanghai"
        bell = true
        handover_reminder = 30
        [acknowledge]
        red = 2
        [deadlines.red]
        initial = 30
        follow_up = 120
        final = 1440
        """,
        """
        name = "night"
        ascii = false
        [roles]
        normal = { fg = "white", bg = 235 }
        level.red = { fg = "red", bold = true }
        [roles.header]
        fg = 252
        reverse = true
        """,
        """
        [[phase]]
        name = "before"
        [[phase.item]]
        text = "检查排水口"
        applies_to = ["tunnel", "waterlogging"]
        """,
        """
        s = "a\\tb\\u00E9\\U0001F600"
        m = \"\"\"
        line \\
          joined ""\"\"\"
        l = '''raw ''''
        n = [0x_1F, 0o7, 0b1, +1_000, -0.5e-3, inf, nan, 1979-05-27 07:32:00.5+08:00, 07:32:00, 1979-05-27]
        t = { a.b = [ { c = 1 }, [] ], "q" = 'x' }
        """,
    ]

    /// Fragments that tend to hit edges: openers without closers, escapes, huge numbers, odd scalars.
    static let fragments: [String] = [
        "[", "[[", "]", "]]", "{", "}", "\"", "\"\"\"", "'", "'''", "=", ".", ",", "#", "\\", "\\u", "\\UFFFFFFFF", "\\uD800",
        "\n", "\r", "\r\n", "\t", " ", "\u{00}", "\u{1B}", "\u{7F}", "\u{FEFF}", "\u{3000}", "\u{202E}", "\u{FFFD}", "确认", "😀",
        "99999999999999999999999", "-9223372036854775809", "0x", "1e99999", "1979-02-30", "24:00:00", "nan", "inf", "true",
        "a.b.c", "[[x]]", "[x]", "x = 1", "x = {", "x = [", "\"\"\"\"\"\"", "_", "+", ":", "T", "Z",
    ]

    func testSeededMutationsNeverCrash() {
        var rng = SeededRandom(seed: 0x5EED_70_31)
        var accepted = 0
        var rejected = 0
        for round in 0..<4000 {
            guard let seed = Self.seeds.randomElement(using: &rng) else { continue }
            var bytes = Array(seed.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                mutate(&bytes, using: &rng)
            }
            // Decoding repairs invalid UTF-8 the way a caller reading a file would.
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try TOMLParser.parse(text)
                accepted += 1
            } catch {
                rejected += 1
                XCTAssertGreaterThanOrEqual(error.line, 1, "round \(round)")
                XCTAssertGreaterThanOrEqual(error.column, 1, "round \(round)")
                XCTAssertFalse(error.message.isEmpty, "round \(round)")
            }
        }
        XCTAssertEqual(accepted + rejected, 4000)
        XCTAssertGreaterThan(accepted, 0, "some mutations should still be valid TOML")
        XCTAssertGreaterThan(rejected, 0)
    }

    private func mutate(_ bytes: inout [UInt8], using rng: inout SeededRandom) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0 where !bytes.isEmpty:
            bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        case 1:
            bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
        case 2 where !bytes.isEmpty:
            bytes.remove(at: at)
        case 3:
            bytes.removeSubrange(at...)
        case 4:
            let opener = Array(["[", "{", "\"", "a=[", "x.", "'"].randomElement(using: &rng)!.utf8)
            let count = Int.random(in: 1...200, using: &rng)
            bytes.insert(contentsOf: (0..<count).flatMap { _ in opener }, at: at)
        case 5:
            let fragment = Self.fragments.randomElement(using: &rng)!
            bytes.insert(contentsOf: Array(fragment.utf8), at: at)
        case 6:
            // An invalid UTF-8 sequence: lone continuation bytes, a truncated lead, an encoded surrogate.
            let junk: [[UInt8]] = [[0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF, 0xFE]]
            bytes.insert(contentsOf: junk.randomElement(using: &rng)!, at: at)
        default:
            bytes.insert(0, at: at)
        }
    }

    func testEveryPrefixOfTheSeeds() {
        for seed in Self.seeds {
            let scalars = Array(seed.unicodeScalars)
            for end in 0...scalars.count {
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[..<end])
                do {
                    _ = try TOMLParser.parse(text)
                } catch {
                    XCTAssertGreaterThanOrEqual(error.line, 1)
                }
            }
        }
    }

    // MARK: - Depth

    private let deep = 100_000

    func testDeepHeaderBrackets() {
        let e = parseError(String(repeating: "[", count: deep))
        XCTAssertEqual(e?.line, 1)
    }

    func testDeepArrays() {
        let e = parseError("a=" + String(repeating: "[", count: deep))
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.message, "nested too deep (more than 64 levels)")
    }

    func testDeepInlineTables() {
        let e = parseError("a=" + String(repeating: "{b=", count: deep))
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.message, "nested too deep (more than 64 levels)")
    }

    func testDeepMixedNesting() {
        let e = parseError("a=" + String(repeating: "[{b=", count: deep))
        XCTAssertEqual(e?.message, "nested too deep (more than 64 levels)")
    }

    func testDottedKeyWithManyParts() {
        let key = Array(repeating: "x", count: deep).joined(separator: ".")
        XCTAssertEqual(parseError(key + " = 1")?.message, "nested too deep (more than 64 levels)")
        XCTAssertEqual(parseError("[" + key + "]")?.message, "nested too deep (more than 64 levels)")
        XCTAssertEqual(parseError("[[" + key + "]]")?.message, "nested too deep (more than 64 levels)")
        XCTAssertEqual(parseError("a = {" + key + " = 1}")?.message, "nested too deep (more than 64 levels)")
    }

    func testDepthLimitIsExact() {
        let limit = TOMLParser.maxDepth
        XCTAssertNotNil(parseOK("a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit))["a"])
        let tooDeep = "a = " + String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        assertError(tooDeep, line: 1, "nested too deep")
        let key = Array(repeating: "k", count: limit).joined(separator: ".")
        XCTAssertNotNil(parseOK("[" + key + "]")["k"])
        assertError("[" + key + "]\nk.k = 1", line: 2, "nested too deep")
        assertError("[" + key + "]\nk = []", line: 2, "nested too deep")
        let halfway = Array(repeating: "k", count: 40).joined(separator: ".")
        assertError("[" + halfway + "]\nv = " + String(repeating: "[", count: 30), line: 2, "nested too deep")
    }

    /// The deepest document allowed must also parse on a thread with a small stack, as a caller's worker
    /// thread might have (debug builds use the most stack per level).
    func testDeepestDocumentOnSmallStack() {
        let limit = TOMLParser.maxDepth
        let documents = [
            "a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit),
            "a = " + String(repeating: "{b = ", count: limit) + "1" + String(repeating: "}", count: limit),
            "a = " + String(repeating: "[{b = ", count: limit / 2) + "1" + String(repeating: "}]", count: limit / 2),
            "[" + Array(repeating: "k", count: limit).joined(separator: ".") + "]",
        ]
        let done = DispatchSemaphore(value: 0)
        let results = ResultBox()
        let thread = Thread {
            for doc in documents {
                results.append((try? TOMLParser.parse(doc)) != nil)
            }
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(results.values, [true, true, true, true])
    }

    // MARK: - Size

    /// Large inputs must be handled in about linear time; the bound is generous for slow debug builds on a
    /// busy machine, but far below what quadratic behaviour on these sizes would take.
    private func assertFast(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line,
                            check: (TOMLTable) -> Void = { _ in }) {
        let clock = ContinuousClock()
        var table: TOMLTable?
        let elapsed = clock.measure {
            table = parseOK(text, file: file, line: line)
        }
        XCTAssertLessThan(elapsed, .seconds(30), name, file: file, line: line)
        if let table { check(table) }
    }

    func testLargeInputs() {
        let n = 100_000
        assertFast("1 MB string", "a = \"" + String(repeating: "x", count: 1_000_000) + "\"\n") {
            XCTAssertEqual($0["a"]?.string?.count, 1_000_000)
        }
        assertFast("1 MB multi-line string", "a = \"\"\"\n" + String(repeating: "line \\\n  ", count: 100_000) + "\"\"\"") {
            XCTAssertEqual($0["a"]?.string?.count, 500_000)
        }
        assertFast("100k keys", (0..<n).map { "k\($0) = \($0)\n" }.joined()) {
            XCTAssertEqual($0.count, n)
            XCTAssertEqual($0.line(of: "k99999"), 100_000)
        }
        assertFast("100k array", "a = [" + (0..<n).map(String.init).joined(separator: ",\n") + "]") {
            XCTAssertEqual($0["a"]?.array?.count, n)
            XCTAssertEqual($0["a"]?.array?.last?.line, n)
        }
        assertFast("100k tables", (0..<n).map { "[[point]]\nid = \"p\($0)\"\n" }.joined()) {
            XCTAssertEqual($0["point"]?.array?.count, n)
        }
        assertFast("100k dotted keys", (0..<n).map { "a.b\($0) = \($0)\n" }.joined()) {
            XCTAssertEqual($0["a"]?.table?.count, n)
        }
        assertFast("100k inline tables", "a = [" + String(repeating: "{x = 1, y.z = [2]},", count: n) + "]") {
            XCTAssertEqual($0["a"]?.array?.count, n)
        }
        assertFast("1 MB comment", "#" + String(repeating: "确", count: 1_000_000) + "\na = 1")
    }

    func testLargeBadInputsFailQuickly() {
        let clock = ContinuousClock()
        let inputs = [
            "a = " + String(repeating: "1", count: 1_000_000),
            "a = 0." + String(repeating: "1", count: 1_000_000),
            "a = \"" + String(repeating: "x", count: 1_000_000),
            "a = [" + String(repeating: "1,", count: 500_000),
            String(repeating: "\"", count: 1_000_000),
            String(repeating: "a.", count: 500_000),
            String(repeating: "[[a]]\n", count: 100_000) + "a = 1\na = 2",
        ]
        for input in inputs {
            let elapsed = clock.measure {
                XCTAssertNotNil(parseError(input))
            }
            XCTAssertLessThan(elapsed, .seconds(30))
        }
    }
}

/// Collects results from another thread; the lock makes the hand-over safe.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Bool] = []
    func append(_ value: Bool) { lock.withLock { stored.append(value) } }
    var values: [Bool] { lock.withLock { stored } }
}
