import Hummingbird
import OnestopDomain
import OnestopStore

/// Lets a request through only with a live bearer key of one of the given roles.
struct RequireKey<Store: KeyStore>: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    let roles: Set<AccessKey.Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = try await Self.authenticate(request, store: store)
        guard roles.contains(key.role) else { throw APIError.forbidden }
        var context = context
        context.key = key
        context.logger[metadataKey: "key"] = "\(key.id)"
        return try await next(request, context)
    }

    /// The live key of the request's `Authorization: Bearer` header, or 401.
    static func authenticate(_ request: Request, store: some KeyStore) async throws -> AccessKey {
        guard let header = request.headers[.authorization], header.count < 512 else { throw APIError.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let key = try await store.authenticate(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthorized }
        return key
    }
}
