import TOMLReader
import XCTest

/// Parses a document that must be valid; on failure records the error and returns an empty table so the
/// test goes on and reports every problem at once.
func parseOK(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TOMLTable {
    do {
        return try TOMLParser.parse(text)
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return TOMLTable()
    }
}

/// Parses a document that must be rejected and returns the error (nil, with a recorded failure, if it was
/// accepted).
func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TOMLError? {
    do {
        let table = try TOMLParser.parse(text)
        XCTFail("expected an error, got \(table.keys)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Checks the line of an error and that its message contains a phrase.
func assertError(_ text: String, line expectedLine: Int, _ phrase: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let error = parseError(text, file: file, line: line) else { return }
    XCTAssertEqual(error.line, expectedLine, "\(error)", file: file, line: line)
    XCTAssertTrue(error.message.contains(phrase), "message \"\(error.message)\" lacks \"\(phrase)\"", file: file, line: line)
}

/// The value of a single `v = ...` line.
func value(_ literal: String, file: StaticString = #filePath, line: UInt = #line) -> TOMLValue? {
    parseOK("v = " + literal + "\n", file: file, line: line)["v"]?.value
}

extension TOMLTable {
    /// Follows a path of keys through nested tables, for terse assertions.
    func at(_ path: String...) -> TOMLNode? {
        var table = self
        for (i, key) in path.enumerated() {
            guard let node = table[key] else { return nil }
            if i == path.count - 1 { return node }
            guard let next = node.table else { return nil }
            table = next
        }
        return nil
    }
}

/// A small deterministic generator (SplitMix64) so fuzz runs are reproducible from their seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
