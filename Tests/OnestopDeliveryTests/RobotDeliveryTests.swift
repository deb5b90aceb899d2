import Foundation
import Logging
import OnestopDelivery
import OnestopDomain
import OnestopPostgres
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import ServiceLifecycle
import Testing

/// Deliveries to group robots, end to end: the worker posts through libcurl to `Tests/Robots/imitation.py`,
/// which checks bodies, signatures (with Python's hmac, not the code under test), sizes and rates as each
/// platform does, and answers errors in the body with HTTP 200.
@Suite(.serialized) struct RobotDeliveryTests {
    static let base = "https://onestop.example.cn"

    static func configuration(attempts: Int = 3, rateMinute: Duration = .seconds(60)) -> DeliveryWorker.Configuration {
        DeliveryWorker.Configuration(
            schedule: RetrySchedule(delays: Array(repeating: .milliseconds(50), count: attempts), jitter: 0.2), lease: .seconds(30),
            pollInterval: .milliseconds(200), disableAfter: .seconds(86_400), backoffFloor: .milliseconds(300), consoleBaseURL: base,
            throttledPause: .seconds(1), rateMinute: rateMinute)
    }

    /// A store with the small catalog, one robot endpoint of station alpha, and running workers: one, or one
    /// per store when `instances` gives several stores on one PostgreSQL database.
    struct Harness {
        let store: any Storage
        let endpoint: WebhookEndpoint
        let groups: [ServiceGroup]
        let tasks: [Task<Void, any Error>]

        static func start(_ format: EndpointFormat, url: String, secret: String? = nil, keyword: String? = nil, mentions: [String] = [],
                          rate: EndpointRate? = nil, configuration: DeliveryWorker.Configuration = RobotDeliveryTests.configuration(),
                          instances: [any Storage]? = nil) async throws -> Harness {
            let stores = try instances ?? [SQLiteStore.inMemory()]
            let store = stores[0]
            // Room for a burst: every request stays with alpha instead of overflowing to the platform.
            var catalog = Fixtures.smallCatalogWithPlatform()
            catalog.stations[0].capacity = 1_000
            _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
            let endpoint = try await store.createEndpoint(NewEndpoint(
                station: "alpha", url: url, format: format, eventTypes: [.requestAssigned], description: nil, secret: secret ?? "", keyword: keyword,
                mentionMobiles: mentions, rateLimit: rate, actor: "test", at: Date()))
            var logger = Logger(label: "robot-test")
            logger.logLevel = .critical
            var groups: [ServiceGroup] = []
            var tasks: [Task<Void, any Error>] = []
            for instance in stores {
                let worker = DeliveryWorker(store: instance, transport: CurlTransport(configuration: .init(addresses: .allowingLoopback)), configuration: configuration, metrics: DeliveryMetrics(),
                                            logger: logger)
                let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [], logger: logger))
                groups.append(group)
                tasks.append(Task { try await group.run() })
            }
            return Harness(store: store, endpoint: endpoint, groups: groups, tasks: tasks)
        }

        @discardableResult
        func submit(description: String = "需要检定压力表。") async throws -> String {
            var submission = Fixtures.submission()
            submission.description = description
            guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(submission)) else { throw FixtureError("not created") }
            return stored.request.id
        }

        func stop() async throws {
            for group in groups { await group.triggerGracefulShutdown() }
            for task in tasks { try await task.value }
        }

        /// Waits until no delivery is pending any more.
        func settled(timeout: Duration = .seconds(30)) async throws -> [Delivery] {
            try await store.settledDeliveries(timeout: timeout)
        }
    }

    @Test(arguments: ["wecom", "dingtalk", "feishu"])
    func eachPlatformGetsTheMessageItExpectsSignedAsItChecks(platform: String) async throws {
        let imitation = try RobotImitation.start()
        let token = "robot-\(platform)"
        let secret: String? = platform == "wecom" ? nil : "SEC" + UUID().uuidString
        let keyword: String? = platform == "dingtalk" ? "onestop" : nil
        try await imitation.robot(platform, token: token, secret: secret, keyword: keyword)
        let format = try #require(EndpointFormat(rawValue: platform))
        let harness = try await Harness.start(format, url: imitation.url(platform, token: token), secret: secret, keyword: keyword)
        let id = try await harness.submit()
        let message = try #require(try await imitation.waitForAccepted(token, count: 1).first)
        let json = try #require(message.json)
        let text: String
        switch platform {
        case "wecom":
            #expect(json["msgtype"] as? String == "markdown")
            text = try #require((json["markdown"] as? [String: Any])?["content"] as? String)
        case "dingtalk":
            #expect(json["msgtype"] as? String == "markdown")
            let markdown = try #require(json["markdown"] as? [String: Any])
            #expect((markdown["title"] as? String)?.hasPrefix("【onestop】新需求：样例企业") == true)
            text = try #require(markdown["text"] as? String)
            #expect(message.query["timestamp"] != nil && message.query["sign"] != nil)
        default:
            #expect(json["msg_type"] as? String == "interactive")
            #expect(json["timestamp"] is String && json["sign"] is String)
            text = message.raw
        }
        #expect(text.contains("新需求：样例企业"))
        #expect(text.contains("请于"))
        #expect(text.contains("\(Self.base)/console/requests/\(id)"))
        #expect(text.replacingOccurrences(of: "\\", with: "").contains("138****1234"), "masked in a group chat (markdown escapes the stars)")
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .succeeded)
        let attempts = try #require(try await harness.store.delivery(id: delivery.id)).attempts
        #expect(attempts.count == 1)
        let answer = try #require(attempts.first?.response.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect((answer["errcode"] ?? answer["code"]) as? Int == 0)
        #expect(try await imitation.records(token).rejected.isEmpty)
        try await harness.stop()
    }

    @Test(arguments: [("dingtalk", 310000), ("feishu", 19021)])
    func aWrongSecretIsReportedAsASignatureProblem(platform: String, code: Int) async throws {
        let imitation = try RobotImitation.start()
        try await imitation.robot(platform, token: "signed", secret: "SECright")
        let format = try #require(EndpointFormat(rawValue: platform))
        let harness = try await Harness.start(format, url: imitation.url(platform, token: "signed"), secret: "SECwrong")
        try await harness.submit()
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .failed)
        #expect(delivery.attempts == 4)
        #expect(delivery.lastStatusCode == 200)
        #expect(delivery.lastError?.contains("签名") == true)
        #expect(delivery.lastError?.contains("check the signing secret: \(code)") == true)
        let records = try await imitation.records("signed")
        #expect(records.accepted.isEmpty)
        #expect(records.rejected.map(\.code) == [code, code, code, code])
        #expect(try await harness.store.endpoint(id: harness.endpoint.id)?.enabled == true)
        // Staff hear of it at once (one alert, not one per attempt), instead of when five days of failures disable the robot.
        let alerts = try await harness.store.alerts(page: PageRequest()).items.filter { $0.kind != .calendarMissing }
        #expect(alerts.map(\.kind) == [.signatureRefused])
        #expect(alerts.first?.message.contains("加签密钥") == true)
        try await harness.stop()
    }

    @Test(arguments: [("wecom", 93000), ("dingtalk", 300001)])
    func aRobotThatIsGoneDisablesTheEndpointAndAlertsStaff(platform: String, code: Int) async throws {
        let imitation = try RobotImitation.start()
        // No robot is set up under this token: the imitation answers as the platform does for a removed robot.
        let format = try #require(EndpointFormat(rawValue: platform))
        let harness = try await Harness.start(format, url: imitation.url(platform, token: "removed-robot-token"))
        try await harness.submit()
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .failed)
        #expect(delivery.attempts == 1)
        let endpoint = try #require(try await harness.store.endpoint(id: harness.endpoint.id))
        #expect(endpoint.enabled == false)
        #expect(endpoint.disabledReason?.contains("\(code)") == true)
        let alert = try #require(try await harness.store.alerts(page: PageRequest()).items.first)
        #expect(alert.endpoint == harness.endpoint.id)
        #expect(alert.message.contains("机器人已不存在"))
        #expect(!alert.message.contains("removed-robot-token"))
        try await harness.stop()
    }

    @Test func throttledAnswersAreRetriedAfterThePauseAndNothingIsLost() async throws {
        let imitation = try RobotImitation.start()
        // The robot takes 3 a second; onestop is told it may send 1,000 a minute, so the platform has to say no.
        try await imitation.robot("wecom", token: "busy", perSecond: 3)
        let harness = try await Harness.start(.wecom, url: imitation.url("wecom", token: "busy"), rate: EndpointRate(perMinute: 1_000),
                                              configuration: Self.configuration(attempts: 8))
        var ids: [String] = []
        for _ in 0..<8 { ids.append(try await harness.submit()) }
        let accepted = try await imitation.waitForAccepted("busy", count: 8)
        let deliveries = try await harness.settled()
        #expect(accepted.count == 8)
        #expect(deliveries.count == 8 && deliveries.allSatisfy { $0.status == .succeeded })
        let rejected = try await imitation.records("busy").rejected
        #expect(!rejected.isEmpty)
        #expect(rejected.allSatisfy { $0.code == 45009 })
        for id in ids { #expect(accepted.contains { $0.raw.contains(id) }, "\(id) never reached the group") }
        // The pause holds back what was waiting, and the group still reads the messages in order.
        let order = accepted.compactMap { message in ids.firstIndex { message.raw.contains($0) } }
        #expect(order == Array(0..<8), "messages arrived out of order: \(order)")
        // After a throttled answer the endpoint rests for the pause (1 s here) before its next message.
        let first = try #require(rejected.first)
        let next = try #require(accepted.first { $0.at > first.at })
        #expect(next.at.timeIntervalSince(first.at) >= 0.9)
        try await harness.stop()
    }

    /// 50 requests at once reach the group at the platform's rate, in order, without one throttled answer.
    /// WeCom's 20 a minute runs on a 3-second "minute" (the worker's and the imitation's alike); Feishu's
    /// 5 a second runs in real time.
    @Test(arguments: ["wecom", "dingtalk", "feishu"])
    func aBurstOfFiftyArrivesInFullWithinTheRateLimit(platform: String) async throws {
        let imitation = try RobotImitation.start()
        let minute = platform == "feishu" ? 60.0 : 3.0
        let format = try #require(EndpointFormat(rawValue: platform))
        let rate = try #require(format.defaultRate)
        try await imitation.robot(platform, token: "burst", perMinute: rate.perMinute, perSecond: rate.perSecond, windowSeconds: minute)
        let harness = try await Harness.start(format, url: imitation.url(platform, token: "burst"),
                                              configuration: Self.configuration(rateMinute: .milliseconds(Int64(minute * 1000))))
        var ids: [String] = []
        for _ in 0..<50 { ids.append(try await harness.submit()) }
        let accepted = try await imitation.waitForAccepted("burst", count: 50, timeout: .seconds(60))
        let deliveries = try await harness.settled()
        #expect(accepted.count == 50)
        #expect(try await imitation.records("burst").rejected.isEmpty)
        #expect(deliveries.count == 50 && deliveries.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
        let order = accepted.compactMap { message in ids.firstIndex { message.raw.contains($0) } }
        #expect(order == Array(0..<50), "messages arrived out of order")
        try #require(accepted.count == 50)
        // As fast as allowed: the first window's worth at once, not spread thin.
        let span = accepted[49].at.timeIntervalSince(accepted[0].at)
        if platform != "feishu" {
            #expect(accepted[19].at.timeIntervalSince(accepted[0].at) < 1.5)
            #expect(span >= 2 * minute && span < 2 * minute + 4)
        } else {
            #expect(span >= 9 && span < 16)
        }
        try await harness.stop()
    }

    /// Two instances on one PostgreSQL database, each with its own worker, share the robot's 20 a minute (a
    /// 3-second "minute" here): their sends are reserved in the database, so together they never exceed it.
    @Test func instancesOnOneDatabaseShareTheRobotsRateLimit() async throws {
        let imitation = try RobotImitation.start()
        try await imitation.robot("wecom", token: "shared", perMinute: 20, windowSeconds: 3)
        let location = try await TestDatabases.fresh()
        let first = try await PostgresStore(location: location, staleness: .zero, maximumConnections: 4)
        let second = try await PostgresStore(location: location, staleness: .zero, maximumConnections: 4)
        let harness = try await Harness.start(.wecom, url: imitation.url("wecom", token: "shared"),
                                              configuration: Self.configuration(rateMinute: .seconds(3)), instances: [first, second])
        for _ in 0..<45 { try await harness.submit() }
        let accepted = try await imitation.waitForAccepted("shared", count: 45, timeout: .seconds(60))
        let deliveries = try await harness.settled()
        #expect(accepted.count == 45)
        #expect(try await imitation.records("shared").rejected.isEmpty)
        #expect(deliveries.count == 45 && deliveries.allSatisfy { $0.status == .succeeded })
        let times = accepted.map(\.at)
        let busiest = times.map { start in times.filter { $0 >= start && $0 < start.addingTimeInterval(3) }.count }.max() ?? 0
        #expect(busiest <= 20)
        try await harness.stop()
    }

    @Test(arguments: [("wecom", [String]()), ("wecom", ["13800001234"]), ("dingtalk", ["13800001234"]), ("feishu", [String]())])
    func longChineseTextIsCutWithinEachLimitKeepingTheLink(platform: String, mentions: [String]) async throws {
        let imitation = try RobotImitation.start()
        try await imitation.robot(platform, token: "long")
        let format = try #require(EndpointFormat(rawValue: platform))
        let harness = try await Harness.start(format, url: imitation.url(platform, token: "long"), mentions: mentions)
        let id = try await harness.submit(description: String(repeating: "出口茶叶农残检测，含计量校准。", count: 1_000))
        let message = try #require(try await imitation.waitForAccepted("long", count: 1).first)
        #expect(try await imitation.records("long").rejected.isEmpty)
        #expect(message.raw.contains("…"))
        #expect(message.raw.contains("\(Self.base)/console/requests/\(id)"))
        let json = try #require(message.json)
        if platform == "wecom" && !mentions.isEmpty {
            let text = try #require(json["text"] as? [String: Any])
            #expect(text["mentioned_mobile_list"] as? [String] == mentions)
            #expect(((text["content"] as? String)?.utf8.count ?? .max) <= 2_048)
        }
        if platform == "dingtalk" {
            #expect((json["at"] as? [String: Any])?["atMobiles"] as? [String] == mentions)
            #expect(message.raw.contains("@13800001234"))
        }
        try await harness.stop()
    }
}
