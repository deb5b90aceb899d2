import Foundation
import Mustache
import OnestopDomain
import OnestopStore

/// The console's list of requests: a station's own queue, or every request with filters for staff.
struct ConsoleRequestsPage: PageModel {
    /// One request in the table.
    struct Row: MustacheParent {
        var url: String
        var id: String
        var statusCode: String
        var status: String
        /// `受理期限 2026-12-01 17:00` while a station has yet to accept.
        var deadline: String?
        var late: Bool
        var firm: String
        var county: String
        var what: String
        var station: String?
        var received: String

        func child(named name: String) -> Any? {
            switch name {
            case "url": url
            case "id": id
            case "statusCode": statusCode
            case "status": status
            case "deadline": deadline.orMissing
            case "hasDeadline": deadline != nil
            case "late": late
            case "firm": firm
            case "county": county
            case "what": what
            case "station": station.orMissing
            case "received": received
            default: nil
            }
        }
    }

    /// What the list shows: the filters, kept as typed.
    struct Filters {
        var status: RequestStatus?
        var station: String?
        var region: String?
        var category: String?
        var from: String?
        var to: String?
        var problems: [String]
    }

    static let template = PageTemplate.consoleRequests

    var frame: PageFrame
    var staff: Bool
    var filters: Filters
    /// The filters' `<option>`s.
    var statusOptions: String
    var stationOptions = ""
    var regionOptions = ""
    var categoryOptions = ""
    var rows: [Row]
    var total: Int
    var links: PageLinks

    init(frame: PageFrame, data: ReferenceDataCache.Data, staff: Bool, filters: Filters, results: OnestopDomain.Page<ServiceRequest>, links: PageLinks,
         now: Date) {
        let language = frame.language
        self.frame = frame
        self.staff = staff
        self.filters = filters
        self.links = links
        total = results.total
        statusOptions = data.fragments.html(.requestStatuses, language, selected: filters.status?.rawValue)
        if staff {
            stationOptions = data.fragments.html(.stations, language, selected: filters.station)
            regionOptions = data.fragments.html(.counties, language, selected: filters.region)
            categoryOptions = data.fragments.html(.categories, language, selected: filters.category)
        }
        rows = results.items.map { item in
            let what = (item.service ?? item.serviceCode).map { data.serviceName($0, language) } ?? item.categoryCode.map { data.categoryName($0, language) } ?? ""
            let deadline = item.status == .assigned ? item.acknowledgeBy : nil
            // An accepted request shows its promise instead, flagged once it has passed.
            let promise = item.status.isFinal ? nil : item.promisedOn
            let note = deadline.map { "\(language.say("受理期限", "accept by")) \(language.time($0))" }
                ?? promise.map { "\(language.say("承诺办结", "promised by")) \(language.day($0))" + (item.isOverdue(at: now) ? language.say("（逾期）", " (overdue)") : "") }
            return Row(
                url: language.link("/console/requests/\(item.id)"), id: item.id, statusCode: item.status.rawValue, status: language.status(item.status),
                deadline: note, late: deadline.map { $0 < now } ?? item.isOverdue(at: now),
                firm: item.enterprise.name, county: data.regionName(item.enterprise.region, language), what: what,
                station: staff ? data.stationName(item.station, language) : nil, received: language.time(item.createdAt))
        }
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "heading": return staff ? language.say("全部需求", "All requests") : language.say("本站需求", "Our requests")
        case "staff": return staff
        case "problems": return filters.problems
        case "statusOptions": return statusOptions
        case "stationOptions": return stationOptions
        case "regionOptions": return regionOptions
        case "categoryOptions": return categoryOptions
        case "from": return filters.from ?? ""
        case "to": return filters.to ?? ""
        case "requests": return rows
        case "total": return language.say("共 \(total) 条", "\(total) in all")
        case "ledgerURL":
            return language.link("/console/ledger.csv", [("station", staff ? filters.station : nil), ("from", filters.from), ("to", filters.to)])
        case "ledgerPeriod":
            switch (filters.from, filters.to) {
            case (nil, nil): return language.say("本月", "this month")
            case (let from, let to): return "\(from ?? "…") – \(to ?? "…")"
            }
        case "paging": return links
        default: return frame.child(named: name)
        }
    }
}
