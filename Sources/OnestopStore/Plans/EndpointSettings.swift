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

    package static func mentions(_ json: String?) -> [String] { json.map(JSONStringList.decode) ?? [] }

    package static func mentionsJSON(_ mobiles: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(mobiles)) ?? Data("[]".utf8), as: UTF8.self)
    }


    /// The audit entry's changes for a new endpoint: never its secret.
    package static func creationChanges(_ new: NewEndpoint) -> [FieldChange] {
        var changes = [
            FieldChange(field: "station", old: nil, new: new.station), FieldChange(field: "url", old: nil, new: new.format.redacted(new.url)),
            FieldChange(field: "event_types", old: nil, new: EndpointEventTypes.json(new.eventTypes)),
        ]
        if new.format != .standard {
            changes.append(FieldChange(field: "format", old: nil, new: new.format.rawValue))
            changes.append(FieldChange(field: "signed", old: nil, new: String(!new.secret.isEmpty)))
        }
        if let keyword = new.keyword { changes.append(FieldChange(field: "keyword", old: nil, new: keyword)) }
        if !new.mentionMobiles.isEmpty { changes.append(FieldChange(field: "mention_mobiles", old: nil, new: mentionsJSON(new.mentionMobiles))) }
        if new.robotContact != .masked { changes.append(FieldChange(field: "robot_contact", old: nil, new: new.robotContact.rawValue)) }
        if let rate = new.rateLimit { changes.append(FieldChange(field: "rate_limit", old: nil, new: rate.description)) }
        return changes
    }

    /// What `update` changes in `old`: the audit's changes, and the columns to write.
    package static func changes(_ update: EndpointUpdate, to old: WebhookEndpoint) -> (audit: [FieldChange], columns: [(name: String, value: Value)]) {
        var audit: [FieldChange] = []
        var columns: [(String, Value)] = []
        if let url = update.url, url != old.url {
            audit.append(FieldChange(field: "url", old: old.displayURL, new: old.format.redacted(url)))
            columns.append(("url", .text(url)))
        }
        if let types = update.eventTypes, Set(types) != Set(old.eventTypes) {
            let json = EndpointEventTypes.json(types)
            audit.append(FieldChange(field: "event_types", old: EndpointEventTypes.json(old.eventTypes), new: json))
            columns.append(("event_types", .json(json)))
        }
        if let description = update.description, description != old.description {
            audit.append(FieldChange(field: "description", old: old.description, new: description))
            columns.append(("description", .text(description)))
        }
        if let keyword = update.keyword, keyword != old.keyword {
            audit.append(FieldChange(field: "keyword", old: old.keyword, new: keyword))
            columns.append(("keyword", .text(keyword)))
        }
        if let mobiles = update.mentionMobiles, mobiles != old.mentionMobiles {
            let json = mentionsJSON(mobiles)
            audit.append(FieldChange(field: "mention_mobiles", old: mentionsJSON(old.mentionMobiles), new: json))
            columns.append(("mention_mobiles", .json(json)))
        }
        if let contact = update.robotContact, contact != old.robotContact {
            audit.append(FieldChange(field: "robot_contact", old: old.robotContact.rawValue, new: contact.rawValue))
            columns.append(("robot_contact", .text(contact.rawValue)))
        }
        if let rate = update.rateLimit {
            let effective = Self.rate(old.format, perMinute: rate?.perMinute.map(Int64.init), perSecond: rate?.perSecond.map(Int64.init))
            if effective != old.rateLimit {
                audit.append(FieldChange(field: "rate_limit", old: old.rateLimit?.description, new: effective?.description))
                columns.append(("rate_per_minute", .integer(rate?.perMinute.map(Int64.init))))
                columns.append(("rate_per_second", .integer(rate?.perSecond.map(Int64.init))))
            }
        }
        return (audit, columns)
    }

    /// A column value an update writes.
    package enum Value {
        case text(String?)
        case json(String)
        case integer(Int64?)
    }
}

/// The columns of an endpoint that sending to it needs, as both stores read them for a claim.
package struct EndpointSendColumns {
    package var url: String
    package var secret: String
    package var previousSecret: String?
    package var previousSecretUntil: Int64?
    package var format: String
    package var keyword: String?
    /// A JSON array.
    package var mentionMobiles: String?
    package var robotContact: String?
    package var ratePerMinute: Int64?
    package var ratePerSecond: Int64?

    package init(url: String, secret: String, previousSecret: String? = nil, previousSecretUntil: Int64? = nil, format: String, keyword: String? = nil, mentionMobiles: String? = nil, robotContact: String? = nil, ratePerMinute: Int64? = nil, ratePerSecond: Int64? = nil) {
        self.url = url
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil
        self.format = format
        self.keyword = keyword
        self.mentionMobiles = mentionMobiles
        self.robotContact = robotContact
        self.ratePerMinute = ratePerMinute
        self.ratePerSecond = ratePerSecond
    }

    /// A claimed delivery to this endpoint, with the secrets that sign at `now` (milliseconds).
    package func claimed(id: Int64, lease: Int64, leaseUntil: Date, messageID: String, endpoint: String, eventType: WebhookEventType, payload: [UInt8],
                 attempts: Int, now: Int64) -> ClaimedDelivery {
        let format = EndpointSettings.format(format)
        return ClaimedDelivery(
            id: id, lease: lease, leaseUntil: leaseUntil, messageID: messageID, endpoint: endpoint, url: url,
            secrets: EndpointSettings.secrets(current: secret, previous: previousSecret, previousUntil: previousSecretUntil, now: now),
            format: format, keyword: keyword, mentionMobiles: EndpointSettings.mentions(mentionMobiles),
            robotContact: EndpointSettings.contact(robotContact),
            rateLimit: EndpointSettings.rate(format, perMinute: ratePerMinute, perSecond: ratePerSecond),
            eventType: eventType, payload: payload, attempts: attempts)
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
