import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopPostgres
import OnestopSQLite

/// `onestop backup PATH`: a consistent copy of a running embedded database.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to a new file while the server runs.",
        discussion: """
            SQLite: the online backup API copies the database as it was when the backup began; the server goes on \
            serving meanwhile. The copy is checked, synced and created readable by its owner only. Keep it with the \
            secret file and the data key, which the copy cannot be read without. For PostgreSQL this prints the \
            pg_dump command to use.
            """)

    @Argument(help: "The new file to write (never an existing one).")
    var destination: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let path = database.path
        if PostgresLocation.isDatabaseURL(path) {
            let location = try location(path)
            print("PostgreSQL 的备份请使用 pg_dump (back up PostgreSQL with pg_dump), for example:")
            let password = location.password == nil ? "" : "PGPASSWORD=… "
            print("  \(password)pg_dump --format=custom --file='\(destination)' '\(location.passwordlessURL)'")
            print("restore into an empty database with: pg_restore --dbname=URL --single-transaction '\(destination)'")
            return
        }
        do {
            let backup = try SQLiteStore.backup(from: path, to: destination)
            let megabytes = String(format: "%.1f", Double(backup.bytes) / 1_048_576)
            print("已备份 (backed up) \(path) → \(backup.path): \(megabytes) MB, \(backup.requests) requests, in \(String(format: "%.0f", backup.duration.seconds * 1000)) ms")
            print("keep it with the secret file and the data key: the backup cannot be read without them")
        } catch let error as SQLiteMaintenanceError {
            throw ValidationError(error.description)
        }
    }
}
