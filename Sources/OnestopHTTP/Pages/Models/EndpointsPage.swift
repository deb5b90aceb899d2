import Mustache
import OnestopDomain
import OnestopStore

/// Every webhook endpoint and robot with its health: healthy, failing since when, or disabled and why.
struct EndpointsPage: PageModel {
    /// One endpoint in the table.
    struct Row: MustacheParent {
        var endpoint: WebhookEndpoint
        var station: String
        var health: String
        var state: String
        var lastSuccess: String
        var robot: String?

        func child(named name: String) -> Any? {
            switch name {
            case "id": endpoint.id
            case "station": station
            case "url": endpoint.displayURL
            case "health": health
            case "state": state
            case "events": endpoint.eventTypes.map(\.rawValue).joined(separator: ", ")
            case "lastSuccess": lastSuccess
            case "robot": robot.orMissing
            default: nil
            }
        }
    }

    static let template = PageTemplate.consoleEndpoints

    var frame: PageFrame
    var rows: [Row]

    init(frame: PageFrame, data: ReferenceDataCache.Data, endpoints: [WebhookEndpoint]) {
        let language = frame.language
        self.frame = frame
        rows = endpoints.map { endpoint in
            let (health, state): (String, String) =
                if !endpoint.enabled {
                    (language.say("已停用", "Disabled") + (endpoint.disabledReason.map { "：\($0)" } ?? ""), "disabled")
                } else if let since = endpoint.failingSince {
                    (language.say("自 \(language.time(since)) 起投递失败", "Failing since \(language.time(since))"), "failing")
                } else {
                    (language.say("正常", "Healthy"), "healthy")
                }
            return Row(
                endpoint: endpoint, station: data.stationName(endpoint.station, language), health: health, state: state,
                lastSuccess: endpoint.lastSuccessAt.map(language.time) ?? language.say("从未", "never"),
                robot: endpoint.format.isRobot ? language.say(endpoint.format.nameZh + "机器人", endpoint.format.rawValue + " robot") : nil)
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "endpoints": rows
        default: frame.child(named: name)
        }
    }
}
