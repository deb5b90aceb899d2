import Hummingbird

/// Settles, before anything else reads them, who the client is and whether it came over https
/// (`TrustedProxies`), and puts the address in the request's log lines.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: TrustedProxies
    /// `--public-url` is https: every browser reaches us over TLS, whatever the last hop.
    let publicHTTPS: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let (address, https) = trusted.client(peer: context.clientAddress, headers: request.headers, overTLS: request.head.scheme == "https")
        context.clientAddress = address
        context.overHTTPS = https || publicHTTPS
        if let address { context.logger[metadataKey: "client"] = "\(address)" }
        return try await next(request, context)
    }
}
