import DutyCore
import Foundation
import TOMLReader

/// One thing wrong with an imported file, located as precisely as the format allows.
public struct ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, for a caller to act on: an encoding is fixed by saving the sheet again,
    /// syntax and layout by looking at the whole file, an entry by fixing that one row.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The bytes are not text in an encoding a sheet is saved in (UTF-8, GBK).
        case encoding
        /// CSV quoting or TOML syntax broken.
        case syntax
        /// The file's shape: no rows, a column missing or unknown, no list of entries.
        case layout
        /// One row or entry holds a value that cannot be.
        case entry
    }

    public var kind: Kind
    /// The file name as the user gave it, so the message points at what they typed.
    public var file: String
    /// 1-based physical line; nil when the problem concerns the whole file.
    public var line: Int?
    public var message: String

    /// Messages quote the file (a cell, a key), so they are made inert, one line and short here,
    /// once, for every place they are shown.
    public init(_ kind: Kind, file: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.file = InertText.excerpt(file, limit: 200)
        self.line = line
        self.message = InertText.excerpt(message, limit: 400)
    }

    /// `roster.csv:4: start time 25:00 is not a time`, the form editors and terminals link to.
    public var description: String {
        if let line { "\(file):\(line): \(message)" } else { "\(file): \(message)" }
    }
}

/// Every problem found in a file. Importers check all rows before failing, so one round of
/// fixing in Excel is enough.
public struct ImportFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) { self.problems = problems }
    init(_ problem: ImportProblem) { problems = [problem] }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A problem in one row or entry; the caller adds the file, and the line where the entry does
/// not know it better (a TOML entry names the line of the key at fault).
struct RowError: Error {
    var message: String
    var line: Int?
    init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }
}

// MARK: - Field checks shared by the importers

/// Kept in one namespace because other parts of DutyStore are written alongside.
enum FieldCheck {
    /// No cell of a duty-room sheet (a name, a phone number, a street, a place) comes near this;
    /// a longer one is a paste gone wrong, refused rather than kept.
    static let maxCell = 200

    /// Excel keeps stray spaces, and a quoted cell may carry a line break.
    static func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func nonEmpty(_ text: String, label: String) throws(RowError) -> String {
        guard !text.isEmpty else { throw RowError("\(label) is empty") }
        return text
    }

    /// Lenient on layout (`020-8888 1234`, `+86 138…`) because sheets are typed by hand, strict on
    /// content so that a name or a note in the phone column is caught.
    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        let others = text.unicodeScalars.filter { !("0"..."9").contains($0) && !" -+".unicodeScalars.contains($0) }
        return others.isEmpty && (5...20).contains(digits)
    }

    static func phone(_ text: String, label: String) throws(RowError) -> String {
        let text = try nonEmpty(text, label: label)
        guard isPhoneNumber(text) else { throw RowError("\(label) \(text) is not a phone number") }
        return text
    }

    /// `quoted` because TOML messages quote values (a TOML string may hold spaces), CSV cells do not.
    static func street(_ text: String, quoted: Bool = false) throws(RowError) -> String {
        let text = try nonEmpty(text, label: "street")
        guard let street = Haizhu.canonicalStreet(text) else {
            throw RowError("street \(quoted ? "\"\(text)\"" : text) is not a street of Haizhu District")
        }
        return street
    }
}

// MARK: - TOML documents shared by the TOML importers

enum TOMLDocument {
    /// The tables of the document's one top-level `[[key]]` list, in file order.
    static func entries(_ key: String, _ data: Data, file: String) throws(ImportFailure) -> [TOMLTable] {
        let document = try parse(data, file: file)
        do throws(RowError) {
            try TOMLEntry(table: document).checkKeys([key])
            return try tables(key, in: document)
        } catch {
            throw ImportFailure(ImportProblem(.layout, file: file, line: error.line ?? 1, message: error.message))
        }
    }

    /// Decoded like the CSV files because Notepad on a Chinese Windows may save GBK.
    static func parse(_ data: Data, file: String) throws(ImportFailure) -> TOMLTable {
        let text = try TextDecoding.decode(data, file: file).text
        do {
            return try TOMLParser.parse(text)
        } catch {
            throw ImportFailure(ImportProblem(.syntax, file: file, line: error.line, message: "TOML syntax error at column \(error.column): \(error.message)"))
        }
    }

    /// The tables of `[[path]]`, whose last part is `key` in `table`; an empty list is refused as
    /// a likely mistake.
    static func tables(_ key: String, in table: TOMLTable, path: String? = nil) throws(RowError) -> [TOMLTable] {
        let path = path ?? key
        let line = table.line(of: key) ?? table.line
        let notTables = RowError("\(key) must be a list of tables ([[\(path)]])", line: line)
        guard let value = table[key] else { throw RowError("no [[\(path)]] entries", line: line) }
        guard let array = value.array else { throw notTables }
        let tables = array.compactMap(\.table)
        guard tables.count == array.count else { throw notTables }
        guard !tables.isEmpty else { throw RowError("no [[\(path)]] entries", line: line) }
        return tables
    }
}

/// Reads one TOML table as an entry of an import; messages name the key and its line.
struct TOMLEntry {
    let table: TOMLTable

    func line(_ key: String) -> Int { table.line(of: key) ?? table.line }

    /// Unknown keys are refused because a hand-typed TOML key with a typo would otherwise be
    /// dropped silently (a misspelt `applies_to` would widen an item to every point).
    func checkKeys(_ known: Set<String>) throws(RowError) {
        if let unknown = table.keys.first(where: { !known.contains($0) }) {
            throw RowError("unknown key \"\(InertText.excerpt(unknown))\"", line: line(unknown))
        }
    }

    func string(_ key: String) throws(RowError) -> String {
        guard let text = try optionalString(key) else { throw RowError("missing key \"\(key)\"", line: table.line) }
        return text
    }

    func optionalString(_ key: String) throws(RowError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw RowError("\(key) must be a string, not \(value.typeName)", line: line(key)) }
        let trimmed = FieldCheck.trim(text)
        guard !trimmed.isEmpty else { throw RowError("\(key) is empty", line: line(key)) }
        try Self.checkLength(trimmed, key: key, line: line(key))
        return trimmed
    }

    func strings(_ key: String) throws(RowError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw RowError("\(key) must be a list of strings", line: line(key)) }
        var texts: [String] = []
        for element in array {
            guard let text = element.string else { throw RowError("\(key) must be a list of strings", line: element.line) }
            try Self.checkLength(text, key: key, line: element.line)
            texts.append(FieldCheck.trim(text))
        }
        return texts
    }

    /// As a sheet's cell: a value this long is a paste gone wrong.
    static func checkLength(_ text: String, key: String, line: Int) throws(RowError) {
        guard !text.unicodeScalars.dropFirst(FieldCheck.maxCell).isEmpty else { return }
        throw RowError("\(key) holds \(text.unicodeScalars.count) characters; a value holds at most \(FieldCheck.maxCell)", line: line)
    }

    static let hazardTypeList = HazardType.allCases.map(\.rawValue).joined(separator: ", ")

    static func hazardType(_ text: String, key: String, line: Int) throws(RowError) -> HazardType {
        guard let type = HazardType(parsing: text) else {
            throw RowError("\(key) \"\(InertText.excerpt(text))\" is not a hazard type (\(hazardTypeList))", line: line)
        }
        return type
    }
}
