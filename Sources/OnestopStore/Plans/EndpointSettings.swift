import Foundation
import OnestopDomain

/// How both stores keep an endpoint's format and robot settings: `format` text, `keyword`, `mention_mobiles` as a
/// JSON array, `robot_contact` text (`masked` or `full`), and `rate_per_minute`/`rate_per_second`, null for the platform's limit.
package enum EndpointSettings {
    package static func format(_ text: String?) -> EndpointFormat { text.flatMap(EndpointFormat.init(rawValue:)) ?? .standard }

    /// The configured limit, each window falling back to the platform's.
    package static func rate(_ format: EndpointFormat, perMinute: Int64?, perSecond: Int64?) -> EndpointRate? {
        let platform = format.defaultRate
        let rate = EndpointRate(perMinute: perMinute.map(Int.init) ?? platform?.perMinute, perSecond: perSecond.map(Int.init) ?? platform?.perSecond)
        return rate.perMinute == nil && rate.perSecond == nil ? nil : rate
    }

    /// Whether an endpoint's deliveries are claimed a few at a time, oldest first: robots (whose format never changes,
    /// so that the worker, which learns it from the first claim, always agrees).
    package static let robotSQL = "(e.format <> 'standard')"

    /// The secrets that sign an attempt at `now`: none for a robot without signing.
    package static func secrets(current: String, previous: String?, previousUntil: Int64?, now: Int64) -> [String] {
        guard !current.isEmpty else { return [] }
        if let previous, !previous.isEmpty, let previousUntil, previousUntil > now { return [current, previous] }
        return [current]
    }

    package static func contact(_ text: String?) -> RobotContact { text.flatMap(RobotContact.init(rawValue:)) ?? .masked }

    package static func mentionsJSON(_ mobiles: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(mobiles)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension SendReservation {
    /// What a reservation decides, given the endpoint's latest sends (oldest first) and pause as the store holds
    /// them: the earliest time within the rate, reserved unless it is later than `latest`. The store writes
    /// `at` when `reserved`.
    package static func decide(rate: EndpointRate, minute: Duration, sent: [Date], pausedUntil: Date?, now: Date, latest: Date) -> SendReservation {
        var window = RateWindow(rate: rate, minute: minute, sent: sent, pausedUntil: pausedUntil)
        let earliest = window.earliest(from: now)
        guard earliest <= latest else { return SendReservation(at: earliest, reserved: false, window: window) }
        return SendReservation(at: window.reserve(from: now), reserved: true, window: window)
    }
}
