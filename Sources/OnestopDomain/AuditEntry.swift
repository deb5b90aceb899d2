import Foundation

/// One change to the catalog or the keys: who made it, when, and each field's old and new value.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var entity: Entity
    public var entityID: String
    public var action: Action
    public var changes: [FieldChange]

    public enum Entity: String, Codable, Sendable, CaseIterable {
        case region, category, station, service, key, endpoint
    }

    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, retire, revoke, delete
    }

    public init(id: Int64, at: Date, actor: String, entity: Entity, entityID: String, action: Action, changes: [FieldChange]) {
        self.id = id
        self.at = at
        self.actor = actor
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case id, at, actor, entity, entityID = "entity_id", action, changes
    }
}

/// One field's old and new value, each as JSON text (nil when the field was absent).
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// The fields whose values differ between `old` and `new`, compared as JSON.
    /// With no `old` every present field of `new` is listed. `ignoring` names fields the store manages.
    public static func diff<T: Encodable>(old: T?, new: T, ignoring: Set<String> = []) -> [FieldChange] {
        let before = old.map { fieldValues($0) } ?? [:]
        let after = fieldValues(new)
        return Set(before.keys).union(after.keys)
            .subtracting(ignoring)
            .sorted()
            .compactMap { key in
                before[key] == after[key] ? nil : FieldChange(field: key, old: before[key], new: after[key])
            }
    }

    static func fieldValues<T: Encodable>(_ value: T) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var result: [String: String] = [:]
        for (key, field) in object {
            guard let data = try? JSONSerialization.data(withJSONObject: field, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else { continue }
            result[key] = String(decoding: data, as: UTF8.self)
        }
        return result
    }
}
