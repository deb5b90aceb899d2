import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is, read from a URL such as `postgres://onestop:secret@db.internal:5432/onestop`
/// (`postgresql://` too). `?sslmode=disable` (the default on loopback), `require` or `verify-full`
/// (the default elsewhere) chooses TLS; a password, when given, never appears in `description`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Equatable {
        case disable
        /// Encrypted, certificate not checked.
        case require
        /// Encrypted, certificate and host name checked.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Whether `text` names PostgreSQL rather than an SQLite file.
    /// Any `scheme://`, in any case: such a value is read as a database URL (and refused unless it is
    /// PostgreSQL's), never as an SQLite file path that would put its password into a directory name.
    public static func isDatabaseURL(_ text: String) -> Bool {
        text.contains("://")
    }

    public init(url given: String) throws(PostgresLocationError) {
        let text = given.trimmingCharacters(in: .whitespacesAndNewlines)
        let scheme = text.prefix { $0 != ":" }.lowercased()
        guard ["postgres", "postgresql"].contains(scheme), let components = URLComponents(string: text) else {
            throw PostgresLocationError("应以 postgres:// 开头，例如 postgres://onestop@127.0.0.1:5432/onestop",
                                        "must start with postgres://, for example postgres://onestop@127.0.0.1:5432/onestop")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("缺少主机名", "the host is missing")
        }
        guard let username = components.user, !username.isEmpty else {
            throw PostgresLocationError("缺少用户名（postgres://用户名@主机/数据库）", "the user is missing (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("缺少数据库名（postgres://用户名@主机/数据库）", "the database is missing (postgres://USER@HOST/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw PostgresLocationError("端口应在 1 至 65535 之间", "the port must be from 1 to 65535")
        }
        var tls: TLSMode = ["127.0.0.1", "localhost", "::1"].contains(host) ? .disable : .verifyFull
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresLocationError("不支持参数 \(item.name)（只支持 sslmode）", "unknown parameter \(item.name) (only sslmode is read)")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw PostgresLocationError("sslmode 可选 disable、require、verify-full", "sslmode must be disable, require or verify-full")
            }
            tls = mode
        }
        self.host = host
        self.port = port
        // URLComponents gives these decoded already.
        self.username = username
        self.password = components.password
        self.database = database
        self.tls = tls
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":…")@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The URL as libpq's tools (`psql`, `pg_dump`) take it, without the password, which they read from
    /// `PGPASSWORD` or `~/.pgpass`.
    public var passwordlessURL: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The client configuration postgres-nio connects with.
    public var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable:
            tls = .disable
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .require(configuration)
        case .verifyFull:
            tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// The client configuration with at most `maximumConnections` open at once.
    public func configuration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = self.configuration
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        return configuration
    }
}
