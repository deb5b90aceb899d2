import Foundation
import GRDB
import OnestopDomain
import OnestopPostgres
@testable import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// Webhook signing secrets, robot tokens and robot secrets are sealed under the data key: their bytes are
/// nowhere in the database, yet every reader through the store gets them back.
@Suite struct SecretsAtRestTests {
    static let standardSecret = "whsec_" + Data(repeating: 42, count: 32).base64EncodedString()
    static let robotToken = "RobotAccessToken7f3a9c2e51d04b68"
    static let robotSecret = "SECrobotSigningSecret0123456789abcdef"

    func addEndpoints(_ store: any Storage) async throws -> (standard: WebhookEndpoint, robot: WebhookEndpoint) {
        let standard = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "https://oa.alpha.example.cn/hook?auth=PlainQueryToken99", eventTypes: [], description: nil,
            secret: Self.standardSecret, actor: "test", at: Date()))
        let robot = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "https://oapi.dingtalk.com/robot/send?access_token=\(Self.robotToken)", format: .dingtalk, eventTypes: [],
            description: nil, secret: Self.robotSecret, actor: "test", at: Date()))
        // A rotation keeps the previous secret beside the new one: both sealed.
        _ = try await store.updateEndpoint(id: standard.id, EndpointUpdate(secret: SecretChange(secret: Self.standardSecret + "2", overlapUntil: Date().addingTimeInterval(3600))),
                                           actor: "test", at: Date())
        return (standard, robot)
    }

    func expectReadable(_ store: any Storage, _ standard: WebhookEndpoint, _ robot: WebhookEndpoint) async throws {
        #expect(try await store.endpointTarget(id: standard.id, at: Date())?.secrets == [Self.standardSecret + "2", Self.standardSecret])
        #expect(try await store.endpointTarget(id: robot.id, at: Date())?.secrets == [Self.robotSecret])
        _ = try await store.submitRequest(Fixtures.newRequest())
        let claimed = try await store.claimDeliveries(now: Date(), leaseUntil: Date().addingTimeInterval(60), limit: 10, perEndpoint: 10, busy: [:])
        #expect(Set(claimed.map(\.url)) == ["https://oa.alpha.example.cn/hook?auth=PlainQueryToken99",
                                            "https://oapi.dingtalk.com/robot/send?access_token=\(Self.robotToken)"])
        #expect(try await store.endpoint(id: robot.id)?.displayURL == "https://oapi.dingtalk.com/robot/send?access_token=…4b68")
    }

    static let plainBytes = [standardSecret, robotToken, robotSecret].map { Data($0.utf8) }

    @Test func theSQLiteFileHoldsNoSecret() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = folder.appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        let (standard, robot) = try await addEndpoints(store)
        try await expectReadable(store, standard, robot)
        var bytes = Data()
        for suffix in ["", "-wal"] { bytes += FileManager.default.contents(atPath: path + suffix) ?? Data() }
        #expect(bytes.count > 10_000)
        for secret in Self.plainBytes { #expect(bytes.range(of: secret) == nil) }
        let keyFile = folder.appendingPathComponent("onestop.datakey").path
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        #expect(FileManager.default.contents(atPath: keyFile)?.count == 32)

        // Opened again with its key, everything reads; with another key, the reader is told which key it needs.
        try await expectReadable(try SQLiteStore(path: path), standard, robot)
        let stranger = try SQLiteStore(path: path, dataKey: .random())
        await #expect { try await stranger.endpointTarget(id: robot.id, at: Date()) } throws: { error in
            "\(error)".contains("sealed with data key \(try! DataKey.load(keyFile).id)")
        }
    }

    @Test func plainSecretsAnOlderOnestopStoredAreSealedOnOpen() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        let (standard, robot) = try await addEndpoints(store)
        // As a database from before sealing holds them.
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE webhook_endpoint SET secret = ?, previous_secret = NULL WHERE id = ?", arguments: [Self.standardSecret, standard.id])
            try db.execute(sql: "UPDATE webhook_endpoint SET url = ?, secret = ? WHERE id = ?",
                           arguments: ["https://oapi.dingtalk.com/robot/send?access_token=\(Self.robotToken)", Self.robotSecret, robot.id])
        }
        let reopened = try SQLiteStore(path: path)
        let stored = try await reopened.writer.read { db in try String.fetchAll(db, sql: "SELECT url || ' ' || secret FROM webhook_endpoint") }
        #expect(stored.count == 2 && stored.allSatisfy { $0.hasPrefix("sealed:v1:") && $0.contains(" sealed:v1:") })
        #expect(try await reopened.endpointTarget(id: standard.id, at: Date())?.secrets == [Self.standardSecret])
        #expect(try await reopened.endpointTarget(id: robot.id, at: Date())?.secrets == [Self.robotSecret])
        var bytes = Data()
        for suffix in ["", "-wal"] { bytes += FileManager.default.contents(atPath: path + suffix) ?? Data() }
        for secret in Self.plainBytes { #expect(bytes.range(of: secret) == nil) }
    }

    @Test func aPostgreSQLDumpHoldsNoSecret() async throws {
        let location = try await TestDatabases.fresh()
        let key = DataKey.random()
        let store = try await PostgresStore(location: location, staleness: .zero, maximumConnections: 2, dataKey: key)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        let (standard, robot) = try await addEndpoints(store)
        try await expectReadable(store, standard, robot)
        try await expectReadable(try await PostgresStore(location: location, staleness: .zero, maximumConnections: 2, dataKey: key), standard, robot)

        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        dump.arguments = ["pg_dump", "--data-only", location.passwordlessURL]
        if let password = location.password { dump.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { $1 } }
        let output = Pipe()
        dump.standardOutput = output
        try dump.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        dump.waitUntilExit()
        #expect(dump.terminationStatus == 0)
        #expect(bytes.range(of: Data("webhook_endpoint".utf8)) != nil && bytes.range(of: Data("sealed:v1:\(key.id)".utf8)) != nil)
        for secret in Self.plainBytes { #expect(bytes.range(of: secret) == nil) }
    }
}
