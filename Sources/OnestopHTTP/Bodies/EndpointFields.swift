/// The fields of an endpoint a body may give, when it is created or changed; `WebhooksController` checks each.
struct EndpointFields: KeyedRequestBody {
    var url: Sent<String>
    var format: Sent<String>
    var secret: Sent<String>
    var keyword: Sent<String>
    var mentionMobiles: Sent<[String]>
    var rateLimit: Sent<RateLimitBody>
    var eventTypes: Sent<[Sent<String>]>
    var description: Sent<String>
    var robotContact: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, format, secret, keyword, mentionMobiles = "mention_mobiles", rateLimit = "rate_limit", eventTypes = "event_types",
            description, robotContact = "robot_contact"
    }

    typealias Field = CodingKeys
}

/// `POST /api/v1/endpoints`: a station's new endpoint.
struct NewEndpointBody: JSONRequestBody {
    var station: Sent<String>
    var fields: EndpointFields

    static var fieldNames: Set<String> { EndpointFields.fieldNames.union(["station"]) }

    private enum CodingKeys: String, CodingKey {
        case station
    }

    init(from decoder: any Decoder) throws {
        station = try decoder.container(keyedBy: CodingKeys.self).decode(Sent<String>.self, forKey: .station)
        fields = try EndpointFields(from: decoder)
    }
}

/// `rate_limit`: sends per minute and per second, each null or absent for the platform's.
struct RateLimitBody: Decodable, Sendable {
    var perMinute: Sent<Double>
    var perSecond: Sent<Double>

    /// Refuses any other field, so that the whole object is reported as not the shape it should have.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: BodyKey.self)
        guard Set(container.allKeys.map(\.stringValue)).isSubset(of: ["per_minute", "per_second"]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown field in rate_limit"))
        }
        perMinute = try container.decode(Sent<Double>.self, forKey: BodyKey("per_minute"))
        perSecond = try container.decode(Sent<Double>.self, forKey: BodyKey("per_second"))
    }
}
