/// `POST /api/v1/endpoints/{id}/disable`: why, optionally.
struct DisableBody: KeyedRequestBody {
    var reason: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason
    }

    typealias Field = CodingKeys
}
