import PostgresNIO
import OnestopStore

/// A database failure, with what PostgreSQL said: its SQLSTATE and message. postgres-nio's own error
/// hides both to keep bound values out of logs; these two never hold them.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible, StorageFullSignal {
    /// The SQLSTATE, such as `40P01` for a deadlock; nil when the failure was not the server's answer.
    public var sqlState: String?
    public var message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        if let server = error.serverInfo?[.message] {
            message = server
        } else if let underlying = error.underlying {
            message = "\(error.code): \(underlying)"
        } else {
            message = "\(error.code)"
        }
    }

    init(sqlState: String?, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// No connection could be made in time; names the server, never the password.
    static func unreachable(_ location: PostgresLocation, within limit: Duration) -> PostgresStoreError {
        PostgresStoreError(sqlState: nil, message: "\(limit.components.seconds) 秒内无法连接 \(location.description) (could not connect within \(limit.components.seconds) s)")
    }

    /// A deadlock (40P01) or serialization failure (40001): the transaction can simply run again.
    var isRetryable: Bool { sqlState == "40P01" || sqlState == "40001" }

    /// 53100 disk_full, 53200 out_of_memory and 53300 too_many_connections are the server's resources; only the
    /// first is a full disk.
    public var isStorageFull: Bool { sqlState == "53100" }

    public var description: String {
        "数据库出错 (PostgreSQL error)\(sqlState.map { " \($0)" } ?? ""): \(message)"
    }

    /// Runs `body`, turning postgres-nio's errors into this one and letting every other error through.
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw PostgresStoreError(error)
        }
    }
}
