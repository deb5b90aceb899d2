/// A firm's `POST /api/v1/requests/{id}/cancel`: why, optionally.
struct CancelBody: KeyedRequestBody {
    var reason: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason
    }

    typealias Field = CodingKeys
}
