import Foundation
import Logging
import OnestopDelivery
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import ServiceLifecycle
import Testing

/// Notices to firms end to end: written by the store with each change, sent by the notice worker through libcurl to
/// imitations of Alibaba Cloud's and Tencent Cloud's SMS APIs (which check the signatures as their documentation says)
/// and to a real SMTP server, whose messages Python's email package decodes.
@Suite(.serialized) struct NoticeDeliveryTests {
    static let links = ShortLinks(secret: Array(repeating: 9, count: 32))
    static let publicURL = "https://onestop.example.gov.cn"

    static let aliyunTemplates: [NoticeEvent: SMSProvider.Template] = [
        .received: .init(code: "SMS_1001", parameters: [("id", "request_id"), ("link", "link")]),
        .accepted: .init(code: "SMS_1002", parameters: [("id", "request_id"), ("station", "station"), ("worker", "caseworker"), ("date", "date"),
                                                        ("link", "link")]),
        .completed: .init(code: "SMS_1004", parameters: [("id", "request_id"), ("link", "link")]),
    ]

    struct Harness {
        var store: SQLiteStore
        var worker: NoticeWorker
        var group: ServiceGroup
        var task: Task<Void, any Error>

        static func start(_ providers: NoticeProviders) async throws -> Harness {
            let store = try await Fixtures.shippedStore()
            let transport = CurlTransport(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(3), addresses: .allowingLoopback))
            let worker = NoticeWorker(store: store, transport: transport, configuration: .init(providers: providers, lease: .seconds(10),
                                                                                               pollInterval: .milliseconds(100)),
                                      links: links, metrics: DeliveryMetrics(), logger: Logger(label: "test.notices"))
            let group = ServiceGroup(configuration: .init(services: [worker], logger: Logger(label: "test")))
            let task = Task { try await group.run() }
            return Harness(store: store, worker: worker, group: group, task: task)
        }

        func stop() async {
            await group.triggerGracefulShutdown()
            _ = await task.result
        }

        /// A request from a firm that agreed to `channels`, then accepted by 金寨站 naming a caseworker.
        func submitAndAccept(sms: Bool = true, email: Bool = false, phone: String = "13800001234") async throws -> StoredServiceRequest {
            var submission = RequestSubmission.Checked(
                enterprise: Enterprise(name: "金寨县某茶业有限公司", uscc: "91512081MA62K0260E", region: "341524", contactName: "张三", phone: phone,
                                       email: email ? "zhangsan@example.com" : nil),
                need: RoutingNeed(serviceCode: "JZ-TEA-001", categoryCode: nil, region: "341524", industry: nil, mode: .station),
                description: "出口前需要做农残检测。")
            submission.notices = NoticeConsent(sms: sms, email: email)
            var new = Fixtures.newRequest(submission)
            new.shortLink = ShortLinks.key(of: links.code(nonce: new.tokenNonce))
            guard case .created(let stored, _) = try await store.submitRequest(new) else { throw FixtureError("not created") }
            let accept = RequestChange(requestID: stored.request.id, action: .accept, actor: .station("jinzhai"), actorName: "station:jinzhai",
                                       at: Date(), acknowledgement: AcknowledgementPolicy(), caseworker: "wu-xia")
            guard case .changed = try await store.transitionRequest(accept) else { throw FixtureError("not accepted") }
            return stored
        }

        /// Waits until no notice of `id` is due soon, or `timeout`.
        func settled(_ id: String, count: Int, timeout: Duration = .seconds(20)) async throws -> [FirmNotice] {
            let deadline = ContinuousClock.now + timeout
            while true {
                let notices = try await store.notices(ofRequest: id)
                // Pending but not due for a while (held under the limits) counts as settled too.
                let done = notices.allSatisfy { $0.status != .pending || $0.nextAttemptAt.map { $0 > Date().addingTimeInterval(30) } == true }
                if notices.count >= count && done || ContinuousClock.now >= deadline {
                    return notices
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func aliyun(_ imitation: SMSImitation) -> SMSProvider {
        SMSProvider(kind: .aliyun, url: imitation.url, keyID: "LTAI-test", secret: "aliyun-secret", signName: "六安市市场监管局", templates: aliyunTemplates)
    }

    static func setUpAliyun(_ imitation: SMSImitation) async throws {
        try await imitation.account("aliyun", keyID: "LTAI-test", secret: "aliyun-secret", signNames: ["六安市市场监管局"], templates: [
            "SMS_1001": ["id", "link"], "SMS_1002": ["id", "station", "worker", "date", "link"], "SMS_1004": ["id", "link"],
        ])
        try await imitation.limits(perMinute: 0, perHour: 0, perDay: 0)
    }

    @Test func alibabaCarriesEachEventWithItsTemplateAndAShortLink() async throws {
        let imitation = try SMSImitation.start()
        try await Self.setUpAliyun(imitation)
        let harness = try await Harness.start(NoticeProviders(sms: Self.aliyun(imitation), limits: NoticeLimits(perMinute: 0, perHour: 0, perDay: 0),
                                                              publicURL: Self.publicURL))
        let stored = try await harness.submitAndAccept()
        let id = stored.request.id
        let messages = try await imitation.wait(count: 2)
        await harness.stop()
        #expect(try await imitation.rejections() == [])
        #expect(messages.count == 2)
        let received = try #require(messages.first { $0.template == "SMS_1001" })
        let accepted = try #require(messages.first { $0.template == "SMS_1002" })
        #expect(received.phone == "13800001234" && received.signName == "六安市市场监管局")
        #expect(received.params["id"] == id)
        #expect(accepted.params["station"] == "金寨县质量基础设施一站式服务站" || accepted.params["station"]?.hasPrefix("金寨") == true)
        #expect(accepted.params["worker"] == "吴霞（样例）" && accepted.params["date"]?.count == 10)
        // The link fits one SMS and leads to the request.
        let link = try #require(received.params["link"])
        #expect(link.hasPrefix(Self.publicURL + "/t/") && link.count == Self.publicURL.count + 3 + ShortLinks.length)
        let code = String(link.dropFirst(Self.publicURL.count + 3))
        #expect(try await harness.store.request(shortLink: ShortLinks.key(of: code))?.request.id == id)
        // onestop's own id rides in OutId, and the provider's BizId is kept.
        let notices = try await harness.settled(id, count: 2)
        #expect(notices.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        #expect(Set(messages.compactMap(\.reference)) == Set(notices.map(\.messageID)))
        #expect(notices.allSatisfy { $0.providerID?.hasSuffix("^0") == true })
    }

    @Test func tencentCarriesTheParametersInOrder() async throws {
        let imitation = try SMSImitation.start()
        try await imitation.account("tencent", keyID: "AKID-test", secret: "tencent-secret", signNames: ["六安市市场监管局"],
                                    templates: ["1001": 2, "1002": 5], appID: "1400000001")
        try await imitation.limits(perMinute: 0, perHour: 0, perDay: 0)
        var templates = Self.aliyunTemplates
        templates[.received]?.code = "1001"
        templates[.accepted]?.code = "1002"
        let provider = SMSProvider(kind: .tencent, url: imitation.url, keyID: "AKID-test", secret: "tencent-secret", signName: "六安市市场监管局",
                                   appID: "1400000001", region: "ap-guangzhou", templates: templates)
        let harness = try await Harness.start(NoticeProviders(sms: provider, limits: NoticeLimits(perMinute: 0, perHour: 0, perDay: 0),
                                                              publicURL: Self.publicURL))
        let stored = try await harness.submitAndAccept()
        let messages = try await imitation.wait(count: 2)
        let notices = try await harness.settled(stored.request.id, count: 2)
        await harness.stop()
        #expect(try await imitation.rejections() == [])
        let accepted = try #require(messages.first { $0.template == "1002" })
        #expect(accepted.params["1"] == stored.request.id && accepted.params["3"] == "吴霞（样例）" && accepted.params["5"]?.contains("/t/") == true)
        #expect(notices.allSatisfy { $0.status == .sent && $0.providerID != nil })
        #expect(Set(messages.compactMap(\.reference)) == Set(notices.map(\.messageID)))
    }

    @Test func aSystemErrorIsTriedAgainAndAWrongNumberEndsTheChannel() async throws {
        let imitation = try SMSImitation.start()
        try await Self.setUpAliyun(imitation)
        try await imitation.fault("aliyun", "system_error", count: 1)
        let providers = NoticeProviders(sms: Self.aliyun(imitation), limits: NoticeLimits(perMinute: 0, perHour: 0, perDay: 0), publicURL: Self.publicURL,
                                        schedule: RetrySchedule(delays: [.milliseconds(200), .milliseconds(200)], jitter: 0))
        let harness = try await Harness.start(providers)
        let first = try await harness.submitAndAccept()
        _ = try await imitation.wait(count: 2)
        let notices = try await harness.settled(first.request.id, count: 2)
        #expect(notices.allSatisfy { $0.status == .sent })
        #expect(notices.map(\.attempts).sorted() == [1, 2])
        #expect(try await imitation.rejections() == ["isp.SYSTEM_ERROR"])
        #expect(try await imitation.messages().count == 2, "nothing sent twice")

        // The carrier says the number does not exist: the notices on SMS end, the request says so, and what follows
        // is not written for SMS at all.
        try await imitation.fault("aliyun", "no_such_number", phone: "13900001234", count: 2)
        let second = try await harness.submitAndAccept(phone: "13900001234")
        let ended = try await harness.settled(second.request.id, count: 2)
        #expect(ended.allSatisfy { $0.status == .unreachable })
        #expect(ended.contains { $0.lastError?.contains("isv.MOBILE_NUMBER_ILLEGAL") == true })
        #expect(try await harness.store.serviceRequest(id: second.request.id)?.request.notices.smsUnreachableAt != nil)
        let complete = RequestChange(requestID: second.request.id, action: .complete, actor: .station("jinzhai"), actorName: "station:jinzhai",
                                     note: "已出具报告", at: Date(), acknowledgement: AcknowledgementPolicy())
        guard case .changed = try await harness.store.transitionRequest(complete) else { throw FixtureError("not completed") }
        #expect(try await harness.store.notices(ofRequest: second.request.id).count == 2)
        await harness.stop()
    }

    @Test func aNumberHearsNoMoreThanItsLimitsAllow() async throws {
        let imitation = try SMSImitation.start()
        try await Self.setUpAliyun(imitation)
        let harness = try await Harness.start(NoticeProviders(sms: Self.aliyun(imitation), publicURL: Self.publicURL))
        // Received and accepted, both due at once for one number: 1 a minute lets one go now and holds the other.
        let stored = try await harness.submitAndAccept()
        _ = try await imitation.wait(count: 1)
        let notices = try await harness.settled(stored.request.id, count: 2)
        await harness.stop()
        #expect(try await imitation.messages().count == 1)
        #expect(try await imitation.rejections() == [], "the provider's own limit is never reached")
        let held = try #require(notices.first { $0.status == .pending })
        #expect(held.attempts == 0)
        let due = try #require(held.nextAttemptAt)
        #expect(due > Date().addingTimeInterval(40) && due < Date().addingTimeInterval(61))
    }

    @Test func mailReachesARealSMTPServerAndReadsAsWritten() async throws {
        let smtp = try SMTPCapture.start(rejecting: ["nobody@example.com"])
        let providers = NoticeProviders(
            email: SMTPProvider(url: smtp.url, from: "notices@onestop.example.gov.cn", fromName: "六安市一站式服务平台", requireTLS: false),
            limits: NoticeLimits(perMinute: 0, perHour: 0, perDay: 0), publicURL: Self.publicURL)
        let harness = try await Harness.start(providers)
        let stored = try await harness.submitAndAccept(sms: false, email: true)
        let mails = try await smtp.wait(count: 2)
        let notices = try await harness.settled(stored.request.id, count: 2)
        await harness.stop()
        #expect(mails.count == 2)
        #expect(notices.allSatisfy { $0.status == .sent })
        let id = stored.request.id
        let received = try #require(mails.first { $0.subject.contains("已受理登记") })
        #expect(received.subject == "【\(id)】需求已受理登记")
        // A name that fits one encoded word: Python's address parser keeps the space between two adjacent ones, which
        // RFC 2047 (6.2) says a reader drops; the subject's words, which Python joins as it should, are tested above.
        #expect(received.from == "六安市一站式服务平台 <notices@onestop.example.gov.cn>")
        #expect(received.recipients == ["zhangsan@example.com"] && received.mailFrom == "notices@onestop.example.gov.cn")
        #expect(received.contentType == "text/plain" && received.charset == "utf-8" && received.defects.isEmpty)
        #expect(received.body.contains("您的服务需求 \(id)") && received.body.contains("停止通知"))
        #expect(received.body.contains(Self.publicURL + "/t/"))
        #expect(received.listUnsubscribe.hasPrefix("<\(Self.publicURL)/t/"))
        let accepted = try #require(mails.first { $0.subject.contains("接单") })
        #expect(accepted.body.contains("服务专员吴霞（样例）（电话 0564-7010002）"))
        #expect(Set(mails.map { $0.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>")).components(separatedBy: "@")[0] })
            == Set(notices.map(\.messageID)))
    }

    @Test func aMailboxThatDoesNotExistEndsTheEmailChannel() async throws {
        let smtp = try SMTPCapture.start(rejecting: ["zhangsan@example.com"])
        let providers = NoticeProviders(
            email: SMTPProvider(url: smtp.url, from: "notices@onestop.example.gov.cn", fromName: "onestop", requireTLS: false),
            limits: NoticeLimits(perMinute: 0, perHour: 0, perDay: 0), publicURL: Self.publicURL)
        let harness = try await Harness.start(providers)
        let stored = try await harness.submitAndAccept(sms: false, email: true)
        let notices = try await harness.settled(stored.request.id, count: 2)
        await harness.stop()
        #expect(notices.allSatisfy { $0.status == .unreachable })
        #expect(notices.contains { $0.lastError?.contains("550") == true })
        #expect(try smtp.mails().isEmpty)
        #expect(try await harness.store.serviceRequest(id: stored.request.id)?.request.notices.emailUnreachableAt != nil)
    }
}
