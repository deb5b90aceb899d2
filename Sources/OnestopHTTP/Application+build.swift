import Foundation
import Hummingbird
import Logging
import OnestopDelivery
import OnestopDomain
import OnestopStore
import ServiceLifecycle

/// How the server listens and logs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    /// The bytes of search answers (API and pages together) kept for reuse while the catalog is unchanged; 0 turns the cache off.
    public var searchCacheBytes: Int
    public var intake: RequestIntake
    /// What `GET /metrics` shows; the delivery worker records into the same instance.
    public var metrics: DeliveryMetrics
    /// Which addresses endpoints may be added at (`--allow-local-endpoints`, `--allow-private-endpoints`); with
    /// loopback allowed, group-robot endpoints may also point at a local imitation instead of their platform.
    public var endpointAddresses: EndpointAddressPolicy
    /// Where firms and stations reach the server (`--public-url`), when it is set.
    public var publicURL: String?
    /// The reverse proxies whose forwarding headers are believed (`--trusted-proxy`).
    public var trustedProxies: TrustedProxies = .none
    /// How long clients may take and how many may be connected (`--head-timeout`, `--max-connections`…).
    public var connections = ConnectionPolicy()

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info, searchCacheBytes: Int = 32 << 20, intake: RequestIntake,
                metrics: DeliveryMetrics = DeliveryMetrics(), endpointAddresses: EndpointAddressPolicy = .publicOnly, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.searchCacheBytes = searchCacheBytes
        self.intake = intake
        self.metrics = metrics
        self.endpointAddresses = endpointAddresses
        self.publicURL = publicURL
    }
}

/// The onestop server over a store, ready to run with `runService()`, which ends gracefully on
/// SIGTERM and SIGINT.
/// `services` run beside the server (background work) and stop with it; `onListening` is told the port
/// once the server listens.
public func buildApplication(
    _ store: some Storage,
    configuration: ServerConfiguration,
    services: [any ServiceLifecycle.Service] = [],
    logger: Logger,
    onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store, intake: configuration.intake, searchCacheBytes: configuration.searchCacheBytes, metrics: configuration.metrics,
                            endpointAddresses: configuration.endpointAddresses, publicURL: configuration.publicURL,
                            trustedProxies: configuration.trustedProxies),
        server: .guardedHTTP1(policy: configuration.connections, logger: logger),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "onestop"),
        services: services,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Every route: the public directory, staff maintenance behind a staff key, and the system endpoints.
public func buildRouter(_ store: some Storage, intake: RequestIntake, searchCacheBytes: Int = 32 << 20,
                        metrics: DeliveryMetrics = DeliveryMetrics(), endpointAddresses: EndpointAddressPolicy = .publicOnly,
                        publicURL: String? = nil, trustedProxies: TrustedProxies = .none) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let routes = RouteTable()
    let shell = PageShell(renderer: PageRenderer.standard)
    router.add(middleware: ClientAddressMiddleware(trusted: trustedProxies, publicHTTPS: publicURL?.lowercased().hasPrefix("https://") == true))
    let storage = StorageHealth()
    router.add(middleware: ProblemMiddleware(routes: routes, renderer: shell.renderer, storage: storage))
    router.add(middleware: CrossOriginGuard(publicOrigin: publicURL.flatMap(CrossOriginGuard.origin(of:))))
    router.addRoutes(SystemController(store: store, storage: storage).endpoints)
    router.addRoutes(MetricsController(store: store, metrics: metrics).endpoints)
    // One budget for the API's answers and the search pages.
    let cache = SearchResponseCache(maxBytes: searchCacheBytes)
    router.addRoutes(CatalogPagesController(store: store, shell: shell, searchPages: cache).endpoints)
    router.addRoutes(RequestPagesController(store: store, intake: intake, shell: shell).endpoints)
    let figures = StationFiguresController(store: store, shell: shell, cache: PublishedFiguresCache())
    router.addRoutes(figures.pages)
    router.addRoutes(figures.api, atPath: "/api/v1")
    let signIn = ConsoleSignInController(store: store, shell: shell, tokens: intake.tokens)
    router.addRoutes(signIn.endpoints, atPath: "/console")
    router.group("/console")
        .add(middleware: RequireConsoleSession(store: store, tokens: intake.tokens))
        .addRoutes(signIn.sessionEndpoints)
        .addRoutes(ConsoleRequestsController(store: store, intake: intake, shell: shell).endpoints)
        .addRoutes(ConsoleOperationsController(store: store, shell: shell).endpoints)
    router.addRoutes(DirectoryController(store: store, cache: cache).endpoints, atPath: "/api/v1")
    router.addRoutes(HSDSController(store: store, cache: HSDSDirectoryCache()).endpoints, atPath: "/hsds")
    router.addRoutes(RequestsController(store: store, intake: intake).endpoints, atPath: "/api/v1")
    router.group("/api/v1")
        .add(middleware: RequireKey(store: store, roles: [.station]))
        .addRoutes(StationRequestsController(store: store, intake: intake).endpoints)
    router.group("/api/v1")
        .add(middleware: RequireKey(store: store, roles: [.staff, .station]))
        .addRoutes(LedgerController(store: store).endpoints)
    router.group("/api/v1")
        .add(middleware: RequireKey(store: store, roles: [.staff]))
        .addRoutes(CatalogAdminController(store: store).endpoints)
        .addRoutes(StaffRequestsController(store: store, intake: intake).endpoints)
        .addRoutes(WebhooksController(store: store, addresses: endpointAddresses).endpoints)
    routes.load(router.routes)
    return router
}
