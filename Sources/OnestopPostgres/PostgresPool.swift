import Foundation
import Logging
import OnestopDomain
import OnestopStore
import PostgresNIO

/// A postgres-nio client and the task that runs it; the task ends (and the connections close) when the
/// last store holding the pool is gone.
final class PostgresPool: Sendable {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    static let logger = Logger(label: "onestop.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    static let migrationLock: Int64 = 0x6F6E_6573_746F_7001

    init(configuration: PostgresClient.Configuration) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws, and its own
    /// error rethrown as it was. A deadlock or serialization failure (which PostgreSQL resolves by failing
    /// one of the transactions) runs it again, up to three times in all.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await PostgresStoreError.translating { try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: Self.logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: Self.logger)
                        return value
                    } catch {
                        await Self.rollBack(connection)
                        throw error
                    }
                } }
            } catch let error as PostgresStoreError where error.isRetryable && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Runs `body` in a transaction that is always rolled back.
    func rolledBack<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresStoreError.translating { try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: Self.logger)
            do {
                let value = try await body(connection)
                await Self.rollBack(connection)
                return value
            } catch {
                await Self.rollBack(connection)
                throw error
            }
        } }
    }

    /// Ends the connection's transaction before it goes back to the pool, even when the task was cancelled
    /// (a cancelled query would leave it "idle in transaction" for the next user). If even that fails, the
    /// connection is closed rather than reused.
    static func rollBack(_ connection: PostgresConnection) async {
        let rolledBack = await Task.detached {
            (try? await connection.query("ROLLBACK", logger: logger)) != nil
        }.value
        if !rolledBack {
            try? await connection.close()
        }
    }

    /// Runs `body` on one connection, outside a transaction (each statement commits alone), for reads.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresStoreError.translating { try await client.withConnection { connection in try await body(connection) } }
    }
}
