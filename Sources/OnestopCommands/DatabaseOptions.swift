import ArgumentParser
import Foundation
import OnestopPostgres
import OnestopSQLite
import OnestopStore

/// The `--database` option every subcommand that touches the database takes: an SQLite file, or a
/// PostgreSQL URL for several instances on one database.
struct DatabaseOptions: ParsableArguments {
    static let defaultPath = "./var/onestop.sqlite"

    @Option(name: .long, help: ArgumentHelp("""
        The SQLite database file (created when missing), or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require|verify-full] \
        to share one PostgreSQL database between instances. (env: ONESTOP_DATABASE_URL or ONESTOP_DATABASE; default: \(DatabaseOptions.defaultPath))
        """, valueName: "path-or-url"))
    var database: String?

    @Option(name: .customLong("sqlite-synchronous"), help: ArgumentHelp("""
        full: every answered commit is on the disk, and survives a power cut. normal: faster, but a power cut or a kernel \
        crash can lose the last answered commits. SQLite only. (env: ONESTOP_SQLITE_SYNCHRONOUS; default: full)
        """, valueName: "full|normal"))
    var sqliteSynchronous: String?

    @Option(name: .customLong("data-key-file"), help: ArgumentHelp("""
        The key that seals endpoints' URLs and secrets in the database; created (mode 600) when missing. Keep it with \
        the database and the secret file: without it, every endpoint must be added again. (env: ONESTOP_DATA_KEY_FILE; \
        default: onestop.datakey beside an SQLite database, ./var/onestop.datakey for PostgreSQL)
        """, valueName: "path"))
    var dataKeyFile: String?

    /// Where the data key is kept.
    var dataKeyPath: String {
        Setting("data-key-file", env: "ONESTOP_DATA_KEY_FILE").text(dataKeyFile)
            ?? (PostgresLocation.isDatabaseURL(path) ? PostgresStore.defaultDataKeyPath : SQLiteStore.defaultDataKeyPath(forDatabase: path))
    }

    /// How SQLite commits, from `--sqlite-synchronous`.
    func synchronous() throws -> SQLiteSynchronous {
        let setting = Setting("sqlite-synchronous", env: "ONESTOP_SQLITE_SYNCHRONOUS")
        let text = setting.text(sqliteSynchronous, default: "full")
        guard let mode = SQLiteSynchronous(rawValue: text.lowercased()) else { throw setting.refusal("must be full or normal, not \(text)") }
        return mode
    }

    var path: String {
        Setting("database", env: "ONESTOP_DATABASE_URL").text(database) ?? Setting("database", env: "ONESTOP_DATABASE").text(nil, default: Self.defaultPath)
    }

    /// Where the database is, for logs: a PostgreSQL URL without its password.
    var displayName: String {
        PostgresLocation.isDatabaseURL(path) ? ((try? PostgresLocation(url: path))?.description ?? "postgres://…") : path
    }

    /// The command that creates a staff key in this database, as the person who started the server types
    /// it: `Tools/onestop` from a checkout (`Tools/run` says so in ONESTOP_COMMAND), `onestop` elsewhere.
    var keysCreateCommand: String {
        let command = Setting.environment("ONESTOP_COMMAND") ?? "onestop"
        let location = database.map { " --database '\(PostgresLocation.isDatabaseURL($0) ? displayName : $0)'" } ?? ""
        return "\(command) keys create --role staff --name YOUR-NAME\(location)"
    }

    /// Opens the store, bringing its schema up to date.
    /// `publicURL`: where stations reach the server, for the links in webhook bodies.
    func open(publicURL: String = "http://127.0.0.1:8080") async throws -> any Storage {
        let path = self.path
        let key: DataKey
        do {
            key = try DataKey.load(dataKeyPath)
        } catch let error as DataKeyError {
            throw Setting("data-key-file", env: "ONESTOP_DATA_KEY_FILE").refusal(error.description)
        }
        if PostgresLocation.isDatabaseURL(path) {
            return try await PostgresStore(location: try location(path), publicURL: publicURL, dataKey: key)
        }
        return try SQLiteStore(path: path, publicURL: publicURL, synchronous: try synchronous(), dataKey: key)
    }
}
