/// What a provider's answer to a notice means, whatever the provider.
public enum NoticeVerdict: Sendable, Equatable {
    /// Accepted, under the provider's own id.
    case sent(providerID: String?)
    /// Worth trying again later: a per-number limit, a system error, a time-out, no answer. `atLeast` seconds from now
    /// when the provider says how long.
    case transient(code: String?, error: String, atLeast: Double)
    /// Never worth trying again as it is: a signature, a template or the account is wrong. Staff must act.
    case permanent(code: String?, error: String)
    /// The number or address cannot receive it.
    case unreachable(code: String?, error: String)
}
