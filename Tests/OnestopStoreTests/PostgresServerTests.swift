import Foundation
import Logging
import OnestopPostgres
import OnestopStore
import OnestopTestSupport
import PostgresNIO
import Testing

/// The PostgreSQL side of the storage tests: reading a database URL, and the throwaway server Tools/test
/// starts (ONESTOP_TEST_POSTGRES_URL). Without that server these tests fail and say so: never skipped.
@Suite struct PostgresServerTests {
    @Test func aDatabaseURLIsReadWithItsPartsAndNeverShowsItsPassword() throws {
        let location = try PostgresLocation(url: "postgres://onestop:s%40cret@db.internal:6432/onestop_prod")
        #expect(location.host == "db.internal")
        #expect(location.port == 6432)
        #expect(location.username == "onestop")
        #expect(location.password == "s@cret")
        #expect(location.database == "onestop_prod")
        #expect(location.tls == .verifyFull, "TLS with verification away from loopback")
        #expect(!location.description.contains("cret"))
        let local = try PostgresLocation(url: "postgresql://onestop@127.0.0.1/onestop")
        #expect(local.port == 5432)
        #expect(local.tls == .disable)
        #expect(try PostgresLocation(url: "postgres://u@h/d?sslmode=require").tls == .require)
        #expect(try PostgresLocation(url: " POSTGRES://u:p%2541ss@h/d ").password == "p%41ss", "decoded once, scheme in any case")
        #expect(PostgresLocation.isDatabaseURL("postgres://u@h/d"))
        #expect(PostgresLocation.isDatabaseURL("mysql://u:secret@h/d"), "read as a URL (and refused), never as a file path")
        #expect(!PostgresLocation.isDatabaseURL("./var/onestop.sqlite"))
    }

    @Test(arguments: [
        ("./var/onestop.sqlite", "postgres://"), ("postgres:///onestop", "host"), ("postgres://db.internal/onestop", "user"),
        ("postgres://u@db.internal", "database"), ("postgres://u@db.internal/", "database"), ("postgres://u@h/d?sslmode=prefer", "sslmode"),
        ("postgres://u@h/d?timeout=5", "timeout"), ("mysql://u:secret@h/d", "postgres://"),
    ])
    func aBadDatabaseURLSaysWhatIsWrong(url: String, named: String) {
        #expect {
            _ = try PostgresLocation(url: url)
        } throws: { error in
            (error as? PostgresLocationError)?.en.contains(named) == true
        }
    }

    /// The server Tools/test started.
    static func testServer() throws -> PostgresLocation { try TestDatabases.server() }

    @Test func theTestServerIsPostgreSQL15OrLaterWithTrigramsForChinese() async throws {
        let client = PostgresClient(configuration: try Self.testServer().configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let version = try await client.query("SHOW server_version_num").decode(String.self).reduce(into: []) { $0.append($1) }
            #expect((Int(version.first ?? "") ?? 0) >= 150_000)
            try await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            // pg_trgm makes trigrams of Chinese in this cluster's locale (C.UTF-8), but a two-character word
            // such as 计量 has no trigram of its own, so a trigram index cannot serve it: the PostgreSQL store
            // searches with the same in-memory index as SQLite instead (SearchContractTests run on both).
            let trigrams = try await client.query("SELECT cardinality(show_trgm('计量检测'))").decode(Int.self).reduce(into: []) { $0.append($1) }
            #expect(trigrams == [5])
            let matched = try await client.query("SELECT '电学计量器具校准' LIKE '%' || \("计量") || '%'").decode(Bool.self).reduce(into: []) { $0.append($1) }
            #expect(matched == [true])
        }
    }
}
