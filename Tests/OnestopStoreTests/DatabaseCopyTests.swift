import Foundation
import OnestopDomain
import OnestopPostgres
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// `onestop copy`: an embedded deployment moved to PostgreSQL with everything intact.
@Suite struct DatabaseCopyTests {
    @Test func everythingArrivesAndTheCopyGoesOnWhereTheOriginalStopped() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let sqlite = try SQLiteStore(path: path)
        try await sqlite.apply(CatalogChanges.replacing(Catalog(), with: try Fixtures.shippedCatalog()), actor: "test", dryRun: false)
        let stations = try await sqlite.stations(includeRetired: false)
        let station = try #require(stations.first { $0.kind == .county })
        let (_, token) = try await sqlite.createKey(role: .station, name: "站点密钥", station: station.id, actor: "test")
        let (staffKey, _) = try await sqlite.createKey(role: .staff, name: "运维", station: nil, actor: "test")
        _ = try await sqlite.revokeKey(id: staffKey.id, actor: "test")
        for station in stations {
            _ = try await sqlite.createEndpoint(NewEndpoint(station: station.id, url: "http://127.0.0.1:9/\(station.id)", eventTypes: [],
                                                            description: "测试", secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", actor: "test", at: Date()))
        }
        let service = try #require(try await sqlite.searchServices(ServiceQuery(text: "计量")).items.first)
        var ids: [String] = []
        for index in 0..<12 {
            let submission = Fixtures.submission(service: service.service.code, category: nil, region: station.region)
            guard case .created(let stored, _) = try await sqlite.submitRequest(Fixtures.newRequest(submission)) else { throw FixtureError("not created") }
            ids.append(stored.request.id)
            if index.isMultiple(of: 3), let assigned = stored.request.station {
                _ = try await sqlite.transitionRequest(RequestChange(
                    requestID: stored.request.id, action: .decline, actor: .station(assigned), actorName: "station:\(assigned)",
                    note: "设备检修", at: Date(), acknowledgement: AcknowledgementPolicy()))
            }
        }
        let now = Date().addingTimeInterval(1)
        let claimed = try await sqlite.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10, perEndpoint: 10, busy: [:])
        _ = try await sqlite.settleDeliveries(claimed.map { claim in
            DeliveryResult(delivery: claim.id, lease: claim.lease, endpoint: claim.endpoint,
                           attempt: DeliveryAttempt(at: now, statusCode: 500, durationMilliseconds: 12, response: "busy", error: nil),
                           next: .retry(at: now.addingTimeInterval(30)), disableAfter: .seconds(86_400))
        })
        #expect(!claimed.isEmpty)
        let key = try #require(try await sqlite.authenticate(token: token))
        let sessionToken = try await sqlite.openSession(keyID: key.id, now: Date(), expiresAt: Date().addingTimeInterval(3600))

        let location = try await TestDatabases.fresh()
        // Endpoints' secrets go over sealed: the copy is read with the SQLite database's own data key.
        let dataKey = try DataKey.load(SQLiteStore.defaultDataKeyPath(forDatabase: path))
        let counts = try await DatabaseCopy.copy(from: sqlite, to: location, dataKey: dataKey)
        #expect(counts.allSatisfy { $0.source == $0.target })
        #expect(counts.first { $0.table == "service_request" }?.target == 12)
        #expect(counts.first { $0.table == "delivery_attempt" }?.target == claimed.count)

        let postgres = try await PostgresStore(location: location, staleness: .zero, dataKey: dataKey)
        #expect(try await postgres.catalog() == (try await sqlite.catalog()))
        #expect(try await postgres.keys() == (try await sqlite.keys()))
        #expect(try await postgres.authenticate(token: token) == key)
        #expect(try await postgres.session(token: sessionToken, now: Date())?.key == key)
        #expect(try await postgres.endpoints(station: nil) == (try await sqlite.endpoints(station: nil)))
        #expect(try await postgres.auditEntries(AuditQuery(page: PageRequest(page: 1, perPage: 100)))
                == (try await sqlite.auditEntries(AuditQuery(page: PageRequest(page: 1, perPage: 100)))))
        for id in ids {
            #expect(try await postgres.requestHistory(id: id) == (try await sqlite.requestHistory(id: id)))
        }
        let allDeliveries = DeliveryQuery(page: PageRequest(page: 1, perPage: 100))
        #expect(try await postgres.deliveries(allDeliveries) == (try await sqlite.deliveries(allDeliveries)))
        for claim in claimed {
            #expect(try await postgres.delivery(id: claim.id) == (try await sqlite.delivery(id: claim.id)))
        }
        #expect(try await postgres.requestStatistics(StatisticsQuery(), now: now) == (try await sqlite.requestStatistics(StatisticsQuery(), now: now)))
        #expect(try await postgres.searchServices(ServiceQuery(text: "计量")) == (try await sqlite.searchServices(ServiceQuery(text: "计量"))))

        // The copy goes on where the original stopped: the next number of the day, new rows after the old.
        let submission = Fixtures.submission(service: service.service.code, category: nil, region: station.region)
        guard case .created(let next, _) = try await postgres.submitRequest(Fixtures.newRequest(submission)) else { throw FixtureError("not created") }
        #expect(next.request.id.hasSuffix("-0013"))
        #expect(try await postgres.timeline(ofRequest: next.request.id).count == 2)

        // A second copy into a database that is no longer empty is refused, and changes nothing.
        await #expect(throws: DatabaseCopy.Refusal.self) { try await DatabaseCopy.copy(from: sqlite, to: location) }
        #expect(try await postgres.serviceRequests(RequestQuery()).total == 13)
    }
}
