import Foundation

/// Who reads a request's timeline, for `RequestEvent.isVisible(to:)`.
public enum TimelineReader: Sendable, Equatable {
    case firm
    case station(String)
    case staff
}
