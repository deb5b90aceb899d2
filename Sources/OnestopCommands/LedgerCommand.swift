import ArgumentParser
import Foundation
import OnestopDomain
import OnestopHTTP
import OnestopStore

/// `onestop ledger --from 2026-11-01 --to 2026-12-01`: the work ledger as the console downloads it.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Write the work ledger (工作台账) of a period as CSV: one line per request received in it.",
        discussion: "UTF-8 with a byte-order mark and CRLF line ends, as Excel and WPS open it. Streams: a large period is never held in memory.")

    @Option(help: "Received on or after this day (YYYY-MM-DD, China Standard Time).")
    var from: String

    @Option(help: "Received before this day (YYYY-MM-DD).")
    var to: String

    @Option(help: "Only the requests of this station.")
    var station: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let from = try StatsCommand.day(from, option: "--from"), let to = try StatsCommand.day(to, option: "--to") else { return }
        guard from < to else { throw ValidationError("--to must be after --from") }
        let store = try await database.open()
        if let station, try await store.station(id: station) == nil { throw ValidationError("no station \(station)") }
        let query = LedgerQuery(from: from, to: to, station: station)
        try await store.recordLedgerExport(query, actor: "onestop ledger (command line, \(ProcessInfo.processInfo.userName))", at: Date())
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let opened = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        try await LedgerExport.write(query, store: store) { buffer in
            try handle.write(contentsOf: Data(buffer))
        }
        if output != nil { try handle.close() }
    }
}
