import Foundation
import Mustache
import OnestopDomain

/// A station's published figures for the last 12 months, for anyone: what it served, how promptly, and
/// what firms said of it, or that too few firms have evaluated it yet for a rate to mean anything.
struct StationFiguresPage: PageModel {
    static let template = PageTemplate.stationFigures

    var frame: PageFrame
    var figures: PublishedFigures
    var stationName: String

    func child(named name: String) -> Any? {
        let language = frame.language
        func percent(_ rate: Double?) -> Any {
            rate.map { String(format: "%.1f%%", $0 * 100) } ?? language.say("暂无", "None yet")
        }
        switch name {
        case "name": return stationName
        case "stationURL": return language.link("/stations/\(figures.station)")
        case "jsonURL": return "/api/v1/stations/\(figures.station)/figures"
        case "period":
            let calendar = WorkingCalendar.china
            return "\(language.day(calendar.civilDay(of: figures.from))) – \(language.day(calendar.civilDay(of: figures.to)))"
        case "served": return String(figures.requestsServed)
        case "acceptedOnTime": return percent(figures.acceptedOnTimeRate)
        case "completedByPromise": return percent(figures.completedByPromiseRate)
        case "evaluations": return String(figures.evaluations)
        case "enough": return figures.enoughEvaluations
        case "satisfaction": return percent(figures.satisfactionRate)
        case "followedUp": return percent(figures.badReviewsFollowedUpRate)
        case "minimum": return String(PublishedFigures.minimumEvaluations)
        default: return frame.child(named: name)
        }
    }
}
