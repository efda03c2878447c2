import Crypto
import Foundation
import DutyCore

/// A console's identity on the share: an Ed25519 key pair made at `init` (the private half in
/// `<store>/node.key`, readable by its owner only), the public half published as
/// `nodes/<node>/key.pub`, and every segment signed (`<segment>.sig`). A node name first seen with
/// a key is bound to it in `<store>/peers/<node>.key`; the same name with another key is refused,
/// and a segment whose signature fails (records altered and every hash and link recomputed) is
/// quarantined.
public enum NodeKey {
    static let fileName = "node.key"

    static func path(_ root: String) -> String { Path.join(root, fileName) }

    /// The store's key, made the first time it is asked for (stores made before keys existed).
    public static func loadOrCreate(root: String, fs: FileSystem) throws(StoreError) -> Curve25519.Signing.PrivateKey {
        if let bytes = try? fs.read(path(root)), let raw = fromHex(String(decoding: bytes, as: UTF8.self)),
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) {
            return key
        }
        let key = Curve25519.Signing.PrivateKey()
        do {
            try fs.replaceDurably(path(root), Array((DutyStore.hex(key.rawRepresentation) + "\n").utf8))
            fs.restrictToOwner(path(root))
        } catch {
            throw .io(doing: "cannot write this console's key", error)
        }
        return key
    }

    public static func publicHex(_ key: Curve25519.Signing.PrivateKey) -> String { DutyStore.hex(key.publicKey.rawRepresentation) }

    static func sign(_ bytes: [UInt8], with key: Curve25519.Signing.PrivateKey) -> [UInt8]? {
        (try? key.signature(for: bytes)).map { Array((DutyStore.hex($0) + "\n").utf8) }
    }

    static func verify(_ bytes: [UInt8], signature: [UInt8], publicHex: String) -> Bool {
        guard let raw = fromHex(publicHex), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let sig = fromHex(String(decoding: signature, as: UTF8.self))
        else { return false }
        return key.isValidSignature(sig, for: bytes)
    }

    /// A key file's text as 64 hex digits, nil for anything else.
    static func readHex(_ bytes: [UInt8]?) -> String? {
        guard let bytes else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.utf8.count == 64 && fromHex(text) != nil ? text : nil
    }

    static func fromHex(_ text: String) -> [UInt8]? {
        let t = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard t.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(t.count / 2)
        var i = 0
        while i < t.count {
            guard let hi = nibble(t[i]), let lo = nibble(t[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
