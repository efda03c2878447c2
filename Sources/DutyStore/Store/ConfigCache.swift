import Crypto
import DutyCore

/// config.toml as last parsed: `.config.parsed` beside it holds the SHA-256 of the file's bytes and
/// the values read from them. Every command and every console start opens the store, and the TOML
/// library costs about a millisecond on first use in a process (its generic types being set up by
/// the runtime) — a third of opening a year's store from its snapshot. While the file is unchanged
/// the values come from here; any change to the file, or a cache that is damaged or of another
/// version, means the file is parsed again (and its errors reported) as if there were no cache.
///
/// Every field of `StoreConfig` must be written here too: the round-trip test with every value
/// changed (StoreConfigTests) fails when one is missing.
enum ConfigCache {
    static let fileName = ".config.parsed"
    private static let magic = Array("DWCFG001".utf8)

    static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    static func encode(_ c: StoreConfig, digest: [UInt8]) -> [UInt8] {
        var w = BinaryWriter()
        w.string(c.node)
        w.string(c.timeZone)
        w.string(c.theme)
        w.string(c.language)
        w.bool(c.bell)
        w.int(c.handoverReminder)
        for l in AlertLevel.allCases { w.int(c.acknowledgeWithin[l] ?? 0) }
        for l in AlertLevel.allCases {
            let d = c.deadlines[l] ?? ReportDeadlines.defaults[l]!
            w.int(d.initial)
            w.int(d.followUp)
            w.int(d.final)
        }
        let body = magic + digest + w.bytes
        // Its own hash last: a damaged number must not pass for a setting.
        return body + Array(SHA256.hash(data: body))
    }

    /// The cached values when the cache belongs to exactly these config bytes, else nil.
    static func decode(_ bytes: [UInt8], digest: [UInt8]) -> StoreConfig? {
        let head = magic.count + digest.count
        guard bytes.count > head + 32, Array(bytes[0..<magic.count]) == magic, Array(bytes[magic.count..<head]) == digest else { return nil }
        let body = Array(bytes[0..<(bytes.count - 32)])
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - 32)...]) else { return nil }
        return body.withUnsafeBufferPointer { buffer -> StoreConfig? in
            var r = BinaryReader(buffer, offset: head)
            do throws(DecodeError) {
                var c = StoreConfig(node: try r.string())
                c.timeZone = try r.string()
                c.theme = try r.string()
                c.language = try r.string()
                c.bell = try r.bool()
                c.handoverReminder = Int(try r.int())
                for l in AlertLevel.allCases { c.acknowledgeWithin[l] = Int(try r.int()) }
                for l in AlertLevel.allCases {
                    c.deadlines[l] = ReportDeadlines(initial: Int(try r.int()), followUp: Int(try r.int()), final: Int(try r.int()))
                }
                return r.atEnd ? c : nil
            } catch {
                return nil
            }
        }
    }
}
