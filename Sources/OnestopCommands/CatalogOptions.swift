import ArgumentParser
import Foundation
import OnestopPostgres
import OnestopSQLite
import OnestopStore

/// The `--catalog` directory, defaulting to ./Catalog.
struct CatalogOptions: ParsableArguments {
    static let defaultPath = "./Catalog"

    @Option(name: .long, help: ArgumentHelp("The catalog directory. (env: ONESTOP_CATALOG; default: \(CatalogOptions.defaultPath))", valueName: "dir"))
    var catalog: String?

    var path: String { Setting("catalog", env: "ONESTOP_CATALOG").text(catalog, default: Self.defaultPath) }
}
