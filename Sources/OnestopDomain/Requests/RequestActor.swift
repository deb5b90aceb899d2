/// Who acts on a request.
public enum RequestActor: Sendable, Equatable, Hashable {
    /// The firm, holding its tracking token.
    case firm
    /// A station, acting through its key.
    case station(String)
    /// Platform staff.
    case staff
    /// onestop itself (routing, deadline escalation).
    case system
}
