import Foundation
import OnestopDomain

/// Times are stored as whole milliseconds since 1970: exact to compare and sort, and a time read back
/// equals the time written when it came from `now()`.
package enum Milliseconds {
    package static func from(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    package static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The time as the database keeps it: to the millisecond.
    package static func truncated(_ date: Date) -> Date {
        self.date(from(date))
    }

    /// Now, to the millisecond.
    package static func now() -> Date {
        truncated(Date())
    }
}
