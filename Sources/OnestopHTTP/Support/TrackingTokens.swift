import Crypto
import Foundation
import OnestopDomain

/// A firm's private tracking token: `trk_` and the base64url HMAC-SHA256 (256 bits) of the request id
/// and a random nonce kept with the request, under the server's secret. Neither the database nor the
/// secret alone can produce a token, and a retried submission can be answered with the same token.
public struct TrackingTokens: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    public func token(requestID: String, nonce: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("tracking:\(requestID):\(nonce)".utf8), using: key)
        return "trk_" + Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A value only this server can compute from `value`, for `purpose`: the console's CSRF tokens.
    public func mac(_ purpose: String, _ value: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("\(purpose):\(value)".utf8), using: key).prefix(16))
    }

    /// Whether `token` is the request's token, compared in constant time.
    public func verify(_ token: String, requestID: String, nonce: String) -> Bool {
        ConstantTime.equal(token, self.token(requestID: requestID, nonce: nonce))
    }

    /// 32 random bytes, for a new server secret or a request's nonce.
    public static func randomBytes(_ count: Int = 32) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public static func randomNonce() -> String {
        Hex.string(randomBytes(16))
    }
}
