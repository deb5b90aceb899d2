import Foundation

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
