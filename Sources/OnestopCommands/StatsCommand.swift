import ArgumentParser
import Foundation
import OnestopDomain
import OnestopStore

/// `onestop stats`: the period's statistics and assessment figures as tables, or as the API's JSON.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print request statistics for a period: counts, times to accept and complete, and the assessment figures by station, county, category and caseworker.",
        discussion: """
            Acceptance on time is counted per assignment: accepted by the deadline, of those accepted, escalated, or waiting \
            past it. Days are working days on the stored calendar: to accept from the assignment, to complete from acceptance.
            """)

    @Option(help: "Received on or after this day (YYYY-MM-DD, China Standard Time).")
    var from: String?

    @Option(help: "Received before this day (YYYY-MM-DD).")
    var to: String?

    @Option(help: "Only requests routed to this station at some time.")
    var station: String?

    @Option(help: "Only requests this caseworker follows (a caseworker id).")
    var caseworker: String?

    @Flag(help: "Print the JSON that GET /api/v1/stats answers.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    static func day(_ text: String?, option: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = WorkingCalendar.china.day(text) else { throw ValidationError("\(option) must be a day like 2026-11-01") }
        return date
    }

    func run() async throws {
        let query = StatisticsQuery(from: try Self.day(from, option: "--from"), to: try Self.day(to, option: "--to"),
                                    station: station, caseworker: caseworker)
        if let from = query.from, let to = query.to, from >= to { throw ValidationError("--to must be after --from") }
        let store = try await database.open()
        if let station, try await store.station(id: station) == nil { throw ValidationError("no station \(station)") }
        let statistics = try await store.requestStatistics(query, now: Date())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(statistics), as: UTF8.self))
        } else {
            print(Self.render(statistics))
        }
    }

    static func render(_ s: RequestStatistics) -> String {
        func hours(_ value: Double?) -> String { value.map { String(format: "%.1f h", $0) } ?? "-" }
        func table(_ title: String, _ counts: [String: Int]) -> [String] {
            guard !counts.isEmpty else { return ["\(title): -"] }
            let width = max(counts.keys.map(\.count).max() ?? 0, 8)
            return ["\(title):"] + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                "  " + TerminalText.line($0.key).padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String($0.value)
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
        let assessment = s.assessment
        lines.append("")
        lines.append("assessment (working days; on time = accepted by the deadline, of the assignments due):")
        lines += AssessmentTable.render(title: "by station", rows: assessment.byStation, total: assessment.total)
        lines += AssessmentTable.render(title: "by county", rows: assessment.byCounty, total: nil)
        lines += AssessmentTable.render(title: "by category", rows: assessment.byCategory, total: nil)
        lines += AssessmentTable.render(title: "by caseworker", rows: assessment.byCaseworker, total: nil)
        lines.append("evaluation levels (好差评), of the evaluations that count:")
        lines += AssessmentTable.levels(assessment.total.evaluation)
        return lines.joined(separator: "\n")
    }
}
