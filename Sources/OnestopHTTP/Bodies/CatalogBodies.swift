import OnestopDomain

// The catalog's own types as bodies: their field lists are the domain's.

extension Station: JSONRequestBody {}

/// A service as staff send it: every field but `last_modified`, which the store keeps.
struct ServiceBody: JSONRequestBody {
    var service: Service

    static var fieldNames: Set<String> { Service.fieldNames.subtracting(["last_modified"]) }

    init(from decoder: any Decoder) throws {
        service = try Service(from: decoder)
    }
}

/// A year of the working-day calendar, sent whole.
extension CalendarYear: JSONRequestBody {
    static var nestedFieldNames: [String: Set<String>] { ["holidays": ["name", "days_off", "working_days", "notice"]] }
}

extension RequestSubmission: JSONRequestBody {
    static var nestedFieldNames: [String: Set<String>] { ["enterprise": EnterpriseInput.fieldNames, "notices": NoticesInput.fieldNames] }
}
