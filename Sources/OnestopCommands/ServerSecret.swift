import ArgumentParser
import Foundation
import OnestopHTTP

/// The server's secret key file: 32 random bytes, created readable by the owner only.
enum ServerSecret {
    static func load(_ path: String) throws -> [UInt8] {
        let fileManager = FileManager.default
        if let data = fileManager.contents(atPath: path) {
            guard data.count >= 32 else { throw ValidationError("\(path) holds \(data.count) bytes; a secret needs at least 32") }
            return Array(data)
        }
        let bytes = TrackingTokens.randomBytes(32)
        try fileManager.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        guard fileManager.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot create the secret file \(path)")
        }
        return bytes
    }
}
