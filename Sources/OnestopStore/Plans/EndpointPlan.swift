import Foundation
import OnestopDomain

/// What each change to an endpoint writes, decided apart from any database from the row as stored: the row
/// after it and the audit entry. Each store reads the row (locked for the change), asks the plan and writes
/// both in one transaction; a deletion also fails the endpoint's pending deliveries and forgets its sends.
package enum EndpointPlan {
    /// One endpoint row to write and the audit entry that says why.
    package struct Write: Sendable {
        package var record: EndpointRecord
        package var audit: AuditRecord
    }

    package static func create(_ new: NewEndpoint, id: String) -> Write {
        Write(record: EndpointRecord(new, id: id), audit: AuditRecord(.endpoint, id, .create, changes: creationChanges(new), actor: new.actor, at: new.at))
    }

    /// The update made true; nil when it changes nothing.
    package static func update(_ old: EndpointRecord, _ update: EndpointUpdate, actor: String, at: Date) -> Write? {
        var record = old
        var changes: [FieldChange] = []
        let endpoint = old.endpoint
        if let url = update.url, url != old.url {
            changes.append(FieldChange(field: "url", old: endpoint.displayURL, new: endpoint.format.redacted(url)))
            record.url = url
        }
        if let types = update.eventTypes, Set(types) != Set(endpoint.eventTypes) {
            changes.append(FieldChange(field: "event_types", old: EndpointEventTypes.json(endpoint.eventTypes), new: EndpointEventTypes.json(types)))
            record.eventTypes = EndpointEventTypes.sorted(types)
        }
        if let description = update.description, description != old.description {
            changes.append(FieldChange(field: "description", old: old.description, new: description))
            record.description = description
        }
        if let keyword = update.keyword, keyword != old.keyword {
            changes.append(FieldChange(field: "keyword", old: old.keyword, new: keyword))
            record.keyword = keyword
        }
        if let mobiles = update.mentionMobiles, mobiles != old.mentionMobiles {
            changes.append(FieldChange(field: "mention_mobiles", old: EndpointSettings.mentionsJSON(old.mentionMobiles), new: EndpointSettings.mentionsJSON(mobiles)))
            record.mentionMobiles = mobiles
        }
        if let contact = update.robotContact, contact != endpoint.robotContact {
            changes.append(FieldChange(field: "robot_contact", old: endpoint.robotContact.rawValue, new: contact.rawValue))
            record.robotContact = contact.rawValue
        }
        if let rate = update.rateLimit {
            let perMinute = rate?.perMinute.map(Int64.init), perSecond = rate?.perSecond.map(Int64.init)
            let effective = EndpointSettings.rate(endpoint.format, perMinute: perMinute, perSecond: perSecond)
            if effective != endpoint.rateLimit {
                changes.append(FieldChange(field: "rate_limit", old: endpoint.rateLimit?.description, new: effective?.description))
                record.ratePerMinute = perMinute
                record.ratePerSecond = perSecond
            }
        }
        if let change = update.secret {
            changes.append(FieldChange(field: "secret", old: "(previous)", new: "(rotated)"))
            record.previousSecret = old.secret
            record.secret = change.secret
            record.previousSecretUntil = Milliseconds.from(change.overlapUntil)
        }
        guard !changes.isEmpty else { return nil }
        record.updatedAt = Milliseconds.from(at)
        return Write(record: record, audit: AuditRecord(.endpoint, old.id, .update, changes: changes, actor: actor, at: at))
    }

    /// Staff enabling or disabling the endpoint; nil when it already is. Enabling starts its health afresh.
    package static func setEnabled(_ old: EndpointRecord, enabled: Bool, reason: String?, actor: String, at: Date) -> Write? {
        guard old.enabled != enabled else { return nil }
        var record = old
        let now = Milliseconds.from(at)
        record.enabled = enabled
        if enabled {
            record.disabledAt = nil
            record.disabledReason = nil
            record.failingSince = nil
            record.pausedUntil = nil
        } else {
            record.disabledAt = now
            record.disabledReason = reason ?? "disabled by \(actor)"
        }
        record.updatedAt = now
        return Write(record: record, audit: AuditRecord(
            .endpoint, old.id, .update, changes: [FieldChange(field: "enabled", old: String(old.enabled), new: String(enabled))], actor: actor, at: at))
    }

    /// onestop disabling a failing endpoint on its own: the write and the alert for staff; nil when it is not enabled.
    package static func disable(_ old: EndpointRecord, reason: String, at: Date) -> (write: Write, alert: StaffAlertRecord)? {
        guard old.enabled, !old.isDeleted else { return nil }
        var record = old
        let now = Milliseconds.from(at)
        record.enabled = false
        record.disabledAt = now
        record.disabledReason = StorableText.clean(reason)
        record.updatedAt = now
        let audit = AuditRecord(.endpoint, old.id, .update, changes: [FieldChange(field: "enabled", old: "true", new: "false")], actor: "system", at: at)
        let alert = StaffAlertRecord(at: now, kind: .endpointDisabled, endpoint: old, message: DeliveryHealth.disabledMessage(old.endpoint, reason: reason))
        return (Write(record: record, audit: audit), alert)
    }

    /// The endpoint removed: its row kept for the history, its secrets forgotten.
    package static func delete(_ old: EndpointRecord, actor: String, at: Date) -> Write {
        var record = old
        let now = Milliseconds.from(at)
        record.deletedAt = now
        record.enabled = false
        record.secret = ""
        record.previousSecret = nil
        record.updatedAt = now
        return Write(record: record, audit: AuditRecord(.endpoint, old.id, .delete, changes: [], actor: actor, at: at))
    }

    /// The audit entry's changes for a new endpoint: never its secret.
    static func creationChanges(_ new: NewEndpoint) -> [FieldChange] {
        var changes = [
            FieldChange(field: "station", old: nil, new: new.station), FieldChange(field: "url", old: nil, new: new.format.redacted(new.url)),
            FieldChange(field: "event_types", old: nil, new: EndpointEventTypes.json(new.eventTypes)),
        ]
        if new.format != .standard {
            changes.append(FieldChange(field: "format", old: nil, new: new.format.rawValue))
            changes.append(FieldChange(field: "signed", old: nil, new: String(!new.secret.isEmpty)))
        }
        if let keyword = new.keyword { changes.append(FieldChange(field: "keyword", old: nil, new: keyword)) }
        if !new.mentionMobiles.isEmpty {
            changes.append(FieldChange(field: "mention_mobiles", old: nil, new: EndpointSettings.mentionsJSON(new.mentionMobiles)))
        }
        if new.robotContact != .masked { changes.append(FieldChange(field: "robot_contact", old: nil, new: new.robotContact.rawValue)) }
        if let rate = new.rateLimit { changes.append(FieldChange(field: "rate_limit", old: nil, new: rate.description)) }
        return changes
    }
}
