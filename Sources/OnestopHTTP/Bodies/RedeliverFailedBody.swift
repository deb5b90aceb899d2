/// `POST /api/v1/endpoints/{id}/redeliver-failed`: from when.
struct RedeliverFailedBody: KeyedRequestBody {
    var since: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case since
    }

    typealias Field = CodingKeys
}
