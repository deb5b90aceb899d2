import Foundation
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// Search behaviour every store must share.
@Suite struct SearchContractTests {
    func codes(_ store: any Storage, _ query: ServiceQuery) async throws -> [String] {
        try await store.searchServices(query).items.map(\.service.code)
    }

    @Test(arguments: StoreKind.allCases)
    func nameRanksAboveKeywordAboveDescription(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        #expect(try await codes(store, ServiceQuery(text: "压力")) == ["A-NAME", "B-KEYWORD", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压")) == ["A-NAME", "B-KEYWORD", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压力容器")) == ["B-KEYWORD"])
    }

    @Test(arguments: StoreKind.allCases)
    func freeAndChargedServicesFilterApart(kind: StoreKind) async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.services[2].fee = .free("咨询免费")
        let store = try await kind.make(with: catalog)
        #expect(try await codes(store, ServiceQuery(fee: .free)) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(fee: .charged)) == ["A-NAME", "B-KEYWORD"])
        #expect(try await codes(store, ServiceQuery(text: "压力", fee: .charged)) == ["A-NAME", "B-KEYWORD"])
        let listed = try #require(try await store.service(code: "A-NAME"))
        #expect(listed.service.fee == Fee(description: "20 元", chargedBy: "样例计量所"))
        #expect(try await store.service(code: "C-DESCRIPTION")?.service.fee.isFree == true)
    }

    @Test(arguments: StoreKind.allCases)
    func oneTwoAndLongerChineseTerms(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        #expect(try await codes(store, ServiceQuery(text: "茶")) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "茶叶")) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "耐压力性能")) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "咖啡")).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func spaceSeparatedTermsAreAnded(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        #expect(try await codes(store, ServiceQuery(text: "压力 茶叶")) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压力 检定")) == ["A-NAME"])
        #expect(try await codes(store, ServiceQuery(text: "检定 咖啡")).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func latinTextIsCaseAndWidthInsensitive(kind: StoreKind) async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.services[2].description += " 出具 CMA 报告，CNAS 认可。"
        let store = try await kind.make(with: catalog)
        for text in ["cma", "CMA", "Cma", "ＣＭＡ"] {
            #expect(try await codes(store, ServiceQuery(text: text)) == ["C-DESCRIPTION"], "\(text)")
        }
        // A-NAME holds a CNAS accreditation (keyword rank); C only mentions it in its description.
        #expect(try await codes(store, ServiceQuery(text: "cnas")) == ["A-NAME", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "a-name")) == ["A-NAME"])
    }

    @Test(arguments: StoreKind.allCases)
    func filtersCombineWithAnd(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        #expect(try await codes(store, ServiceQuery(category: "metrology")) == ["A-NAME"])
        #expect(try await codes(store, ServiceQuery(category: "testing")) == ["B-KEYWORD", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(region: "100000")) == ["A-NAME", "B-KEYWORD", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(region: "100001")) == ["A-NAME", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(station: "beta")) == ["B-KEYWORD"])
        #expect(try await codes(store, ServiceQuery(industry: "茶叶")) == ["A-NAME", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(mode: .online)) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压力", category: "testing", region: "100001")) == ["C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压力", mode: .onsite)) == ["B-KEYWORD"])
        #expect(try await codes(store, ServiceQuery(category: "nope")).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func inactiveServicesAndSuspendedStationsAreHidden(kind: StoreKind) async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.stations[1].status = .suspended
        let store = try await kind.make(with: catalog)
        #expect(try await codes(store, ServiceQuery(text: "压力")) == ["A-NAME", "C-DESCRIPTION"])
        #expect(try await codes(store, ServiceQuery(text: "压力", includeInactive: true)) == ["A-NAME", "D-INACTIVE", "B-KEYWORD", "C-DESCRIPTION"])
    }

    @Test(arguments: StoreKind.allCases)
    func pagingReportsTheTotalAndEmptyPagesPastTheEnd(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        let first = try await store.searchServices(ServiceQuery(text: "压力", page: PageRequest(page: 1, perPage: 2)))
        #expect(first.items.map(\.service.code) == ["A-NAME", "B-KEYWORD"])
        #expect(first.total == 3)
        let second = try await store.searchServices(ServiceQuery(text: "压力", page: PageRequest(page: 2, perPage: 2)))
        #expect(second.items.map(\.service.code) == ["C-DESCRIPTION"])
        #expect(second.total == 3)
        let beyond = try await store.searchServices(ServiceQuery(text: "压力", page: PageRequest(page: 9, perPage: 2)))
        #expect(beyond.items.isEmpty)
        #expect(beyond.total == 3)
        #expect(beyond.page == 9)
    }

    @Test(arguments: StoreKind.allCases)
    func editsAreSearchableAtOnce(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalog())
        var service = try #require(try await store.service(code: "B-KEYWORD")).service
        service.keywords = ["锅炉"]
        try await store.apply(CatalogChanges(services: [service]), actor: "test", dryRun: false)
        #expect(try await codes(store, ServiceQuery(text: "压力容器")).isEmpty)
        #expect(try await codes(store, ServiceQuery(text: "锅炉")) == ["B-KEYWORD"])
        var category = Fixtures.smallCatalog().categories[2]
        category.name = "检测服务"
        try await store.apply(CatalogChanges(categories: [category]), actor: "test", dryRun: false)
        #expect(try await codes(store, ServiceQuery(text: "检测服务")) == ["B-KEYWORD", "C-DESCRIPTION"])
    }

    @Test(arguments: StoreKind.allCases)
    func theShippedCatalogAnswersShortAndLongQueries(kind: StoreKind) async throws {
        let store = try await kind.make(with: try Fixtures.shippedCatalog())
        let metrology = try await store.searchServices(ServiceQuery(text: "计量", page: PageRequest(perPage: 100)))
        #expect(metrology.total >= 18)
        let testing = try await store.searchServices(ServiceQuery(text: "检测", page: PageRequest(perPage: 100)))
        #expect(testing.total >= 30)
        let tea = try await store.searchServices(ServiceQuery(text: "茶", page: PageRequest(perPage: 100)))
        #expect(tea.items.contains { $0.service.code == "JZ-TEA-001" })
        #expect(Set(tea.items.map(\.station.id)).isSuperset(of: ["jinzhai", "huoshan", "shucheng"]))
        // No service says 压力表校准 word for word; the relaxed search still puts the pressure gauge first.
        let gauge = try await codes(store, ServiceQuery(text: "压力表校准"))
        #expect(gauge.first == "LA-JL-001")
        #expect(try await codes(store, ServiceQuery(text: "压力表检定", category: "metrology")).first == "LA-JL-001")
    }
}

@Suite struct SearchIndexFreshnessTests {
    @Test func anotherProcessesChangeIsSeenByTheNextSearch() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("shared.sqlite").path
        let server = try SQLiteStore(path: path, staleness: .milliseconds(300))
        _ = try await server.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalog()), actor: "test", dryRun: false)
        #expect(try await server.searchServices(ServiceQuery(text: "锅炉")).total == 0)
        // A second connection, as `onestop catalog import` in another process would be.
        let importer = try SQLiteStore(path: path)
        var service = try #require(try await importer.service(code: "B-KEYWORD")).service
        service.keywords.append("锅炉")
        _ = try await importer.apply(CatalogChanges(services: [service]), actor: "test", dryRun: false)
        // Within the staleness window the server may still answer from what it read last...
        let seenAt = ContinuousClock.now
        while ContinuousClock.now - seenAt < .milliseconds(350) {
            try await Task.sleep(for: .milliseconds(50))
        }
        // ...and after it, it sees the other process's change.
        #expect(try await server.searchServices(ServiceQuery(text: "锅炉")).items.map(\.service.code) == ["B-KEYWORD"])
        // Its own changes it sees at once.
        service.keywords.append("安全阀")
        _ = try await server.apply(CatalogChanges(services: [service]), actor: "test", dryRun: false)
        #expect(try await server.searchServices(ServiceQuery(text: "安全阀")).items.map(\.service.code) == ["B-KEYWORD"])
    }

    @Test func listsWithQuotesAndBackslashesRoundTrip() async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.services[0].keywords = ["引号\"", "反斜杠\\", "换行\n", "普通"]
        catalog.services[0].documents = ["\u{1}", "委托书"]
        let store = try SQLiteStore.inMemory()
        _ = _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        let listing = try #require(try await store.searchServices(ServiceQuery(station: "alpha", includeInactive: true)).items.first { $0.service.code == "A-NAME" })
        #expect(listing.service.keywords == catalog.services[0].keywords)
        #expect(listing.service.documents == catalog.services[0].documents)
        #expect(try await store.service(code: "A-NAME")?.service.keywords == catalog.services[0].keywords)
    }
}
