import Foundation
import OnestopDomain

/// The assessment figures as a terminal table: one line per station, county, category or caseworker,
/// aligned for Chinese names (two columns a character).
enum AssessmentTable {
    static let headers = ["received", "accepted", "on time", "days to accept", "completed", "days to complete",
                          "by promise", "overdue", "declined", "escalated", "evaluated", "satisfied", "bad reviews", "follow-up on time"]

    static func render(title: String, rows: [AssessmentStatistics.Row], total: AssessmentFigures?) -> [String] {
        guard !rows.isEmpty else { return ["\(title): -"] }
        var table: [[String]] = [["" ] + headers]
        for row in rows {
            let label = [row.name, row.station.map { "@\($0)" }].compactMap { $0 }.joined(separator: " ")
            table.append([TerminalText.line(label.isEmpty ? row.key : "\(row.key) \(label)")] + cells(row.figures))
        }
        if let total { table.append(["total"] + cells(total)) }
        let widths = (0..<table[0].count).map { column in table.map { width($0[column]) }.max() ?? 0 }
        return ["\(title):"] + table.map { line in
            "  " + line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - width(cell))
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }

    static func cells(_ f: AssessmentFigures) -> [String] {
        func percent(_ rate: Double?, _ part: Int, _ whole: Int) -> String {
            rate.map { String(format: "%.1f%% (%d/%d)", $0 * 100, part, whole) } ?? "-"
        }
        func days(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        return [String(f.received), String(f.accepted), percent(f.acceptedOnTimeRate, f.acceptedOnTime, f.acceptanceDue),
                days(f.medianWorkingDaysToAccept), String(f.completed), days(f.medianWorkingDaysToComplete),
                percent(f.completedByPromiseRate, f.completedByPromise, f.promisesDue), String(f.overdue),
                String(f.declined), String(f.escalated),
                percent(f.evaluation.evaluationRate, f.evaluation.evaluated, f.evaluation.evaluable),
                percent(f.evaluation.satisfactionRate, f.evaluation.satisfied, f.evaluation.evaluated), String(f.evaluation.badReviews),
                percent(f.evaluation.followUpOnTimeRate, f.evaluation.followUpsOnTime, f.evaluation.followUpsDue)]
    }

    /// How many chose each level on each indicator, and the reviews set aside: `overall: 非常满意 3, 满意 1, …`.
    static func levels(_ figures: EvaluationFigures) -> [String] {
        EvaluationIndicator.allCases.map { indicator in
            "  \(indicator.nameZh) (\(indicator.rawValue)): "
                + SatisfactionLevel.allCases.map { "\($0.nameZh) \(figures.count(indicator, $0))" }.joined(separator: ", ")
        } + ["  set aside on appeal: \(figures.setAside)"]
    }

    /// Columns on a terminal: East Asian wide characters take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }
}
