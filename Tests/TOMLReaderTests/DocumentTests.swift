import TOMLReader
import XCTest

/// Whole documents: tables, dotted keys, arrays of tables, lines, and the files the project reads.
final class DocumentTests: XCTestCase {
    func testHazardPoints() {
        let t = parseOK("""
            # hazard points
            [[point]]
            id = "南洲街/1"
            name = "南洲路隧道"
            type = "tunnel"
            street = "南洲街"
            """)
        XCTAssertEqual(t.keys, ["point"])
        XCTAssertEqual(t.line(of: "point"), 2)
        let points = t["point"]?.array ?? []
        XCTAssertEqual(points.count, 1)
        let p = points.first?.table
        XCTAssertEqual(points.first?.line, 2)
        XCTAssertEqual(p?.line, 2)
        XCTAssertEqual(p?.keys, ["id", "name", "type", "street"])
        XCTAssertEqual(p?["id"]?.string, "南洲街/1")
        XCTAssertEqual(p?["name"]?.string, "南洲路隧道")
        XCTAssertEqual(p?.line(of: "street"), 6)
        XCTAssertEqual(p?["type"]?.line, 5)
    }

    func testStoreConfig() {
        let t = parseOK("""
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
            """)
        XCTAssertEqual(t.keys, ["node", "time_zone", "bell", "handover_reminder", "acknowledge", "deadlines"])
        XCTAssertEqual(t["time_zone"]?.string, "Asia/Shanghai")
        XCTAssertEqual(t["bell"]?.bool, true)
        XCTAssertEqual(t["handover_reminder"]?.int, 30)
        XCTAssertEqual(t.at("acknowledge", "red")?.int, 2)
        XCTAssertEqual(t.at("deadlines", "red", "final")?.int, 1440)
        XCTAssertEqual(t.line(of: "acknowledge"), 5)
        XCTAssertEqual(t.line(of: "deadlines"), 7, "an implied table takes the line of the header that implied it")
        XCTAssertEqual(t["deadlines"]?.table?.line(of: "red"), 7)
        XCTAssertEqual(t.at("deadlines", "red")?.table?.line(of: "follow_up"), 9)
    }

    func testTheme() {
        let t = parseOK("""
            name = "night"
            ascii = false
            [roles]
            normal = { fg = "white", bg = 235 }
            level.red = { fg = "red", bold = true }
            [roles.header]
            fg = 252
            reverse = true
            """)
        XCTAssertEqual(t["name"]?.string, "night")
        XCTAssertEqual(t["ascii"]?.bool, false)
        let roles = t["roles"]?.table
        XCTAssertEqual(roles?.keys, ["normal", "level", "header"])
        XCTAssertEqual(roles?["normal"]?.table?["bg"]?.int, 235)
        XCTAssertEqual(roles?["level"]?.table?["red"]?.table?["bold"]?.bool, true)
        XCTAssertEqual(roles?.line(of: "level"), 5)
        XCTAssertEqual(roles?["level"]?.table?.line(of: "red"), 5)
        XCTAssertEqual(roles?["header"]?.table?["fg"]?.int, 252)
        XCTAssertEqual(roles?.line(of: "header"), 6)
        XCTAssertEqual(roles?["header"]?.line, 6)
        XCTAssertEqual(t["roles"]?.line, 3)
    }

    func testChecklist() {
        let t = parseOK("""
            [[phase]]
            name = "before"
            [[phase.item]]
            text = "检查排水口"
            applies_to = ["tunnel", "waterlogging"]
            """)
        let phase = t["phase"]?.array?.first?.table
        XCTAssertEqual(phase?["name"]?.string, "before")
        let item = phase?["item"]?.array?.first
        XCTAssertEqual(item?.line, 3)
        XCTAssertEqual(item?.table?["text"]?.string, "检查排水口")
        XCTAssertEqual(item?.table?["applies_to"]?.array?.compactMap(\.string), ["tunnel", "waterlogging"])
        XCTAssertEqual(item?.table?.line(of: "applies_to"), 5)
    }

    func testArraysOfTables() {
        let t = parseOK("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        let fruits = t["fruits"]?.array ?? []
        XCTAssertEqual(fruits.map(\.line), [1, 14])
        XCTAssertEqual(fruits.first?.table?.at("physical", "color")?.string, "red")
        XCTAssertEqual(fruits.first?.table?["varieties"]?.array?.compactMap { $0.table?["name"]?.string },
                       ["red delicious", "granny smith"])
        XCTAssertEqual(fruits.last?.table?["varieties"]?.array?.compactMap { $0.table?["name"]?.string }, ["plantain"])
        XCTAssertEqual(fruits.first?.table?["varieties"]?.array?.map(\.line), [8, 11])
    }

    func testKeys() {
        let t = parseOK("""
            key = "value"
            bare_key = "value"
            bare-key = "value"
            1234 = "value"
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            "" = "blank"
            "\\u00E9" = "escaped"
            true = 1
            inf = 2
            3.14159 = "pi"
            """)
        XCTAssertEqual(t.keys, ["key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "ʎǝʞ", "key2",
                                "quoted \"value\"", "", "é", "true", "inf", "3"])
        XCTAssertEqual(t[""]?.string, "blank")
        XCTAssertEqual(t.at("3", "14159")?.string, "pi")
    }

    func testDottedKeys() {
        let t = parseOK("""
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            fruit . flavor = "sweet"
            a.b.c = 1
            a.d = 2
            """)
        XCTAssertEqual(t.at("physical", "shape")?.string, "round")
        XCTAssertEqual(t.at("site", "google.com")?.bool, true)
        XCTAssertEqual(t.at("fruit", "flavor")?.string, "sweet")
        XCTAssertEqual(t["a"]?.table?.keys, ["b", "d"])
        XCTAssertEqual(t.line(of: "physical"), 2)
        XCTAssertEqual(t["physical"]?.table?.line(of: "shape"), 3)
        XCTAssertEqual(t["a"]?.table?.line, 6)
    }

    func testTables() {
        let t = parseOK("""
            [table-1]
            key1 = "some string"
            key2 = 123

            [ dog . "tater.man" ]
            type.name = "pug"

            [x.y.z.w] # for this to work
            [x] # defining a super-table afterward is ok

            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]  # you can add sub-tables
            smooth = true

            [empty]
            """)
        XCTAssertEqual(t.keys, ["table-1", "dog", "x", "fruit", "empty"])
        XCTAssertEqual(t.at("dog", "tater.man", "type", "name")?.string, "pug")
        XCTAssertEqual(t.line(of: "x"), 9, "defining the implied table moves its line to its own header")
        XCTAssertEqual(t["x"]?.table?.line, 9)
        XCTAssertEqual(t.at("x", "y")?.table?.line, 8)
        XCTAssertEqual(t.at("fruit", "apple", "texture", "smooth")?.bool, true)
        XCTAssertEqual(t.at("fruit", "apple", "taste", "sweet")?.bool, true)
        XCTAssertEqual(t["empty"]?.table?.isEmpty, true)
        XCTAssertEqual(t["empty"]?.table?.count, 0)
        XCTAssertEqual(t.line, 1)
    }

    func testImpliedTableMayBeWalkedByDottedKeysOnce() {
        let t = parseOK("[a.b.c]\nz = 1\n[a]\nb.d = 2")
        XCTAssertEqual(t.at("a", "b", "d")?.integer, 2)
        assertError("[a.b.c]\n[a]\nb.d = 2\n[a.b]", line: 4, "made by dotted keys")
    }

    func testByteOrderMarkAndCRLF() {
        let t = parseOK("\u{FEFF}a = 1\r\n[b]\r\nc = \"x\" # note\r\nd = '''\r\ny\r\n'''\r\n")
        XCTAssertEqual(t["a"]?.integer, 1)
        XCTAssertEqual(t.at("b", "c")?.string, "x")
        XCTAssertEqual(t.at("b", "d")?.string, "y\n")
        XCTAssertEqual(t["b"]?.table?.line(of: "d"), 4)
        let e = parseError("\u{FEFF}a = ?")
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.column, 5, "the byte order mark does not count as a column")
        assertError("a = 1\rb = 2", line: 1, "carriage return")
        assertError("a = 1\n\u{FEFF}b = 2", line: 2, "found \\u{FEFF}")
    }

    func testEmptyAndCommentOnlyDocuments() {
        XCTAssertTrue(parseOK("").isEmpty)
        XCTAssertTrue(parseOK("\n\n   \n\t\n").isEmpty)
        XCTAssertTrue(parseOK("# only a comment").isEmpty)
        XCTAssertTrue(parseOK("# comment with tab\tand 确认 and \u{80}\n").isEmpty)
        XCTAssertEqual(parseOK("a = 1 # trailing, no newline")["a"]?.integer, 1)
    }

    func testColumnsCountScalars() {
        let e = parseError("name = \"南洲\" x")
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.column, 13)
        XCTAssertEqual(e?.description, "line 1, column 13: unexpected \"x\" after the value (each entry goes on its own line)")
    }
}
