import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct CatalogValidatorTests {
    let validator = CatalogValidator()

    func issues(_ change: (inout Catalog) -> Void) -> [ValidationIssue] {
        var catalog = Fixtures.smallCatalog()
        change(&catalog)
        return validator.validate(catalog)
    }

    @Test func theSmallCatalogIsValid() {
        #expect(validator.validate(Fixtures.smallCatalog()).isEmpty)
    }

    @Test func duplicateServiceCodesAreReportedOnce() {
        let found = issues { $0.services.append($0.services[0]); $0.services.append($0.services[0]) }
        #expect(found.map(\.field) == ["code"])
        #expect(found.first?.subject == .service("A-NAME"))
        #expect(found.first?.messageEn == "duplicate service code A-NAME")
    }

    @Test func duplicateStationIDs() {
        let found = issues { $0.stations.append($0.stations[0]) }
        #expect(found.contains { $0.subject == .station("alpha") && $0.field == "id" })
    }

    @Test func unknownCategoryNamesTheCode() {
        let found = issues { $0.services[0].category = "metrology.nope" }
        #expect(found.count == 1)
        #expect(found[0].field == "category")
        #expect(found[0].messageZh.contains("metrology.nope"))
        #expect(found[0].message.contains("category: unknown category metrology.nope"))
    }

    @Test func unknownStation() {
        let found = issues { $0.services[0].station = "gamma" }
        #expect(found.map(\.field) == ["station"])
    }

    @Test(arguments: ["34150", "3415000", "34150a", "341500-", "341500-ETDZ", "341500-e_dz", ""])
    func badRegionCodes(code: String) {
        let found = issues { $0.stations[0].region = code }
        #expect(found.map(\.field) == ["region"])
    }

    @Test func wellFormedButUnknownRegion() {
        let found = issues { $0.stations[0].region = "341500-etdz" }
        #expect(found.map(\.messageEn) == ["unknown region 341500-etdz"])
    }

    @Test func missingAndMalformedPhone() {
        #expect(issues { $0.stations[0].phone = " " }.map(\.messageEn) == ["phone is missing"])
        #expect(issues { $0.stations[0].phone = "12345" }.map(\.field) == ["phone"])
    }

    @Test func closingBeforeOpeningIsMalformedHours() {
        let found = issues { $0.stations[1].hours.append(OpeningPeriod(days: [.sat], opens: TimeOfDay("18:00")!, closes: TimeOfDay("09:00")!)) }
        #expect(found.map(\.field) == ["hours[1]"])
    }

    @Test func emptyDays() {
        let found = issues { $0.stations[0].hours[0].days = [] }
        #expect(found.map(\.field) == ["hours[0].days"])
    }

    @Test func aServiceModeTheStationDoesNotOffer() {
        let found = issues { $0.services[0].modes = [.onsite] }
        #expect(found.map(\.field) == ["modes"])
        #expect(found[0].messageEn == "station alpha does not offer mode onsite")
    }

    @Test func feeRangeAndAmounts() {
        #expect(issues { $0.services[0].fee = Fee(description: "x", minCNY: 50, maxCNY: 10, chargedBy: "某所") }.map(\.field) == ["fee"])
        #expect(issues { $0.services[0].fee = Fee(description: "x", minCNY: -1, chargedBy: "某所") }.map(\.field) == ["fee.min_cny"])
        #expect(issues { $0.services[0].fee = Fee(description: "", chargedBy: "某所") }.map(\.field) == ["fee.description"])
    }

    @Test func aChargedServiceNamesWhoChargesAndAFreeOneNobody() {
        let missing = issues { $0.services[0].fee = Fee(description: "每台 20 元", minCNY: 20, maxCNY: 20) }
        #expect(missing.map(\.field) == ["fee.charged_by"])
        #expect(missing.first?.messageEn.contains("must name who charges") == true)
        // The station itself never charges: the institution that does the work does.
        let station = issues { $0.services[0].fee = Fee(description: "每台 20 元", chargedBy: "甲站") }
        #expect(station.map(\.field) == ["fee.charged_by"])
        #expect(station.first?.messageEn.contains("a station itself never charges") == true)
        #expect(issues { $0.services[0].fee = Fee(description: "免费", maxCNY: 50, isFree: true) }.map(\.field) == ["fee.free"])
        #expect(issues { $0.services[0].fee = Fee(description: "免费", isFree: true, chargedBy: "某所") }.map(\.field) == ["fee.charged_by"])
        #expect(issues { $0.services[0].fee = Fee(description: "免费", minCNY: 0, maxCNY: 0, isFree: true) }.isEmpty)
    }

    @Test func accreditationMarks() {
        let found = issues { $0.services[0].accreditations = [Accreditation(mark: "ISO", number: ""), Accreditation(mark: "CMA", number: "1")] }
        #expect(found.map(\.field) == ["accreditations[0].mark", "accreditations[0].number"])
    }

    @Test func serviceCodeShape() {
        for code in ["a-1", "AB", "A--B", "-AB", "AB-", "中文码"] {
            #expect(issues { $0.services[0].code = code }.map(\.field) == ["code"], "code \(code)")
        }
        #expect(issues { $0.services[0].code = "JZ-TEA-001" }.isEmpty)
    }

    @Test func capacityAndCoordinates() {
        #expect(issues { $0.stations[0].capacity = 0 }.map(\.field) == ["capacity"])
        let found = issues { $0.stations[0].coordinates = Coordinates(latitude: 91, longitude: -181) }
        #expect(found.map(\.field) == ["coordinates.latitude", "coordinates.longitude"])
    }

    @Test func acknowledgementDays() {
        #expect(issues { $0.stations[0].acknowledgementDays = 31 }.map(\.field) == ["acknowledge_days"])
        #expect(issues { $0.stations[0].acknowledgementDays = 2 }.isEmpty)
    }

    @Test func emailAndWebsite() {
        #expect(issues { $0.stations[0].email = "no-at-sign" }.map(\.field) == ["email"])
        #expect(issues { $0.stations[0].website = "ftp://x.example" }.map(\.field) == ["website"])
    }

    @Test func categoryParentsMustExistAndNotLoop() {
        #expect(issues { $0.categories[1].parent = "nope" }.map(\.messageEn) == ["unknown parent category nope"])
        let looped = issues {
            $0.categories[0].parent = "metrology.pressure"
        }
        #expect(looped.contains { $0.messageEn == "category parents form a cycle" })
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = issues {
            $0.stations[0].phone = ""
            $0.stations[0].capacity = -3
            $0.services[1].name = ""
            $0.services[2].category = "x"
        }
        #expect(found.count == 4)
    }
}
