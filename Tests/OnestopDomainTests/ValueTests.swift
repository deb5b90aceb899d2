import Foundation
@testable import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("13800001234", "13800001234"),
        ("+86 138 0000 1234", "13800001234"),
        ("86-138-0000-1234", "13800001234"),
        ("0086 13800001234", "13800001234"),
        ("0564-5136080", "0564-5136080"),
        ("0564 5136080", "0564-5136080"),
        ("05645136080", "0564-5136080"),
        ("010-12345678", "010-12345678"),
        ("0564-5136080-12", "0564-5136080-12"),
    ])
    func normalises(input: String, expected: String) {
        #expect(PhoneNumber.normalize(input) == expected)
    }

    @Test(arguments: ["", "12800001234", "1380000123", "138000012345", "phone", "5136080", "0564-0136080", "+1 555 0100"])
    func rejects(input: String) {
        #expect(PhoneNumber.normalize(input) == nil)
    }
}

@Suite struct OpeningHoursTests {
    @Test func parsesRangesAndLists() {
        #expect(Weekday.parseDays("mon-fri") == [.mon, .tue, .wed, .thu, .fri])
        #expect(Weekday.parseDays("mon, wed,sat-sun") == [.mon, .wed, .sat, .sun])
        #expect(Weekday.parseDays("sat-mon") == nil)
        #expect(Weekday.parseDays("mon-") == nil)
        #expect(Weekday.parseDays("funday") == nil)
        #expect(Weekday.parseDays("") == nil)
    }

    @Test func formatsTheShortestTextThatParsesBack() {
        for days: [Weekday] in [[.mon, .tue, .wed, .thu, .fri], [.mon, .wed, .sat, .sun], [.sun], Weekday.allCases, [.mon, .tue]] {
            let text = Weekday.formatDays(days)
            #expect(Weekday.parseDays(text) == days.sorted(), "\(text)")
        }
        #expect(Weekday.formatDays([.mon, .tue, .wed, .thu, .fri]) == "mon-fri")
        #expect(Weekday.formatDays([.mon, .tue]) == "mon,tue")
    }

    @Test func timesOfDay() {
        #expect(TimeOfDay("08:30")?.minutes == 510)
        #expect(TimeOfDay("24:00")?.minutes == 1440)
        #expect(TimeOfDay("8:30") == nil)
        #expect(TimeOfDay("24:01") == nil)
        #expect(TimeOfDay("12:60") == nil)
        #expect(TimeOfDay("ab:cd") == nil)
        #expect(TimeOfDay("07:05")?.description == "07:05")
    }
}

@Suite struct SearchTextTests {
    @Test func foldsWidthAndCase() {
        #expect(SearchText.normalize("ＣＮＡＳ Cma") == "cnas cma")
    }

    @Test func termsSplitOnSpacesAndPunctuation() {
        #expect(SearchText.terms("茶叶  检测,CNAS；茶叶") == ["茶叶", "检测", "cnas"])
        #expect(SearchText.terms("  ").isEmpty)
    }

    @Test func gramsAreOneAndTwoCharacterPiecesWithinRuns() {
        #expect(Set(SearchText.grams("计量 ab").map(\.text)) == ["计", "量", "计量", "a", "b", "ab"])
    }

    @Test func gramIndexKeepsTheBestField() {
        let index = SearchText.gramIndex(of: [(.name, "压力表"), (.keyword, "压力"), (.description, "表")])
        #expect(index[SearchText.Gram("压力")!] == .name)
        #expect(index[SearchText.Gram("表")!] == .name)
        #expect(SearchText.Gram("压力表") == nil)
        #expect(index.count == 5)
    }

    @Test func bigramsAndTheRelaxedThreshold() {
        #expect(SearchText.bigrams("压力表校准").map(\.text) == ["压力", "力表", "表校", "校准"])
        #expect(SearchText.bigrams("哈哈哈").map(\.text) == ["哈哈"])
        #expect(SearchText.relaxedMinimum(1) == 1)
        #expect(SearchText.relaxedMinimum(2) == 2)
        #expect(SearchText.relaxedMinimum(4) == 2)
        #expect(SearchText.relaxedMinimum(5) == 3)
    }
}

@Suite struct CatalogChangesTests {
    @Test func fieldChangesCompareJSONValues() {
        var station = Station(id: "a", name: "甲", kind: .county, region: "100001", address: "x", phone: "13800001234", modes: [.online], capacity: 1)
        let old = station
        station.capacity = 2
        station.industries = ["茶叶"]
        let changes = FieldChange.diff(old: old, new: station)
        #expect(changes == [
            FieldChange(field: "capacity", old: "1", new: "2"),
            FieldChange(field: "industries", old: "[]", new: "[\"茶叶\"]"),
        ])
        #expect(FieldChange.diff(old: old, new: old).isEmpty)
        #expect(FieldChange.diff(old: nil, new: old).contains { $0.field == "id" && $0.old == nil && $0.new == "\"a\"" })
    }

    @Test func replacingRetiresWhatTheFilesNoLongerHave() {
        let current = Fixtures.smallCatalog()
        var wanted = current
        wanted.services.removeFirst()
        wanted.stations.removeLast()
        var alreadyRetired = current
        alreadyRetired.services[0].status = .retired
        let changes = CatalogChanges.replacing(current, with: wanted)
        #expect(changes.retireServices == ["A-NAME"])
        #expect(changes.retireStations == ["beta"])
        #expect(CatalogChanges.replacing(alreadyRetired, with: wanted).retireServices.isEmpty)
    }

    @Test func categoryTreeAndDescendants() {
        let catalog = Fixtures.smallCatalog()
        let tree = CategoryNode.tree(catalog.categories)
        #expect(tree.map(\.code) == ["metrology", "testing"])
        #expect(tree[0].children.map(\.code) == ["metrology.pressure"])
        #expect(catalog.categoryAndDescendants("metrology") == ["metrology", "metrology.pressure"])
        #expect(catalog.regionAndDescendants("100000") == ["100000", "100001"])
    }
}

@Suite struct CatalogSearchIndexRankingTests {
    @Test func theTopOfAListEqualsTheFullSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let matches = (0..<Int.random(in: 0...600, using: &generator)).map { document in
                (score: [1, 10, 100, 1001, 2010].randomElement(using: &generator)!, document: Int32(document))
            }.shuffled(using: &generator)
            let sorted = matches.sorted(by: CatalogSearchIndex.ranksBefore)
            for count in [0, 1, 20, 100, min(matches.count, 350)] {
                let best = CatalogSearchIndex.best(count, of: matches).prefix(count)
                #expect(best.map(\.document) == sorted.prefix(count).map(\.document))
            }
        }
    }
}

@Suite struct HexTests {
    @Test func bytesAreTwoLowerCaseDigitsEach() {
        #expect(Hex.string([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string((0...255).map(UInt8.init)) == (0...255).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
    }
}

@Suite struct ConstantTimeTests {
    @Test func equalOnlyForTheSameBytes() {
        #expect(ConstantTime.equal("whsec_abc", "whsec_abc"))
        #expect(!ConstantTime.equal("whsec_abc", "whsec_abd"))
        #expect(!ConstantTime.equal("whsec_abc", "whsec_ab"))
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
    }
}
