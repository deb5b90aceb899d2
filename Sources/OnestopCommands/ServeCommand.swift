import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OnestopBackground
import OnestopCatalogFiles
import OnestopDelivery
import OnestopDomain
import OnestopHTTP
import OnestopStorage

/// `onestop serve`: the HTTP server over the embedded database, filled from the catalog on first start.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server. Ends gracefully on SIGTERM or SIGINT.")

    @Option(help: "The address to listen on. (env: ONESTOP_HOST; default: 127.0.0.1)")
    var host: String?

    @Option(help: "The port to listen on. (env: ONESTOP_PORT; default: 8080)")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "trace, debug, info, notice, warning, error or critical. (env: ONESTOP_LOG_LEVEL; default: info)")
    var logLevel: Logger.Level?

    @Option(help: "Search answers kept for reuse while the catalog is unchanged; 0 turns this off. (env: ONESTOP_SEARCH_CACHE; default: 1024)")
    var searchCache: Int?

    @Option(help: "The prefix of request ids, 1 to 8 capital letters or digits: LA gives LA-20261126-0042. (env: ONESTOP_REQUEST_PREFIX; default: OS)")
    var requestPrefix: String?

    @Option(help: "Request submissions allowed per client address per minute; 0 turns the limit off. (env: ONESTOP_SUBMISSIONS_PER_MINUTE; default: 30)")
    var submissionsPerMinute: Int?

    @OptionGroup var webhooks: WebhookOptions

    @Option(help: ArgumentHelp("The server secret that tracking tokens derive from; created (mode 600) when missing. Keep it with backups of the database. (env: ONESTOP_SECRET_FILE; default: ./var/onestop.secret)", valueName: "path"))
    var secretFile: String?

    func resolvedConfiguration() throws -> ServerConfiguration {
        let portText = environment("ONESTOP_PORT")
        let envPort = try portText.map { text -> Int in
            guard let value = Int(text) else { throw ValidationError("ONESTOP_PORT must be a number, not \(text)") }
            return value
        }
        let levelText = environment("ONESTOP_LOG_LEVEL")
        let envLevel = try levelText.map { text -> Logger.Level in
            guard let level = Logger.Level(rawValue: text) else { throw ValidationError("ONESTOP_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical") }
            return level
        }
        let cacheText = environment("ONESTOP_SEARCH_CACHE")
        let envCache = try cacheText.map { text -> Int in
            guard let value = Int(text) else { throw ValidationError("ONESTOP_SEARCH_CACHE must be a number, not \(text)") }
            return value
        }
        let prefix = requestPrefix ?? environment("ONESTOP_REQUEST_PREFIX") ?? "OS"
        guard (1...8).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw ValidationError("the request prefix must be 1 to 8 capital letters or digits, not \(prefix)")
        }
        let rateText = environment("ONESTOP_SUBMISSIONS_PER_MINUTE")
        let envRate = try rateText.map { text -> Int in
            guard let value = Int(text), value >= 0 else { throw ValidationError("ONESTOP_SUBMISSIONS_PER_MINUTE must be a whole number, not \(text)") }
            return value
        }
        let rate = submissionsPerMinute ?? envRate ?? 30
        guard rate >= 0 else { throw ValidationError("--submissions-per-minute must not be negative") }
        let configuration = ServerConfiguration(
            host: host ?? environment("ONESTOP_HOST") ?? "127.0.0.1",
            port: port ?? envPort ?? 8080,
            logLevel: logLevel ?? envLevel ?? .info,
            searchCacheSize: searchCache ?? envCache ?? 1024,
            intake: RequestIntake(
                idPrefix: prefix, secret: try ServerSecret.load(secretFile ?? environment("ONESTOP_SECRET_FILE") ?? "./var/onestop.secret"),
                submissionsPerMinute: rate),
            allowLocalEndpoints: webhooks.localEndpointsAllowed
        )
        guard (0...65535).contains(configuration.port) else { throw ValidationError("port must be from 0 to 65535") }
        guard (0...1_000_000).contains(configuration.searchCacheSize) else { throw ValidationError("search cache size must be from 0 to 1000000") }
        return configuration
    }

    func run() async throws {
        let configuration = try resolvedConfiguration()
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = LogfmtLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "onestop")
        let transport = try webhooks.transport()
        let publicURL = try webhooks.publicURL(host: configuration.host, port: configuration.port)
        let workerConfiguration = try webhooks.worker(transport: transport, publicURL: publicURL)
        let store = try await database.open(publicURL: publicURL)
        if try await store.isCatalogEmpty() {
            logger.info("empty database: importing the catalog", metadata: ["catalog": "\(catalog.path)", "database": "\(database.displayName)"])
            guard let files = CatalogCommand.load(catalog.path) else {
                printError("the catalog has problems; fix them and start again (nothing imported)")
                throw ExitCode.failure
            }
            let summary = try await store.apply(
                CatalogChanges.replacing(Catalog(), with: files), actor: "catalog import (first start)", dryRun: false)
            logger.info("catalog imported", metadata: ["added": "\(summary.added.count)"])
        }
        let warm = ContinuousClock.now
        let catalogSize = try await store.searchServices(ServiceQuery(includeInactive: true, page: PageRequest(page: 1, perPage: 1))).total
        logger.info("search index ready", metadata: ["services": "\(catalogSize)", "took": "\(ContinuousClock.now - warm)"])
        let escalator = DeadlineEscalator(
            store: store, clock: ContinuousClock(), interval: .seconds(60), acknowledgement: configuration.intake.acknowledgement,
            logger: Logger(label: "onestop.escalation")
        )
        let worker = DeliveryWorker(
            store: store, transport: CurlTransport(configuration: transport), configuration: workerConfiguration,
            metrics: configuration.metrics, logger: Logger(label: "onestop.webhooks"))
        let app = buildApplication(store, configuration: configuration, services: [escalator, worker], logger: logger)
        logger.info("onestop listening", metadata: ["url": "http://\(configuration.host):\(configuration.port)", "database": "\(database.displayName)"])
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
