import Foundation
import OnestopDomain

/// What applying catalog changes writes, decided apart from any database from the records stored now:
/// the records to insert or update (in catalog order) and an audit entry for each entity that really changed.
package struct CatalogPlan {
    /// The catalog as stored, keyed, with the next free position of each ordered table.
    package struct Stored {
        package var regions: [String: RegionRecord] = [:]
        package var categories: [String: CategoryRecord] = [:]
        package var stations: [String: StationRecord] = [:]
        package var services: [String: ServiceRecord] = [:]
        package var calendar: [String: CalendarYearRecord] = [:]

        package init(regions: [RegionRecord], categories: [CategoryRecord], stations: [StationRecord], services: [ServiceRecord], calendar: [CalendarYearRecord]) {
            self.calendar = Dictionary(calendar.map { (String($0.year), $0) }, uniquingKeysWith: { first, _ in first })
            self.regions = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            self.categories = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            self.stations = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            self.services = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Records to insert or update, each once, in the order first touched.
    package private(set) var regions = OrderedWrites<RegionRecord>()
    package private(set) var categories = OrderedWrites<CategoryRecord>()
    package private(set) var stations = OrderedWrites<StationRecord>()
    /// New services have no id yet.
    package private(set) var services = OrderedWrites<ServiceRecord>()
    package private(set) var calendar = OrderedWrites<CalendarYearRecord>()
    package private(set) var audits: [AuditRecord] = []
    package private(set) var summary = CatalogChangeSummary()

    /// - Throws: `StoreError.alreadyExists` when the changes are `onlyNew` and name a station or service stored already.
    package init(_ changes: CatalogChanges, stored: Stored, actor: String, now: Date) throws {
        if changes.onlyNew {
            if let station = changes.stations.first(where: { stored.stations[$0.id] != nil }) { throw StoreError.alreadyExists(.station, station.id) }
            if let service = changes.services.first(where: { stored.services[$0.code] != nil }) { throw StoreError.alreadyExists(.service, service.code) }
        }
        let at = Milliseconds.from(now)
        func note(_ entity: AuditEntry.Entity, _ id: String, _ action: AuditEntry.Action, _ fieldChanges: [FieldChange]) {
            switch action {
            case .create: summary.added.append(.init(entity: entity, id: id))
            case .retire: summary.retired.append(.init(entity: entity, id: id))
            default: summary.changed.append(.init(entity: entity, id: id, fields: fieldChanges.map(\.field)))
            }
            audits.append(AuditRecord(entity, id, action, changes: fieldChanges, actor: actor, at: now))
        }
        func upsert<Record: CatalogEntryRecord>(_ values: [Record.Value], stored: [String: Record], into writes: inout OrderedWrites<Record>) {
            var nextPosition = (stored.values.map(\.position).max() ?? -1) + 1
            for (offset, value) in values.enumerated() {
                let id = Record.key(of: value)
                let old = stored[id]
                let fieldChanges = FieldChange.diff(old: old?.value, new: value)
                let position: Int
                if changes.ordered {
                    position = offset
                } else if let old {
                    position = old.position
                } else {
                    position = nextPosition
                    nextPosition += 1
                }
                let record = Record(value, position: position, previous: old, changed: !fieldChanges.isEmpty, now: now)
                if old == nil {
                    writes.set(id, record)
                    note(Record.entity, id, .create, fieldChanges)
                } else if !fieldChanges.isEmpty || old?.position != position {
                    writes.set(id, record)
                    if !fieldChanges.isEmpty { note(Record.entity, id, .update, fieldChanges) }
                }
            }
        }
        upsert(changes.regions, stored: stored.regions, into: &regions)
        upsert(changes.categories, stored: stored.categories, into: &categories)
        upsert(changes.stations, stored: stored.stations, into: &stations)
        upsert(changes.calendar, stored: stored.calendar, into: &calendar)
        for service in changes.services {
            let old = stored.services[service.code]
            let fieldChanges = FieldChange.diff(old: old?.service, new: service, ignoring: ["last_modified"])
            if old == nil {
                services.set(service.code, ServiceRecord(service, id: nil, lastModified: now))
                note(.service, service.code, .create, fieldChanges)
            } else if let old, !fieldChanges.isEmpty {
                services.set(service.code, ServiceRecord(service, id: old.id, lastModified: now))
                note(.service, service.code, .update, fieldChanges)
            }
        }
        func retire<Record: RetirableRecord>(_ ids: [String], stored: [String: Record], into writes: inout OrderedWrites<Record>) {
            for id in ids {
                guard var record = writes[id] ?? stored[id], record.status != Record.retired else { continue }
                let change = FieldChange(field: "status", old: "\"\(record.status)\"", new: "\"\(Record.retired)\"")
                record.status = Record.retired
                record.lastModified = at
                writes.set(id, record)
                note(Record.entity, id, .retire, [change])
            }
        }
        retire(changes.retireStations, stored: stored.stations, into: &stations)
        retire(changes.retireServices, stored: stored.services, into: &services)
    }
}
