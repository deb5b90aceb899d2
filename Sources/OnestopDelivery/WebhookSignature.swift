import Crypto
import Foundation
import OnestopDomain

/// Standard Webhooks signatures: HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, sent as
/// `v1,<base64>` entries separated by spaces, one per secret valid at the time (two during rotation).
public enum WebhookSignature {
    /// Receivers refuse a timestamp further than this from their clock.
    public static let tolerance: TimeInterval = 5 * 60

    /// The `webhook-signature` header value for a message.
    public static func header(id: String, timestamp: Int, body: [UInt8], secrets: [WebhookSecret]) -> String {
        secrets.map { "v1," + sign(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }

    /// The POST of a Standard Webhooks message, signed with `secrets` (written `whsec_…`; others are skipped) at `date`.
    public static func request(url: String, id: String, body: [UInt8], secrets: [String], at date: Date) -> OutboundRequest {
        let timestamp = Int(date.timeIntervalSince1970)
        return OutboundRequest(url: url, headers: [
            ("Content-Type", "application/json"),
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", header(id: id, timestamp: timestamp, body: body, secrets: secrets.compactMap(WebhookSecret.init))),
        ], body: body)
    }

    static func sign(id: String, timestamp: Int, body: [UInt8], secret: WebhookSecret) -> String {
        var content = Array("\(id).\(timestamp).".utf8)
        content += body
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret.bytes))
        return Data(mac).base64EncodedString()
    }

    /// Why a message was not accepted.
    public enum Rejection: Error, Sendable, Equatable {
        case missingHeaders
        case badTimestamp
        case timestampOutOfTolerance
        case noMatchingSignature
    }

    /// Checks a received message the way a receiver must: the timestamp within tolerance of `now`, and
    /// at least one `v1` entry matching one of `secrets`, compared in constant time.
    public static func verify(id: String?, timestamp: String?, signature: String?, body: [UInt8], secrets: [WebhookSecret],
                              now: Date = Date()) -> Result<Void, Rejection> {
        guard let id, let timestamp, let signature, !id.isEmpty else { return .failure(.missingHeaders) }
        guard let seconds = Int(timestamp) else { return .failure(.badTimestamp) }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return .failure(.timestampOutOfTolerance) }
        let given = signature.split(separator: " ").compactMap { entry -> [UInt8]? in
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1" else { return nil }
            return Array(parts[1].utf8)
        }
        for secret in secrets {
            let expected = Array(sign(id: id, timestamp: seconds, body: body, secret: secret).utf8)
            if given.contains(where: { ConstantTime.equal($0, expected) }) { return .success(()) }
        }
        return .failure(.noMatchingSignature)
    }
}
