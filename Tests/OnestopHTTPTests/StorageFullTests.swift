import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
@testable import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// A database that refuses writes for want of space: a submission is answered 503 with Retry-After and
/// nothing of it is kept; once space returns, submissions are taken again.
@Suite struct StorageFullTests {
    @Test func aFullDatabaseRefusesASubmissionWholeAndResumesWhenSpaceReturns() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: try Fixtures.shippedCatalog()), actor: "test", dryRun: false)
        // The file may not grow beyond the pages it has now: SQLite answers SQLITE_FULL, as on a full disk.
        let pages = try await store.writer.writeWithoutTransaction { db -> Int in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
            return pages
        }
        try await withRouter(store) { client in
            var created = 0
            var refusal: TestResponse?
            for _ in 0..<2000 where refusal == nil {
                try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { response in
                    if response.status == .created { created += 1 } else { refusal = response }
                }
            }
            let full = try #require(refusal, "the database never filled")
            _ = try expectProblem(full, .serviceUnavailable, "storage_full")
            #expect(full.headers[.retryAfter] == "60")
            #expect(String(buffer: full.body).contains("nothing of this request was kept"))
            // Every 201 is stored, and the refused one left no trace: no request, no timeline, no delivery.
            #expect(try await store.serviceRequests(RequestQuery()).total == created)
            let events = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM request_event") ?? 0 }
            let routed = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM routing_record") ?? 0 }
            #expect(routed == created && events >= created)
            // A load balancer is told: not ready, and why.
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("storage full"))
            }

            // Space returns: the next submission is taken, with the next number.
            _ = try await store.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA max_page_count = \(pages * 100)") }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { response in
                #expect(response.status == .created)
            }
            #expect(try await store.serviceRequests(RequestQuery()).total == created + 1)
        }
    }
}
