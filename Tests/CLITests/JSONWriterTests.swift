@testable import duty_watch
import Foundation
import Testing

/// The writer's rarer paths, which the shapes of the commands do not take: keys out of order,
/// nested containers, super encoders, things that encode nothing. Each is held to what Foundation
/// writes for the same values with the options the command line used before.
@Suite struct JSONWriterTests {
    static func written<T: Encodable>(_ value: T) throws -> String {
        let output = JSONOutput()
        try output.encode(value)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    static func foundation(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
               as: UTF8.self)
    }

    /// Declared out of key order, nested, with every kind of value the shapes hold.
    struct Unordered: Encodable {
        var zeta = "z"
        var alpha = 1
        var mid: [Int] = [3, -2, Int.max]
        var empty: [String] = []
        var nothing = OrNull<String>(nil)
        var something = OrNull<String>("有")
        var inner = Inner()
        var list = [Inner(), Inner()]
        var flag = false

        struct Inner: Encodable {
            var yes = true
            var b = "b/斜杠\u{1}"
            var a: [String] = ["x"]
        }
    }

    @Test func sortsKeysWrittenOutOfOrder() throws {
        let expected: [String: Any] = [
            "zeta": "z", "alpha": 1, "mid": [3, -2, Int.max], "empty": [String](), "nothing": NSNull(), "something": "有",
            "inner": ["yes": true, "b": "b/斜杠\u{1}", "a": ["x"]], "list": [["yes": true, "b": "b/斜杠\u{1}", "a": ["x"]],
                                                                             ["yes": true, "b": "b/斜杠\u{1}", "a": ["x"]]],
            "flag": false,
        ]
        #expect(try Self.written(Unordered()) == Self.foundation(expected))
    }

    /// Containers handed out by `nestedContainer` and `superEncoder`, filled after the member that
    /// follows them in the object or the array.
    struct Nested: Encodable {
        enum Keys: String, CodingKey { case b, a, c, list }
        enum InnerKeys: String, CodingKey { case y, x }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var inner = c.nestedContainer(keyedBy: InnerKeys.self, forKey: .b)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try c.encode("after", forKey: .c)
            try inner.encode(2, forKey: .y)
            try inner.encode("one", forKey: .x)
            var first = list.nestedContainer(keyedBy: InnerKeys.self)
            try list.encode(7)
            try first.encode(1, forKey: .x)
            let sup = list.superEncoder()
            var single = sup.singleValueContainer()
            try single.encode("super")
            try list.encodeNil()
            try c.encode(true, forKey: .a)
            try "from super".encode(to: c.superEncoder())
        }
    }

    @Test func nestedContainersLandWhereTheyBelong() throws {
        let expected: [String: Any] = [
            "a": true, "b": ["x": "one", "y": 2], "c": "after", "list": [["x": 1], 7, "super", NSNull()], "super": "from super",
        ]
        #expect(try Self.written(Nested()) == Self.foundation(expected))
    }

    struct Silent: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func emptyThings() throws {
        #expect(try Self.written(Silent()) == "{\n\n}")
        #expect(try Self.written([Silent()]) == Self.foundation([[String: Any]()]))
        #expect(try Self.written([[String]]()) == Self.foundation([Any]()))
        #expect(try Self.written(["k": [String: Int]()]) == Self.foundation(["k": [String: Any]()]))
    }

    @Test func refusesFractions() {
        #expect(throws: EncodingError.self) { try Self.written(["x": 1.5]) }
        #expect(throws: EncodingError.self) { try Self.written([UInt64.max]) }
    }
}
