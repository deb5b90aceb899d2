import Foundation
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct KeyStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func aTokenAuthenticatesUntilRevoked(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let (key, token) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        #expect(token.hasPrefix("ost_"))
        #expect(token.count >= 40)
        #expect(token.hasPrefix(key.prefix))
        #expect(try await store.authenticate(token: token) == key)
        #expect(try await store.authenticate(token: token + "x") == nil)
        #expect(try await store.authenticate(token: "nonsense") == nil)
        #expect(try await store.revokeKey(id: key.id, actor: "test")?.revokedAt != nil)
        #expect(try await store.authenticate(token: token) == nil)
        #expect(try await store.revokeKey(id: "key_missing", actor: "test") == nil)
        let audit = try await store.auditEntries(AuditQuery(entity: .key, entityID: key.id))
        #expect(audit.items.map(\.action) == [.revoke, .create])
    }

    @Test(arguments: StoreKind.allCases)
    func stationKeysNeedAnExistingStation(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        await #expect(throws: StoreError.stationKeyNeedsStation) {
            _ = try await store.createKey(role: .station, name: "x", station: nil, actor: "test")
        }
        await #expect(throws: StoreError.unknownStation("gamma")) {
            _ = try await store.createKey(role: .station, name: "x", station: "gamma", actor: "test")
        }
        await #expect(throws: StoreError.staffKeyHasStation) {
            _ = try await store.createKey(role: .staff, name: "x", station: "alpha", actor: "test")
        }
        await #expect(throws: StoreError.invalidKeyName) {
            _ = try await store.createKey(role: .staff, name: "  ", station: nil, actor: "test")
        }
        let (key, _) = try await store.createKey(role: .station, name: "甲站值班", station: "alpha", actor: "test")
        #expect(key.station == "alpha")
        #expect(try await store.keys().map(\.id) == [key.id])
    }

    @Test func theDatabaseFileHoldsOnlyTheTokensHash() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("keys.sqlite").path
        let store = try SQLiteStore(path: path)
        let (_, token) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        var bytes = Data()
        for suffix in ["", "-wal"] {
            bytes += FileManager.default.contents(atPath: path + suffix) ?? Data()
        }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(token.utf8)) == nil)
        #expect(bytes.range(of: Data(AccessToken.hash(token).utf8)) != nil)
    }
}
