import Foundation
import Mustache
import OnestopDomain

/// The assessment figures of one dimension (station, county, category or caseworker) as a table in the
/// `console-stats` template: one row each, a rate with the counts it is taken over.
struct AssessmentTable: MustacheParent {
    struct Row: MustacheParent {
        var label: String
        var cells: [String]

        func child(named name: String) -> Any? {
            switch name {
            case "label": label
            case "cells": cells
            default: nil
            }
        }
    }

    var id: String
    var title: String
    var headers: [String]
    var rows: [Row]
    var empty: String

    init(id: String, title: String, rows: [(label: String, figures: AssessmentFigures)], language: PageLanguage, empty: String) {
        self.id = id
        self.title = title
        self.empty = empty
        headers = [
            language.say("收到", "Received"), language.say("受理", "Accepted"), language.say("按时受理", "Accepted on time"),
            language.say("受理用时中位数（工作日）", "Median working days to accept"), language.say("办结", "Completed"),
            language.say("办结用时中位数（工作日）", "Median working days to complete"),
            language.say("按承诺日期办结", "Completed by the promised day"), language.say("当前超期", "Overdue now"),
            language.say("退回", "Declined"), language.say("超时上报", "Escalated"),
            language.say("评价率", "Evaluated"), language.say("满意率", "Satisfied"), language.say("差评", "Bad reviews"),
            language.say("差评按时整改", "Bad reviews answered on time"),
        ]
        self.rows = rows.map { Row(label: $0.label, cells: Self.cells($0.figures)) }
    }

    static func cells(_ f: AssessmentFigures) -> [String] {
        func rate(_ value: Double?, _ part: Int, _ whole: Int) -> String {
            value.map { String(format: "%.1f%%（%d/%d）", $0 * 100, part, whole) } ?? "—"
        }
        func days(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
        return [String(f.received), String(f.accepted), rate(f.acceptedOnTimeRate, f.acceptedOnTime, f.acceptanceDue),
                days(f.medianWorkingDaysToAccept), String(f.completed), days(f.medianWorkingDaysToComplete),
                rate(f.completedByPromiseRate, f.completedByPromise, f.promisesDue), String(f.overdue),
                String(f.declined), String(f.escalated),
                rate(f.evaluation.evaluationRate, f.evaluation.evaluated, f.evaluation.evaluable),
                rate(f.evaluation.satisfactionRate, f.evaluation.satisfied, f.evaluation.evaluated), String(f.evaluation.badReviews),
                rate(f.evaluation.followUpOnTimeRate, f.evaluation.followUpsOnTime, f.evaluation.followUpsDue)]
    }

    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "headers": headers
        case "rows": rows
        case "empty": rows.isEmpty ? empty : Missing()
        default: nil
        }
    }
}
