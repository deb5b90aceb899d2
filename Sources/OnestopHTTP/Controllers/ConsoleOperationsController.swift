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
        let (language, data, frame, _) = try await shell.console(request, context: context, store: store, section: .deliveries) {
            $0.say("投递失败", "Failed deliveries")
        }
        let parameters = QueryString(request)
        let status = parameters["status"].flatMap { Delivery.Status(rawValue: $0) } ?? .failed
        let pageNumber = try Paging.number(parameters["page"])
        let results = try await store.deliveries(DeliveryQuery(status: status, page: PageRequest(page: pageNumber, perPage: Self.perPage)))
        let links = PageLinks(number: pageNumber, total: results.total, perPage: Self.perPage, language: language) { number in
            language.link("/console/deliveries", [("status", status.rawValue), ("page", String(number))])
        }
        return shell.renderer.page(DeliveriesPage(frame: frame, data: data, status: status, results: results, redelivered: parameters["done"], links: links))
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
        let (_, data, frame, _) = try await shell.console(request, context: context, store: store, section: .endpoints) {
            $0.say("接收地址", "Endpoints")
        }
        return shell.renderer.page(EndpointsPage(frame: frame, data: data, endpoints: try await store.endpoints(station: nil)))
    }

    /// Staff's statistics of every station, or a station's of its own requests only (`RequestStatistics.seen(by:)`).
    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (language, data, frame, key) = try await shell.console(request, context: context, store: store, section: .stats) {
            $0.say("统计", "Statistics")
        }
        let own = key.role == .staff ? nil : key.station
        let parameters = QueryString(request)
        let typed = (from: parameters.filter("from", maxLength: 40), to: parameters.filter("to", maxLength: 40))
        var period = DayPeriod(from: typed.from, to: typed.to, language: language)
        var kept = StatsPage.Filters(from: period.from == nil ? nil : typed.from, to: period.to == nil ? nil : typed.to,
                                     station: own ?? parameters.filter("station", maxLength: 40),
                                     caseworker: parameters.filter("caseworker", maxLength: 40))
        if let from = period.from, let end = period.to, end <= from {
            period.problems.append(language.say("结束日期不能早于开始日期", "the end date is before the start date"))
            period.to = nil
        }
        if let station = kept.station, !data.stations.contains(where: { $0.id == station }) {
            period.problems.append(language.say("没有这个服务站：\(station)", "no station \(station)"))
            kept.station = nil
        }
        let query = StatisticsQuery(from: period.from, to: period.to, station: kept.station, caseworker: kept.caseworker)
        let statistics = try await store.requestStatistics(query, now: Date())
        return shell.renderer.page(StatsPage(frame: frame, data: data, kept: kept, period: period,
                                             statistics: own.map(statistics.seen(by:)) ?? statistics, ownStation: own))
    }
}
