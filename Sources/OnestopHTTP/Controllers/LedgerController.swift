import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The work ledger (工作台账) as CSV: staff for every station or one, a station for its own requests only.
struct LedgerController<Store: CatalogStore & RequestStore & AuditStore> {
    let store: Store

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("ledger.csv", use: ledger)
        return routes
    }

    @Sendable func ledger(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let key = context.key else { throw APIError.forbidden }
        let parameters = try QueryParameters(request, allowed: ["from", "to", "station"])
        let asked = try parameters.string("station", maxLength: 40)
        let station: String?
        if key.role == .station {
            guard asked == nil || asked == key.station else { throw APIError.forbidden }
            station = key.station
        } else {
            if let asked, try await store.station(id: asked) == nil {
                throw APIError.invalidParameter("station", zh: "服务站不存在：\(asked)", en: "no station \(asked)")
            }
            station = asked
        }
        let period = try LedgerDownload.period(from: try parameters.date("from"), to: try parameters.date("to"))
        let query = LedgerQuery(from: period.from, to: period.to, station: station)
        try await store.recordLedgerExport(query, actor: key.actorName, at: Date())
        return LedgerDownload.response(query, store: store)
    }
}
