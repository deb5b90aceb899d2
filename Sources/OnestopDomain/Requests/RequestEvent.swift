import Foundation

/// One entry of a request's timeline, kept forever.
public struct RequestEvent: Codable, Sendable, Equatable {
    public var at: Date
    /// `firm`, `station:jinzhai`, `staff:ops-alice (key_…)` or `system`.
    public var actor: String
    /// What was done; nil for the submission itself.
    public var action: RequestAction?
    public var from: RequestStatus?
    public var to: RequestStatus
    public var note: String?
    /// Internal notes are for stations and staff; the firm never sees them.
    public var isInternal: Bool

    public init(at: Date, actor: String, action: RequestAction?, from: RequestStatus?, to: RequestStatus, note: String? = nil, isInternal: Bool = false) {
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.note = note
        self.isInternal = isInternal
    }

    enum CodingKeys: String, CodingKey {
        case at, actor, action, from, to, note, isInternal = "internal"
    }

    /// Whether `reader` may see this entry: an internal one is for staff and for the station that wrote it,
    /// never for the firm and never for another station, the one a request is reassigned to included.
    public func isVisible(to reader: TimelineReader) -> Bool {
        guard isInternal else { return true }
        switch reader {
        case .staff: return true
        case .firm: return false
        case .station(let station): return actor == "station:\(station)"
        }
    }
}
