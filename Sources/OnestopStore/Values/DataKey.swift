import Crypto
import Foundation

/// The key that seals the secrets onestop must keep but never show (webhook signing secrets, robot URLs
/// whose token is the robot's credential, robot signing secrets): AES-256-GCM, kept in a file of its own
/// beside the server secret, readable by its owner only, and never in the database. A sealed value reads
/// `sealed:v1:KEYID:BASE64` (nonce, ciphertext and tag), so that a database copied elsewhere (`onestop copy`,
/// a backup) stays sealed, and opening it with another key says which key it needs.
public struct DataKey: Sendable {
    private let key: SymmetricKey
    /// The first 8 hex digits of the key's SHA-256: which key sealed a value, never the key itself.
    public let id: String

    static let prefix = "sealed:v1:"

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a data key is 32 bytes")
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random key, for tests and in-memory stores.
    public static func random() -> DataKey { DataKey(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max) }) }

    /// The key in the file at `path`, created (32 random bytes, mode 600, never over an existing file) when missing.
    public static func load(_ path: String) throws -> DataKey {
        let bytes: [UInt8]
        do {
            bytes = try KeyFile.readOrCreate(path, count: 32)
        } catch let error as KeyFileError {
            throw DataKeyError("the data key file: \(error)")
        }
        guard bytes.count == 32 else { throw DataKeyError("\(path) holds \(bytes.count) bytes; a data key is 32") }
        return DataKey(bytes: bytes)
    }

    /// `plain` sealed; the empty text (no secret) stays empty.
    public func seal(_ plain: String) -> String {
        guard !plain.isEmpty else { return "" }
        // AES-GCM with a random 96-bit nonce cannot fail for a valid key and a short text.
        let box = try! AES.GCM.seal(Data(plain.utf8), using: key)
        return Self.prefix + id + ":" + box.combined!.base64EncodedString()
    }

    /// The plain text of a stored value: a sealed one opened, any other (written before sealing, or empty) as it is.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        let rest = stored.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":"), let data = Data(base64Encoded: String(rest[rest.index(after: colon)...])) else {
            throw DataKeyError("a sealed value is damaged")
        }
        let sealedWith = String(rest[..<colon])
        guard sealedWith == id else {
            throw DataKeyError("a secret was sealed with data key \(sealedWith), not with this one (\(id)): give the data key file that was kept with this database")
        }
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
        } catch {
            throw DataKeyError("a sealed value is damaged or was changed")
        }
    }

    /// Whether a stored value is sealed already.
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }
}

/// Why the data key or a sealed value could not be used.
public struct DataKeyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
