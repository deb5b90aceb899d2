import OnestopDomain

/// API keys, stored as hashes only.
public protocol KeyStore: Sendable {
    /// Creates a key and returns it with its token, which is never stored and cannot be shown again.
    func createKey(role: AccessKey.Role, name: String, station: String?, actor: String) async throws -> (key: AccessKey, token: String)
    /// The live (not revoked) key the token belongs to.
    func authenticate(token: String) async throws -> AccessKey?
    func keys() async throws -> [AccessKey]
    /// Revokes a key; nil when there is no such key.
    func revokeKey(id: String, actor: String) async throws -> AccessKey?
}
