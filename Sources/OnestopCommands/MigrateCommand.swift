import ArgumentParser
import Foundation
import OnestopPostgres
import OnestopSQLite
import OnestopStore

/// `onestop migrate`: brings a database's schema up to date without starting the server.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database's schema up to date (serve also does this on start).",
        discussion: "Safe to run while instances are up and from several places at once: migrations run once, under a lock.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let path = database.path
        if PostgresLocation.isDatabaseURL(path) {
            let applied = try await PostgresStore.migrate(location: try location(path))
            print(applied.isEmpty
                ? "数据库结构已是最新 (the schema is up to date): \(PostgresStore.migrationNames.joined(separator: ", "))"
                : "已执行迁移 (applied): \(applied.joined(separator: ", "))")
        } else {
            _ = try SQLiteStore(path: path)
            print("数据库结构已是最新 (the schema is up to date): \(path)")
        }
    }
}
