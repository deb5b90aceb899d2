import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// Notices to firms on every store: written with the change that causes them, only on the channels the firm agreed
/// to, never carrying an internal note; stopped by the firm; claimed, limited per number and settled by the worker;
/// found by their short link.
@Suite struct NoticeContractTests {
    static let eve = PromiseContractTests.eve

    /// A firm that agreed to both channels, with a mobile and an email, and a short link made from its nonce.
    static func consenting(at date: Date = eve, links: ShortLinks = ShortLinks(secret: Array(repeating: 3, count: 32))) -> NewServiceRequest {
        var submission = Fixtures.submission()
        submission.enterprise.email = "zhangsan@example.com"
        submission.notices = NoticeConsent(sms: true, email: true)
        var new = Fixtures.newRequest(submission, at: date)
        new.shortLink = ShortLinks.key(of: links.code(nonce: new.tokenNonce))
        return new
    }

    func submit(_ store: any Storage, _ new: NewServiceRequest = consenting()) async throws -> StoredServiceRequest {
        guard case .created(let stored, _) = try await store.submitRequest(new) else { throw FixtureError("not created") }
        return stored
    }

    @Test(arguments: StoreKind.allCases)
    func eachChangeTellsTheFirmOnEveryChannelItAgreedTo(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let stored = try await submit(store)
        let id = stored.request.id
        #expect(stored.request.notices == NoticeConsent(sms: true, email: true))
        #expect(try await store.serviceRequest(id: id)?.request.notices == NoticeConsent(sms: true, email: true))
        var notices = try await store.notices(ofRequest: id)
        #expect(notices.map(\.event) == [.received, .received])
        #expect(Set(notices.map(\.channel)) == [.sms, .email])
        #expect(notices.allSatisfy { $0.status == .pending && $0.messageID.hasPrefix("ntc_") })

        // An internal note on the acceptance stays internal; the caseworker and the promise go out.
        var accept = PromiseContractTests.change(id, .accept, caseworker: "wang-fang", note: "内部：费用待核")
        accept.isInternal = true
        guard case .changed = try await store.transitionRequest(accept) else { throw FixtureError("not accepted") }
        let claimed = try await store.claimNotices(now: Self.eve.addingTimeInterval(1), leaseUntil: Self.eve.addingTimeInterval(61), limit: 10)
        #expect(claimed.count == 4)
        let accepted = try #require(claimed.first { $0.event == .accepted && $0.channel == .sms })
        #expect(accepted.facts.caseworker == "王芳" && accepted.facts.caseworkerPhone == "0564-5136081")
        #expect(accepted.facts.station == "甲站" && accepted.facts.service == "压力表检定")
        #expect(accepted.facts.date != nil && accepted.facts.reason == nil)
        #expect(accepted.recipient == "13800001234" && accepted.tokenNonce == stored.tokenNonce)
        #expect(claimed.first { $0.channel == .email }?.recipient == "zhangsan@example.com")
        #expect(!claimed.contains { String(decoding: (try? JSONEncoder().encode($0.facts)) ?? Data(), as: UTF8.self).contains("内部") })
        // Claimed once: a second claim while the lease holds takes nothing.
        #expect(try await store.claimNotices(now: Self.eve.addingTimeInterval(2), leaseUntil: Self.eve.addingTimeInterval(62), limit: 10).isEmpty)

        // A moved promise says its reason; a note on progress tells the firm nothing.
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(id, .progress)),
            case .changed = try await store.transitionRequest(PromiseContractTests.change(
                id, .reschedule, at: Self.eve.addingTimeInterval(60), promise: .init(day: CivilDay("2026-10-20")!, reason: "等待外协实验室")))
        else { throw FixtureError("not rescheduled") }
        notices = try await store.notices(ofRequest: id)
        #expect(notices.map(\.event) == [.received, .received, .accepted, .accepted, .rescheduled, .rescheduled])
        let moved = try await store.claimNotices(now: Self.eve.addingTimeInterval(60), leaseUntil: Self.eve.addingTimeInterval(120), limit: 10)
        #expect(moved.count == 2 && moved.allSatisfy { $0.facts.reason == "等待外协实验室" && $0.facts.date == "2026-10-20" })
    }

    @Test(arguments: StoreKind.allCases)
    func noConsentNoNotice(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let stored = try await submit(store, Fixtures.newRequest(at: Self.eve))
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(stored.request.id, .accept, caseworker: "wang-fang"))
        else { throw FixtureError("not accepted") }
        #expect(try await store.notices(ofRequest: stored.request.id).isEmpty)
        #expect(try await store.nextNoticeDue() == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aStopEndsWhatWaitsAndWhatWouldFollow(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let stored = try await submit(store)
        let id = stored.request.id
        let stopped = try #require(try await store.stopNotices(requestID: id, at: Self.eve.addingTimeInterval(5)))
        #expect(stopped.request.notices.stoppedAt == Self.eve.addingTimeInterval(5))
        #expect(try await store.notices(ofRequest: id).map(\.status) == [.stopped, .stopped])
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(id, .accept, caseworker: "wang-fang"))
        else { throw FixtureError("not accepted") }
        #expect(try await store.notices(ofRequest: id).count == 2)
        #expect(try await store.claimNotices(now: Self.eve.addingTimeInterval(60), leaseUntil: Self.eve.addingTimeInterval(120), limit: 10).isEmpty)
        // A second stop changes nothing.
        #expect(try await store.stopNotices(requestID: id, at: Self.eve.addingTimeInterval(9))?.request.notices.stoppedAt == Self.eve.addingTimeInterval(5))
        #expect(try await store.stopNotices(requestID: "T-19990101-0001", at: Self.eve) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func settlingRecordsEachOutcome(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let stored = try await submit(store)
        let id = stored.request.id
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(id, .accept, caseworker: "wang-fang"))
        else { throw FixtureError("not accepted") }
        let at = Self.eve.addingTimeInterval(10)
        let claimed = try await store.claimNotices(now: at, leaseUntil: at.addingTimeInterval(60), limit: 10)
        #expect(claimed.count == 4)
        let smsReceived = try #require(claimed.first { $0.event == .received && $0.channel == .sms })
        let emailReceived = try #require(claimed.first { $0.event == .received && $0.channel == .email })
        let smsAccepted = try #require(claimed.first { $0.event == .accepted && $0.channel == .sms })
        let emailAccepted = try #require(claimed.first { $0.event == .accepted && $0.channel == .email })
        func attempt(_ code: String?, _ error: String? = nil) -> NoticeAttempt {
            NoticeAttempt(at: at, durationMilliseconds: 12, providerCode: code, error: error)
        }
        let retryAt = at.addingTimeInterval(30)
        try await store.settleNotices([
            NoticeResult(notice: smsReceived.id, lease: smsReceived.lease, requestID: id, channel: .sms, attempt: attempt("OK"), next: .sent(providerID: "biz-1")),
            NoticeResult(notice: emailReceived.id, lease: emailReceived.lease, requestID: id, channel: .email,
                         attempt: attempt("451", "try again\u{0}later"), next: .retry(at: retryAt)),
            NoticeResult(notice: smsAccepted.id, lease: smsAccepted.lease, requestID: id, channel: .sms, attempt: nil, next: .deferred(until: retryAt)),
            // A stale claim's result changes nothing.
            NoticeResult(notice: emailAccepted.id, lease: emailAccepted.lease &+ 1, requestID: id, channel: .email, attempt: attempt("250"),
                         next: .sent(providerID: "stale")),
        ])
        let notices = Dictionary(uniqueKeysWithValues: try await store.notices(ofRequest: id).map { ($0.id, $0) })
        #expect(notices[smsReceived.id]?.status == .sent && notices[smsReceived.id]?.providerID == "biz-1" && notices[smsReceived.id]?.attempts == 1)
        #expect(notices[emailReceived.id]?.status == .pending && notices[emailReceived.id]?.nextAttemptAt == retryAt)
        #expect(notices[emailReceived.id]?.lastError == "try again\u{FFFD}later" && notices[emailReceived.id]?.attempts == 1)
        #expect(notices[smsAccepted.id]?.status == .pending && notices[smsAccepted.id]?.attempts == 0)
        #expect(notices[emailAccepted.id]?.status == .pending && notices[emailAccepted.id]?.providerID == nil)
        #expect(try await store.nextNoticeDue() == retryAt)

        // A wrong address ends every notice on that channel and marks the contact.
        let again = try await store.claimNotices(now: retryAt, leaseUntil: retryAt.addingTimeInterval(60), limit: 10)
        let email = try #require(again.first { $0.channel == .email && $0.event == .received })
        try await store.settleNotices([NoticeResult(notice: email.id, lease: email.lease, requestID: id, channel: .email,
                                                    attempt: attempt("550", "mailbox unavailable"), next: .unreachable)])
        let request = try #require(try await store.serviceRequest(id: id)).request
        #expect(request.notices.emailUnreachableAt == at && request.notices.smsUnreachableAt == nil)
        #expect(request.notices.channels == [.sms])
        let after = try await store.notices(ofRequest: id)
        #expect(after.filter { $0.channel == .email }.allSatisfy { $0.status == .unreachable })
        let gauges = try await store.noticeGauges()
        #expect(gauges[.sent] == 1 && gauges[.unreachable] == 2 && gauges[.pending] == 1)
        // What follows goes by SMS only.
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(id, .complete, note: "已出具报告")) else {
            throw FixtureError("not completed")
        }
        #expect(try await store.notices(ofRequest: id).filter { $0.event == .completed }.map(\.channel) == [.sms])
    }

    @Test(arguments: StoreKind.allCases)
    func perNumberLimitsCountEverySend(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let limits = NoticeLimits(perMinute: 1, perHour: 5, perDay: 10)
        var now = Self.eve
        #expect(try await store.reserveNoticeSend(recipient: "k1", limits: limits, now: now) == nil)
        // The second within the minute waits for the first to leave it.
        #expect(try await store.reserveNoticeSend(recipient: "k1", limits: limits, now: now.addingTimeInterval(10)) == now.addingTimeInterval(60))
        // Another number is not held back.
        #expect(try await store.reserveNoticeSend(recipient: "k2", limits: limits, now: now.addingTimeInterval(10)) == nil)
        for _ in 0..<4 {
            now = now.addingTimeInterval(60)
            #expect(try await store.reserveNoticeSend(recipient: "k1", limits: limits, now: now) == nil)
        }
        // Five in the hour: the sixth waits for the first to be an hour old.
        #expect(try await store.reserveNoticeSend(recipient: "k1", limits: limits, now: now.addingTimeInterval(60)) == Self.eve.addingTimeInterval(3600))
    }

    @Test(arguments: StoreKind.allCases)
    func aShortLinkFindsItsRequest(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let links = ShortLinks(secret: Array(repeating: 3, count: 32))
        let stored = try await submit(store, Self.consenting(links: links))
        let code = links.code(nonce: stored.tokenNonce)
        #expect(try await store.request(shortLink: ShortLinks.key(of: code))?.request.id == stored.request.id)
        #expect(try await store.request(shortLink: ShortLinks.key(of: String(code.reversed()))) == nil)
        // The code itself is not what is stored.
        #expect(stored.shortLink == ShortLinks.key(of: code) && stored.shortLink != code)
    }

    @Test(arguments: StoreKind.allCases)
    func retentionRemovesEndedNoticesAndKeepsWaitingOnes(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let stored = try await submit(store)
        let id = stored.request.id
        let at = Self.eve.addingTimeInterval(1)
        let claimed = try await store.claimNotices(now: at, leaseUntil: at.addingTimeInterval(60), limit: 10)
        let sms = try #require(claimed.first { $0.channel == .sms })
        let email = try #require(claimed.first { $0.channel == .email })
        try await store.settleNotices([
            NoticeResult(notice: sms.id, lease: sms.lease, requestID: id, channel: .sms,
                         attempt: NoticeAttempt(at: at, durationMilliseconds: 5, providerCode: "OK", error: nil), next: .sent(providerID: "b")),
            NoticeResult(notice: email.id, lease: email.lease, requestID: id, channel: .email,
                         attempt: NoticeAttempt(at: at, durationMilliseconds: 5, providerCode: "451", error: "later"), next: .retry(at: at.addingTimeInterval(400 * 86_400))),
        ])
        _ = try await store.reserveNoticeSend(recipient: "k", limits: NoticeLimits(), now: at)
        let month = try await store.removeExpired(.standard, now: at.addingTimeInterval(30 * 86_400))
        #expect(month.notices == 0 && month.rateReservations == 1, "the per-number counts go after a day")
        let later = try await store.removeExpired(.standard, now: at.addingTimeInterval(91 * 86_400))
        #expect(later.notices == 1 && later.noticeAttempts == 1)
        #expect(try await store.notices(ofRequest: id).map(\.channel) == [.email], "a notice still to be tried stays")
        let timeline = try await store.timeline(ofRequest: id)
        #expect(try await store.serviceRequest(id: id) != nil && !timeline.isEmpty)
    }
}
