/// A date, time or date-time, kept as the source text after it was checked: callers differ in what they
/// need (a calendar date, a clock time, an instant), so the reader does not pick a representation for them.
public struct TOMLDateTime: Hashable, Sendable {
    public var text: String

    public init(text: String) { self.text = text }

    /// The four shapes TOML allows.
    public enum Kind: Hashable, Sendable {
        case offsetDateTime, localDateTime, localDate, localTime
    }

    /// Derived from the text rather than stored, so two equal texts are always equal values.
    public var kind: Kind {
        let bytes = Array(text.utf8)
        let hasDate = bytes.count >= 10 && bytes[4] == UInt8(ascii: "-")
        if !hasDate { return .localTime }
        if bytes.count == 10 { return .localDate }
        // A date-time has an offset when it ends in Z or carries a sign after the time's start (index 11).
        if let last = bytes.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return .offsetDateTime }
        let hasSignedOffset = bytes.dropFirst(11).contains { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        return hasSignedOffset ? .offsetDateTime : .localDateTime
    }
}

/// One TOML value. Arrays hold nodes rather than bare values so that every element keeps its line.
public indirect enum TOMLValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case dateTime(TOMLDateTime)
    case array([TOMLNode])
    case table(TOMLTable)

    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let v) = self { return v }
        return nil
    }

    /// `Int(exactly:)` rather than `Int(_:)` so a 32-bit platform gets nil instead of a trap.
    public var int: Int? {
        if case .integer(let v) = self { return Int(exactly: v) }
        return nil
    }

    /// Only `.float`: a caller that accepts whole numbers too can ask for `integer` as well, but silently
    /// widening would hide a file that says `1` where `1.5` was meant or the reverse.
    public var double: Double? {
        if case .float(let v) = self { return v }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    public var dateTime: TOMLDateTime? {
        if case .dateTime(let v) = self { return v }
        return nil
    }

    public var array: [TOMLNode]? {
        if case .array(let v) = self { return v }
        return nil
    }

    public var table: TOMLTable? {
        if case .table(let v) = self { return v }
        return nil
    }

    /// Words for messages such as "name must be a string, not a whole number".
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "a whole number"
        case .float: "a number"
        case .bool: "true or false"
        case .dateTime: "a date or time"
        case .array: "a list"
        case .table: "a table"
        }
    }
}

/// A value together with the line it came from, so callers can point at the right place in the file when a
/// value is well-formed TOML but wrong for them.
public struct TOMLNode: Hashable, Sendable {
    public var value: TOMLValue
    /// For a key/value pair the line of the key; for a table its header, first key or opening brace; for an
    /// array element the line where that element starts.
    public var line: Int

    public init(_ value: TOMLValue, line: Int) {
        self.value = value
        self.line = line
    }

    public var string: String? { value.string }
    public var integer: Int64? { value.integer }
    public var int: Int? { value.int }
    public var double: Double? { value.double }
    public var bool: Bool? { value.bool }
    public var dateTime: TOMLDateTime? { value.dateTime }
    public var array: [TOMLNode]? { value.array }
    public var table: TOMLTable? { value.table }
    public var typeName: String { value.typeName }
}
