import Foundation
import OnestopDomain
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OnestopHTTP
import OnestopStore
import OnestopTestSupport
import Testing

/// Issue 14: the real client behind a reverse proxy, and nobody else's say-so.
@Suite struct TrustedProxyTests {
    static let proxies = try! TrustedProxies(["10.0.0.0/8", "192.0.2.7", "fd00::/8"])

    func client(_ peer: String, _ fields: HTTPFields, tls: Bool = false) -> (String?, Bool) {
        let answer = Self.proxies.client(peer: peer, headers: fields, overTLS: tls)
        return (answer.address, answer.https)
    }

    @Test func aTrustedProxysHeadersNameTheClient() {
        let xff = HTTPField.Name("X-Forwarded-For")!, proto = HTTPField.Name("X-Forwarded-Proto")!, forwarded = HTTPField.Name("Forwarded")!
        #expect(client("10.1.2.3", [xff: "203.0.113.9"]) == ("203.0.113.9", false))
        // The rightmost address that is not itself a trusted proxy: what the client wrote on the left is ignored.
        #expect(client("10.1.2.3", [xff: "6.6.6.6, 203.0.113.9, 10.9.9.9"]) == ("203.0.113.9", false))
        #expect(client("192.0.2.7", [xff: "203.0.113.9", proto: "https"]) == ("203.0.113.9", true))
        #expect(client("10.1.2.3", [forwarded: #"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#]) == ("2001:db8:cafe::17", true))
        #expect(client("10.1.2.3", [forwarded: "for=198.51.100.4:80;proto=http", xff: "6.6.6.6"]) == ("198.51.100.4", false), "Forwarded wins")
        #expect(client("fd00::1", [xff: "::ffff:203.0.113.9"]) == ("203.0.113.9", false))
        // Garbage stops the walk at the last trusted hop.
        #expect(client("10.1.2.3", [xff: "203.0.113.9, not-an-address"]) == ("10.1.2.3", false))
        #expect(client("10.1.2.3", [:]) == ("10.1.2.3", false))
    }

    @Test func anyoneElsesForwardingHeadersAreIgnored() {
        let xff = HTTPField.Name("X-Forwarded-For")!, proto = HTTPField.Name("X-Forwarded-Proto")!, forwarded = HTTPField.Name("Forwarded")!
        #expect(client("198.51.100.1", [xff: "203.0.113.9", proto: "https"]) == ("198.51.100.1", false))
        #expect(client("198.51.100.1", [forwarded: "for=203.0.113.9;proto=https"]) == ("198.51.100.1", false))
        #expect(client("192.0.2.8", [xff: "203.0.113.9"]) == ("192.0.2.8", false), "a /32 trusts one address")
        #expect(TrustedProxies.none.client(peer: "10.1.2.3", headers: [xff: "1.2.3.4"], overTLS: true) == ("10.1.2.3", true))
    }

    @Test func badNetworksAreRefusedByName() {
        for bad in ["10.0.0.0/33", "example.com", "::1/129", "10.0.0/8", "1.2.3.4/"] {
            #expect(throws: ProblemText.self) { try TrustedProxies([bad]) }
        }
    }

    @Test func ipv6ClientsCountPerSlash64() {
        #expect(IPAddress.limitKey("2001:db8:1:2:aaaa::1") == IPAddress.limitKey("2001:db8:1:2:ffff:1:2:3"))
        #expect(IPAddress.limitKey("2001:db8:1:2::1") != IPAddress.limitKey("2001:db8:1:3::1"))
        #expect(IPAddress.limitKey("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(IPAddress.limitKey("203.0.113.9") == "203.0.113.9")
    }

    /// Over a real socket: behind a trusted proxy on loopback each forwarded client has its own bucket;
    /// without the trust, forwarding headers change nothing.
    @Test func rateLimitsCountTheRealClient() async throws {
        let store = try await Fixtures.shippedStore()
        let xff = HTTPField.Name("X-Forwarded-For")!
        func statuses(trusting: [String]) async throws -> [HTTPResponse.Status] {
            let router = buildRouter(store, intake: testIntake(submissionsPerMinute: 1), trustedProxies: try TrustedProxies(trusting))
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            return try await app.test(.live) { client in
                var seen: [HTTPResponse.Status] = []
                for firm in ["203.0.113.5", "203.0.113.5", "203.0.113.6"] {
                    try await client.execute(uri: "/api/v1/requests", method: .post, headers: [.contentType: "application/json", xff: firm],
                                             body: ByteBuffer(string: "{}")) { seen.append($0.status) }
                }
                return seen
            }
        }
        #expect(try await statuses(trusting: ["127.0.0.1"]) == [.badRequest, .tooManyRequests, .badRequest])
        #expect(try await statuses(trusting: []) == [.badRequest, .tooManyRequests, .tooManyRequests])
    }

    @Test func theConsoleCookieIsSecureOnlyOverHTTPSAsConfigured() async throws {
        let store = try await Fixtures.shippedStore()
        let proto = HTTPField.Name("X-Forwarded-Proto")!
        func signInCookie(publicURL: String?, headers: HTTPFields) async throws -> String? {
            let router = buildRouter(store, intake: testIntake(), publicURL: publicURL)
            return try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/console/sign-in", method: .get, headers: headers) { response in
                    response.headers[values: .setCookie].first
                }
            }
        }
        let plain = try #require(try await signInCookie(publicURL: nil, headers: [proto: "https"]))
        #expect(plain.hasPrefix("onestop_signin=") && !plain.contains("Secure"), "a header from anyone changes nothing")
        let https = try #require(try await signInCookie(publicURL: "https://onestop.example.cn", headers: [:]))
        let attributes = https.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(https.hasPrefix("__Host-onestop_signin="))
        #expect(attributes.contains("Secure") && attributes.contains("Path=/") && attributes.contains("HttpOnly"))
        #expect(!https.lowercased().contains("domain"))
    }
}
