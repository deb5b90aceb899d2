import Foundation
import OnestopDomain

/// A send time under an endpoint's rate limit.
public struct SendReservation: Sendable {
    /// When the send may be made: reserved when `reserved`, else the earliest it could be.
    public var at: Date
    public var reserved: Bool
    /// The endpoint's sends and pause as the store knows them, this reservation included.
    public var window: RateWindow
}
