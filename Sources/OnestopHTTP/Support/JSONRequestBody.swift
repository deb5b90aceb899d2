/// A JSON request body read as a `Decodable` type. `fieldNames` are the fields it accepts at the top and
/// `nestedFieldNames` those of the objects inside it; `JSONBody.read` refuses any other field, naming each,
/// before decoding, so that every body detects unknown fields the same way.
protocol JSONRequestBody: Decodable, Sendable {
    static var fieldNames: Set<String> { get }
    /// The accepted fields of each nested object, by the field that holds it.
    static var nestedFieldNames: [String: Set<String>] { get }
}

extension JSONRequestBody {
    static var nestedFieldNames: [String: Set<String>] { [:] }
}

/// A body's fields from its `CodingKeys`, which say every field it reads.
protocol KeyedRequestBody: JSONRequestBody {
    associatedtype Field: CodingKey & CaseIterable
}

extension KeyedRequestBody {
    static var fieldNames: Set<String> { Set(Field.allCases.map(\.stringValue)) }
}

/// A body that takes no field: an empty body or `{}`.
struct EmptyBody: JSONRequestBody {
    static let fieldNames: Set<String> = []
}
