import TOMLReader
import XCTest

/// Inputs that once aborted the process inside toml++, and messages a person has to act on.
final class SyntaxErrorTests: XCTestCase {
    func testInputsThatUsedToAbort() {
        for text in ["[[`x]]", "[确认]", "[[[[x]]", "[[`x]]\n", "[确认]\nname = 1", "[[[[x]]\n[a]"] {
            let e = parseError(text)
            XCTAssertEqual(e?.line, 1, text)
        }
        XCTAssertEqual(parseError("[[`x]]")?.message, "a table header must be a key, e.g. [name]")
        XCTAssertEqual(parseError("[[[[x]]")?.message, "a table header must be a key, e.g. [name]")
        let chinese = parseError("[确认]")?.message ?? ""
        XCTAssertTrue(chinese.hasPrefix("确认 is not a bare key"), chinese)
        XCTAssertTrue(chinese.contains("[\"确认\"]"), chinese)
        XCTAssertEqual(parseOK("[\"确认\"]\na = 1").at("确认", "a")?.integer, 1)
    }

    func testHeaderErrors() {
        assertError("[]", line: 1, "a table header must be a key")
        assertError("[a", line: 1, "missing its closing ]")
        assertError("[a\n", line: 1, "missing its closing ]")
        assertError("[[a]\n", line: 1, "must end with ]]")
        assertError("[a.]", line: 1, "expected a key after the dot")
        assertError("[a] b = 1", line: 1, "unexpected \"b\" after the table header")
        assertError("[ [a]]", line: 1, "a table header must be a key")
        assertError("[a b]", line: 1, "expected ] to close the table header")
        assertError("[\"\"\"a\"\"\"]", line: 1, "cannot be a \"\"\" string")
        assertError("x = 1\n[a]]", line: 2, "unexpected \"]\"")
    }

    func testKeyValueErrors() {
        assertError("name", line: 1, "expected = after the key \"name\"")
        assertError("a = 1\nname\n", line: 2, "expected = after the key")
        assertError("a b = 1", line: 1, "quote keys that contain spaces")
        assertError("= 1", line: 1, "expected a key before =")
        assertError("a =", line: 1, "expected a value after =")
        assertError("a = # nothing", line: 1, "expected a value after =")
        assertError("a = \nb = 1", line: 1, "expected a value after =")
        assertError("a = abc", line: 1, "\"abc\" is not a value (strings are quoted)")
        assertError("a = 1, b = 2", line: 1, "unexpected \",\" after the value")
        assertError("a = 1 2", line: 1, "unexpected \"2\"")
        assertError("a.", line: 1, "expected a key after the dot")
        assertError("a..b = 1", line: 1, "expected a key after the dot")
        assertError("ab确认 = 1", line: 1, "ab确认 is not a bare key")
        assertError("$x = 1", line: 1, "expected a key")
        assertError("a$ = 1", line: 1, "a$ is not a bare key")
        assertError("\"\"\"k\"\"\" = 1", line: 1, "cannot be a \"\"\" string")
        assertError("'''k''' = 1", line: 1, "cannot be a ''' string")
        assertError("a\u{3000}= 1", line: 1, "special space")
        assertError("\u{3000}a = 1", line: 1, "special space")
        assertError("a = \"x\"\n\n\n  b = ", line: 4, "expected a value")
    }

    func testControlCharactersInComments() {
        assertError("# bell \u{07}", line: 1, "control character \\u{7} is not allowed in a comment")
        assertError("a = 1\n# \u{7F}", line: 2, "not allowed in a comment")
        assertError("a = 1 # \u{00}", line: 1, "\\u{0}")
        XCTAssertEqual(parseOK("# a\ttab is fine\na = 1")["a"]?.integer, 1)
    }

    func testMessagesNeverCarryControlCharacters() {
        let nasty = ["\u{1B}[2J", "\u{07}", "\u{00}", "\u{202E}", "\u{200B}", "\u{85}", "\u{9B}31m"]
        for n in nasty {
            let docs = [
                "\"\(n)\" = 1\n\"\(n)\" = 2", "a = \(n)", "[\(n)]", "a\(n) = 1", "a = 1\(n)", "a = \"\(n)\"", "a = '\(n)'",
                "[\"\(n)\"]\n[\"\(n)\"]", "a = \"\\\(n)\"", "x\(n)y = 1", "a = 12\(n)",
            ]
            for doc in docs {
                guard let e = try? parseErrorQuietly(doc) else { continue }
                for c in e.message.unicodeScalars {
                    XCTAssertFalse(c.value < 0x20 || (c.value >= 0x7F && c.value < 0xA0) || c == "\u{202E}" || c == "\u{200B}",
                                   "raw U+\(String(c.value, radix: 16)) in \(e.message.debugDescription) for \(doc.debugDescription)")
                }
            }
        }
    }

    func testLongInputIsShortenedInMessages() {
        let long = String(repeating: "x", count: 10_000)
        let e = parseError("a = \(long)")
        XCTAssertLessThan(e?.message.count ?? .max, 200)
        let f = parseError("a = 1\(String(repeating: "9", count: 10_000))")
        XCTAssertLessThan(f?.message.count ?? .max, 200)
        XCTAssertTrue(f?.message.hasPrefix("integer 1999") ?? false)
    }

    private func parseErrorQuietly(_ text: String) throws -> TOMLError? {
        do {
            _ = try TOMLParser.parse(text)
            return nil
        } catch {
            return error
        }
    }
}

/// The rules about defining keys and tables, each checked with the line the error must name.
final class SemanticErrorTests: XCTestCase {
    func testDuplicateKeys() {
        XCTAssertEqual(parseError("a = 1\nb = 2\nname = 3\nname = 4")?.message, "key \"name\" is defined twice (first on line 3)")
        assertError("name = \"Tom\"\nname = \"Pradyun\"", line: 2, "key \"name\" is defined twice (first on line 1)")
        assertError("spelling = \"favorite\"\n\"spelling\" = \"favourite\"", line: 2, "defined twice (first on line 1)")
        assertError("a = 1\n'a' = 2", line: 2, "defined twice")
        assertError("[t]\nx = 1\n\nx = 2", line: 4, "defined twice (first on line 2)")
        assertError("a.b = 1\na.b = 2", line: 2, "key \"a.b\" is defined twice (first on line 1)")
        assertError("a = 1\n\"确认\" = 1\n\"确认\" = 2", line: 3, "key \"确认\" is defined twice (first on line 2)")
    }

    func testKeysThatAreAlreadyTablesOrValues() {
        assertError("fruit.apple = 1\nfruit.apple.smooth = true", line: 2, "key \"fruit.apple\" already holds a whole number (line 1)")
        assertError("a.b = 1\na = 2", line: 2, "key \"a\" is defined twice (first on line 1)")
        assertError("a = [1]\na.b = 2", line: 2, "already holds a list")
        assertError("[x.y]\n[x]\ny = 1", line: 3, "key \"y\" is defined twice (first on line 1)")
    }

    func testTableDefinedTwice() {
        assertError("[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"", line: 4, "table [fruit] is defined twice (first on line 1)")
        assertError("[a]\n[a.b]\n[a]", line: 3, "defined twice (first on line 1)")
        assertError("[a.b]\n[a]\n[a]", line: 3, "defined twice (first on line 2)")
        assertError("[a]\nb = 1\n[a.b]", line: 3, "key \"a.b\" already holds a whole number (line 2)")
        assertError("[\"a\"]\n[a]", line: 2, "defined twice")
    }

    func testDottedKeysAndHeaders() {
        assertError("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]", line: 4,
                    "table [fruit.apple] was already made by dotted keys on line 2")
        assertError("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]", line: 4,
                    "made by dotted keys on line 3")
        assertError("a.b = 1\n[a]", line: 2, "made by dotted keys")
        assertError("[a.b.c]\nz = 9\n\n[a]\nb.c.t = 1", line: 5, "key \"b.c\" is a table with its own [header] on line 1")
        assertError("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", line: 4, "its own [header]")
        assertError("[a.b]\n[a]\nb.c = 1", line: 3, "its own [header]")
    }

    func testArraysOfTables() {
        assertError("a = []\n[[a]]", line: 2, "[[a]] cannot add to the list \"a\" written with = on line 1")
        assertError("a = [{b = 1}]\n[[a]]", line: 2, "written with = on line 1")
        assertError("a = [{b = 1}]\n[a.c]", line: 2, "already holds a list (line 1)")
        assertError("[a]\n[[a]]", line: 2, "[[a]] needs a list of tables, but \"a\" is a table (line 1)")
        assertError("[[a]]\n[a]", line: 2, "[a] is a list of tables (first [[...]] on line 1); write [[a]] to add one")
        assertError("a = 1\n[[a]]", line: 2, "holds a whole number (line 1)")
        assertError("[[fruits]]\nname = \"apple\"\n[[fruits.varieties]]\nname = \"red\"\n[fruits.varieties]\nname = \"x\"", line: 5,
                    "is a list of tables")
        assertError("[[fruits]]\n[fruits.physical]\n[[fruits.physical]]", line: 3, "needs a list of tables")
        assertError("[[a.b]]\n[a]\nb.x = 1", line: 3, "key \"b\" is a list of tables ([[...]] on line 1)")
        assertError("[[a]]\n\n[[a]]\nb = 1\nb = 2", line: 5, "defined twice (first on line 4)")
    }

    func testArrayOfTablesElementsAreSeparate() {
        let t = parseOK("[[a]]\nb = 1\n[a.c]\nd = 1\n[[a]]\nb = 2\n[a.c]\nd = 2")
        XCTAssertEqual(t["a"]?.array?.compactMap { $0.table?.at("c", "d")?.integer }, [1, 2])
    }
}
