import Crypto
import Foundation
import OnestopDomain

/// The short tracking link an SMS carries, `/t/CODE`: 16 characters of base62 (about 95 bits) made from the
/// request's token nonce under the server's secret, so that only the server can make a code, a sender can make
/// it again for every notice, and the database keeps only its SHA-256 (``key(of:)``) to find the request by.
public struct ShortLinks: Sendable {
    private let key: SymmetricKey
    /// Characters in a code.
    public static let length = 16
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// The code of the request whose token nonce is `nonce`.
    public func code(nonce: String) -> String {
        // Each byte of the MAC gives one character; bytes at or above 248 (the last partial run of 62) are
        // skipped so that every character is equally likely. The 32-byte MAC is extended by counter when needed.
        var characters: [UInt8] = []
        var counter: UInt8 = 0
        while characters.count < Self.length {
            let mac = HMAC<SHA256>.authenticationCode(for: Data("short-link:\(counter):\(nonce)".utf8), using: key)
            for byte in mac where byte < 248 && characters.count < Self.length {
                characters.append(Self.alphabet[Int(byte) % 62])
            }
            counter &+= 1
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// What the database keeps of a code and looks it up by.
    public static func key(of code: String) -> String {
        Hex.string(SHA256.hash(data: Data(code.utf8)))
    }

    /// Whether `text` has the shape of a code, before anything is looked up.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
