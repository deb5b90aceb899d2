import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct SessionStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func aSessionActsForItsKeyUntilItExpiresIsClosedOrTheKeyIsRevoked(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let (key, _) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try await store.openSession(keyID: key.id, now: now, expiresAt: now.addingTimeInterval(3600))
        #expect(token.hasPrefix("oss_"))
        #expect(token.count >= 40)
        let session = try #require(try await store.session(token: token, now: now.addingTimeInterval(10)))
        #expect(session.key == key)
        #expect(session.expiresAt == now.addingTimeInterval(3600))
        #expect(try await store.session(token: token + "x", now: now) == nil)
        #expect(try await store.session(token: token, now: now.addingTimeInterval(3600)) == nil, "expired at its end")

        let second = try await store.openSession(keyID: key.id, now: now, expiresAt: now.addingTimeInterval(3600))
        #expect(second != token)
        try await store.closeSession(token: second)
        #expect(try await store.session(token: second, now: now) == nil)
        #expect(try await store.session(token: token, now: now) != nil, "closing one session leaves the others")
        try await store.closeSession(token: "oss_unknown")

        _ = try await store.revokeKey(id: key.id, actor: "test")
        #expect(try await store.session(token: token, now: now) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredSessionsAreRemovedWhenTheNextOneOpens(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let (key, _) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try await store.openSession(keyID: key.id, now: now, expiresAt: now.addingTimeInterval(60))
        _ = try await store.openSession(keyID: key.id, now: now.addingTimeInterval(120), expiresAt: now.addingTimeInterval(3600))
        // Even asked as of a time before it expired, the old session is gone: it was removed, not only hidden.
        #expect(try await store.session(token: old, now: now) == nil)
    }
}
