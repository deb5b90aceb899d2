import Foundation
import Mustache
import OnestopDomain
import OnestopStore

/// The period's statistics: the headline figures, and counts by status, station, county, category and
/// declines, each drawn as a bar chart.
struct StatsPage: PageModel {
    static let template = PageTemplate.consoleStats

    var frame: PageFrame
    /// The days typed, kept when they could be read.
    var from: String?
    var to: String?
    var problems: [String]
    var period: String
    var figures: [Term]
    var charts: [BarChart]

    init(frame: PageFrame, data: ReferenceDataCache.Data, kept: (from: String?, to: String?), period: DayPeriod, statistics: RequestStatistics) {
        let language = frame.language
        self.frame = frame
        (from, to) = kept
        problems = period.problems
        self.period = period.from == nil && period.to == nil
            ? language.say("全部时间", "All time")
            : "\(period.from.map(language.time) ?? "…") – \(period.to.map(language.time) ?? "…")"
        func hours(_ value: Double?) -> String {
            value.map { language.say(String(format: "%.1f 小时", $0), String(format: "%.1f h", $0)) } ?? "—"
        }
        figures = [
            Term(language.say("收到需求", "Requests received"), String(statistics.total)),
            Term(language.say("受理用时（中位数 / 90%）", "Time to accept (median / 90th)"),
                 "\(hours(statistics.timeToAccept.medianHours)) / \(hours(statistics.timeToAccept.p90Hours))"),
            Term(language.say("办结用时（中位数 / 90%）", "Time to complete (median / 90th)"),
                 "\(hours(statistics.timeToComplete.medianHours)) / \(hours(statistics.timeToComplete.p90Hours))"),
            Term(language.say("超时上报", "Escalations"), String(statistics.escalations)),
            Term(language.say("超过受理期限", "Deadlines missed"), String(statistics.deadlineBreaches)),
        ]
        func sorted(_ counts: [String: Int], _ name: (String) -> String) -> [(label: String, value: Int)] {
            counts.map { (label: name($0.key), value: $0.value) }.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
        }
        let empty = language.say("暂无数据", "Nothing yet")
        charts = [
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
        case "charts": charts
        default: frame.child(named: name)
        }
    }
}
