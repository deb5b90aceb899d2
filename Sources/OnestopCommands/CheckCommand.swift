import ArgumentParser
import Foundation
import OnestopPostgres
import OnestopSQLite
import OnestopStore

/// `onestop check`: verifies a database without changing it.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a database (a backup, or the live one) without changing it.",
        discussion: "SQLite: integrity check, foreign keys, every table read, the schema's migrations. PostgreSQL: every table read, constraints validated, migrations. Exits 1 when anything is wrong.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let path = database.path
        let check: DatabaseCheck
        do {
            check = PostgresLocation.isDatabaseURL(path)
                ? try await PostgresStore.check(location: try location(path)) : try SQLiteStore.check(path: path)
        } catch let error as SQLiteMaintenanceError {
            throw ValidationError(error.description)
        }
        for table in check.tables { print("\(table.name)\t\(table.rows)") }
        if check.isSound {
            print("完好 (sound): \(check.tables.count) tables read, integrity and foreign keys checked, schema up to date")
        } else {
            for problem in check.problems { printError(problem) }
            printError("有问题 (not sound): \(check.problems.count) problem(s)")
            throw ExitCode.failure
        }
    }
}
