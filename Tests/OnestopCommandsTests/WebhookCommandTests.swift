import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnestopDelivery
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Synchronization
import Testing

@Suite struct WebhookCommandTests {
    static let submission = """
        {"enterprise": {"name": "金寨县某茶业有限公司", "uscc": "91512081MA62K0260E", "region": "341524", "industry": "茶叶",
                        "contact_name": "张三", "phone": "13800001234"},
         "service_code": "JZ-TEA-001", "description": "出口前需要做农残检测。", "mode": "station"}
        """

    /// A database holding the shipped catalog.
    func database() throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("var/onestop.sqlite").path
        let imported = try CommandRunner().run("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", path)
        guard imported.status == 0 else { throw FixtureError("import failed: \(imported.stderr)") }
        return path
    }

    /// Adds an endpoint with the command line and returns its id and secret.
    func addEndpoint(_ database: String, url: String, station: String = "jinzhai", types: [String] = ["request.assigned"]) throws -> (id: String, secret: String) {
        let result = try CommandRunner().run(["endpoints", "add", "--station", station, "--url", url, "--allow-local-endpoints", "--database", database]
            + types.flatMap { ["--event-type", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(result.lines.first?.split(separator: " ").dropFirst(2).first.map(String.init))
        return (id, try #require(result.lines.last))
    }

    func submit(_ base: URL) async throws -> String? {
        var request = URLRequest(url: base.appendingPathComponent("api/v1/requests"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.submission.utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 201,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["id"] as? String
    }

    static let fastDelivery = [
        "--submissions-per-minute", "0", "--webhook-schedule", "100ms,200ms,400ms,800ms,1s", "--webhook-lease", "2.5",
        "--webhook-timeout", "1", "--webhook-backoff-floor", "0", "--allow-local-endpoints",
    ]

    @Test func aClerkAddsAGroupRobotAndTestsIt() async throws {
        let database = try database()
        let runner = CommandRunner()
        let imitation = try RobotImitation.start()
        try await imitation.robot("dingtalk", token: "desk", secret: "SECdesk", keyword: "质量")
        let url = imitation.url("dingtalk", token: "desk")
        let refused = try runner.run("endpoints", "add", "--station", "jinzhai", "--format", "dingtalk", "--url", url, "--database", database)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not a dingtalk robot URL"))
        let added = try runner.run("endpoints", "add", "--station", "jinzhai", "--format", "dingtalk", "--url", url, "--secret", "SECdesk",
                                   "--keyword", "质量", "--mention", "13800001234", "--allow-local-endpoints", "--database", database)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(!added.stdout.contains("SECdesk"))
        #expect(added.stdout.contains("dingtalk (钉钉), signed, rate limit: 20/min"))
        let id = try #require(added.lines.first?.split(separator: " ").dropFirst(2).first.map(String.init))
        let tested = try runner.run("endpoints", "test", id, "--public-url", "https://onestop.example.cn", "--allow-local-endpoints", "--database", database)
        #expect(tested.status == 0, "\(tested.stdout)\(tested.stderr)")
        #expect(tested.stdout.contains("delivered"))
        #expect(tested.stdout.contains("\"errcode\""))
        let message = try #require(try await imitation.records("desk").accepted.first)
        #expect(message.raw.contains("测试消息") && message.raw.contains("jinzhai") && message.raw.contains("@13800001234"))
        #expect(message.raw.contains("https://onestop.example.cn/console"))

        // The robot's secret changed on the platform side: the test says so, with the platform's code.
        try await imitation.robot("dingtalk", token: "desk", secret: "SECnew", keyword: "质量")
        let failed = try runner.run("endpoints", "test", id, "--allow-local-endpoints", "--database", database)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("310000"))
        #expect(failed.stdout.contains("check the signing secret"))
        let rotate = try runner.run("endpoints", "rotate", id, "--database", database)
        #expect(rotate.status != 0)
        #expect(rotate.stderr.contains("comes from the platform"))
        // The clerk copies the new secret into onestop, and the test passes again.
        let updated = try runner.run("endpoints", "update", id, "--secret", "SECnew", "--per-minute", "10", "--robot-contact", "full", "--database", database)
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("signed, rate limit: 10/min, keyword 质量, mentions 13800001234, firm's phone: full"))
        #expect(!updated.stdout.contains("SECnew"))
        #expect(try runner.run("endpoints", "test", id, "--allow-local-endpoints", "--database", database).status == 0)
        let wrongKind = try runner.run("endpoints", "update", id, "--url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "--database", database)
        #expect(wrongKind.status != 0)
        #expect(wrongKind.stderr.contains("not a dingtalk robot URL"))
    }

    /// Internal addresses are refused when an endpoint is added, in whatever spelling, naming the option that
    /// would allow them; an allowed network is taken.
    @Test(arguments: [
        ("http://169.254.169.254/latest/meta-data/", "link-local", "--allow-private-endpoints"),
        ("http://2130706433:8080/metrics", "loopback", "--allow-local-endpoints"),
        ("http://[::1]:6379/", "loopback", "--allow-local-endpoints"),
        ("http://[::ffff:10.0.0.1]/", "private", "--allow-private-endpoints"),
        ("http://0xa9.254.169.254/", "link-local", "--allow-private-endpoints"),
        ("http://192.168.1.20:9000/", "private", "--allow-private-endpoints"),
        ("http://localhost:9000/", "loopback", "--allow-local-endpoints"),
    ])
    func anInternalEndpointIsRefused(url: String, kind: String, option: String) async throws {
        let database = try database()
        let refused = try await CommandRunner().runAside("endpoints", "add", "--station", "jinzhai", "--url", url, "--database", database)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--url: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("is a \(kind) address") && refused.stderr.contains(option), "\(refused.stderr)")
    }

    @Test func anAllowedPrivateNetworkIsTaken() async throws {
        let database = try database()
        let allowed = try await CommandRunner().runAside("endpoints", "add", "--station", "jinzhai", "--url", "http://192.168.1.20:9000/",
                                                         "--allow-private-endpoints", "192.168.1.0/24", "--database", database)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let outside = try await CommandRunner().runAside("endpoints", "add", "--station", "jinzhai", "--url", "http://192.168.2.20:9000/",
                                                         "--allow-private-endpoints", "192.168.1.0/24", "--database", database)
        #expect(outside.status != 0)
        let badNetwork = try await CommandRunner().runAside("endpoints", "add", "--station", "jinzhai", "--url", "https://hooks.example.cn/",
                                                            "--allow-private-endpoints", "192.168.1.0/33", "--database", database)
        #expect(badNetwork.stderr.contains("--allow-private-endpoints (ONESTOP_ALLOW_PRIVATE_ENDPOINTS): the prefix length of 192.168.1.0/33"))
    }

    /// `endpoints test` goes straight to the receiver though the environment names a proxy, and through the
    /// proxy when `--webhook-proxy` names it.
    @Test func theProxyEnvironmentIsIgnored() async throws {
        let receiver = try await LoopbackReceiver.start()
        let proxy = try await LoopbackReceiver.start()
        let database = try database()
        let (id, _) = try addEndpoint(database, url: receiver.url + "/hook")
        var runner = CommandRunner()
        for name in ["http_proxy", "https_proxy", "all_proxy", "ALL_PROXY"] { runner.environment[name] = proxy.url }
        let direct = try await runner.runAside("endpoints", "test", id, "--allow-local-endpoints", "--database", database)
        #expect(direct.status == 0, "\(direct.stdout)\(direct.stderr)")
        #expect(receiver.requests.count == 1)
        #expect(proxy.requests.isEmpty)
        let proxied = try await CommandRunner().runAside("endpoints", "test", id, "--allow-local-endpoints", "--webhook-proxy", proxy.url, "--database", database)
        #expect(proxied.status == 0, "\(proxied.stdout)\(proxied.stderr)")
        #expect(proxy.requests.count == 1)
        await receiver.stop()
        await proxy.stop()
    }

    @Test func endpointsAndDeliveriesFromTheCommandLine() async throws {
        let database = try database()
        let runner = CommandRunner()
        let (id, secret) = try addEndpoint(database, url: "http://127.0.0.1:9/hook")
        #expect(id.hasPrefix("ep_"))
        #expect(WebhookSecret(secret) != nil)
        let list = try runner.run("endpoints", "list", "--database", database)
        #expect(list.lines.count == 2)
        #expect(list.lines[1].hasPrefix("\(id)\tjinzhai\tstandard\thttp://127.0.0.1:9/hook\trequest.assigned\tyes"))
        #expect(!list.stdout.contains(secret))
        let rotated = try runner.run("endpoints", "rotate", id, "--database", database)
        #expect(rotated.status == 0)
        #expect(rotated.lines.last != secret && WebhookSecret(rotated.lines.last ?? "") != nil)
        #expect(try runner.run("endpoints", "disable", id, "--reason", "维护", "--database", database).status == 0)
        #expect(try runner.run("endpoints", "list", "--database", database).lines[1].contains("\tno\t"))
        #expect(try runner.run("endpoints", "enable", id, "--database", database).status == 0)
        let refused = try runner.run("endpoints", "add", "--station", "jinzhai", "--url", "ftp://example.cn/", "--database", database)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("http"))
        #expect(try runner.run("endpoints", "rotate", "ep_nope", "--database", database).status != 0)

        // A delivery that failed for good, sent again from the command line.
        let store = try SQLiteStore(path: database)
        guard case .created = try await store.submitRequest(NewServiceRequest(
            submission: RequestSubmission.Checked(
                enterprise: Enterprise(name: "样例企业", uscc: "91512081MA62K0260E", region: "341524", contactName: "张三", phone: "13800001234"),
                need: RoutingNeed(serviceCode: "JZ-TEA-001", categoryCode: nil, region: "341524", industry: nil, mode: .station),
                description: "检测"),
            idPrefix: "T", tokenNonce: "n", receivedAt: Date(), acknowledgement: AcknowledgementPolicy()))
        else { throw FixtureError("not created") }
        let claimed = try #require(try await store.claimDeliveries(now: Date().addingTimeInterval(1), leaseUntil: Date().addingTimeInterval(60), limit: 1,
                                                                   perEndpoint: 4, busy: [:]).first)
        _ = try await store.settleDeliveries([DeliveryResult(
            delivery: claimed.id, lease: claimed.lease, endpoint: id,
            attempt: DeliveryAttempt(at: Date(), statusCode: 500, durationMilliseconds: 2, response: nil, error: nil), next: .failed,
            disableAfter: .seconds(86_400))])
        let failed = try runner.run("deliveries", "list", "--status", "failed", "--database", database)
        #expect(failed.lines.count == 2)
        #expect(failed.lines[1].contains(claimed.messageID))
        #expect(failed.lines[1].contains("\tfailed\t1\t500\t"))
        let retried = try runner.run("deliveries", "retry", "--endpoint", id, "--since", "2026-01-01", "--database", database)
        #expect(retried.lines.first == "1 failed deliveries of \(id) will be sent again")
        #expect(try runner.run("deliveries", "list", "--status", "pending", "--database", database).lines.count == 2)
        #expect(try runner.run("deliveries", "retry", "--database", database).status != 0)
        #expect(try runner.run("endpoints", "remove", id, "--database", database).status == 0)
        #expect(try runner.run("endpoints", "list", "--database", database).lines.count == 1)
    }

    @Test func aServerKilledWhileDeliveringLosesNothing() async throws {
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 204, delay: .milliseconds(40)) }
        let database = try database()
        let (_, secret) = try addEndpoint(database, url: receiver.url + "/hook")
        let (first, base) = try await ServeCommandTests().startServer(database: database, extra: Self.fastDelivery)
        let answered = Answered()
        let pid = first.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            // Fewer than jinzhai's capacity (40), so that every request is routed to the station with the endpoint.
            for _ in 0..<38 {
                group.addTask {
                    if let id = try? await self.submit(base) { answered.add(id) }
                }
            }
            group.addTask {
                while answered.ids.count < 15 { try? await Task.sleep(for: .milliseconds(2)) }
                kill(pid, SIGKILL)
            }
            await group.waitForAll()
        }
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let ids = Set(answered.ids)
        #expect(ids.count >= 15)
        let deliveredBeforeRestart = Set(receiver.requests.compactMap { ($0.json?["data"] as? [String: Any])?["request_id"] as? String })
        #expect(deliveredBeforeRestart.count < ids.count, "the kill came too late to test anything")

        let (second, _) = try await ServeCommandTests().startServer(database: database, extra: Self.fastDelivery + ["--log-level", "trace"])
        // Deliveries the killed server had in flight are sent again when their lease ends; requests it stored
        // without answering 201 are delivered too. Wait until nothing is pending.
        let store = try SQLiteStore(path: database)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try await store.deliveries(DeliveryQuery(status: .pending)).total > 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
        second.terminate()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        #expect(try await store.deliveries(DeliveryQuery(status: .pending)).total == 0)
        let log = String(decoding: (second.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("msg=request"))
        #expect(!log.contains(secret))
        #expect(!log.contains(String(secret.dropFirst(6).prefix(16))))
        var received: [String: Set<String>] = [:]
        for message in receiver.requests {
            guard let request = (message.json?["data"] as? [String: Any])?["request_id"] as? String else { continue }
            received[request, default: []].insert(message.headers["webhook-id"] ?? "")
        }
        #expect(ids.subtracting(received.keys).isEmpty, "never delivered: \(ids.subtracting(received.keys).sorted())")
        // Every stored event reached the receiver; a repeat only ever with the same webhook-id.
        let stored = try await store.deliveries(DeliveryQuery(page: PageRequest(page: 1, perPage: 100))).items
        #expect(stored.count >= ids.count)
        #expect(stored.allSatisfy { $0.status == .succeeded })
        #expect(stored.allSatisfy { received[$0.requestID ?? ""] == [$0.messageID] })
        #expect(received.values.allSatisfy { $0.count == 1 })
        #expect(receiver.requests.count >= stored.count)
        await receiver.stop()
    }

    @Test func theInboxVerifiesDedupesPrintsAndKeeps() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder.appendingPathComponent("inbox.jsonl")
        let secret = WebhookSecret.generate()
        var inbox: Process?
        var url: URL?
        for _ in 0..<5 where url == nil {
            let port = Int.random(in: 20_000...60_000)
            let process = try CommandRunner().start(["inbox", "--host", "127.0.0.1", "--port", String(port), "--secret", secret.text, "--store", file.path])
            for _ in 0..<200 where url == nil && process.isRunning {
                var probe = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
                probe.httpMethod = "POST"
                if let (_, response) = try? await URLSession.shared.data(for: probe), (response as? HTTPURLResponse)?.statusCode == 401 {
                    url = URL(string: "http://127.0.0.1:\(port)/")
                    inbox = process
                }
                if url == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            if url == nil { process.terminate() }
        }
        let base = try #require(url)
        let process = try #require(inbox)

        // The real thing: a server delivering to the inbox.
        let database = try database()
        let (endpointID, endpointSecret) = try addEndpoint(database, url: base.absoluteString)
        _ = endpointID
        process.terminate()
        process.waitUntilExit()
        let restarted = try CommandRunner().start(["inbox", "--host", "127.0.0.1", "--port", String(base.port!), "--secret", endpointSecret,
                                                   "--secret", secret.text, "--store", file.path])
        try await Task.sleep(for: .milliseconds(500))
        let (server, serverBase) = try await ServeCommandTests().startServer(database: database, extra: Self.fastDelivery)
        let requestID = try #require(try await submit(serverBase))
        var lines: [String] = []
        for _ in 0..<200 {
            lines = (try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            if !lines.isEmpty { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.terminate()
        server.waitUntilExit()
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record["type"] as? String == "request.assigned")
        let messageID = try #require(record["webhook_id"] as? String)

        // A repeat of the same webhook-id is acknowledged and not kept twice; bad signatures and old timestamps are refused.
        let body = Array(#"{"type":"request.assigned","timestamp":"2026-11-27T01:00:00Z","data":{"request_id":"X"}}"#.utf8)
        func post(id: String, timestamp: Int, secret: WebhookSecret, body: [UInt8] = body) async throws -> Int {
            var request = URLRequest(url: base)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue(id, forHTTPHeaderField: "webhook-id")
            request.setValue(String(timestamp), forHTTPHeaderField: "webhook-timestamp")
            request.setValue(WebhookSignature.header(id: id, timestamp: timestamp, body: body, secrets: [secret]), forHTTPHeaderField: "webhook-signature")
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        let now = Int(Date().timeIntervalSince1970)
        #expect(try await post(id: messageID, timestamp: now, secret: secret) == 204)
        #expect(try await post(id: "msg_other", timestamp: now, secret: WebhookSecret.generate()) == 401)
        #expect(try await post(id: "msg_old", timestamp: now - 600, secret: secret) == 401)
        #expect(try await post(id: "msg_new", timestamp: now, secret: secret) == 204)
        // A hostile (but validly signed) body: escapes that clear the screen and a description that draws a forged entry.
        let hostile = try JSONSerialization.data(withJSONObject: [
            "type": "request.assigned", "timestamp": "2026-11-27T01:00:00Z",
            "data": ["request_id": "LA-X\u{1B}[2J", "description": "第一行\n【新需求】LA-FAKE-0001  2026-11-27 09:00\u{9B}",
                     "enterprise": ["name": "恶意\u{1B}]0;title\u{07}企业\u{202E}", "contact_name": "张\t三"]],
        ] as [String: Any])
        #expect(try await post(id: "msg_hostile", timestamp: now, secret: secret, body: Array(hostile)) == 204)
        // A bad review, its comment the firm's own words: shown inert and indented, with the station's deadline.
        let review = try JSONSerialization.data(withJSONObject: [
            "type": "request.bad_review", "timestamp": "2026-12-02T02:00:00Z",
            "data": ["request_id": "LA-20261127-0001", "evaluation": [
                "overall": "very_dissatisfied", "comment": "太慢\n【新需求】LA-FAKE-0002\u{1B}[2J", "evaluated_at": "2026-12-02T02:00:00Z",
                "bad_review": true, "follow_up_due": "2026-12-09T02:00:00Z"] as [String: Any]] as [String: Any],
        ] as [String: Any])
        #expect(try await post(id: "msg_review", timestamp: now, secret: secret, body: Array(review)) == 204)
        try await Task.sleep(for: .milliseconds(200))
        restarted.terminate()
        restarted.waitUntilExit()
        let kept = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(kept.count == 4)
        let printed = String(decoding: (restarted.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!printed.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(!printed.unicodeScalars.contains("\u{202E}"))
        #expect(printed.contains("【新需求】LA-X\\u001b[2J"))
        #expect(printed.contains("企业：恶意\\u001b]0;title\\u0007企业\\u202e"))
        #expect(printed.contains("联系人：张\\u0009三"))
        #expect(printed.contains("  说明：第一行\n        【新需求】LA-FAKE-0001  2026-11-27 09:00\\u009b"))
        #expect(!printed.split(separator: "\n").contains { $0.hasPrefix("【新需求】LA-FAKE") })
        #expect(printed.contains("【新需求】\(requestID)"))
        #expect(printed.contains("企业：金寨县某茶业有限公司"))
        #expect(printed.contains("联系人：张三"))
        #expect(printed.contains("拒收"))
        #expect(printed.contains("【差评待整改】LA-20261127-0001 非常不满意  2026-12-02 10:00"))
        #expect(printed.contains("  留言：太慢\n        【新需求】LA-FAKE-0002\\u001b[2J"))
        #expect(printed.contains("  请于 2026-12-09 10:00 前反馈整改情况"))
        #expect(!printed.split(separator: "\n").contains { $0.hasPrefix("【新需求】LA-FAKE-0002") })
    }
}

/// The ids of requests answered 201, collected from concurrent submissions.
final class Answered: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ id: String) { list.withLock { $0.append(id) } }
    var ids: [String] { list.withLock { $0 } }
}
