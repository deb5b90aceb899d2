/// `POST /api/v1/requests/{id}/reassign`: to which station, why, and whether the firm may read why.
struct ReassignBody: KeyedRequestBody {
    var station: Sent<String>
    var reason: Sent<String>
    var isInternal: Sent<Bool>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case station, reason, isInternal = "internal"
    }

    typealias Field = CodingKeys
}
