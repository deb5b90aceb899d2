public struct StationRef: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: Station.Kind
    public var region: String
    public var phone: String

    public init(id: String, name: String, kind: Station.Kind, region: String, phone: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.region = region
        self.phone = phone
    }

    public init(_ station: Station) {
        self.init(id: station.id, name: station.name, kind: station.kind, region: station.region, phone: station.phone)
    }
}
