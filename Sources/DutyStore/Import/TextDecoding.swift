import Foundation

/// Decodes text files the way Excel on a Chinese Windows writes them: "CSV UTF-8" (with a BOM) or
/// plain "CSV", which is the ANSI code page, GBK, a subset of GB18030.
enum TextDecoding {
    /// Foundation on Linux has no named constant for it and no CFStringConvertEncodingToNSStringEncoding.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// UTF-8 first: GB18030 accepts nearly any byte sequence, so it would also "decode" UTF-8 into
    /// mojibake, whereas GB18030 Chinese is almost never valid UTF-8.
    static func decode(_ data: Data) -> String? {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let utf8 = String(decoding: bytes, as: UTF8.self)
        // String(decoding:) repairs invalid input with U+FFFD, so a round trip tells valid from repaired.
        if utf8.utf8.elementsEqual(bytes) { return utf8 }
        return String(data: data, encoding: gb18030)
    }

    static func decode(_ data: Data, file: String) throws(ImportFailure) -> String {
        guard let text = decode(data) else {
            throw ImportFailure(ImportProblem(file: file, message: "not UTF-8 or GB18030 text"))
        }
        return text
    }
}
