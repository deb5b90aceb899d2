import Crypto
import Foundation
import OnestopDomain

/// HSDS ids: name-based UUIDs (version 5, RFC 9562) of what the catalog already names uniquely, so that an object
/// keeps its id across restarts, exports and databases: `service` and a service code, `organization` and a station id.
enum HSDSIdentifier {
    /// onestop's namespace for these names (a version 4 UUID chosen once, never to change).
    static let namespace: [UInt8] = [0x4c, 0x6a, 0x0e, 0x1b, 0x9d, 0x2f, 0x4e, 0x61, 0xa8, 0x3c, 0x57, 0x0b, 0x6e, 0x92, 0xd1, 0x44]

    static func uuid(_ kind: String, _ key: String) -> String {
        var digest = Array(Insecure.SHA1.hash(data: namespace + Array("\(kind):\(key)".utf8)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = Hex.string(digest)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
