import ArgumentParser
import Foundation
import OnestopStorage

/// Reads an environment variable, treating an empty value as absent.
func environment(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
}

/// The `--database` option every subcommand that touches the database takes.
struct DatabaseOptions: ParsableArguments {
    static let defaultPath = "./var/onestop.sqlite"

    @Option(name: .long, help: ArgumentHelp("The SQLite database file; created when missing. (env: ONESTOP_DATABASE; default: \(DatabaseOptions.defaultPath))", valueName: "path"))
    var database: String?

    var path: String { database ?? environment("ONESTOP_DATABASE") ?? Self.defaultPath }

    /// `publicURL`: where stations reach the server, for the links in webhook bodies.
    func open(publicURL: String = "http://127.0.0.1:8080") throws -> SQLiteStore {
        let path = self.path
        if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
            throw ValidationError("PostgreSQL is not supported yet; use a SQLite file path (\(StoreError.unsupportedDatabase("postgres")))")
        }
        return try SQLiteStore(path: path, publicURL: publicURL)
    }
}

/// The `--catalog` directory, defaulting to ./Catalog.
struct CatalogOptions: ParsableArguments {
    static let defaultPath = "./Catalog"

    @Option(name: .long, help: ArgumentHelp("The catalog directory. (env: ONESTOP_CATALOG; default: \(CatalogOptions.defaultPath))", valueName: "dir"))
    var catalog: String?

    var path: String { catalog ?? environment("ONESTOP_CATALOG") ?? Self.defaultPath }
}
