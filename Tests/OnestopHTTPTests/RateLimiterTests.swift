import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopHTTP
import OnestopTestSupport
import Testing

@Suite struct RateLimiterTests {
    @Test func aBucketPerClientRefilledOverTime() {
        let limiter = RateLimiter(perMinute: 2)
        let start = ContinuousClock.now
        #expect(limiter.take(for: "a", at: start) == nil)
        #expect(limiter.take(for: "a", at: start) == nil)
        #expect(limiter.take(for: "a", at: start) == 30)
        #expect(limiter.take(for: "b", at: start) == nil, "another client has its own bucket")
        #expect(limiter.take(for: "a", at: start + .seconds(15)) == 15)
        #expect(limiter.take(for: "a", at: start + .seconds(30)) == nil)
        #expect(RateLimiter(perMinute: 0).take(for: "a") == nil)
    }

    @Test func submissionsOverTheLimitGet429WithRetryAfter() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store, intake: testIntake(submissionsPerMinute: 2)) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { response in
                    #expect(response.status == .created)
                }
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { response in
                try expectProblem(response, .tooManyRequests, "too_many_requests")
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
            // Reading is not limited.
            try await client.execute(uri: "/api/v1/services?q=%E8%8C%B6", method: .get) { #expect($0.status == .ok) }
        }
    }
}
