import Foundation
import OnestopDomain

/// A new signing secret for an endpoint: the old one keeps signing beside it until `overlapUntil`. A robot's secret,
/// which its platform gives, replaces the old one at once (`overlapUntil` now); empty, the robot no longer signs.
public struct SecretChange: Sendable, Equatable {
    public var secret: String
    public var overlapUntil: Date

    public init(secret: String, overlapUntil: Date) {
        self.secret = secret
        self.overlapUntil = overlapUntil
    }
}
