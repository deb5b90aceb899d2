import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    public static let trackingToken = HTTPField.Name("X-Tracking-Token")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// Set by a proxy that terminates TLS in front of onestop.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

extension Request {
    /// Whether the browser reached us over https: directly, or through a proxy that says so.
    var cameOverHTTPS: Bool {
        head.scheme == "https" || headers[.forwardedProto]?.lowercased() == "https"
    }
}
