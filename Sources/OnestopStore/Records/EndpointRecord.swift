import Foundation
import OnestopDomain

/// A row of `webhook_endpoint`: a station's webhook or group robot, the secrets that sign for it and its health.
/// An empty `secret` is a robot without signing, or an endpoint deleted (its row kept for the delivery history).
package struct EndpointRecord: Codable, Equatable, Sendable, TableRow {
    /// The table the record is a row of.
    package static let table = "webhook_endpoint"
    package var id: String
    package var stationId: String
    package var url: String
    /// Sorted, without repeats; empty: every event type.
    package var eventTypes: [String]
    package var description: String?
    package var enabled: Bool
    package var secret: String
    package var previousSecret: String?
    package var previousSecretUntil: Int64?
    package var createdAt: Int64
    package var updatedAt: Int64
    package var disabledAt: Int64?
    package var disabledReason: String?
    package var failingSince: Int64?
    package var lastSuccessAt: Int64?
    package var deletedAt: Int64?
    package var format: String
    package var keyword: String?
    package var mentionMobiles: [String]
    /// Null: the platform's limit.
    package var ratePerMinute: Int64?
    package var ratePerSecond: Int64?
    package var pausedUntil: Int64?
    package var robotContact: String

    package init(id: String, stationId: String, url: String, eventTypes: [String], description: String? = nil, enabled: Bool, secret: String, previousSecret: String? = nil, previousSecretUntil: Int64? = nil, createdAt: Int64, updatedAt: Int64, disabledAt: Int64? = nil, disabledReason: String? = nil, failingSince: Int64? = nil, lastSuccessAt: Int64? = nil, deletedAt: Int64? = nil, format: String, keyword: String? = nil, mentionMobiles: [String], ratePerMinute: Int64? = nil, ratePerSecond: Int64? = nil, pausedUntil: Int64? = nil, robotContact: String) {
        self.id = id
        self.stationId = stationId
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.enabled = enabled
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
        self.failingSince = failingSince
        self.lastSuccessAt = lastSuccessAt
        self.deletedAt = deletedAt
        self.format = format
        self.keyword = keyword
        self.mentionMobiles = mentionMobiles
        self.ratePerMinute = ratePerMinute
        self.ratePerSecond = ratePerSecond
        self.pausedUntil = pausedUntil
        self.robotContact = robotContact
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, stationId = "station_id", url, eventTypes = "event_types", description, enabled, secret, previousSecret = "previous_secret",
            previousSecretUntil = "previous_secret_until", createdAt = "created_at", updatedAt = "updated_at", disabledAt = "disabled_at",
            disabledReason = "disabled_reason", failingSince = "failing_since", lastSuccessAt = "last_success_at", deletedAt = "deleted_at",
            format, keyword, mentionMobiles = "mention_mobiles", ratePerMinute = "rate_per_minute", ratePerSecond = "rate_per_second",
            pausedUntil = "paused_until", robotContact = "robot_contact"
    }

    /// The row of a new endpoint, enabled.
    package init(_ new: NewEndpoint, id: String) {
        let at = Milliseconds.from(new.at)
        self.id = id
        stationId = new.station
        url = new.url
        eventTypes = EndpointEventTypes.sorted(new.eventTypes)
        description = new.description
        enabled = true
        secret = new.secret
        createdAt = at
        updatedAt = at
        format = new.format.rawValue
        keyword = new.keyword
        mentionMobiles = new.mentionMobiles
        ratePerMinute = new.rateLimit?.perMinute.map(Int64.init)
        ratePerSecond = new.rateLimit?.perSecond.map(Int64.init)
        robotContact = new.robotContact.rawValue
    }

    package var isDeleted: Bool { deletedAt != nil }

    /// The row as stored: its URL and secrets sealed under `key` (what is sealed already stays as it is).
    package func sealed(with key: DataKey) -> EndpointRecord {
        func seal(_ text: String) -> String { DataKey.isSealed(text) ? text : key.seal(text) }
        var record = self
        record.url = seal(url)
        record.secret = seal(secret)
        record.previousSecret = previousSecret.map(seal)
        return record
    }

    /// The row as read: its URL and secrets opened with `key`.
    package func opened(with key: DataKey) throws -> EndpointRecord {
        var record = self
        record.url = try key.open(url)
        record.secret = try key.open(secret)
        record.previousSecret = try previousSecret.map(key.open)
        return record
    }

    /// Whether anything of the row is still stored in plain text (written before secrets were sealed).
    package var hasPlainSecrets: Bool {
        !DataKey.isSealed(url) || !(secret.isEmpty || DataKey.isSealed(secret)) || !(previousSecret.map { $0.isEmpty || DataKey.isSealed($0) } ?? true)
    }

    package var endpointFormat: EndpointFormat { EndpointSettings.format(format) }

    /// The endpoint as the API shows it: never its secrets.
    package var endpoint: WebhookEndpoint {
        let format = endpointFormat
        return WebhookEndpoint(
            id: id, station: stationId, url: url, format: format, signed: !secret.isEmpty, keyword: keyword, mentionMobiles: mentionMobiles,
            robotContact: EndpointSettings.contact(robotContact), rateLimit: EndpointSettings.rate(format, perMinute: ratePerMinute, perSecond: ratePerSecond),
            eventTypes: eventTypes.compactMap(WebhookEventType.init(rawValue:)), description: description, enabled: enabled,
            createdAt: Milliseconds.date(createdAt), updatedAt: Milliseconds.date(updatedAt), disabledAt: disabledAt.map(Milliseconds.date),
            disabledReason: disabledReason, failingSince: failingSince.map(Milliseconds.date), lastSuccessAt: lastSuccessAt.map(Milliseconds.date),
            previousSecretUntil: previousSecretUntil.map(Milliseconds.date), pausedUntil: pausedUntil.map(Milliseconds.date))
    }

    /// The secrets that sign an attempt at `now` (milliseconds): the current one first; none for a robot without signing.
    package func secrets(at now: Int64) -> [String] {
        EndpointSettings.secrets(current: secret, previous: previousSecret, previousUntil: previousSecretUntil, now: now)
    }

    /// A delivery to this endpoint as a worker sends it, with the secrets that sign at `now` (milliseconds).
    package func claimed(_ delivery: DeliveryRecord, lease: Int64, leaseUntil: Date, now: Int64) -> ClaimedDelivery? {
        guard let type = WebhookEventType(rawValue: delivery.eventType) else { return nil }
        let format = endpointFormat
        return ClaimedDelivery(
            id: delivery.id ?? 0, lease: lease, leaseUntil: leaseUntil, messageID: delivery.messageId, endpoint: id, url: url,
            secrets: secrets(at: now), format: format, keyword: keyword, mentionMobiles: mentionMobiles,
            robotContact: EndpointSettings.contact(robotContact),
            rateLimit: EndpointSettings.rate(format, perMinute: ratePerMinute, perSecond: ratePerSecond),
            eventType: type, payload: Array(delivery.payload ?? Data()), attempts: delivery.attempts)
    }
}
