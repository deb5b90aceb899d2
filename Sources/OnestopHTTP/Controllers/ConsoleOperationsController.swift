import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The console's pages for platform staff only: failed deliveries with redelivery, the health of every
/// endpoint, and the period's statistics drawn as bar charts.
struct ConsoleOperationsController<Store: CatalogStore & RequestStore & DeliveryStore> {
    let store: Store
    let shell: PageShell

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("deliveries", use: deliveries)
        routes.post("deliveries/{id}/redeliver", use: redeliver)
        routes.get("endpoints", use: endpointHealth)
        routes.get("stats", use: stats)
        return routes
    }

    static var perPage: Int { 20 }

    /// Staff only; a station's key gets the same 404 as a page that does not exist.
    func staff(_ context: AppRequestContext) -> Bool {
        context.key?.role == .staff
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard staff(context) else { return try await shell.notFound(request, store: store) }
        let (language, data, shared, _) = try await shell.console(request, context: context, store: store, section: .deliveries) {
            $0.say("投递失败", "Failed deliveries")
        }
        let parameters = QueryString(request)
        let status = parameters["status"].flatMap { Delivery.Status(rawValue: $0) } ?? .failed
        let pageNumber = try Paging.number(parameters["page"])
        let results = try await store.deliveries(DeliveryQuery(status: status, page: PageRequest(page: pageNumber, perPage: Self.perPage)))
        var page = shared
        page["heading"] = language.say("Webhook 投递", "Webhook deliveries")
        page["statusOptions"] = HTMLText.options(Delivery.Status.allCases.map { ($0.rawValue, Self.deliveryStatus($0, language)) }, selected: status.rawValue)
        page["deliveries"] = results.items.map { delivery -> [String: Any] in
            var row: [String: Any] = [
                "id": String(delivery.id), "event": delivery.eventType.rawValue, "endpoint": delivery.endpoint,
                "station": data.stationName(delivery.station, language), "attempts": delivery.attempts,
                "status": Self.deliveryStatus(delivery.status, language), "canRedeliver": delivery.status != .pending,
            ]
            row["request"] = delivery.requestID
            row["requestURL"] = delivery.requestID.map { language.link("/console/requests/\($0)") }
            row["last"] = delivery.lastAttemptAt.map(language.time)
            row["why"] = [delivery.lastStatusCode.map { "HTTP \($0)" }, delivery.lastError].compactMap { $0 }.joined(separator: " · ")
            return row
        }
        page["total"] = language.say("共 \(results.total) 条", "\(results.total) in all")
        page["done"] = parameters["done"].map { language.say("已重新排队：投递 \($0)", "Queued again: delivery \($0)") }
        Paging.add(to: &page, number: pageNumber, total: results.total, perPage: Self.perPage, language: language) { number in
            language.link("/console/deliveries", [("status", status.rawValue), ("page", String(number))])
        }
        return shell.renderer.page(.consoleDeliveries, page)
    }

    static func deliveryStatus(_ status: Delivery.Status, _ language: PageLanguage) -> String {
        switch status {
        case .pending: language.say("待投递", "Pending")
        case .succeeded: language.say("已送达", "Delivered")
        case .failed: language.say("失败", "Failed")
        }
    }

    @Sendable func redeliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await ConsoleForm.read(request, context: context)
        guard staff(context), let id = Int64(try context.parameters.require("id")),
            try await store.redeliver(id: id, at: Date()) != nil
        else { return try await shell.notFound(request, store: store) }
        let language = PageLanguage(form["lang"])
        return Response(status: .seeOther, headers: [.location: language.link("/console/deliveries", [("done", String(id))])])
    }

    @Sendable func endpointHealth(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard staff(context) else { return try await shell.notFound(request, store: store) }
        let (language, data, shared, _) = try await shell.console(request, context: context, store: store, section: .endpoints) {
            $0.say("接收地址", "Endpoints")
        }
        var page = shared
        page["endpoints"] = try await store.endpoints(station: nil).map { endpoint -> [String: Any] in
            let health: String
            let state: String
            if !endpoint.enabled {
                health = language.say("已停用", "Disabled") + (endpoint.disabledReason.map { "：\($0)" } ?? "")
                state = "disabled"
            } else if let since = endpoint.failingSince {
                health = language.say("自 \(language.time(since)) 起投递失败", "Failing since \(language.time(since))")
                state = "failing"
            } else {
                health = language.say("正常", "Healthy")
                state = "healthy"
            }
            var row: [String: Any] = [
                "id": endpoint.id, "station": data.stationName(endpoint.station, language), "url": endpoint.displayURL, "health": health, "state": state,
                "events": endpoint.eventTypes.map(\.rawValue).joined(separator: ", "),
            ]
            row["lastSuccess"] = endpoint.lastSuccessAt.map(language.time) ?? language.say("从未", "never")
            if endpoint.format.isRobot { row["robot"] = language.say(endpoint.format.nameZh + "机器人", endpoint.format.rawValue + " robot") }
            return row
        }
        return shell.renderer.page(.consoleEndpoints, page)
    }

    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard staff(context) else { return try await shell.notFound(request, store: store) }
        let (language, data, shared, _) = try await shell.console(request, context: context, store: store, section: .stats) {
            $0.say("统计", "Statistics")
        }
        var page = shared
        let parameters = QueryString(request)
        let typed = (from: parameters["from"], to: parameters["to"])
        var period = DayPeriod(from: typed.from, to: typed.to, language: language)
        if period.from != nil { page["from"] = typed.from }
        if period.to != nil { page["to"] = typed.to }
        if let from = period.from, let end = period.to, end <= from {
            period.problems.append(language.say("结束日期不能早于开始日期", "the end date is before the start date"))
            period.to = nil
        }
        let (from, to) = (period.from, period.to)
        let statistics = try await store.requestStatistics(from: from, to: to, now: Date())
        page["problems"] = period.problems.isEmpty ? nil : period.problems
        func hours(_ value: Double?) -> String {
            value.map { language.say(String(format: "%.1f 小时", $0), String(format: "%.1f h", $0)) } ?? "—"
        }
        page["figures"] = [
            [language.say("收到需求", "Requests received"), String(statistics.total)],
            [language.say("受理用时（中位数 / 90%）", "Time to accept (median / 90th)"),
             "\(hours(statistics.timeToAccept.medianHours)) / \(hours(statistics.timeToAccept.p90Hours))"],
            [language.say("办结用时（中位数 / 90%）", "Time to complete (median / 90th)"),
             "\(hours(statistics.timeToComplete.medianHours)) / \(hours(statistics.timeToComplete.p90Hours))"],
            [language.say("超时上报", "Escalations"), String(statistics.escalations)],
            [language.say("超过受理期限", "Deadlines missed"), String(statistics.deadlineBreaches)],
        ].map { ["term": $0[0], "value": $0[1]] }
        func sorted(_ counts: [String: Int], _ name: (String) -> String) -> [(label: String, value: Int)] {
            counts.map { (label: name($0.key), value: $0.value) }.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
        }
        let charts: [BarChart] = [
            BarChart(id: "by-status", title: language.say("按状态", "By status"), bars: RequestStatus.allCases.map {
                (label: language.status($0), value: statistics.byStatus[$0.rawValue] ?? 0)
            }),
            BarChart(id: "by-station", title: language.say("按服务站", "By station"), bars: sorted(statistics.byStation) { data.stationName($0, language) }),
            BarChart(id: "by-region", title: language.say("按企业所在县区", "By the firm's county"), bars: sorted(statistics.byRegion) { data.regionName($0, language) }),
            BarChart(id: "by-category", title: language.say("按服务类别", "By category"), bars: sorted(statistics.byCategory) { data.categoryName($0, language) }),
            BarChart(id: "declines", title: language.say("退回次数（按服务站）", "Declines by station"), bars: sorted(statistics.declinesByStation) { data.stationName($0, language) }),
        ]
        page["charts"] = charts.map { chart -> [String: Any] in
            var entry: [String: Any] = ["id": chart.id, "title": chart.title]
            if chart.bars.isEmpty { entry["empty"] = language.say("暂无数据", "Nothing yet") } else { entry["svg"] = chart.svg }
            return entry
        }
        page["period"] = from == nil && to == nil
            ? language.say("全部时间", "All time")
            : "\(from.map(language.time) ?? "…") – \(to.map(language.time) ?? "…")"
        return shell.renderer.page(.consoleStats, page)
    }
}
