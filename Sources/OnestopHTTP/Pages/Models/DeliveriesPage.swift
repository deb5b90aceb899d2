import Mustache
import OnestopDomain
import OnestopStore

/// Webhook deliveries of one status, failed ones first, each with why it failed and a redeliver button.
struct DeliveriesPage: PageModel {
    /// One delivery in the table.
    struct Row: MustacheParent {
        var delivery: Delivery
        var station: String
        var status: String
        var requestURL: String?
        var last: String?

        func child(named name: String) -> Any? {
            switch name {
            case "id": String(delivery.id)
            case "event": delivery.eventType.rawValue
            case "endpoint": delivery.endpoint
            case "station": station
            case "attempts": String(delivery.attempts)
            case "status": status
            case "canRedeliver": delivery.status != .pending
            case "request": delivery.requestID.orMissing
            case "requestURL": requestURL.orMissing
            case "last": last.orMissing
            case "why": [delivery.lastStatusCode.map { "HTTP \($0)" }, delivery.lastError].compactMap { $0 }.joined(separator: " · ")
            default: nil
            }
        }
    }

    static let template = PageTemplate.consoleDeliveries

    var frame: PageFrame
    var statusOptions: String
    var rows: [Row]
    var total: Int
    /// The delivery just queued again.
    var redelivered: String?
    var links: PageLinks

    init(frame: PageFrame, data: ReferenceDataCache.Data, status: Delivery.Status, results: OnestopDomain.Page<Delivery>,
         redelivered: String?, links: PageLinks) {
        let language = frame.language
        self.frame = frame
        self.redelivered = redelivered
        self.links = links
        total = results.total
        statusOptions = data.fragments.html(.deliveryStatuses, language, selected: status.rawValue)
        rows = results.items.map { delivery in
            Row(delivery: delivery, station: data.stationName(delivery.station, language), status: language.deliveryStatus(delivery.status),
                requestURL: delivery.requestID.map { language.link("/console/requests/\($0)") }, last: delivery.lastAttemptAt.map(language.time))
        }
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "heading": return language.say("Webhook 投递", "Webhook deliveries")
        case "statusOptions": return statusOptions
        case "deliveries": return rows
        case "total": return language.say("共 \(total) 条", "\(total) in all")
        case "done": return redelivered.map { language.say("已重新排队：投递 \($0)", "Queued again: delivery \($0)") }.orMissing
        case "paging": return links
        default: return frame.child(named: name)
        }
    }
}
