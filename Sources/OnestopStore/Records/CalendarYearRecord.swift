import Foundation
import OnestopDomain

/// A row of `calendar_year`: one year of the working-day calendar, its holidays kept whole as JSON.
package struct CalendarYearRecord: Codable, TableRow {
    package static let table = "calendar_year"
    package var year: Int
    package var notice: String
    package var published: String?
    package var source: String?
    package var holidays: [CalendarYear.Holiday]
    package var position: Int
    package var lastModified: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case year, notice, published, source, holidays, position, lastModified = "last_modified"
    }

    package init(_ year: CalendarYear, position: Int, previous: CalendarYearRecord?, changed: Bool, now: Date) {
        let lastModified = changed ? now : previous.map { Milliseconds.date($0.lastModified) } ?? now
        self.year = year.year
        notice = year.notice
        published = year.published?.description
        source = year.source
        holidays = year.holidays
        self.position = position
        self.lastModified = Milliseconds.from(lastModified)
    }

    package var value: CalendarYear {
        CalendarYear(year: year, notice: notice, published: published.flatMap(CivilDay.init), source: source, holidays: holidays)
    }
}

extension CalendarYearRecord: CatalogEntryRecord {
    package static let entity = AuditEntry.Entity.calendar
    package static func key(of value: CalendarYear) -> String { String(value.year) }
}
