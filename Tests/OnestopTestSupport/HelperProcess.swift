import Foundation

/// A test helper started as a child process that prints `listening on PORT` once it serves on loopback, and exits
/// when its standard input closes, so that a test process that crashes leaves none behind (`--exit-with-stdin`).
public struct HelperProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    /// Held open while the helper should run.
    let input: Pipe

    /// Starts `executable` with `arguments` (which should include `--exit-with-stdin`) and waits for its port.
    public static func start(_ executable: String, _ arguments: [String], what: String) throws -> HelperProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let port = Int(text.replacingOccurrences(of: "listening on", with: "").trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureError("\(what) did not start: \(text)")
        }
        return HelperProcess(process: process, port: port, input: input)
    }

    /// SIGKILL: a child of the test runner may inherit SIGTERM blocked.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
