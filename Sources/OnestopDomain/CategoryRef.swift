public struct CategoryRef: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String

    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }

    enum CodingKeys: String, CodingKey {
        case code, name, nameEn = "name_en"
    }
}
