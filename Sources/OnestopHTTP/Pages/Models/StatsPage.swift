import Foundation
import Mustache
import OnestopDomain
import OnestopStore

/// The period's statistics: the headline figures, the assessment tables by station, county, category and
/// caseworker, and bar charts of the rates by station and of the counts by status, station, county, category
/// and declines.
struct StatsPage: PageModel {
    static let template = PageTemplate.consoleStats

    var frame: PageFrame
    /// The days typed, kept when they could be read.
    var from: String?
    var to: String?
    var problems: [String]
    var period: String
    var figures: [Term]
    var stationOptions: String
    var caseworkerOptions: String
    var tables: [AssessmentTable]
    var charts: [BarChart]
    /// For a station's key: its own id; it chooses no station and sees only its own rows.
    var ownStation: String?

    /// The filters as given: the days typed, kept when they could be read, and the station and caseworker chosen.
    struct Filters {
        var from: String?
        var to: String?
        var station: String?
        var caseworker: String?
    }

    init(frame: PageFrame, data: ReferenceDataCache.Data, kept: Filters, period: DayPeriod, statistics: RequestStatistics, ownStation: String? = nil) {
        let language = frame.language
        self.frame = frame
        self.ownStation = ownStation
        (from, to) = (kept.from, kept.to)
        stationOptions = data.fragments.html(.stations, language, selected: kept.station)
        caseworkerOptions = ownStation.map { data.fragments.html(.caseworkers(station: $0), language, selected: kept.caseworker) }
            ?? data.fragments.html(.everyCaseworker, language, selected: kept.caseworker)
        problems = period.problems
        self.period = period.from == nil && period.to == nil
            ? language.say("全部时间", "All time")
            : "\(period.from.map(language.time) ?? "…") – \(period.to.map(language.time) ?? "…")"
        func hours(_ value: Double?) -> String {
            value.map { language.say(String(format: "%.1f 小时", $0), String(format: "%.1f h", $0)) } ?? "—"
        }
        let assessment = statistics.assessment
        let total = AssessmentTable.cells(assessment.total)
        figures = [
            Term(language.say("收到需求", "Requests received"), String(statistics.total)),
            Term(language.say("受理用时（中位数 / 90%）", "Time to accept (median / 90th)"),
                 "\(hours(statistics.timeToAccept.medianHours)) / \(hours(statistics.timeToAccept.p90Hours))"),
            Term(language.say("办结用时（中位数 / 90%）", "Time to complete (median / 90th)"),
                 "\(hours(statistics.timeToComplete.medianHours)) / \(hours(statistics.timeToComplete.p90Hours))"),
            Term(language.say("超时上报", "Escalations"), String(statistics.escalations)),
            Term(language.say("超过受理期限", "Deadlines missed"), String(statistics.deadlineBreaches)),
            Term(language.say("按时受理率", "Accepted on time"), total[2]),
            Term(language.say("受理用时中位数（工作日）", "Median working days to accept"), total[3]),
            Term(language.say("办结用时中位数（工作日）", "Median working days to complete"), total[5]),
            Term(language.say("按承诺日期办结率", "Completed by the promised day"), total[6]),
            Term(language.say("当前超期", "Overdue now"), total[7]),
            Term(language.say("评价率", "Evaluated"), total[10]),
            Term(language.say("满意率", "Satisfied"), total[11]),
            Term(language.say("差评", "Bad reviews"), total[12]),
            Term(language.say("差评按时整改率", "Bad reviews answered on time"), total[13]),
        ] + EvaluationIndicator.allCases.map { indicator in
            Term(language.say("评价：\(indicator.nameZh)", "Levels: \(indicator.nameEn)"), SatisfactionLevel.allCases.map {
                "\(language.level($0)) \(assessment.total.evaluation.count(indicator, $0))"
            }.joined(separator: language.say("，", ", ")))
        }
        func sorted(_ counts: [String: Int], _ name: (String) -> String) -> [(label: String, value: Int)] {
            counts.map { (label: name($0.key), value: $0.value) }.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
        }
        let empty = language.say("暂无数据", "Nothing yet")
        tables = [
            AssessmentTable(id: "assessment-station", title: language.say("考核指标：按服务站", "Assessment by station"),
                            rows: assessment.byStation.map { (data.stationName($0.key, language), $0.figures) }, language: language, empty: empty),
            AssessmentTable(id: "assessment-county", title: language.say("考核指标：按服务站所在县区", "Assessment by the station's county"),
                            rows: assessment.byCounty.map { (data.regionName($0.key, language), $0.figures) }, language: language, empty: empty),
            AssessmentTable(id: "assessment-category", title: language.say("考核指标：按服务类别", "Assessment by category"),
                            rows: assessment.byCategory.map { (data.categoryName($0.key, language), $0.figures) }, language: language, empty: empty),
            AssessmentTable(id: "assessment-caseworker", title: language.say("考核指标：按服务专员", "Assessment by caseworker"),
                            rows: assessment.byCaseworker.map {
                                ("\($0.name ?? $0.key)（\(data.stationName($0.station, language))）", $0.figures)
                            }, language: language, empty: empty),
        ]
        func percents(_ rate: (AssessmentFigures) -> Double?) -> [(label: String, value: Int)] {
            assessment.byStation.compactMap { row in
                rate(row.figures).map { (label: data.stationName(row.key, language), value: Int(($0 * 100).rounded())) }
            }
        }
        charts = [
            BarChart(id: "on-time", title: language.say("按时受理率（按服务站）", "Accepted on time, by station"),
                     bars: percents(\.acceptedOnTimeRate), empty: empty, scale: 100, unit: "%"),
            BarChart(id: "by-promise", title: language.say("按承诺日期办结率（按服务站）", "Completed by the promised day, by station"),
                     bars: percents(\.completedByPromiseRate), empty: empty, scale: 100, unit: "%"),
            BarChart(id: "satisfaction", title: language.say("满意率（按服务站）", "Satisfied, by station"),
                     bars: percents(\.evaluation.satisfactionRate), empty: empty, scale: 100, unit: "%"),
            BarChart(id: "follow-up-on-time", title: language.say("差评按时整改率（按服务站）", "Bad reviews answered on time, by station"),
                     bars: percents(\.evaluation.followUpOnTimeRate), empty: empty, scale: 100, unit: "%"),
            BarChart(id: "levels", title: language.say("整体满意度各等级", "Overall levels"), bars: SatisfactionLevel.allCases.map {
                (label: language.level($0), value: assessment.total.evaluation.count(.overall, $0))
            }, empty: empty),
            BarChart(id: "by-status", title: language.say("按状态", "By status"), bars: RequestStatus.allCases.map {
                (label: language.status($0), value: statistics.byStatus[$0.rawValue] ?? 0)
            }, empty: empty),
            BarChart(id: "by-station", title: language.say("按服务站", "By station"),
                     bars: sorted(statistics.byStation) { data.stationName($0, language) }, empty: empty),
            BarChart(id: "by-region", title: language.say("按企业所在县区", "By the firm's county"),
                     bars: sorted(statistics.byRegion) { data.regionName($0, language) }, empty: empty),
            BarChart(id: "by-category", title: language.say("按服务类别", "By category"),
                     bars: sorted(statistics.byCategory) { data.categoryName($0, language) }, empty: empty),
            BarChart(id: "declines", title: language.say("退回次数（按服务站）", "Declines by station"),
                     bars: sorted(statistics.declinesByStation) { data.stationName($0, language) }, empty: empty),
        ]
    }

    func child(named name: String) -> Any? {
        switch name {
        case "from": from.orMissing
        case "to": to.orMissing
        case "problems": problems
        case "period": period
        case "figures": figures
        case "stationOptions": stationOptions
        case "chooseStation": ownStation == nil
        case "caseworkerOptions": caseworkerOptions
        case "tables": tables
        case "charts": charts
        default: frame.child(named: name)
        }
    }
}
