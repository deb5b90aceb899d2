import ArgumentParser
import Foundation
import OnestopPostgres
import OnestopSQLite
import OnestopStore

/// `onestop copy`: moves an embedded deployment to PostgreSQL.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy everything from an SQLite database into an empty PostgreSQL database.",
        discussion: """
            Catalog, requests with their timelines and routing records, deliveries and their attempts, endpoints, keys, \
            sessions and the audit trail, in one transaction: all of it or nothing. Stop the server first so that nothing \
            changes during the copy, then start it with --database set to the PostgreSQL URL.
            """)

    @Option(help: ArgumentHelp("The SQLite database file.", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The empty PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE", valueName: "url"))
    var to: String

    @Option(name: .customLong("data-key-file"), help: ArgumentHelp(
        "The data key the SQLite database's secrets are sealed with; they are copied sealed, and the PostgreSQL instances need this same file. (env: ONESTOP_DATA_KEY_FILE; default: onestop.datakey beside the SQLite file)",
        valueName: "path"))
    var dataKeyFile: String?

    var keyPath: String {
        Setting("data-key-file", env: "ONESTOP_DATA_KEY_FILE").text(dataKeyFile) ?? SQLiteStore.defaultDataKeyPath(forDatabase: from)
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else {
            printError("找不到 SQLite 数据库文件 \(from) (no SQLite database at \(from))")
            throw ExitCode.failure
        }
        let counts: [DatabaseCopy.TableCount]
        do {
            let key = try DataKey.load(keyPath)
            counts = try await DatabaseCopy.copy(from: try SQLiteStore(path: from, dataKey: key), to: try location(to), dataKey: key)
        } catch let refusal as DatabaseCopy.Refusal {
            printError(refusal.description)
            throw ExitCode.failure
        }
        let width = counts.map(\.table.count).max() ?? 0
        for count in counts {
            print(count.table.padding(toLength: width, withPad: " ", startingAt: 0), String(count.target).leftPadded(8))
        }
        print("已复制 \(counts.reduce(0) { $0 + $1.target }) 行 (rows copied) → \((try? PostgresLocation(url: to))?.description ?? to)")
        print("endpoints' secrets were copied sealed: give every instance the data key \(keyPath) (--data-key-file)")
    }
}

/// Reads a PostgreSQL URL, or stops with what is wrong with it.
func location(_ url: String) throws -> PostgresLocation {
    do {
        return try PostgresLocation(url: url)
    } catch {
        throw ValidationError(error.description)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
