import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    public static let trackingToken = HTTPField.Name("X-Tracking-Token")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// Set by a proxy in front of onestop; believed only from a trusted proxy (`TrustedProxies`).
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// RFC 7239.
    static let forwarded = HTTPField.Name("Forwarded")!
    /// Where a browser's request came from (`same-origin`, `cross-site`…), for `CrossOriginGuard`.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
