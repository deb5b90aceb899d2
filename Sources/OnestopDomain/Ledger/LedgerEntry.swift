import Foundation

/// One request as the work ledger (工作台账) lists it: who asked for what, who served it, and the dates.
public struct LedgerEntry: Sendable, Equatable {
    public var id: String
    public var firm: String
    public var creditCode: String
    /// The service's code and name, or the category's name when the firm asked by category.
    public var service: String
    public var station: String
    public var caseworker: String
    public var receivedAt: Date
    public var acceptedAt: Date?
    public var promisedOn: CivilDay?
    public var completedAt: Date?
    public var status: RequestStatus
    /// What the station reported on completion, why it was closed, or why the firm withdrew.
    public var outcome: String

    public init(id: String, firm: String, creditCode: String, service: String, station: String, caseworker: String, receivedAt: Date,
                acceptedAt: Date?, promisedOn: CivilDay?, completedAt: Date?, status: RequestStatus, outcome: String) {
        self.id = id
        self.firm = firm
        self.creditCode = creditCode
        self.service = service
        self.station = station
        self.caseworker = caseworker
        self.receivedAt = receivedAt
        self.acceptedAt = acceptedAt
        self.promisedOn = promisedOn
        self.completedAt = completedAt
        self.status = status
        self.outcome = outcome
    }
}
