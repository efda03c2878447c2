import Foundation

/// The encodings a sheet may come in.
public enum TextEncoding: String, Hashable, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
}

/// Decodes text files the way Excel on a Chinese Windows writes them: "CSV UTF-8" (with a BOM) or
/// plain "CSV", which is the ANSI code page, GBK, a subset of GB18030.
public enum TextDecoding {
    /// Foundation on Linux has no named constant for it and no CFStringConvertEncodingToNSStringEncoding.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// How the bytes stand as UTF-8: where the first bad byte is, and how many bytes are in valid
    /// multi-byte characters against how many are not.
    struct UTF8Survey {
        var firstBad: Int?
        var goodBytes = 0
        var badBytes = 0

        init(_ b: some Collection<UInt8>) {
            let bytes = Array(b)
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let n = Self.sequenceLength(bytes, at: i)
                if n > 0 {
                    goodBytes += n
                    i += n
                } else {
                    if firstBad == nil { firstBad = i }
                    badBytes += 1
                    i += 1
                }
            }
        }

        /// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no
        /// surrogates, nothing above U+10FFFF), 0 when there is none.
        static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
            let c = b[i]
            func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { i + k < b.count && range.contains(b[i + k]) }
            switch c {
            case 0xC2...0xDF: return cont(1) ? 2 : 0
            case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
            case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
            case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
            case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
            case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
            case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
            default: return 0
            }
        }
    }

    /// UTF-8 first. GB18030 only when it decodes the whole file and UTF-8 clearly does not: most
    /// of the non-ASCII bytes fail as UTF-8. GB18030 accepts nearly any byte sequence, so a UTF-8
    /// sheet with one damaged byte would otherwise "decode" into mojibake names (欧阳 → 娆ч槼)
    /// and be imported as if nothing were wrong.
    public static func decode(_ data: Data, file: String) throws(ImportFailure) -> (text: String, encoding: TextEncoding) {
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
        let bytes = bom ? data.dropFirst(3) : data[...]
        let survey = UTF8Survey(bytes)
        let skipped = bom ? 3 : 0
        guard let firstBad = survey.firstBad else { return (String(decoding: bytes, as: UTF8.self), .utf8) }
        let body = Array(bytes)
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure(ImportProblem(.encoding, file: file, line: 1, message: "the file is UTF-16 (Excel's \"Unicode text\"): save the sheet as CSV UTF-8"))
        }
        let (line, column) = InboxText.lineColumn(body, offset: firstBad)
        let byte = "byte \(firstBad + skipped + 1) (0x\(String(body[firstBad], radix: 16, uppercase: true)), column \(column))"
        if bom || survey.badBytes < survey.goodBytes {
            throw ImportFailure(ImportProblem(.encoding, file: file, line: line, message:
                "\(byte) is not UTF-8, though the file is UTF-8 elsewhere: the character there is damaged; retype it and save as CSV UTF-8"))
        }
        guard let text = String(data: Data(bytes), encoding: gb18030) else {
            throw ImportFailure(ImportProblem(.encoding, file: file, line: line, message:
                "\(byte) is neither UTF-8 nor GB18030: save the sheet as CSV UTF-8"))
        }
        return (text, .gb18030)
    }

    /// The encoding a file would be read in, nil when it would be refused.
    public static func encoding(of data: Data) -> TextEncoding? {
        try? decode(data, file: "").encoding
    }
}
