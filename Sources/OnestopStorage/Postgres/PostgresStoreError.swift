import PostgresNIO

/// A database failure, with what PostgreSQL said: its SQLSTATE and message. postgres-nio's own error
/// hides both to keep bound values out of logs; these two never hold them.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
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
