import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopTestSupport
import Testing

/// NUL (U+0000) has no place in any field, id or filter, and PostgreSQL's text cannot hold it: it is a 400
/// naming where it was, before anything reaches a store.
@Suite struct NULCharacterTests {
    @Test func inAJSONFieldThePathOrAFormItIsA400() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let submission = RequestRouteTests.submission.replacingOccurrences(of: "约 20 批次", with: "约 20\\u0000 批次")
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(submission)) { response in
                #expect(response.status == .badRequest)
                let problem = try json(response)
                let errors = try #require(problem["errors"] as? [[String: Any]])
                #expect(errors.first?["field"] as? String == "description")
            }
            try await client.execute(uri: "/api/v1/requests/LA%00", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/services?q=%E8%AE%A1%00", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/requests/new?service=JZ-TEA-001", method: .post, headers: formHeaders,
                                     body: form([("form_id", "f1"), ("description", "a\u{0}b")])) { response in
                #expect(response.status == .badRequest)
            }
            #expect(try await store.serviceRequests(.init()).total == 0)
        }
    }
}
