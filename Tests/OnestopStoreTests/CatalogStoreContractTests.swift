import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// What every `CatalogStore` must do, run against each implementation.
@Suite struct CatalogStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func importingTheShippedCatalogTwiceChangesNothingTheSecondTime(kind: StoreKind) async throws {
        let files = try Fixtures.shippedCatalog()
        let store = try await kind.make()
        let first = try await store.apply(CatalogChanges.replacing(try await store.catalog(), with: files), actor: "test", dryRun: false)
        #expect(first.added.count == files.regions.count + files.categories.count + files.stations.count + files.services.count + files.calendar.count)
        let auditAfterFirst = try await store.auditEntries(AuditQuery()).total
        let second = try await store.apply(CatalogChanges.replacing(try await store.catalog(), with: files), actor: "test", dryRun: false)
        #expect(second.isEmpty)
        #expect(try await store.auditEntries(AuditQuery()).total == auditAfterFirst)
        #expect(try await store.catalog().canonical == files.canonical)
    }

    @Test(arguments: StoreKind.allCases)
    func creatingWhatExistsIsRefusedAndWritesNothing(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let before = try await store.catalog()
        var station = try #require(before.stations.first)
        station.name = "改名"
        let service = Service(code: "E-NEW", station: station.id, category: "testing", name: "新服务", description: "新。", fee: .free("免费"),
                              modes: [.online])
        // The new service beside a station that exists: all of it is refused, the service too.
        await #expect(throws: StoreError.alreadyExists(.station, station.id)) {
            try await store.apply(CatalogChanges(stations: [station], services: [service], onlyNew: true), actor: "test", dryRun: false)
        }
        #expect(try await store.catalog() == before)
        var existing = try #require(before.services.first)
        existing.name = "改名"
        await #expect(throws: StoreError.alreadyExists(.service, existing.code)) {
            try await store.apply(CatalogChanges(services: [existing], onlyNew: true), actor: "test", dryRun: false)
        }
        let summary = try await store.apply(CatalogChanges(services: [service], onlyNew: true), actor: "test", dryRun: false)
        #expect(summary.added.map(\.id) == ["E-NEW"])
    }

    @Test(arguments: StoreKind.allCases)
    func aDryRunReportsButWritesNothing(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let before = try await store.catalog()
        var wanted = Fixtures.smallCatalog()
        wanted.services[0].name = "压力表检定（新）"
        wanted.services.removeLast()
        wanted.services.append(Service(code: "E-NEW", station: "alpha", category: "testing", name: "新服务", description: "新。", fee: .free("免费"), modes: [.online]))
        let summary = try await store.apply(CatalogChanges.replacing(before, with: wanted), actor: "test", dryRun: true)
        #expect(summary.added.map(\.id) == ["E-NEW"])
        #expect(summary.changed.map(\.id) == ["A-NAME"])
        #expect(summary.changed.first?.fields == ["name"])
        #expect(summary.retired.map(\.id) == ["D-INACTIVE"])
        #expect(try await store.catalog() == before)
        #expect(try await store.auditEntries(AuditQuery(entityID: "E-NEW")).total == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func retiringKeepsTheEntryAndAudits(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        try await store.apply(CatalogChanges(retireServices: ["A-NAME"], ), actor: "staff:alice", dryRun: false)
        let retired = try #require(try await store.service(code: "A-NAME"))
        #expect(retired.service.status == .retired)
        let entries = try await store.auditEntries(AuditQuery(entity: .service, entityID: "A-NAME"))
        #expect(entries.items.first?.action == .retire)
        #expect(entries.items.first?.actor == "staff:alice")
        #expect(entries.items.first?.changes == [FieldChange(field: "status", old: "\"active\"", new: "\"retired\"")])
        // Retiring again is not a change.
        let again = try await store.apply(CatalogChanges(retireServices: ["A-NAME"]), actor: "staff:alice", dryRun: false)
        #expect(again.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anUpdateAuditsEachFieldsOldAndNewValue(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        var station = try #require(try await store.station(id: "alpha"))
        station.capacity = 12
        station.phone = "0564-5136081"
        try await store.apply(CatalogChanges(stations: [station]), actor: "staff:bob", dryRun: false)
        let entry = try #require(try await store.auditEntries(AuditQuery(entity: .station, entityID: "alpha")).items.first)
        #expect(entry.action == .update)
        #expect(entry.changes == [
            FieldChange(field: "capacity", old: "10", new: "12"),
            FieldChange(field: "phone", old: "\"0564-5136080\"", new: "\"0564-5136081\""),
        ])
        #expect(try await store.station(id: "alpha")?.capacity == 12)
    }

    @Test(arguments: StoreKind.allCases)
    func exportWritesFilesThatValidateAndReimportToTheSameState(kind: StoreKind) async throws {
        let store = try await kind.make(with: try Fixtures.shippedCatalog())
        try await store.apply(CatalogChanges(retireServices: ["LA-JL-005"]), actor: "test", dryRun: false)
        let before = try await store.catalog()
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(before, to: folder)
        let reread = CatalogDirectory(url: folder).load()
        #expect(reread.problems.isEmpty, "\(reread.problems)")
        #expect(reread.catalog.canonical == before.canonical)
        let fresh = try await kind.make()
        try await fresh.apply(CatalogChanges.replacing(Catalog(), with: reread.catalog), actor: "test", dryRun: false)
        #expect(try await fresh.catalog().canonical == before.canonical)
        let again = try await store.apply(CatalogChanges.replacing(before, with: reread.catalog), actor: "test", dryRun: false)
        #expect(again.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func listingsCarryTheirStationAndCategory(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let listing = try #require(try await store.service(code: "A-NAME"))
        #expect(listing.station == StationRef(id: "alpha", name: "甲站", kind: .county, region: "100001", phone: "0564-5136080"))
        #expect(listing.category == CategoryRef(code: "metrology.pressure", name: "压力", nameEn: "Pressure"))
        #expect(listing.service.accreditations == [Accreditation(mark: "CNAS", number: "SAMPLE-1")])
        #expect(try await store.service(code: "NOPE") == nil)
        #expect(try await store.stations(includeRetired: false).map(\.id) == ["alpha", "beta"])
        #expect(try await store.isCatalogEmpty() == false)
        #expect(try await kind.make().isCatalogEmpty())
    }
}
