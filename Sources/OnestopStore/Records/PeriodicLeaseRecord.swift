/// A row of `periodic_lease`: which process runs a periodic pass, until when.
package struct PeriodicLeaseRecord: Codable, Equatable, Sendable, TableRow {
    /// The table the record is a row of.
    package static let table = "periodic_lease"
    package var name: String
    package var holder: String
    package var until: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case name, holder, until
    }

    package init(name: String, holder: String, until: Int64) {
        self.name = name
        self.holder = holder
        self.until = until
    }
}
