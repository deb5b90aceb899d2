import Foundation
import OnestopDomain

/// A catalog record that can be retired: its status, and when it last changed.
package protocol RetirableRecord {
    static var entity: AuditEntry.Entity { get }
    static var retired: String { get }
    var status: String { get set }
    var lastModified: Int64 { get set }
}

extension StationRecord: RetirableRecord {
    package static var retired: String { Station.Status.retired.rawValue }
}

extension ServiceRecord: RetirableRecord {
    package static var entity: AuditEntry.Entity { .service }
    package static var retired: String { Service.Status.retired.rawValue }
}
