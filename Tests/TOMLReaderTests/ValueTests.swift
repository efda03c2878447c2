import TOMLReader
import XCTest

final class StringTests: XCTestCase {
    func testBasicStringEscapes() {
        XCTAssertEqual(value(#""a\tb\nc\"d\\e\bf\fg\rh""#)?.string, "a\tb\nc\"d\\e\u{08}f\u{0C}g\rh")
        XCTAssertEqual(value(#""\u00E9\U0001F600""#)?.string, "é😀")
        XCTAssertEqual(value(#""""#)?.string, "")
        XCTAssertEqual(value("\"tab\there\"")?.string, "tab\there")
        XCTAssertEqual(value("\"南洲路隧道\"")?.string, "南洲路隧道")
    }

    func testBasicStringErrors() {
        assertError(#"v = "\uD800""#, line: 1, "not a Unicode character")
        assertError(#"v = "\U00110000""#, line: 1, "not a Unicode character")
        assertError(#"v = "\u00""#, line: 1, "exactly 4 hex digits")
        assertError(#"v = "\x41""#, line: 1, "not a valid escape")
        assertError(#"v = "\e""#, line: 1, "not a valid escape")
        assertError("v = \"abc\n", line: 1, "unterminated string")
        assertError("v = \"abc", line: 1, "unterminated string")
        assertError("a = 1\nv = \"a\u{07}b\"", line: 2, "control character \\u{7}")
        assertError("v = \"a\u{7F}\"", line: 1, "control character \\u{7F}")
    }

    func testLiteralStrings() {
        XCTAssertEqual(value(#"'C:\Users\nodejs\templates'"#)?.string, #"C:\Users\nodejs\templates"#)
        XCTAssertEqual(value(#"'<\i\c*\s*>'"#)?.string, #"<\i\c*\s*>"#)
        XCTAssertEqual(value("''")?.string, "")
        assertError("v = 'abc\n", line: 1, "unterminated string")
        assertError("v = 'a\u{00}b'", line: 1, "control character \\u{0}")
    }

    func testMultilineBasicStrings() {
        XCTAssertEqual(value("\"\"\"\nRoses are red\nViolets are blue\"\"\"")?.string, "Roses are red\nViolets are blue")
        XCTAssertEqual(value("\"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"")?.string,
                       "The quick brown fox jumps over the lazy dog.")
        XCTAssertEqual(value("\"\"\"\\\n       The quick brown \\\n       fox.\\\n       \"\"\"")?.string, "The quick brown fox.")
        XCTAssertEqual(value("\"\"\"a \\   \n  b\"\"\"")?.string, "a b")
        // Built from pieces: a Swift raw string that starts with three quotes would open a multi-line literal.
        let q = "\"\"\""
        XCTAssertEqual(value(q + #"Here are two quotation marks: "". Simple enough."# + q)?.string,
                       #"Here are two quotation marks: "". Simple enough."#)
        XCTAssertEqual(value(q + #"Here are three quotation marks: ""\"."# + q)?.string, #"Here are three quotation marks: """."#)
        XCTAssertEqual(value(q + #""This," she said, "is just a pointless statement.""# + q)?.string,
                       #""This," she said, "is just a pointless statement.""#)
        XCTAssertEqual(value(q + "a\"" + q)?.string, "a\"")
        XCTAssertEqual(value(q + "a\"\"" + q)?.string, "a\"\"")
        XCTAssertEqual(value("\"\"\"\"\"\"")?.string, "")
        XCTAssertEqual(value("\"\"\"\r\nx\r\ny\"\"\"")?.string, "x\ny", "CRLF is normalised to LF")
        XCTAssertEqual(value("\"\"\"a\\tb\\u00E9\"\"\"")?.string, "a\tbé")
        assertError("v = \"\"\"a\"\"\"\"\"\"", line: 1, "too many quotes")
        assertError("v = \"\"\"\nabc\n\n", line: 1, "unterminated string")
        assertError("v = \"\"\"a\rb\"\"\"", line: 1, "carriage return")
        assertError("v = \"\"\"\\ x\"\"\"", line: 1, "not a valid escape")
        assertError("v = \"\"\"\na\u{1B}b\"\"\"", line: 2, "control character \\u{1B}")
    }

    func testMultilineLiteralStrings() {
        XCTAssertEqual(value("'''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''")?.string,
                       "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        XCTAssertEqual(value(#"''''That,' she said, 'is still pointless.''''"#)?.string, #"'That,' she said, 'is still pointless.'"#)
        XCTAssertEqual(value(#"'''I [dw]on't need \d{2} apples'''"#)?.string, #"I [dw]on't need \d{2} apples"#)
        assertError("v = '''a''''''", line: 1, "too many quotes")
        assertError("v = '''\nabc", line: 1, "unterminated string")
    }
}

final class NumberTests: XCTestCase {
    func testIntegers() {
        XCTAssertEqual(value("+99")?.integer, 99)
        XCTAssertEqual(value("42")?.integer, 42)
        XCTAssertEqual(value("0")?.integer, 0)
        XCTAssertEqual(value("-17")?.integer, -17)
        XCTAssertEqual(value("+0")?.integer, 0)
        XCTAssertEqual(value("-0")?.integer, 0)
        XCTAssertEqual(value("1_000")?.integer, 1000)
        XCTAssertEqual(value("5_349_221")?.integer, 5_349_221)
        XCTAssertEqual(value("1_2_3_4_5")?.integer, 12345)
        XCTAssertEqual(value("0xDEADBEEF")?.integer, 0xDEAD_BEEF)
        XCTAssertEqual(value("0xdead_beef")?.integer, 0xDEAD_BEEF)
        XCTAssertEqual(value("0o01234567")?.integer, 0o01234567)
        XCTAssertEqual(value("0o755")?.integer, 0o755)
        XCTAssertEqual(value("0b11010110")?.integer, 0b11010110)
        XCTAssertEqual(value("9223372036854775807")?.integer, Int64.max)
        XCTAssertEqual(value("-9223372036854775808")?.integer, Int64.min)
        XCTAssertEqual(value("0x7FFFFFFFFFFFFFFF")?.integer, Int64.max)
        XCTAssertEqual(value("42")?.int, 42)
    }

    func testIntegerErrors() {
        assertError("v = 99999999999999999999", line: 1, "integer 99999999999999999999 is too large")
        assertError("v = 9223372036854775808", line: 1, "is too large")
        assertError("v = -9223372036854775809", line: 1, "is too small")
        assertError("v = 0x8000000000000000", line: 1, "is too large")
        assertError("v = 0xFFFFFFFFFFFFFFFFFFFFFFFF", line: 1, "is too large")
        assertError("v = 01", line: 1, "leading zeros")
        assertError("v = 0_0", line: 1, "leading zeros")
        assertError("v = 1__0", line: 1, "underscore")
        assertError("v = 1_", line: 1, "underscore")
        assertError("v = _1", line: 1, "is not a value")
        assertError("v = +0x1", line: 1, "cannot have a sign")
        assertError("v = 0X1", line: 1, "not a valid number")
        assertError("v = 0b102", line: 1, "not a valid binary number")
        assertError("v = 0o8", line: 1, "not a valid octal number")
        assertError("v = 0x_1", line: 1, "not a valid hex number")
        assertError("v = 1-2", line: 1, "not a valid number")
    }

    func testFloats() {
        XCTAssertEqual(value("+1.0")?.double, 1.0)
        XCTAssertEqual(value("3.1415")?.double, 3.1415)
        XCTAssertEqual(value("-0.01")?.double, -0.01)
        XCTAssertEqual(value("5e+22")?.double, 5e+22)
        XCTAssertEqual(value("1e06")?.double, 1e06)
        XCTAssertEqual(value("-2E-2")?.double, -2E-2)
        XCTAssertEqual(value("6.626e-34")?.double, 6.626e-34)
        XCTAssertEqual(value("224_617.445_991_228")?.double, 224_617.445_991_228)
        XCTAssertEqual(value("0.0")?.double, 0)
        XCTAssertEqual(value("-0.0")?.double?.sign, .minus)
        XCTAssertEqual(value("inf")?.double, .infinity)
        XCTAssertEqual(value("+inf")?.double, .infinity)
        XCTAssertEqual(value("-inf")?.double, -.infinity)
        XCTAssertEqual(value("nan")?.double?.isNaN, true)
        XCTAssertEqual(value("+nan")?.double?.isNaN, true)
        XCTAssertEqual(value("-nan")?.double?.isNaN, true)
        XCTAssertNil(value("1.5")?.integer)
        XCTAssertNil(value("1")?.double, "whole numbers are not silently widened")
    }

    func testFloatErrors() {
        assertError("v = .7", line: 1, "digit before the decimal point")
        assertError("v = 7.", line: 1, "both sides of the decimal point")
        assertError("v = 3.e+20", line: 1, "both sides of the decimal point")
        assertError("v = 1e", line: 1, "exponent needs digits")
        assertError("v = 1e_1", line: 1, "underscore must sit between two digits")
        assertError("v = 1.0_", line: 1, "underscore")
        assertError("v = 03.14", line: 1, "leading zeros")
        assertError("v = 1.2.3", line: 1, "not a valid number")
        assertError("v = 1e400", line: 1, "too large")
        assertError("v = infinity", line: 1, "is not a value")
        assertError("v = Inf", line: 1, "is not a value")
    }

    func testBooleans() {
        XCTAssertEqual(value("true")?.bool, true)
        XCTAssertEqual(value("false")?.bool, false)
        assertError("v = True", line: 1, "write true in lower case")
        assertError("v = FALSE", line: 1, "write false in lower case")
        assertError("v = truex", line: 1, "is not a value")
    }
}

final class DateTimeTests: XCTestCase {
    private func kind(_ literal: String) -> TOMLDateTime.Kind? { value(literal)?.dateTime?.kind }

    func testKinds() {
        XCTAssertEqual(kind("1979-05-27T07:32:00Z"), .offsetDateTime)
        XCTAssertEqual(kind("1979-05-27T00:32:00-07:00"), .offsetDateTime)
        XCTAssertEqual(kind("1979-05-27T00:32:00.999999+07:00"), .offsetDateTime)
        XCTAssertEqual(kind("1979-05-27 07:32:00Z"), .offsetDateTime)
        XCTAssertEqual(kind("1979-05-27t07:32:00z"), .offsetDateTime)
        XCTAssertEqual(kind("1979-05-27T07:32:00"), .localDateTime)
        XCTAssertEqual(kind("1979-05-27T00:32:00.999999"), .localDateTime)
        XCTAssertEqual(kind("1979-05-27"), .localDate)
        XCTAssertEqual(kind("07:32:00"), .localTime)
        XCTAssertEqual(kind("00:32:00.999999"), .localTime)
    }

    func testTextIsKept() {
        XCTAssertEqual(value("1979-05-27 07:32:00Z")?.dateTime?.text, "1979-05-27 07:32:00Z")
        XCTAssertEqual(value("1979-05-27T00:32:00.5-07:30 # comment")?.dateTime?.text, "1979-05-27T00:32:00.5-07:30")
        let table = parseOK("a = [1979-05-27, 07:32:00]\nb = {d = 2000-02-29}")
        XCTAssertEqual(table["a"]?.array?.map { $0.dateTime?.text }, ["1979-05-27", "07:32:00"])
        XCTAssertEqual(table.at("b", "d")?.dateTime, TOMLDateTime(text: "2000-02-29"))
        XCTAssertEqual(value("1979-05-27")?.typeName, "a date or time")
    }

    func testRanges() {
        XCTAssertNotNil(value("2000-02-29")?.dateTime, "2000 is a leap year")
        XCTAssertNotNil(value("2024-02-29")?.dateTime)
        XCTAssertNotNil(value("23:59:60")?.dateTime, "leap second")
        XCTAssertNotNil(value("1979-12-31T23:59:59+23:59")?.dateTime)
        assertError("v = 1900-02-29", line: 1, "has no day 29")
        assertError("v = 2023-02-29", line: 1, "has no day 29")
        assertError("v = 1979-04-31", line: 1, "has no day 31")
        assertError("v = 1979-13-01", line: 1, "month 13 does not exist")
        assertError("v = 1979-00-01", line: 1, "month 0 does not exist")
        assertError("v = 1979-05-00", line: 1, "has no day 0")
        assertError("v = 24:00:00", line: 1, "hour 24")
        assertError("v = 12:60:00", line: 1, "minute 60")
        assertError("v = 12:00:61", line: 1, "second 61")
        assertError("v = 07:32", line: 1, "seconds are required")
        assertError("v = 07:32:00.", line: 1, "digits after the decimal point")
        assertError("v = 1979-05-27T07:32:00+24:00", line: 1, "invalid time offset")
        assertError("v = 1979-05-27T07:32:00+07", line: 1, "not a valid date or time")
        assertError("v = 1979-5-27", line: 1, "not a valid")
        assertError("v = 1979-05-27T", line: 1, "not a valid")
        assertError("v = 1979-05-27 07:32", line: 1, "seconds are required")
        assertError("v = 07:32:00Z", line: 1, "not a valid date or time")
    }
}

final class ArrayAndInlineTableTests: XCTestCase {
    func testArrays() {
        let t = parseOK("""
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>", # first
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" },
            ]
            empty = [ ]
            multi = [
              1,
              2, # a comment

            ]
            """)
        XCTAssertEqual(t["integers"]?.array?.compactMap(\.integer), [1, 2, 3])
        XCTAssertEqual(t["colors"]?.array?.compactMap(\.string), ["red", "yellow", "green"])
        XCTAssertEqual(t["nested_arrays_of_ints"]?.array?.last?.array?.compactMap(\.integer), [3, 4, 5])
        XCTAssertEqual(t["nested_mixed_array"]?.array?.last?.array?.compactMap(\.string), ["a", "b", "c"])
        XCTAssertEqual(t["numbers"]?.array?.map(\.typeName),
                       ["a number", "a number", "a number", "a whole number", "a whole number", "a whole number"])
        XCTAssertEqual(t["contributors"]?.array?.last?.table?["name"]?.string, "Baz Qux")
        XCTAssertEqual(t["contributors"]?.array?.map(\.line), [7, 8])
        XCTAssertEqual(t["empty"]?.array, [])
        XCTAssertEqual(t["multi"]?.array?.map(\.line), [12, 13])
        XCTAssertEqual(t["multi"]?.line, 11)
        XCTAssertEqual(t["multi"]?.typeName, "a list")
    }

    func testArrayErrors() {
        assertError("a = [1,,2]", line: 1, "expected a value")
        assertError("a = [,]", line: 1, "expected a value")
        assertError("a = [1 2]", line: 1, "expected , or ]")
        assertError("a = [1,\n2\n", line: 1, "unterminated list")
        assertError("a = [\n1,\n# \u{01}\n]", line: 3, "control character")
    }

    func testInlineTables() {
        let t = parseOK("""
            name = { first = "Tom", last = "Preston-Werner" }
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            nested = { a = { b = { c = 1 } }, "quoted key" = 'x' }
            empty = {}
            list = { items = [
              1, 2,
            ] }
            """)
        XCTAssertEqual(t.at("name", "last")?.string, "Preston-Werner")
        XCTAssertEqual(t.at("point", "y")?.integer, 2)
        XCTAssertEqual(t.at("animal", "type", "name")?.string, "pug")
        XCTAssertEqual(t.at("nested", "a", "b", "c")?.integer, 1)
        XCTAssertEqual(t.at("nested", "quoted key")?.string, "x")
        XCTAssertEqual(t["empty"]?.table?.isEmpty, true)
        XCTAssertEqual(t.at("list", "items")?.array?.count, 2)
        XCTAssertEqual(t["point"]?.table?.keys, ["x", "y"])
        XCTAssertEqual(t["point"]?.typeName, "a table")
    }

    func testInlineTableErrors() {
        assertError("a = {b = 1,}", line: 1, "cannot end with a comma")
        assertError("a = {b = 1,\nc = 2}", line: 1, "closed with } on the line where it starts")
        assertError("a = {\n}", line: 1, "closed with }")
        assertError("a = {b = 1 # c\n}", line: 1, "comments are not allowed")
        assertError("a = {b = 1, b = 2}", line: 1, "key \"b\" is defined twice")
        assertError("a = {b.c = 1, b = 2}", line: 1, "key \"b\" is defined twice")
        assertError("a = {b = 1", line: 1, "unterminated inline table")
        assertError("a = {b = 1 c = 2}", line: 1, "expected , or }")
        assertError("a = {b}", line: 1, "expected = after the key")
    }

    func testInlineTablesAreClosed() {
        assertError("a = {b = 1}\na.c = 2", line: 2, "inline table (line 1)")
        assertError("a = {b = 1}\n[a]", line: 2, "defined twice")
        assertError("a = {b = 1}\n[a.c]", line: 2, "inline table (line 1)")
        assertError("a = {b = {}}\n[a.b]", line: 2, "inline table (line 1)")
        assertError("[p]\nq = {r = 1}\n[p.q.s]", line: 3, "inline table (line 2)")
    }
}

final class AccessorTests: XCTestCase {
    func testAccessorsReturnNilForOtherKinds() {
        let values: [TOMLValue] = [
            .string("s"), .integer(1), .float(1.5), .bool(true), .dateTime(TOMLDateTime(text: "07:32:00")), .array([]), .table(TOMLTable()),
        ]
        for v in values {
            XCTAssertEqual(v.string != nil, v == .string("s"))
            XCTAssertEqual(v.integer != nil, v == .integer(1))
            XCTAssertEqual(v.int != nil, v == .integer(1))
            XCTAssertEqual(v.double != nil, v == .float(1.5))
            XCTAssertEqual(v.bool != nil, v == .bool(true))
            XCTAssertEqual(v.dateTime != nil, v.typeName == "a date or time")
            XCTAssertEqual(v.array != nil, v == .array([]))
            XCTAssertEqual(v.table != nil, v == .table(TOMLTable()))
        }
        XCTAssertEqual(values.map(\.typeName),
                       ["a string", "a whole number", "a number", "true or false", "a date or time", "a list", "a table"])
        let node = TOMLNode(.integer(7), line: 3)
        XCTAssertEqual(node.int, 7)
        XCTAssertEqual(node.integer, 7)
        XCTAssertNil(node.string)
        XCTAssertEqual(node.typeName, "a whole number")
    }

    func testBuildingTablesByHand() {
        var table = TOMLTable(line: 2)
        table.set("b", to: TOMLNode(.bool(true), line: 3))
        table.set("a", to: TOMLNode(.string("x"), line: 4), keyLine: 5)
        table.set("b", to: TOMLNode(.bool(false), line: 6))
        XCTAssertEqual(table.keys, ["b", "a"])
        XCTAssertEqual(table["b"]?.bool, false)
        XCTAssertEqual(table.line(of: "a"), 5)
        XCTAssertEqual(table.count, 2)
        XCTAssertFalse(table.isEmpty)
        XCTAssertNil(table["c"])
        XCTAssertNil(table.line(of: "c"))
    }
}
