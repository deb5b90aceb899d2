import Foundation

/// How long a firm may evaluate, and how long a station has to follow up a bad review.
public struct EvaluationPolicy: Sendable, Equatable {
    /// Calendar days after the request was closed during which the firm may evaluate it.
    public var windowDays: Int
    /// Working days the station has to record what it did about a bad review (整改反馈).
    public var followUpWorkingDays: Int

    public init(windowDays: Int = 30, followUpWorkingDays: Int = 5) {
        self.windowDays = windowDays
        self.followUpWorkingDays = followUpWorkingDays
    }

    public static let standard = EvaluationPolicy()

    /// When the firm's window to evaluate `request` closes: `windowDays` after it was completed or closed as
    /// unserviceable; nil for a request that is not (yet) either.
    public func window(of request: ServiceRequest) -> Date? {
        guard request.status == .completed || request.status == .unserviceable else { return nil }
        return (request.closedAt ?? request.updatedAt).addingTimeInterval(TimeInterval(windowDays) * 86_400)
    }

    /// Until when the firm may still evaluate `request` at `now`: nil once evaluated, before it is closed, and after its window.
    public func openUntil(_ request: ServiceRequest, evaluated: Bool, at now: Date) -> Date? {
        guard !evaluated, let closes = window(of: request), now <= closes else { return nil }
        return closes
    }
}
