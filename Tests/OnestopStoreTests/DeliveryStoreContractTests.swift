import Foundation
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct DeliveryStoreContractTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let newSecret = "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()

    static func endpoint(_ station: String, _ types: [WebhookEventType] = [], url: String = "http://127.0.0.1:9/hook") -> NewEndpoint {
        NewEndpoint(station: station, url: url, eventTypes: types, description: "测试", secret: secret, actor: "staff:test", at: Date())
    }

    /// alpha (county) and beta (platform) each with one endpoint.
    func storeWithEndpoints(_ kind: StoreKind) async throws -> (any Storage, alpha: WebhookEndpoint, beta: WebhookEndpoint) {
        let store = try await kind.make(with: Fixtures.smallCatalogWithPlatform())
        let alpha = try await store.createEndpoint(Self.endpoint("alpha"))
        let beta = try await store.createEndpoint(Self.endpoint("beta"))
        return (store, alpha, beta)
    }

    func submit(_ store: any Storage) async throws -> ServiceRequest {
        guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest()) else { throw FixtureError("not created") }
        return stored.request
    }

    func events(_ store: any Storage, endpoint: String) async throws -> [WebhookEventType] {
        try await store.deliveries(DeliveryQuery(endpoint: endpoint)).items.reversed().map(\.eventType)
    }

    func change(_ id: String, _ action: RequestAction, by actor: RequestActor, note: String? = nil, internal isInternal: Bool = false) -> RequestChange {
        RequestChange(requestID: id, action: action, actor: actor, actorName: "test", note: note, isInternal: isInternal, at: Date(),
                      acknowledgement: AcknowledgementPolicy())
    }

    @Test(arguments: StoreKind.allCases)
    func robotEndpointsKeepTheirFormatKeywordMentionsAndRate(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalogWithPlatform())
        let unsigned = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1", format: .wecom, eventTypes: [], description: nil,
            secret: "", mentionMobiles: ["13800001234"], actor: "staff:test", at: Date()))
        #expect(unsigned.format == .wecom)
        #expect(unsigned.signed == false)
        #expect(unsigned.mentionMobiles == ["13800001234"])
        #expect(unsigned.rateLimit == EndpointRate(perMinute: 20))
        #expect(unsigned.robotContact == .masked)
        let signed = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "https://oapi.dingtalk.com/robot/send?access_token=t1", format: .dingtalk, eventTypes: [], description: nil,
            secret: "SECsecret", keyword: "质量", robotContact: .full, rateLimit: EndpointRate(perMinute: 10), actor: "staff:test", at: Date()))
        #expect(signed.signed && signed.keyword == "质量" && signed.rateLimit == EndpointRate(perMinute: 10) && signed.robotContact == .full)
        #expect(try await store.endpoint(id: signed.id) == signed)
        #expect(try await store.endpointTarget(id: signed.id, at: Date())?.secrets == ["SECsecret"])
        #expect(try await store.endpointTarget(id: unsigned.id, at: Date())?.secrets == [])

        let updated = try #require(try await store.updateEndpoint(
            id: signed.id, EndpointUpdate(keyword: .some(nil), mentionMobiles: ["13900001111"], rateLimit: .some(nil)), actor: "staff:test", at: Date()))
        #expect(updated.keyword == nil && updated.mentionMobiles == ["13900001111"] && updated.rateLimit == EndpointRate(perMinute: 20))
        let audit = try await store.auditEntries(AuditQuery(entity: .endpoint, entityID: signed.id)).items
        #expect(Set(audit.first?.changes.map(\.field) ?? []) == ["keyword", "mention_mobiles", "rate_limit"])
        #expect(!audit.flatMap(\.changes).contains { $0.new?.contains("SECsecret") == true })

        _ = try await store.submitRequest(Fixtures.newRequest())
        let claimed = try await store.claimDeliveries(now: Date(), leaseUntil: Date().addingTimeInterval(60), limit: 10, perEndpoint: 10, busy: [:])
        let byEndpoint = Dictionary(grouping: claimed, by: \.endpoint)
        let toSigned = try #require(byEndpoint[signed.id]?.first)
        #expect(toSigned.format == .dingtalk && toSigned.secrets == ["SECsecret"] && toSigned.keyword == nil)
        #expect(toSigned.mentionMobiles == ["13900001111"] && toSigned.rateLimit == EndpointRate(perMinute: 20))
        let toUnsigned = try #require(byEndpoint[unsigned.id]?.first)
        #expect(toUnsigned.format == .wecom && toUnsigned.secrets.isEmpty && toUnsigned.mentionMobiles == ["13800001234"])
        #expect(toSigned.robotContact == .full && toUnsigned.robotContact == .masked)

        let masked = try #require(try await store.updateEndpoint(id: signed.id, EndpointUpdate(robotContact: .masked), actor: "staff:test", at: Date()))
        #expect(masked.robotContact == .masked)
        let contactAudit = try await store.auditEntries(AuditQuery(entity: .endpoint, entityID: signed.id)).items.first?.changes
        #expect(contactAudit?.map(\.field) == ["robot_contact"] && contactAudit?.first?.new == "masked")
    }

    @Test(arguments: StoreKind.allCases)
    func aRobotsPauseSendsAndSignatureAlertsAreKept(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalogWithPlatform())
        let robot = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "https://oapi.dingtalk.com/robot/send?access_token=robotTokenXYZ", format: .dingtalk, eventTypes: [],
            description: nil, secret: "SECsecret", rateLimit: EndpointRate(perMinute: 2), actor: "staff:test", at: Date()))
        let now = Date()
        // Two sends a minute: the third waits a minute after the first, and is not reserved when that is too late.
        let rate = EndpointRate(perMinute: 2)
        let first = try await store.reserveSend(endpoint: robot.id, rate: rate, minute: .seconds(60), now: now, latest: now.addingTimeInterval(5))
        let second = try await store.reserveSend(endpoint: robot.id, rate: rate, minute: .seconds(60), now: now, latest: now.addingTimeInterval(5))
        let third = try await store.reserveSend(endpoint: robot.id, rate: rate, minute: .seconds(60), now: now, latest: now.addingTimeInterval(5))
        #expect(first.reserved && second.reserved && !third.reserved)
        #expect(abs(third.at.timeIntervalSince(first.at) - 61) < 0.01)
        #expect(third.window.sent.count == 2)
        let later = try await store.reserveSend(endpoint: robot.id, rate: rate, minute: .seconds(60), now: now, latest: now.addingTimeInterval(90))
        #expect(later.reserved && abs(later.at.timeIntervalSince(first.at) - 61) < 0.01)

        _ = try await store.submitRequest(Fixtures.newRequest(at: now))
        _ = try await store.submitRequest(Fixtures.newRequest(at: now))
        let claimed = try await store.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10, perEndpoint: 10,
                                                      perRobot: 1, busy: [:])
        #expect(claimed.count == 1, "a limited endpoint gets at most perRobot")
        let delivery = try #require(claimed.first)
        let pause = now.addingTimeInterval(600)
        func result(_ signature: Bool, pause: Date?) -> DeliveryResult {
            DeliveryResult(delivery: delivery.id, lease: delivery.lease, endpoint: robot.id,
                           attempt: DeliveryAttempt(at: now, statusCode: 200, durationMilliseconds: 5, response: "{}", error: "签名被钉钉拒绝"),
                           next: .retry(at: now), disableAfter: .seconds(86_400), pauseEndpointUntil: pause, signatureRefused: signature)
        }
        let alerts = try await store.settleDeliveries([result(true, pause: pause)])
        #expect(alerts.map(\.kind) == [.signatureRefused])
        #expect(!(alerts.first?.message.contains("robotToken") ?? true))
        #expect(try await store.nextDeliveryDue(excluding: []).map { abs($0.timeIntervalSince(pause)) < 0.01 } == true)
        #expect(try await store.claimDeliveries(now: now.addingTimeInterval(1), leaseUntil: now.addingTimeInterval(60), limit: 10, perEndpoint: 10,
                                                perRobot: 2, busy: [:]).isEmpty, "nothing is claimed while paused")
        let again = try await store.claimDeliveries(now: pause.addingTimeInterval(1), leaseUntil: pause.addingTimeInterval(60), limit: 10,
                                                    perEndpoint: 10, perRobot: 2, busy: [:])
        #expect(again.map(\.id) == again.map(\.id).sorted() && again.count == 2, "oldest first after the pause")
        let paused = try await store.reserveSend(endpoint: robot.id, rate: rate, minute: .seconds(60), now: now, latest: now)
        #expect(!paused.reserved && paused.at.timeIntervalSince(pause) > -0.001, "kept in milliseconds")
        // A second refusal the same day raises no second alert.
        let repeated = try #require(again.first)
        let second2 = DeliveryResult(delivery: repeated.id, lease: repeated.lease, endpoint: robot.id,
                                     attempt: DeliveryAttempt(at: pause, statusCode: 200, durationMilliseconds: 5, response: "{}", error: "签名"),
                                     next: .retry(at: pause), disableAfter: .seconds(86_400), signatureRefused: true)
        #expect(try await store.settleDeliveries([second2]).isEmpty)
        #expect(try await store.endpoint(id: robot.id)?.pausedUntil.map { abs($0.timeIntervalSince(pause)) < 0.01 } == true)
        // Staff enabling the endpoint clear the pause (after disabling it, say to fix its secret).
        _ = try await store.setEndpointEnabled(id: robot.id, enabled: false, reason: "换密钥", actor: "staff:test", at: Date())
        #expect(try await store.setEndpointEnabled(id: robot.id, enabled: true, reason: nil, actor: "staff:test", at: Date())?.pausedUntil == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func endpointsAreCreatedListedUpdatedAndDeleted(kind: StoreKind) async throws {
        let (store, alpha, beta) = try await storeWithEndpoints(kind)
        #expect(alpha.id.hasPrefix("ep_"))
        #expect(alpha.enabled)
        #expect(try await store.endpoints(station: nil).map(\.id) == [alpha.id, beta.id])
        #expect(try await store.endpoints(station: "beta").map(\.id) == [beta.id])
        await #expect(throws: StoreError.unknownStation("nowhere")) { try await store.createEndpoint(Self.endpoint("nowhere")) }
        let updated = try await store.updateEndpoint(id: alpha.id, EndpointUpdate(url: "https://alpha.example.cn/hooks", eventTypes: [.requestAssigned]),
                                                     actor: "staff:test", at: Date())
        #expect(updated?.url == "https://alpha.example.cn/hooks")
        #expect(updated?.eventTypes == [.requestAssigned])
        let disabled = try await store.setEndpointEnabled(id: alpha.id, enabled: false, reason: nil, actor: "staff:test", at: Date())
        #expect(disabled?.enabled == false)
        #expect(disabled?.disabledReason?.contains("staff:test") == true)
        #expect(try await store.setEndpointEnabled(id: alpha.id, enabled: true, reason: nil, actor: "staff:test", at: Date())?.disabledAt == nil)
        #expect(try await store.deleteEndpoint(id: alpha.id, actor: "staff:test", at: Date()))
        #expect(try await store.endpoint(id: alpha.id) == nil)
        #expect(try await store.deleteEndpoint(id: alpha.id, actor: "staff:test", at: Date()) == false)
        let audit = try await store.auditEntries(AuditQuery(entity: .endpoint, entityID: alpha.id)).items
        #expect(audit.map(\.action) == [.delete, .update, .update, .update, .create])
    }

    @Test(arguments: StoreKind.allCases)
    func aSubmissionWritesItsEventsForTheStationAndThePlatform(kind: StoreKind) async throws {
        let (store, alpha, beta) = try await storeWithEndpoints(kind)
        let request = try await submit(store)
        #expect(try await events(store, endpoint: alpha.id) == [.requestAssigned])
        #expect(try await events(store, endpoint: beta.id) == [.requestStatusChanged])
        let assigned = try #require(try await store.deliveries(DeliveryQuery(endpoint: alpha.id)).items.first)
        #expect(assigned.messageID.hasPrefix("msg_"))
        #expect(assigned.status == .pending)
        #expect(assigned.requestID == request.id)
        let detail = try #require(try await store.delivery(id: assigned.id))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(detail.payload.utf8)) as? [String: Any])
        #expect(body["type"] as? String == "request.assigned")
        #expect(body["timestamp"] is String)
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["request_id"] as? String == request.id)
        #expect(data["station"] as? String == "alpha")
        #expect(data["mode"] as? String == "station")
        #expect(data["description"] as? String == "需要检定压力表。")
        #expect(data["acknowledge_by"] is String)
        let enterprise = try #require(data["enterprise"] as? [String: Any])
        #expect(enterprise["credit_code"] as? String == "91512081MA62K0260E")
        #expect(enterprise["phone"] as? String == "13800001234")
        let links = try #require(data["links"] as? [String: String])
        #expect(links["accept"] == "http://127.0.0.1:8080/api/v1/station/requests/\(request.id)/accept")
        let service = try #require(data["service"] as? [String: String])
        #expect(service["code"] == "A-NAME")
    }

    @Test(arguments: StoreKind.allCases)
    func declineCancelAndEventTypeFiltersDecideWhoHears(kind: StoreKind) async throws {
        let (store, alpha, beta) = try await storeWithEndpoints(kind)
        let request = try await submit(store)
        // Alpha declines: the only other candidate is the platform, which now has it.
        guard case .changed(let moved) = try await store.transitionRequest(change(request.id, .decline, by: .station("alpha"), note: "设备检修")) else {
            Issue.record("decline refused")
            return
        }
        #expect(moved.request.station == "beta")
        #expect(try await events(store, endpoint: alpha.id) == [.requestAssigned, .requestWithdrawn])
        #expect(try await events(store, endpoint: beta.id) == [.requestStatusChanged, .requestAssigned])
        // Cancelled by the firm: the platform loses it and is told of the cancellation and the new status.
        _ = try await store.transitionRequest(change(request.id, .cancel, by: .firm, note: "不需要了"))
        #expect(try await events(store, endpoint: beta.id) == [
            .requestStatusChanged, .requestAssigned, .requestWithdrawn, .requestCancelled, .requestStatusChanged,
        ])
        // An endpoint that wants only assignments hears nothing else.
        _ = try await store.updateEndpoint(id: alpha.id, EndpointUpdate(eventTypes: [.requestAssigned]), actor: "t", at: Date())
        let second = try await submit(store)
        _ = try await store.transitionRequest(change(second.id, .cancel, by: .firm))
        #expect(try await events(store, endpoint: alpha.id) == [.requestAssigned, .requestWithdrawn, .requestAssigned])
        // A disabled endpoint gets nothing new.
        _ = try await store.setEndpointEnabled(id: alpha.id, enabled: false, reason: nil, actor: "t", at: Date())
        _ = try await submit(store)
        #expect(try await store.deliveries(DeliveryQuery(endpoint: alpha.id)).total == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedChangeWritesNoEventAndInternalNotesStayInside(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        let request = try await submit(store)
        let before = try await store.deliveries(DeliveryQuery()).total
        let refused = try await store.transitionRequest(change(request.id, .complete, by: .station("alpha")))
        #expect(refused == .refused(.invalidTransition(from: .assigned, action: .complete), current: .assigned))
        #expect(try await store.deliveries(DeliveryQuery()).total == before)
        _ = try await store.transitionRequest(change(request.id, .decline, by: .station("alpha"), note: "内部：客户难缠", internal: true))
        let withdrawn = try #require(try await store.deliveries(DeliveryQuery(endpoint: alpha.id)).items.first)
        #expect(withdrawn.eventType == .requestWithdrawn)
        let payload = try #require(try await store.delivery(id: withdrawn.id)?.payload)
        #expect(!payload.contains("客户难缠"))
    }

    @Test(arguments: StoreKind.allCases)
    func claimsLeaseAndSettle(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        for _ in 0..<6 { _ = try await submit(store) }
        let now = Date().addingTimeInterval(1)
        let lease = now.addingTimeInterval(60)
        // Per endpoint at most 4, less what is already in flight; alpha has 6 due, beta (status_changed) 6.
        let first = try await store.claimDeliveries(now: now, leaseUntil: lease, limit: 100, perEndpoint: 4, busy: [alpha.id: 1])
        #expect(first.filter { $0.endpoint == alpha.id }.count == 3)
        #expect(first.filter { $0.endpoint != alpha.id }.count == 4)
        #expect(first.allSatisfy { $0.secrets == [Self.secret] && $0.url == "http://127.0.0.1:9/hook" && $0.attempts == 0 })
        // Leased deliveries are not claimed twice.
        let second = try await store.claimDeliveries(now: now, leaseUntil: lease, limit: 100, perEndpoint: 10, busy: [:])
        #expect(Set(second.map(\.id)).isDisjoint(with: first.map(\.id)))
        #expect(second.count == 5)
        // A lease that ends (the worker died) makes the delivery due again, with the same webhook-id.
        let afterLease = try await store.claimDeliveries(now: lease.addingTimeInterval(1), leaseUntil: lease.addingTimeInterval(61), limit: 100,
                                                         perEndpoint: 10, busy: [:])
        #expect(Set(afterLease.map(\.messageID)) == Set((first + second).map(\.messageID)))
        // Settling under the old lease changes nothing; under the current one it does.
        let target = try #require(afterLease.first)
        let stale = try #require(first.first { $0.id == target.id } ?? second.first { $0.id == target.id })
        let attempt = DeliveryAttempt(at: now, statusCode: 204, durationMilliseconds: 3, response: nil, error: nil)
        _ = try await store.settleDeliveries([DeliveryResult(delivery: stale.id, lease: stale.lease, endpoint: stale.endpoint, attempt: attempt,
                                                             next: .succeeded, disableAfter: .seconds(86_400))])
        #expect(try await store.delivery(id: target.id)?.delivery.status == .pending)
        _ = try await store.settleDeliveries([DeliveryResult(delivery: target.id, lease: target.lease, endpoint: target.endpoint, attempt: attempt,
                                                             next: .succeeded, disableAfter: .seconds(86_400))])
        let settled = try #require(try await store.delivery(id: target.id))
        #expect(settled.delivery.status == .succeeded)
        #expect(settled.delivery.attempts == 1)
        #expect(settled.attempts.map(\.statusCode) == [204, 204])
        #expect(try await store.endpoint(id: target.endpoint)?.lastSuccessAt != nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aReceiversAnswerIsRecordedWhateverItHolds(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        _ = try await submit(store)
        let now = Date().addingTimeInterval(1)
        let claim = try #require(try await store.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
            .first { $0.endpoint == alpha.id })
        let attempt = DeliveryAttempt(at: now, statusCode: 500, durationMilliseconds: 3, response: "bin\u{0}ary 答复", error: nil)
        _ = try await store.settleDeliveries([DeliveryResult(delivery: claim.id, lease: claim.lease, endpoint: claim.endpoint, attempt: attempt,
                                                             next: .retry(at: now.addingTimeInterval(30)), disableAfter: .seconds(86_400))])
        let detail = try #require(try await store.delivery(id: claim.id))
        #expect(detail.attempts.count == 1)
        #expect(detail.attempts.first?.response?.hasSuffix("ary 答复") == true)
        #expect(detail.delivery.status == .pending)
    }

    /// A platform's error text with a NUL in it reaches the alert and the disabled reason without failing the batch.
    @Test(arguments: StoreKind.allCases)
    func anErrorWithANULIsAlertedAndRecorded(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        _ = try await submit(store)
        let now = Date().addingTimeInterval(1)
        let claim = try #require(try await store.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
            .first { $0.endpoint == alpha.id })
        let attempt = DeliveryAttempt(at: now, statusCode: 200, durationMilliseconds: 3, response: "{}", error: "sign not match\u{0}!")
        let alerts = try await store.settleDeliveries([
            DeliveryResult(delivery: claim.id, lease: claim.lease, endpoint: claim.endpoint, attempt: attempt, next: .endpointGone,
                           disableAfter: .seconds(86_400), signatureRefused: true),
        ])
        #expect(alerts.map(\.kind) == [.signatureRefused, .endpointDisabled])
        #expect(alerts.allSatisfy { !$0.message.utf8.contains(0) && $0.message.contains("sign not match") })
        // (A catalog without a calendar also raises one alert for the year its deadlines fell in.)
        let stored = try await store.alerts(page: PageRequest()).items.filter { $0.kind != .calendarMissing }
        #expect(stored.map(\.message) == alerts.reversed().map(\.message))
        // The ids returned are the rows' own, assigned as they were inserted.
        #expect(stored.map(\.id) == alerts.reversed().map(\.id))
        #expect(alerts.allSatisfy { $0.id > 0 })
        let disabled = try #require(try await store.endpoint(id: alpha.id))
        #expect(disabled.enabled == false)
        #expect(disabled.disabledReason?.contains("sign not match\u{FFFD}!") == true)
    }

    @Test(arguments: StoreKind.allCases)
    func goneAndLongFailingEndpointsAreDisabledWithAnAlert(kind: StoreKind) async throws {
        let (store, alpha, beta) = try await storeWithEndpoints(kind)
        _ = try await submit(store)
        let start = Date().addingTimeInterval(1)
        let claimed = try await store.claimDeliveries(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
        let toAlpha = try #require(claimed.first { $0.endpoint == alpha.id })
        let toBeta = try #require(claimed.first { $0.endpoint == beta.id })
        func failure(_ at: Date, _ status: Int) -> DeliveryAttempt {
            DeliveryAttempt(at: at, statusCode: status, durationMilliseconds: 1, response: "no", error: nil)
        }
        var alerts = try await store.settleDeliveries([
            DeliveryResult(delivery: toAlpha.id, lease: toAlpha.lease, endpoint: alpha.id, attempt: failure(start, 410), next: .endpointGone,
                           disableAfter: .seconds(3600)),
            DeliveryResult(delivery: toBeta.id, lease: toBeta.lease, endpoint: beta.id, attempt: failure(start, 500),
                           next: .retry(at: start.addingTimeInterval(10)), disableAfter: .seconds(3600)),
        ])
        #expect(alerts.map(\.endpoint) == [alpha.id])
        #expect(try await store.endpoint(id: alpha.id)?.enabled == false)
        #expect(try await store.delivery(id: toAlpha.id)?.delivery.status == .failed)
        #expect(try await store.endpoint(id: beta.id)?.failingSince != nil)
        #expect(try await store.endpoint(id: beta.id)?.enabled == true)
        // Beta keeps failing past the window: disabled, alert raised and listed.
        let later = start.addingTimeInterval(3601)
        let again = try #require(try await store.claimDeliveries(now: later, leaseUntil: later.addingTimeInterval(60), limit: 10, perEndpoint: 4,
                                                                 busy: [:]).first)
        alerts = try await store.settleDeliveries([
            DeliveryResult(delivery: again.id, lease: again.lease, endpoint: beta.id, attempt: failure(later, 503),
                           next: .retry(at: later.addingTimeInterval(10)), disableAfter: .seconds(3600)),
        ])
        #expect(alerts.map(\.endpoint) == [beta.id])
        #expect(try await store.alerts(page: PageRequest()).items.filter { $0.kind != .calendarMissing }.map(\.endpoint) == [beta.id, alpha.id])
        #expect(try await store.deliveryGauges(now: later).disabledEndpoints == 2)
        // Nothing of a disabled endpoint is claimed; enabling it again sends what waited.
        #expect(try await store.claimDeliveries(now: later.addingTimeInterval(20), leaseUntil: later.addingTimeInterval(80), limit: 10,
                                                perEndpoint: 4, busy: [:]).isEmpty)
        _ = try await store.setEndpointEnabled(id: beta.id, enabled: true, reason: nil, actor: "t", at: later)
        #expect(try await store.claimDeliveries(now: later.addingTimeInterval(20), leaseUntil: later.addingTimeInterval(80), limit: 10,
                                                perEndpoint: 4, busy: [:]).map(\.id) == [toBeta.id])
    }

    @Test(arguments: StoreKind.allCases)
    func failedDeliveriesAreRedeliveredWithTheSameWebhookID(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        _ = try await submit(store)
        _ = try await submit(store)
        let start = Date().addingTimeInterval(1)
        let claimed = try await store.claimDeliveries(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
            .filter { $0.endpoint == alpha.id }
        #expect(claimed.count == 2)
        _ = try await store.settleDeliveries(claimed.map {
            DeliveryResult(delivery: $0.id, lease: $0.lease, endpoint: alpha.id,
                           attempt: DeliveryAttempt(at: start, statusCode: 500, durationMilliseconds: 1, response: nil, error: nil),
                           next: .failed, disableAfter: .seconds(86_400))
        })
        #expect(try await store.deliveries(DeliveryQuery(status: .failed, endpoint: alpha.id)).total == 2)
        let one = try #require(try await store.redeliver(id: claimed[0].id, at: start))
        #expect(one.status == .pending)
        #expect(one.attempts == 0)
        #expect(one.messageID == claimed[0].messageID)
        #expect(try await store.redeliverFailed(endpoint: alpha.id, since: start.addingTimeInterval(-3600), at: start) == 1)
        #expect(try await store.deliveries(DeliveryQuery(status: .failed)).total == 0)
        let due = try await store.claimDeliveries(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
        #expect(Set(due.map(\.messageID)) == Set(claimed.map(\.messageID)))
    }

    @Test(arguments: StoreKind.allCases)
    func aRotatedSecretSignsBesideTheOldOneUntilTheOverlapEnds(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        let now = Date()
        let rotated = try await store.rotateEndpointSecret(id: alpha.id, secret: Self.newSecret, overlapUntil: now.addingTimeInterval(3600),
                                                           actor: "t", at: now)
        #expect(rotated?.previousSecretUntil != nil)
        _ = try await submit(store)
        // Due a second after it was written, however long the machine took to write it.
        let written = Date()
        let during = try await store.claimDeliveries(now: written.addingTimeInterval(1), leaseUntil: written.addingTimeInterval(2), limit: 10, perEndpoint: 4,
                                                     busy: [:]).filter { $0.endpoint == alpha.id }
        #expect(during.first?.secrets == [Self.newSecret, Self.secret])
        let after = try await store.claimDeliveries(now: now.addingTimeInterval(3601), leaseUntil: now.addingTimeInterval(3700), limit: 10,
                                                    perEndpoint: 4, busy: [:]).filter { $0.endpoint == alpha.id }
        #expect(after.first?.secrets == [Self.newSecret])
    }

    @Test(arguments: StoreKind.allCases)
    func anUpdateWithANewSecretIsOneChangeWithOneAuditEntry(kind: StoreKind) async throws {
        let (store, alpha, _) = try await storeWithEndpoints(kind)
        let now = Date()
        let updated = try await store.updateEndpoint(
            id: alpha.id, EndpointUpdate(url: "http://127.0.0.1:9/moved", secret: SecretChange(secret: Self.newSecret, overlapUntil: now)),
            actor: "staff:test", at: now)
        #expect(updated?.url == "http://127.0.0.1:9/moved")
        #expect(try await store.endpointTarget(id: alpha.id, at: now.addingTimeInterval(1))?.secrets == [Self.newSecret])
        let audit = try await store.auditEntries(AuditQuery(entity: .endpoint, entityID: alpha.id)).items
        #expect(audit.map(\.action) == [.update, .create])
        #expect(audit.first?.changes.map(\.field) == ["url", "secret"])
        #expect(!audit.flatMap(\.changes).contains { $0.new?.contains(Self.newSecret) == true || $0.old?.contains(Self.secret) == true })
    }

    @Test func anUpdateThatFailsLeavesTheSecretAsItWas() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        let alpha = try await store.createEndpoint(Self.endpoint("alpha"))
        // The audit entry is written last: refusing it must take the URL and the secret back with it.
        try sqlite(path, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END;")
        let now = Date()
        await #expect(throws: (any Error).self) {
            try await store.updateEndpoint(
                id: alpha.id, EndpointUpdate(url: "http://127.0.0.1:9/moved", secret: SecretChange(secret: Self.newSecret, overlapUntil: now)),
                actor: "staff:test", at: now)
        }
        #expect(try await store.endpointTarget(id: alpha.id, at: now)?.secrets == [Self.secret])
        #expect(try await store.endpoint(id: alpha.id)?.url == alpha.url)
    }

    @Test func theChangeAndItsEventsCommitTogetherOrNotAtAll() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        _ = try await store.createEndpoint(Self.endpoint("alpha"))
        // Make every outbox write fail, from outside the store, as a full disk or a bug would.
        try sqlite(path, "CREATE TRIGGER refuse_delivery BEFORE INSERT ON delivery BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;")
        await #expect(throws: (any Error).self) { try await store.submitRequest(Fixtures.newRequest()) }
        #expect(try await store.serviceRequests(RequestQuery()).total == 0)
        try sqlite(path, "DROP TRIGGER refuse_delivery;")
        let request = try await submit(store)
        try sqlite(path, "CREATE TRIGGER refuse_delivery BEFORE INSERT ON delivery BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;")
        await #expect(throws: (any Error).self) { try await store.transitionRequest(change(request.id, .cancel, by: .firm)) }
        #expect(try await store.serviceRequest(id: request.id)?.request.status == .assigned)
        #expect(try await store.timeline(ofRequest: request.id).count == 2)
        #expect(try await store.deliveries(DeliveryQuery()).total == 1)
    }

    func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("sqlite3 failed: \(sql)") }
    }
}
