import OnestopDomain

/// How an endpoint's event types are kept: a JSON array, sorted, without repeats.
package enum EndpointEventTypes {
    package static func sorted(_ types: [WebhookEventType]) -> [String] {
        Set(types).sorted().map(\.rawValue)
    }

    package static func json(_ types: [WebhookEventType]) -> String {
        "[" + Set(types).sorted().map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
    }
}
