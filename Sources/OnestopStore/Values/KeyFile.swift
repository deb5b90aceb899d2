import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file of random key bytes readable by its owner only: the server secret, the data key.
public enum KeyFile {
    /// The bytes in the file at `path`; when there is none, `count` new random bytes written to a new file, created
    /// mode 600 from the start (in a folder of mode 700 when that is new) and synced. Never writes over an existing
    /// file: when another process creates it first, its bytes are read.
    /// - Throws: ``KeyFileError`` naming the file.
    public static func readOrCreate(_ path: String, count: Int) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) { return Array(data) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let descriptor = createExclusively(path)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try readOrCreate(path, count: count) }
            throw KeyFileError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, count) }
        guard written == count, fsync(descriptor) == 0 else { throw KeyFileError("cannot write \(path)") }
        return bytes
    }

    private static func createExclusively(_ path: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        #else
        Darwin.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        #endif
    }
}

/// Why a key file could not be read or made.
public struct KeyFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
