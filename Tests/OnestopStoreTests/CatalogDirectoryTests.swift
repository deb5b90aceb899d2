import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct CatalogDirectoryTests {
    @Test func theShippedCatalogIsValidAndBigEnough() throws {
        let catalog = try Fixtures.shippedCatalog()
        #expect(catalog.services.count >= 80)
        let regions = Set(catalog.stations.map(\.region))
        for county in ["341502", "341503", "341504", "341522", "341523", "341524", "341525", "341500-etdz", "341500"] {
            #expect(regions.contains(county), "no station in \(county)")
        }
        let topLevel = Set(catalog.services.map { $0.category.split(separator: ".").first.map(String.init) ?? "" })
        #expect(topLevel.isSuperset(of: ["metrology", "standards", "certification", "testing"]))
        #expect(topLevel.count >= 8)
        #expect(catalog.services.flatMap(\.accreditations).allSatisfy { $0.sample && $0.number.hasPrefix("SAMPLE-") })
    }

    /// Writes `files` (path → text) into a copy of the small catalog's directory and loads it.
    func load(_ files: [String: String]) throws -> CatalogDirectory.LoadResult {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        for (path, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(path))
        }
        return CatalogDirectory(url: folder).load()
    }

    @Test func theWrittenSmallCatalogLoadsClean() throws {
        let result = try load([:])
        #expect(result.problems.isEmpty)
        #expect(result.catalog.canonical == Fixtures.smallCatalog().canonical)
    }

    @Test func problemsNameTheFileAndLine() throws {
        let station = """
            id: alpha
            name: 甲站
            kind: county
            region: "10000X"
            address: 甲路 1 号
            hours:
              - {days: mon-fri, opens: "8:30", closes: "17:30"}
              - {days: sun-mon, opens: "09:00", closes: "12:00"}
            modes: [online, station, teleport]
            capacity: ten
            colour: blue
            services:
              - code: A-NAME
                category: metrology.nope
                name: 压力表检定
                description: x
                fee: {description: 20 元}
                modes: [station]
              - code: A-NAME
                category: testing
                name: 重复
                description: x
                fee: 免费
                modes: [online]

            """
        let result = try load(["stations/alpha.yaml": station])
        let lines = result.problems.filter { $0.file == "stations/alpha.yaml" }.map { "\($0.line): \($0.message)" }
        func has(_ line: Int, _ fragment: String) {
            #expect(lines.contains { $0.hasPrefix("\(line): ") && $0.contains(fragment) }, "line \(line) \(fragment) in \(lines)")
        }
        has(1, "phone is missing")
        has(4, "malformed region code 10000X")
        has(7, "malformed time \"8:30\"")
        has(8, "malformed days \"sun-mon\"")
        has(9, "unknown mode \"teleport\"")
        has(10, "must be a whole number")
        has(11, "unknown field \"colour\"")
        has(14, "unknown category metrology.nope")
        has(19, "duplicate service code A-NAME")
        // The services of beta and the other stations still load.
        #expect(result.catalog.services.contains { $0.code == "B-KEYWORD" })
    }

    @Test func writingOverAnOlderExportLeavesExactlyTheNewCatalog() throws {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(try Fixtures.shippedCatalog(), to: folder)
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        let stations = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("stations").path).sorted()
        #expect(stations == ["alpha.yaml", "beta.yaml"])
        #expect(CatalogDirectory(url: folder).load().catalog.canonical == Fixtures.smallCatalog().canonical)
    }

    @Test func syntaxErrorsAndMissingFiles() throws {
        let result = try load(["regions.yaml": "regions:\n  - code: \"1\n    name: [\n"])
        #expect(result.problems.contains { $0.file == "regions.yaml" && $0.message.contains("YAML") && $0.line > 0 })
        let folder = try Fixtures.temporaryDirectory()
        let empty = CatalogDirectory(url: folder).load()
        #expect(empty.problems.map(\.file).sorted() == ["categories.yaml", "regions.yaml", "stations"])
    }

    @Test func theFileNameMustMatchTheStationID() throws {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("stations/beta.yaml"), to: folder.appendingPathComponent("stations/gamma.yaml"))
        let result = CatalogDirectory(url: folder).load()
        #expect(result.problems.map(\.description) == ["stations/gamma.yaml:2: 文件名应与服务站标识一致：beta.yaml (file name should match the station id: beta.yaml)"])
    }
}
