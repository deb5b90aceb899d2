/// The named person at a station who follows a firm's request from acceptance to the end (服务专员,
/// 质量管家): the firm sees the name and the phone.
public struct Caseworker: Codable, Sendable, Equatable, Hashable {
    /// Unique within the station: lowercase letters, digits and `-` (`wang-fang`).
    public var id: String
    public var name: String
    public var phone: String
    /// An inactive caseworker keeps the requests already named but is not offered for new ones.
    public var isActive: Bool

    public init(id: String, name: String, phone: String, isActive: Bool = true) {
        self.id = id
        self.name = name
        self.phone = phone
        self.isActive = isActive
    }

    enum CodingKeys: String, CodingKey {
        case id, name, phone, isActive = "active"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            phone: try container.decode(String.self, forKey: .phone),
            isActive: try container.decodeIfPresent(Bool.self, forKey: .isActive) ?? true)
    }

    /// The JSON field names of a caseworker.
    public static let fieldNames: Set<String> = ["id", "name", "phone", "active"]
}
