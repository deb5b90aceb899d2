import ArgumentParser
import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopHTTP
import OnestopStore

/// `onestop catalog validate|import|export`.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Check, import and export the catalog files.",
        subcommands: [Validate.self, Import.self, Export.self]
    )

    static func resolve(_ directory: String?) -> String {
        Setting("catalog", env: "ONESTOP_CATALOG").text(directory, default: CatalogOptions.defaultPath)
    }

    /// Loads a directory, printing every problem as `file:line: message`; nil when there were any.
    static func load(_ path: String) -> Catalog? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("\(path): 目录不存在 (no such directory)")
            return nil
        }
        let result = CatalogDirectory(path: path).load()
        for problem in result.problems {
            printError("\(path.hasSuffix("/") ? path : path + "/")\(problem)")
        }
        return result.isValid ? result.catalog : nil
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every catalog file; print each problem as file:line: message.")

        @Argument(help: ArgumentHelp("The catalog directory. (env: ONESTOP_CATALOG; default: ./Catalog)", valueName: "dir"))
        var directory: String?

        @Option(help: ArgumentHelp("Check that the calendar covers 60 days from this day (YYYY-MM-DD) rather than from today.", valueName: "day"))
        var today: String?

        func run() async throws {
            let path = CatalogCommand.resolve(directory)
            guard let catalog = CatalogCommand.load(path) else { throw ExitCode.failure }
            guard let today = today.map(CivilDay.init) ?? WorkingCalendar.china.civilDay(of: Date()) else {
                throw ValidationError("--today must be a day like 2026-11-01")
            }
            if let gap = CatalogValidator().calendarGap(catalog.calendar, from: today, days: 60) {
                let file = (path.hasSuffix("/") ? path : path + "/") + "\(CatalogDirectory.calendarFolderName)/\(gap.year).yaml"
                printError("\(file): 警告：工作日历不覆盖未来 60 天（自 \(gap) 起缺少 \(gap.year) 年），期限将按周一至周五计算 "
                    + "(warning: the calendar does not cover the next 60 days (no \(gap.year) from \(gap)); deadlines will be counted Monday to Friday)")
            }
            print("\(path): OK, \(catalog.regions.count) regions, \(catalog.categories.count) categories, \(catalog.stations.count) stations, \(catalog.services.count) services, \(catalog.calendar.count) calendar years")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the database hold exactly the catalog files, in one transaction.",
            discussion: "Entries in the files are added or changed; stations and services missing from them are retired, never deleted. A catalog with any problem imports nothing.")

        @Argument(help: ArgumentHelp("The catalog directory. (env: ONESTOP_CATALOG; default: ./Catalog)", valueName: "dir"))
        var directory: String?

        @Flag(name: .long, help: "Print what would be added, changed and retired, and write nothing.")
        var dryRun = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let path = CatalogCommand.resolve(directory)
            guard let catalog = CatalogCommand.load(path) else {
                printError("nothing imported")
                throw ExitCode.failure
            }
            let store = try await database.open()
            let changes = CatalogChanges.replacing(try await store.catalog(), with: catalog)
            let summary = try await store.apply(changes, actor: "catalog import (\(path))", dryRun: dryRun)
            print(CatalogCommand.describe(summary, dryRun: dryRun))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the database's catalog as files that validate and import back to the same state.")

        @Argument(help: ArgumentHelp("The directory to write; created when missing.", valueName: "dir"))
        var directory: String

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case catalog, hsds
        }

        @Option(help: "catalog: the catalog's own YAML files; hsds: Open Referral HSDS 3.0 JSON, as /hsds/ serves it. (default: catalog)")
        var format: Format = .catalog

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.open()
            let catalog = try await store.catalog()
            let url = URL(fileURLWithPath: directory, isDirectory: true)
            switch format {
            case .catalog:
                let written = try CatalogWriter().write(catalog, to: url)
                print("wrote \(written.count) files to \(directory): \(catalog.stations.count) stations, \(catalog.services.count) services")
            case .hsds:
                let written = try HSDSExport.write(catalog, to: url)
                print("wrote \(written.joined(separator: ", ")) to \(directory) (HSDS 3.0)")
            }
        }
    }

    static func describe(_ summary: CatalogChangeSummary, dryRun: Bool) -> String {
        var lines: [String] = []
        let verb = dryRun ? "would be" : ""
        for (label, entries) in [("added", summary.added), ("changed", summary.changed), ("retired", summary.retired)] {
            for entry in entries { lines.append("\(label): \(entry)") }
            _ = verb
        }
        let counts = "\(summary.added.count) added, \(summary.changed.count) changed, \(summary.retired.count) retired"
        lines.append(dryRun ? "dry run: \(counts) (nothing written)" : "imported: \(counts)")
        return lines.joined(separator: "\n")
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
