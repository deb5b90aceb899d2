import Foundation
import OnestopDomain

/// Console sessions: a browser signs in once with a key and then carries a session token in a cookie.
/// Only the token's hash is kept; a session ends when it expires, when it is closed, or when its key is revoked.
public protocol SessionStore: Sendable {
    /// Opens a session for a live key until `expiresAt` and returns its token, which is never stored.
    /// Sessions already expired at `now` are removed on the way.
    func openSession(keyID: String, now: Date, expiresAt: Date) async throws -> String
    /// The session's key while the session is open, unexpired at `now`, and the key not revoked.
    func session(token: String, now: Date) async throws -> ConsoleSession?
    /// Ends the session; nothing happens for an unknown token.
    func closeSession(token: String) async throws
}
