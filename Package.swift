// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "onestop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onestop", targets: ["onestop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
    ],
    targets: [
        // The catalog model, its validation rules and search text normalisation: pure Swift, no I/O.
        .target(
            name: "OnestopDomain",
            swiftSettings: swiftSettings
        ),
        // Reading and writing the YAML files under Catalog/, with file:line diagnostics.
        .target(
            name: "OnestopCatalogFiles",
            dependencies: [
                "OnestopDomain",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Storage as both databases share it: the store protocols, a Codable record per table, the plans that
        // decide what each change writes, and the store errors. No database driver.
        .target(
            name: "OnestopStore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                "OnestopDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The embedded store: one SQLite file in WAL mode, through GRDB.
        .target(
            name: "OnestopSQLite",
            dependencies: [
                "OnestopDomain",
                "OnestopStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The store for several instances on one PostgreSQL database, through postgres-nio.
        .target(
            name: "OnestopPostgres",
            dependencies: [
                "OnestopDomain",
                "OnestopStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl, through a header of static inline wrappers (Swift cannot call variadic C functions).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Telling stations: Standard Webhooks signing, the libcurl transport and the delivery worker.
        .target(
            name: "OnestopDelivery",
            dependencies: [
                "CCurl",
                "OnestopDomain",
                "OnestopStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Work done in the background while the server runs: escalating requests past their deadline.
        .target(
            name: "OnestopBackground",
            dependencies: [
                "OnestopDomain",
                "OnestopStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API: routes, controllers, problem+json errors.
        .target(
            name: "OnestopHTTP",
            dependencies: [
                "OnestopDelivery",
                "OnestopDomain",
                "OnestopStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/templates"), .copy("Resources/static")],
            swiftSettings: swiftSettings
        ),
        // The `onestop` subcommands.
        .target(
            name: "OnestopCommands",
            dependencies: [
                "OnestopDomain",
                "OnestopCatalogFiles",
                "OnestopStore",
                "OnestopSQLite",
                "OnestopPostgres",
                "OnestopHTTP",
                "OnestopBackground",
                "OnestopDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "onestop",
            dependencies: ["OnestopCommands", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Fixtures shared by the test targets: the shipped catalog, small hand-made catalogs, temp folders.
        .target(
            name: "OnestopTestSupport",
            dependencies: [
                "OnestopDomain", "OnestopCatalogFiles", "OnestopStore", "OnestopSQLite", "OnestopPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/OnestopTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnestopDomainTests",
            dependencies: ["OnestopDomain", "OnestopTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnestopDeliveryTests",
            dependencies: [
                "OnestopDelivery", "OnestopDomain", "OnestopStore", "OnestopSQLite", "OnestopPostgres", "OnestopTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnestopStoreTests",
            dependencies: [
                "OnestopDomain", "OnestopCatalogFiles", "OnestopStore", "OnestopSQLite", "OnestopPostgres", "OnestopBackground", "OnestopTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnestopHTTPTests",
            dependencies: [
                "OnestopDomain", "OnestopCatalogFiles", "OnestopStore", "OnestopSQLite", "OnestopHTTP", "OnestopDelivery", "OnestopTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnestopCommandsTests",
            dependencies: ["OnestopDomain", "OnestopCatalogFiles", "OnestopStore", "OnestopSQLite", "OnestopDelivery", "OnestopTestSupport", "onestop"],
            swiftSettings: swiftSettings
        ),
    ]
)
