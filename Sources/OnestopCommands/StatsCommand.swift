import ArgumentParser
import Foundation
import OnestopDomain
import OnestopStore

/// `onestop stats`: the work ledger as tables.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print request statistics for a period: counts, times to accept and complete, escalations, declines.")

    @Option(help: "Received on or after this day (YYYY-MM-DD, China Standard Time).")
    var from: String?

    @Option(help: "Received before this day (YYYY-MM-DD).")
    var to: String?

    @OptionGroup var database: DatabaseOptions

    static func day(_ text: String?, option: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = WorkingCalendar.china.day(text) else { throw ValidationError("\(option) must be a day like 2026-11-01") }
        return date
    }

    func run() async throws {
        let statistics = try await database.open().requestStatistics(
            from: try Self.day(from, option: "--from"), to: try Self.day(to, option: "--to"), now: Date())
        print(Self.render(statistics))
    }

    static func render(_ s: RequestStatistics) -> String {
        func hours(_ value: Double?) -> String { value.map { String(format: "%.1f h", $0) } ?? "-" }
        func table(_ title: String, _ counts: [String: Int]) -> [String] {
            guard !counts.isEmpty else { return ["\(title): -"] }
            let width = max(counts.keys.map(\.count).max() ?? 0, 8)
            return ["\(title):"] + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                "  " + $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String($0.value)
            }
        }
        var lines = ["requests: \(s.total)"]
        lines += table("by status", s.byStatus)
        lines += table("by region", s.byRegion)
        lines += table("by category", s.byCategory)
        lines += table("by station", s.byStation)
        lines.append("time to accept:   \(s.timeToAccept.count) accepted, median \(hours(s.timeToAccept.medianHours)), p90 \(hours(s.timeToAccept.p90Hours))")
        lines.append("time to complete: \(s.timeToComplete.count) completed, median \(hours(s.timeToComplete.medianHours)), p90 \(hours(s.timeToComplete.p90Hours))")
        lines.append("escalations: \(s.escalations)")
        lines.append("deadline breaches: \(s.deadlineBreaches)")
        lines += table("declines by station", s.declinesByStation)
        return lines.joined(separator: "\n")
    }
}
