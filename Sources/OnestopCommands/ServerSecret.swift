import ArgumentParser
import Foundation
import OnestopStore

/// The server's secret key file: 32 random bytes, created readable by the owner only (and so from the start).
enum ServerSecret {
    static func load(_ path: String) throws -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try KeyFile.readOrCreate(path, count: 32)
        } catch {
            throw ValidationError("cannot create the secret file \(path): \(error)")
        }
        guard bytes.count >= 32 else { throw ValidationError("\(path) holds \(bytes.count) bytes; a secret needs at least 32") }
        return bytes
    }
}
