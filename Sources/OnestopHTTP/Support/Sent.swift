/// One field of a JSON body as the client sent it: absent, null, a value of the expected type, or something
/// else. Decoding a body of these never stops at the first wrong field, so that a controller can answer every
/// problem at once, each in its own words.
enum Sent<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)
    case wrongType

    /// The value when one of the expected type was sent.
    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// As partial updates take it: nil to leave the field, `.some(nil)` to clear it, `.some(value)` to set it;
    /// nil also for a value of the wrong type, which the caller reports.
    var update: Value?? {
        switch self {
        case .absent, .wrongType: nil
        case .null: .some(nil)
        case .value(let value): .some(value)
        }
    }
}

extension Sent {
    /// The value as a plain `Decodable` field reads it: nil for absent or null, and for any other type the
    /// problem JSONDecoder's own mismatch gives.
    func decoded(field: String) throws -> Value?? {
        switch self {
        case .absent: return nil
        case .null: return .some(nil)
        case .value(let value): return .some(value)
        case .wrongType:
            let expected = JSONBody.name(of: Value.self)
            throw APIError.validationFailed([.init(field: field, message: "类型不正确，应为 \(expected)", messageEn: "wrong type, expected \(expected)")])
        }
    }
}

extension Sent: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Value.self) {
            self = .value(value)
        } else {
            self = .wrongType
        }
    }
}

extension KeyedDecodingContainer {
    /// A field that is not there is `.absent`, not a missing key.
    func decode<Value>(_ type: Sent<Value>.Type, forKey key: Key) throws -> Sent<Value> {
        guard contains(key) else { return .absent }
        return try Sent(from: try superDecoder(forKey: key))
    }
}
