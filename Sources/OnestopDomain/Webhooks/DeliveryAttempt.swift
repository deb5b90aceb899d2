import Foundation

/// One try at sending a delivery, as recorded.
public struct DeliveryAttempt: Sendable, Equatable, Codable {
    public var at: Date
    public var statusCode: Int?
    public var durationMilliseconds: Int
    /// The start of the response body (at most 20 KB).
    public var response: String?
    public var error: String?

    public init(at: Date, statusCode: Int?, durationMilliseconds: Int, response: String?, error: String?) {
        self.at = at
        self.statusCode = statusCode
        self.durationMilliseconds = durationMilliseconds
        self.response = response
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case at, statusCode = "status_code", durationMilliseconds = "duration_ms", response, error
    }
}
