import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OnestopBackground
import OnestopCatalogFiles
import OnestopDelivery
import OnestopDomain
import OnestopHTTP
import OnestopStore
import ServiceLifecycle

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

    @Option(name: .customLong("search-cache-mb"),
            help: "Megabytes of search answers (API and pages) kept for reuse while the catalog is unchanged; 0 turns this off. (env: ONESTOP_SEARCH_CACHE_MB; default: 32)")
    var searchCacheMB: Int?

    @Option(help: "The prefix of request ids, 1 to 8 capital letters or digits: LA gives LA-20261126-0042. (env: ONESTOP_REQUEST_PREFIX; default: OS)")
    var requestPrefix: String?

    @Option(help: "Request submissions allowed per client address per minute; 0 turns the limit off. (env: ONESTOP_SUBMISSIONS_PER_MINUTE; default: 30)")
    var submissionsPerMinute: Int?

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "A reverse proxy (address or CIDR, repeatable) whose Forwarded / X-Forwarded-For / X-Forwarded-Proto headers are believed; nobody else's are. (env: ONESTOP_TRUSTED_PROXIES, comma-separated)",
        valueName: "cidr"))
    var trustedProxy: [String] = []

    @Option(name: .customLong("evaluation-days"),
            help: "Calendar days after a request is completed or closed during which the firm may evaluate it. (env: ONESTOP_EVALUATION_DAYS; default: 30)")
    var evaluationDays: Int?

    @Option(name: .customLong("follow-up-days"),
            help: "Working days a station has to answer a bad review before it is escalated to the platform. (env: ONESTOP_FOLLOW_UP_DAYS; default: 5)")
    var followUpDays: Int?

    @OptionGroup var connections: ConnectionOptions

    @OptionGroup var webhooks: WebhookOptions

    @OptionGroup(title: "Notices to firms") var notices: NoticeOptions

    @OptionGroup(title: "Retention") var retention: RetentionOptions

    @Option(help: ArgumentHelp("The server secret that tracking tokens derive from; created (mode 600) when missing. Keep it with backups of the database. (env: ONESTOP_SECRET_FILE; default: ./var/onestop.secret)", valueName: "path"))
    var secretFile: String?

    func resolvedConfiguration() throws -> ServerConfiguration {
        let cacheMB = try Setting("search-cache-mb", env: "ONESTOP_SEARCH_CACHE_MB").whole(searchCacheMB, default: 32, in: 0...4096)
        let prefixSetting = Setting("request-prefix", env: "ONESTOP_REQUEST_PREFIX")
        let prefix = prefixSetting.text(requestPrefix, default: "OS")
        guard (1...8).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw prefixSetting.refusal("must be 1 to 8 capital letters or digits, not \(prefix)")
        }
        let rate = try Setting("submissions-per-minute", env: "ONESTOP_SUBMISSIONS_PER_MINUTE").whole(submissionsPerMinute, default: 30, in: 0...1_000_000)
        let evaluation = EvaluationPolicy(
            windowDays: try Setting("evaluation-days", env: "ONESTOP_EVALUATION_DAYS").whole(evaluationDays, default: 30, in: 1...365),
            followUpWorkingDays: try Setting("follow-up-days", env: "ONESTOP_FOLLOW_UP_DAYS").whole(followUpDays, default: 5, in: 1...60))
        var configuration = ServerConfiguration(
            host: Setting("host", env: "ONESTOP_HOST").text(host, default: "127.0.0.1"),
            port: try Setting("port", env: "ONESTOP_PORT").whole(port, default: 8080, in: 0...65535),
            logLevel: try Setting("log-level", env: "ONESTOP_LOG_LEVEL").value(
                logLevel, default: .info, expected: "one of trace, debug, info, notice, warning, error, critical") { Logger.Level(rawValue: $0) },
            searchCacheBytes: cacheMB << 20,
            intake: RequestIntake(
                idPrefix: prefix, secret: try ServerSecret.load(Setting("secret-file", env: "ONESTOP_SECRET_FILE").text(secretFile, default: "./var/onestop.secret")),
                submissionsPerMinute: rate, evaluation: evaluation),
            endpointAddresses: try webhooks.network.policy()
        )
        let proxies = Setting("trusted-proxy", env: "ONESTOP_TRUSTED_PROXIES")
        do {
            configuration.trustedProxies = try TrustedProxies(
                trustedProxy.isEmpty ? (proxies.environmentText ?? "").split(separator: ",").map(String.init) : trustedProxy)
        } catch let problem as ProblemText {
            throw proxies.refusal("\(problem)")
        }
        configuration.connections = try connections.policy()
        return configuration
    }

    func run() async throws {
        var configuration = try resolvedConfiguration()
        do {
            try PageRenderer.checkShipped()
        } catch {
            throw ValidationError("the server cannot start: \(error)")
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = LogfmtLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "onestop")
        let allowed = FileDescriptorLimit.raise(forConnections: configuration.connections.maxConnections)
        if allowed < configuration.connections.maxConnections {
            logger.warning("the open-file limit allows fewer connections than --max-connections; raise it (ulimit -n, or LimitNOFILE= in the systemd unit)",
                           metadata: ["max_connections": "\(configuration.connections.maxConnections)", "allowed": "\(allowed)"])
            configuration.connections.maxConnections = max(1, allowed)
        }
        let transport = try webhooks.transport()
        let retentionPolicy = try retention.policy()
        let publicURL = try webhooks.publicURL(host: configuration.host, port: configuration.port)
        configuration.publicURL = publicURL
        let workerConfiguration = try webhooks.worker(transport: transport, publicURL: publicURL)
        let noticeProviders = try notices.providers(publicURL: publicURL)
        configuration.intake.noticeChannels = noticeProviders?.channels ?? []
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
        } else if try await store.calendarYears().isEmpty,
            case let years = CatalogDirectory(path: catalog.path).load().catalog.calendar, !years.isEmpty
        {
            // A database from before the calendar: its years come from the files once, the rest of the catalog untouched.
            let issues = years.flatMap(CatalogValidator().validate(calendarYear:))
            if issues.isEmpty {
                try await store.apply(CatalogChanges(calendar: years), actor: "calendar import (first start with a calendar)", dryRun: false)
                logger.info("working-day calendar imported", metadata: ["years": "\(years.map(\.year))"])
            } else {
                logger.warning("the catalog's calendar has problems: not imported", metadata: ["problems": "\(issues.count)"])
            }
        }
        let today = WorkingCalendar.china.civilDay(of: Date())
        if let gap = CatalogValidator().calendarGap(try await store.calendarYears(), from: today, days: 60) {
            logger.warning("the working-day calendar does not cover the next 60 days: deadlines there are counted Monday to Friday",
                           metadata: ["missing_from": "\(gap)"])
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
        let sweeper = RetentionSweeper(store: store, clock: ContinuousClock(), policy: retentionPolicy, logger: Logger(label: "onestop.retention"))
        let firstKey = try await store.keys().contains { $0.role == .staff && $0.revokedAt == nil } ? nil : database.keysCreateCommand
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        var services: [any ServiceLifecycle.Service] = [escalator, worker, sweeper]
        if let noticeProviders {
            services.append(NoticeWorker(
                store: store, transport: NoticeOptions.transport(), configuration: .init(providers: noticeProviders),
                links: configuration.intake.shortLinks, metrics: configuration.metrics, logger: Logger(label: "onestop.notices")))
            logger.info("notices to firms", metadata: ["channels": "\(noticeProviders.channels.map(\.rawValue).sorted())",
                                                       "sms": "\(noticeProviders.sms?.kind.rawValue ?? "-")"])
        }
        let app = buildApplication(store, configuration: configuration, services: services, logger: logger) { port in
            logger.info("onestop listening", metadata: ["url": "http://\(host):\(port)", "database": "\(database.displayName)"])
            // For the person who just started it, on the terminal rather than in the log's fields.
            var lines = ["onestop is listening on http://\(host):\(port)/ (database: \(database.displayName))"]
            if let firstKey {
                lines.append("no staff key yet: create the first one (shown once) with")
                lines.append("    \(firstKey)")
            }
            printError(lines.joined(separator: "\n"))
        }
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
