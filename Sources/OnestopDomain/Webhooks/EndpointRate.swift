import Foundation

/// How many messages an endpoint may be sent: at most `perMinute` in any 60 seconds and `perSecond` in any second.
public struct EndpointRate: Sendable, Equatable, Codable, CustomStringConvertible {
    public var perMinute: Int?
    public var perSecond: Int?

    public init(perMinute: Int? = nil, perSecond: Int? = nil) {
        self.perMinute = perMinute
        self.perSecond = perSecond
    }

    enum CodingKeys: String, CodingKey {
        case perMinute = "per_minute", perSecond = "per_second"
    }

    /// `20/min, 5/s`.
    public var description: String {
        [perMinute.map { "\($0)/min" }, perSecond.map { "\($0)/s" }].compactMap { $0 }.joined(separator: ", ")
    }
}
