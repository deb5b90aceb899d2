import Foundation
import Hummingbird
import OnestopDomain

/// The request context of every onestop route: the caller's key once authenticated, and JSON coders
/// that write snake_case fields exactly as the domain types name them.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key the request was made with, set by `RequireKey`.
    public var key: AccessKey?
    /// The console session's CSRF token, set by `RequireConsoleSession`; every console form carries it.
    var csrf: String?

    /// The client's address, for per-client rate limits and the log: the TCP peer, or behind a trusted
    /// proxy the address it forwarded for (`ClientAddressMiddleware`); nil when unknown (tests without a socket).
    public internal(set) var clientAddress: String?
    /// Whether the client reached us over https: directly, through a trusted proxy that says so, or because
    /// `--public-url` is https. Decides the console cookie's `Secure` and `__Host-` prefix.
    public internal(set) var overHTTPS: Bool = false

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.key = nil
        self.csrf = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// What this client's rate limits count under: its IPv4 address or its IPv6 /64.
    var rateLimitKey: String { IPAddress.limitKey(clientAddress) }

    /// Bodies over 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    public var responseEncoder: StreamingJSONEncoder { StreamingJSONEncoder() }

    /// Foundation's encoder, for the rare problem+json bodies.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The request id that the access log and error bodies carry.
    var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }
}
