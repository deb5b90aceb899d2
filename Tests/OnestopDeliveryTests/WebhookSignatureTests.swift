import Foundation
import OnestopDelivery
import Testing

@Suite struct WebhookSignatureTests {
    static let secret = WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!
    static let body = Array(#"{"test": 2432232314}"#.utf8)

    /// The vector the reference verifier (standardwebhooks on PyPI) produces for the same input.
    @Test func matchesTheReferenceVector() {
        let header = WebhookSignature.header(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Self.body, secrets: [Self.secret])
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func duringRotationEverySecretSigns() {
        let fresh = WebhookSecret.generate()
        let header = WebhookSignature.header(id: "msg_1", timestamp: 1_700_000_000, body: Self.body, secrets: [fresh, Self.secret])
        let entries = header.split(separator: " ")
        #expect(entries.count == 2 && entries.allSatisfy { $0.hasPrefix("v1,") })
        let now = Date(timeIntervalSince1970: 1_700_000_100)
        for secret in [fresh, Self.secret] {
            #expect((try? WebhookSignature.verify(id: "msg_1", timestamp: "1700000000", signature: header, body: Self.body, secrets: [secret], now: now).get()) != nil)
        }
    }

    @Test func receiversRejectWhatTheyMust() {
        let now = Date(timeIntervalSince1970: 1_614_265_330)
        let header = WebhookSignature.header(id: "msg_1", timestamp: 1_614_265_330, body: Self.body, secrets: [Self.secret])
        func verify(id: String? = "msg_1", timestamp: String? = "1614265330", signature: String? = nil, body: [UInt8] = Self.body, at date: Date = now) -> WebhookSignature.Rejection? {
            if case .failure(let rejection) = WebhookSignature.verify(id: id, timestamp: timestamp, signature: signature ?? header, body: body, secrets: [Self.secret], now: date) {
                return rejection
            }
            return nil
        }
        #expect(verify() == nil)
        #expect(verify(body: Array(#"{"test": 1}"#.utf8)) == .noMatchingSignature)
        #expect(verify(id: "msg_2") == .noMatchingSignature)
        #expect(verify(signature: "v2," + header.dropFirst(3)) == .noMatchingSignature)
        #expect(verify(timestamp: "soon") == .badTimestamp)
        #expect(verify(id: nil) == .missingHeaders)
        #expect(verify(at: now.addingTimeInterval(301)) == .timestampOutOfTolerance)
        #expect(verify(at: now.addingTimeInterval(-299)) == nil)
    }

    @Test func secretsReadBackAndNeverPrintThemselves() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.text.hasPrefix("whsec_"))
        #expect(WebhookSecret(secret.text) == secret)
        #expect(!"\(secret)".contains(secret.text.dropFirst(6)))
        #expect(WebhookSecret("whsec_" + Data(repeating: 1, count: 8).base64EncodedString()) == nil)
        #expect(WebhookSecret("not-a-secret") == nil)
    }
}
