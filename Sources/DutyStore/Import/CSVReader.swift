import Foundation

/// One CSV record and the physical line it starts on, so that errors can name the line.
struct CSVRecord: Hashable, Sendable {
    var line: Int
    var fields: [String]
}

struct CSVSyntaxError: Error, Hashable {
    var line: Int
    var message: String
}

/// RFC 4180 as Excel writes it. Lines end in CRLF, LF or a lone CR (old Mac Excel); empty lines are
/// skipped. Scans UTF-8 bytes: every delimiter is ASCII, so a byte never splits a character.
enum CSVReader {
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    static func read(_ text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        let bytes = Array(text.utf8)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, quoteLine = 1
        var inQuotes = false, afterQuote = false, recordStarted = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            afterQuote = false
        }

        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let crlf = b == cr && i + 1 < bytes.count && bytes[i + 1] == lf
            if inQuotes {
                if b == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    // A CR of a CRLF is counted at its LF.
                    if b == lf || (b == cr && !crlf) { line += 1 }
                    field.append(b)
                }
            } else if b == quote && field.isEmpty && !afterQuote {
                inQuotes = true
                quoteLine = line
                recordStarted = true
            } else if b == comma {
                endField()
                recordStarted = true
            } else if b == cr || b == lf {
                if recordStarted {
                    endField()
                    records.append(CSVRecord(line: recordLine, fields: fields))
                    fields = []
                    recordStarted = false
                }
                if crlf { i += 1 }
                line += 1
                recordLine = line
            } else if afterQuote {
                throw CSVSyntaxError(line: line, message: "text after the closing quote of a field")
            } else {
                field.append(b)
                recordStarted = true
            }
            i += 1
        }
        if inQuotes { throw CSVSyntaxError(line: quoteLine, message: "quoted field is not closed") }
        if recordStarted {
            endField()
            records.append(CSVRecord(line: recordLine, fields: fields))
        }
        return records
    }
}

// MARK: - Sheets with a header row

/// A column an importer needs, with the header names it is known by.
protocol CSVColumn: CaseIterable, Hashable {
    var chineseHeader: String { get }
    /// Matched case-insensitively.
    var englishHeader: String { get }
}

extension CSVColumn {
    func matches(_ header: String) -> Bool {
        let h = FieldCheck.trim(header)
        return h == chineseHeader || h.lowercased() == englishHeader.lowercased()
    }

    var displayName: String { "\(englishHeader) (\(chineseHeader))" }
}

/// A CSV file read up to its data rows: decoded, split, header resolved to column positions.
/// Columns not asked for are ignored, because offices keep notes (备注) beside the data.
struct CSVSheet<Column: CSVColumn> {
    let file: String
    private let width: Int
    private let index: [Column: Int]
    private let records: [CSVRecord]

    init(_ data: Data, file: String) throws(ImportFailure) {
        self.file = file
        let text = try TextDecoding.decode(data, file: file).text
        var all: [CSVRecord]
        do {
            all = try CSVReader.read(text)
        } catch {
            throw ImportFailure(ImportProblem(.syntax, file: file, line: error.line, message: error.message))
        }
        // Excel writes empty rows inside the used range as bare commas.
        all.removeAll { $0.fields.allSatisfy { FieldCheck.trim($0).isEmpty } }
        let noRows = ImportFailure(ImportProblem(.layout, file: file, line: 1, message: "no rows"))
        guard let header = all.first else { throw noRows }
        width = header.fields.count
        index = try Self.resolve(header, file: file)
        records = Array(all.dropFirst())
        guard !records.isEmpty else { throw noRows }
    }

    private static func resolve(_ header: CSVRecord, file: String) throws(ImportFailure) -> [Column: Int] {
        var index: [Column: Int] = [:]
        var problems: [String] = []
        for column in Column.allCases {
            let positions = header.fields.indices.filter { column.matches(header.fields[$0]) }
            if positions.count > 1 { problems.append("column \(column.displayName) appears \(positions.count) times") }
            index[column] = positions.first
        }
        let missing = Column.allCases.filter { index[$0] == nil }.map(\.displayName)
        if !missing.isEmpty {
            problems.insert("missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))", at: 0)
        }
        guard problems.isEmpty else {
            throw ImportFailure(ImportProblem(.layout, file: file, line: header.line, message: problems.joined(separator: "; ")))
        }
        return index
    }

    /// Parses every data row, collecting one problem per bad row so that the whole sheet is checked.
    func rows<T>(_ parse: (CSVRow<Column>) throws(RowError) -> T) throws(ImportFailure) -> [T] {
        var values: [T] = []
        var problems: [ImportProblem] = []
        for record in records {
            do throws(RowError) {
                guard record.fields.count == width else {
                    throw RowError("expected \(width) fields, found \(record.fields.count)")
                }
                for column in Column.allCases {
                    guard let at = index[column], !record.fields[at].unicodeScalars.dropFirst(FieldCheck.maxCell).isEmpty else { continue }
                    throw RowError("column \(column.displayName) holds \(record.fields[at].unicodeScalars.count) characters; a cell holds at most \(FieldCheck.maxCell)")
                }
                values.append(try parse(CSVRow(line: record.line, fields: record.fields, index: index)))
            } catch {
                problems.append(ImportProblem(.entry, file: file, line: record.line, message: error.message))
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        return values
    }
}

struct CSVRow<Column: CSVColumn> {
    let line: Int
    let fields: [String]
    let index: [Column: Int]

    /// The trimmed cell; the sheet guarantees every column has a position within the row.
    subscript(column: Column) -> String { FieldCheck.trim(fields[index[column]!]) }
}
