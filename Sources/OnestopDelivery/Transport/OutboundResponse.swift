import Foundation
import OnestopDomain

/// What came back from one POST: the answer, or why there was none.
public struct OutboundResponse: Sendable {
    /// The HTTP status; nil when the transfer failed before a complete answer arrived.
    public var status: Int?
    public var headers: [(name: String, value: String)]
    /// At most the transport's limit (20 KB by default) of the body.
    public var body: [UInt8]
    public var bodyTruncated: Bool
    public var duration: Duration
    /// libcurl's description of what went wrong, when something did.
    public var error: String?
    public var timedOut: Bool
    /// How many connections were opened for this request: 0 when a kept-alive one was reused.
    public var newConnections: Int
    /// Why nothing was sent: the address to connect to is one the address policy refuses.
    public var refusal: EndpointAddressPolicy.Refusal?

    public init(status: Int?, headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyTruncated: Bool = false,
                duration: Duration = .zero, error: String? = nil, timedOut: Bool = false, newConnections: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.duration = duration
        self.error = error
        self.timedOut = timedOut
        self.newConnections = newConnections
    }

    static func failure(_ error: String, timedOut: Bool) -> OutboundResponse {
        OutboundResponse(status: nil, error: error, timedOut: timedOut)
    }

    static func refused(_ refusal: EndpointAddressPolicy.Refusal) -> OutboundResponse {
        var response = OutboundResponse(status: nil, error: "refused: \(refusal.en)")
        response.refusal = refusal
        return response
    }

    /// The first header of that name, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
