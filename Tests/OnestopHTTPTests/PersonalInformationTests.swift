import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// A firm's contact is shown in full only where it is needed, one request at a time, and every such read
/// with a key is in the audit trail.
@Suite struct PersonalInformationTests {
    @Test func listsMaskThePhoneAndEveryFullReadIsAudited() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let callers = try await RequestAuthorizationTests().setUp(store, client)
            let id = callers.id
            let phone = try #require(try await store.serviceRequest(id: id)?.request.enterprise.phone)
            let masked = PhoneNumber.masked(phone)
            #expect(masked != phone && masked.contains("****"))

            for (path, key) in [("/api/v1/station/requests", callers.ownStation), ("/api/v1/requests", callers.staff)] {
                let page = try await client.execute(uri: path, method: .get, headers: bearer(key)) { try json($0) }
                let first = try #require((page["items"] as? [[String: Any]])?.first { $0["id"] as? String == id })
                #expect((first["enterprise"] as? [String: Any])?["phone"] as? String == masked, "\(path)")
            }
            #expect(try await store.auditEntries(AuditQuery(entity: .request, entityID: id)).items.isEmpty)

            let own = try await client.execute(uri: "/api/v1/station/requests/\(id)", method: .get, headers: bearer(callers.ownStation)) { try json($0) }
            #expect((own["enterprise"] as? [String: Any])?["phone"] as? String == phone)
            let staff = try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: bearer(callers.staff)) { try json($0) }
            #expect((staff["enterprise"] as? [String: Any])?["phone"] as? String == phone)
            // Another station's key reads nothing, and leaves no entry.
            try await client.execute(uri: "/api/v1/station/requests/\(id)", method: .get, headers: bearer(callers.otherStation)) { response in
                #expect(response.status == .notFound)
            }

            let audit = try await client.execute(uri: "/api/v1/audit?entity=request&entity_id=\(id)", method: .get, headers: bearer(callers.staff)) { response in
                #expect(response.status == .ok)
                return try json(response)
            }
            let entries = try #require(audit["items"] as? [[String: Any]])
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0["action"] as? String == "read" && $0["entity"] as? String == "request" && $0["entity_id"] as? String == id })
            let actors = entries.compactMap { $0["actor"] as? String }
            #expect(actors.contains { $0.hasPrefix("station:jinzhai desk") } && actors.contains { $0.hasPrefix("staff:ops") }, "\(actors)")
            #expect(entries.allSatisfy { ($0["at"] as? String)?.isEmpty == false })
            // The firm reading its own request with its token is not a read by a key.
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(callers.token)", method: .get) { response in
                #expect(response.status == .ok)
            }
            #expect(try await store.auditEntries(AuditQuery(entity: .request, entityID: id)).items.count == 2)

            // The console's page of the request is a full read too; its list of requests is not.
            let console = try await ConsoleBrowser.signIn(client, key: callers.ownStation)
            try await client.execute(uri: "/console", method: .get, headers: console.headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(id) && !String(buffer: response.body).contains(phone))
            }
            #expect(try await store.auditEntries(AuditQuery(entity: .request, entityID: id)).items.count == 2)
            try await client.execute(uri: "/console/requests/\(id)", method: .get, headers: console.headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(phone))
            }
            let latest = try #require(try await store.auditEntries(AuditQuery(entity: .request, entityID: id)).items.first)
            #expect(latest.action == .read && latest.actor.hasPrefix("station:jinzhai desk"))
        }
    }
}
