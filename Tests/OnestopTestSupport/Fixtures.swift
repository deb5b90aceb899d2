import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopSQLite
import OnestopStore

/// Paths and catalogs the tests share.
public enum Fixtures {
    /// The package's root folder.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The catalog shipped in Catalog/.
    public static let shippedCatalogURL = packageRoot.appendingPathComponent("Catalog", isDirectory: true)

    public static func shippedCatalog() throws -> Catalog {
        let result = CatalogDirectory(url: shippedCatalogURL).load()
        guard result.isValid else {
            throw FixtureError("shipped catalog has problems: \(result.problems.map(\.description).joined(separator: "\n"))")
        }
        return result.catalog
    }

    /// An in-memory store holding the shipped catalog.
    public static func shippedStore() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: try shippedCatalog()), actor: "test", dryRun: false)
        return store
    }

    /// A fresh, empty folder under the system's temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("onestop-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A small catalog whose texts are chosen to test ranking and filters.
    ///
    /// - `city` region 100000 with `county` 100001 below it
    /// - category `metrology` with child `metrology.pressure`, and `testing`
    /// - stations `alpha` (county 100001, industries 茶叶, modes online+station) and `beta` (city, onsite only)
    public static func smallCatalog() -> Catalog {
        let hours = [OpeningPeriod(days: [.mon, .tue, .wed, .thu, .fri], opens: TimeOfDay("08:30")!, closes: TimeOfDay("17:30")!)]
        return Catalog(
            regions: [
                Region(code: "100000", name: "样例市", kind: .city),
                Region(code: "100001", name: "样例县", kind: .county, parent: "100000"),
            ],
            categories: [
                Category(code: "metrology", name: "计量", nameEn: "Metrology"),
                Category(code: "metrology.pressure", parent: "metrology", name: "压力", nameEn: "Pressure"),
                Category(code: "testing", name: "检验检测", nameEn: "Testing"),
            ],
            stations: [
                Station(id: "alpha", name: "甲站", kind: .county, region: "100001", address: "甲路 1 号", phone: "0564-5136080",
                        hours: hours, modes: [.online, .station], industries: ["茶叶"], capacity: 10),
                Station(id: "beta", name: "乙站", kind: .platform, region: "100000", address: "乙路 2 号", phone: "13800001234",
                        hours: hours, modes: [.onsite], industries: ["机械"], capacity: 10),
            ],
            services: [
                // 压力 in the name.
                Service(code: "A-NAME", station: "alpha", category: "metrology.pressure", name: "压力表检定",
                        description: "普通服务。", keywords: ["仪表"], fee: Fee(description: "20 元", chargedBy: "样例计量所"), turnaroundDays: 3,
                        accreditations: [Accreditation(mark: "CNAS", number: "SAMPLE-1")], modes: [.station]),
                // 压力 only in a keyword.
                Service(code: "B-KEYWORD", station: "beta", category: "testing", name: "设备检验",
                        description: "普通服务。", keywords: ["压力容器"], fee: Fee(description: "面议", chargedBy: "样例检测所"), modes: [.onsite]),
                // 压力 only in the description.
                Service(code: "C-DESCRIPTION", station: "alpha", category: "testing", name: "茶叶检测",
                        description: "可检测茶叶包装的耐压力性能。", fee: Fee(description: "100 元", chargedBy: "样例检测所"), modes: [.online]),
                // Not active: never in public results.
                Service(code: "D-INACTIVE", station: "alpha", category: "metrology", name: "压力计校准",
                        description: "停用。", fee: .free("无"), modes: [.station], status: .inactive),
            ]
        )
    }
}

extension Catalog {
    /// The same catalog in a fixed order (stations by id, services by code) and without store timestamps,
    /// for comparing catalogs that were read from different places.
    public var canonical: Catalog {
        var copy = self
        copy.stations.sort { $0.id < $1.id }
        copy.services = copy.services.sorted { $0.code < $1.code }.map { var service = $0; service.lastModified = nil; return service }
        return copy
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Fixtures {
    /// A checked submission from a tea firm in county 100001 of the small catalog.
    public static func submission(service: String? = "A-NAME", category: String? = nil, region: String = "100001",
                                  mode: ServiceMode = .station) -> RequestSubmission.Checked {
        let enterprise = Enterprise(name: "样例企业", uscc: "91512081MA62K0260E", region: region, industry: "茶叶", contactName: "张三", phone: "13800001234")
        return RequestSubmission.Checked(
            enterprise: enterprise,
            need: RoutingNeed(serviceCode: service, categoryCode: category, region: region, industry: "茶叶", mode: mode),
            description: "需要检定压力表。"
        )
    }

    /// A submission ready to store, received at `date`.
    public static func newRequest(_ submission: RequestSubmission.Checked = submission(), at date: Date = Date()) -> NewServiceRequest {
        NewServiceRequest(submission: submission, idPrefix: "T", tokenNonce: UUID().uuidString, receivedAt: date, acknowledgement: AcknowledgementPolicy())
    }

    /// 2026's National Day and Spring Festival as the State Council's notice has them: 1 to 7 October and
    /// 15 to 23 February off; Sunday 20 September, Saturday 10 October, Saturdays 14 and 28 February worked.
    public static func calendar2026() -> CalendarYear {
        CalendarYear(year: 2026, notice: "国务院办公厅关于2026年部分节假日安排的通知", published: CivilDay("2025-11-04"), holidays: [
            .init(name: "春节", daysOff: [DaySpan("2026-02-15/2026-02-23")!], workingDays: [CivilDay("2026-02-14")!, CivilDay("2026-02-28")!]),
            .init(name: "国庆节", daysOff: [DaySpan("2026-10-01/2026-10-07")!], workingDays: [CivilDay("2026-09-20")!, CivilDay("2026-10-10")!]),
        ])
    }

    /// The small catalog where the platform `beta` takes every mode, so that it can be routed to.
    public static func smallCatalogWithPlatform() -> Catalog {
        var catalog = smallCatalog()
        catalog.stations[1].modes = [.online, .station, .onsite]
        return catalog
    }
}

extension Fixtures {
    /// The Python of the virtual environment Tools/test makes with the test tools from PyPI
    /// (`standardwebhooks`); `ONESTOP_TEST_PYTHON` overrides it.
    public static func toolPython() throws -> String {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_TEST_PYTHON"], !path.isEmpty { return path }
        let path = packageRoot.appendingPathComponent(".build/tools-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw FixtureError("no test tools at \(path): run Tools/test, which installs them from PyPI into .build/tools-venv")
        }
        return path
    }

    /// Runs a script of Tests/Tools with the tools' Python; returns its exit status and output.
    public static func runTool(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try toolPython())
        process.arguments = [packageRoot.appendingPathComponent("Tests/Tools/\(script)").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
