import Foundation
import OnestopTestSupport

/// Runs the built `onestop` executable as a user would.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("onestop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/onestop")
    }()

    var environment: [String: String] = [:]
    var directory: URL = Fixtures.packageRoot

    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// Runs the command on a thread of its own, so that a slow one (waiting for a database that does not
    /// answer) does not hold one of the few threads every other test runs on.
    func runAside(_ arguments: String...) async throws -> Result {
        try await runAside(arguments)
    }

    func runAside(_ arguments: [String]) async throws -> Result {
        let runner = self
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result_(catching: { try runner.run(arguments) }))
            }
        }
    }

    private typealias Result_ = Swift.Result<Result, any Error>

    func run(_ arguments: [String]) throws -> Result {
        let process = try start(arguments)
        let (stdout, stderr) = (process.standardOutput as! Pipe, process.standardError as! Pipe)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Starts the command and returns without waiting; its output goes to pipes.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ONESTOP_") }
        environment.merge(self.environment) { $1 }
        process.environment = environment
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}
