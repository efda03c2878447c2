import DutyCore

/// config.toml as last parsed: `.config.parsed` beside it holds the file's bytes and the values
/// read from them. Every command and every console start opens the store, and the TOML
/// library costs about a millisecond on first use in a process (its generic types being set up by
/// the runtime) — a third of opening a year's store from its snapshot. While the file is unchanged
/// the values come from here; any change to the file, or a cache that is damaged or of another
/// version, means the file is parsed again (and its errors reported) as if there were no cache.
/// The file is compared byte for byte and the cache checked with FNV-1a rather than SHA-256: the
/// bytes are a few hundred, and the first SHA-256 in a process costs a third of a millisecond of
/// the crypto library's set-up. Nothing here is a security boundary: the cache sits beside the
/// file it stands for, and anyone who can write one can write the other.
///
/// Every field of `StoreConfig` must be written here too: the round-trip test with every value
/// changed (StoreConfigTests) fails when one is missing.
/// FNV-1a, 64 bits: a check that tells a torn or changed small file from a whole one, cheaper
/// than setting up SHA-256 for a few hundred bytes (not a defence against anyone).
func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

enum ConfigCache {
    static let fileName = ".config.parsed"
    private static let magic = Array("DWCFG004".utf8)

    /// FNV-1a, 64 bits, little-endian.
    static func check(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let h = fnv1a64(bytes)
        return (0..<8).map { UInt8(truncatingIfNeeded: h >> (8 * $0)) }
    }

    static func encode(_ c: StoreConfig, source: String) -> [UInt8] {
        var w = BinaryWriter()
        w.string(source)
        w.string(c.node)
        w.string(c.timeZone)
        w.string(c.theme)
        w.string(c.language.rawValue)
        w.bool(c.bell)
        w.bool(c.speech)
        w.int(c.handoverReminder)
        w.string(c.shared)
        w.string(c.cluster)
        for l in AlertLevel.allCases { w.int(c.acknowledgeWithin[l] ?? 0) }
        for l in AlertLevel.allCases {
            let d = c.deadlines[l] ?? ReportDeadlines.defaults[l]!
            w.int(d.initial)
            w.int(d.followUp)
            w.int(d.final)
        }
        let body = magic + w.bytes
        // Its own check last: a damaged number must not pass for a setting.
        return body + check(body[...])
    }

    /// The cached values when the cache belongs to exactly these config bytes, else nil.
    static func decode(_ bytes: [UInt8], source: String) -> StoreConfig? {
        guard bytes.count > magic.count + 8, bytes[0..<magic.count].elementsEqual(magic),
              check(bytes[0..<(bytes.count - 8)]).elementsEqual(bytes[(bytes.count - 8)...])
        else { return nil }
        let body = Array(bytes[0..<(bytes.count - 8)])
        return body.withUnsafeBufferPointer { buffer -> StoreConfig? in
            var r = BinaryReader(buffer, offset: magic.count)
            do throws(DecodeError) {
                guard try r.string() == source else { return nil }
                var c = StoreConfig(node: try r.string())
                c.timeZone = try r.string()
                c.theme = try r.string()
                guard let language = Language(rawValue: try r.string()) else { throw DecodeError("language") }
                c.language = language
                c.bell = try r.bool()
                c.speech = try r.bool()
                c.handoverReminder = Int(try r.int())
                c.shared = try r.string()
                c.cluster = try r.string()
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
