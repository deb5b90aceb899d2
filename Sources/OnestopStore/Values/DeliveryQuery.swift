import Foundation
import OnestopDomain

public struct DeliveryQuery: Sendable, Equatable {
    public var status: Delivery.Status?
    public var endpoint: String?
    public var requestID: String?
    public var from: Date?
    public var to: Date?
    public var page: PageRequest

    public init(status: Delivery.Status? = nil, endpoint: String? = nil, requestID: String? = nil, from: Date? = nil, to: Date? = nil,
                page: PageRequest = PageRequest()) {
        self.status = status
        self.endpoint = endpoint
        self.requestID = requestID
        self.from = from
        self.to = to
        self.page = page
    }
}
