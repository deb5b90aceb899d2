import Foundation
import OnestopDomain

/// An open console session and the key it acts with.
public struct ConsoleSession: Sendable, Equatable {
    public var key: AccessKey
    public var expiresAt: Date

    public init(key: AccessKey, expiresAt: Date) {
        self.key = key
        self.expiresAt = expiresAt
    }
}
