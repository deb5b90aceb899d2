import Foundation
import Logging
import OnestopDomain
import Synchronization

/// Years a deadline needed that the working-day calendar has no notice for. Such a deadline is counted
/// Monday to Friday; each year is logged once per process, and one staff alert per year (across processes
/// and restarts) asks for the notice, written by the store in the transaction that counted it.
package enum CalendarGaps {
    private static let logger = Logger(label: "onestop.calendar")
    private static let logged = Mutex<Set<Int>>([])

    /// The alert's text for `year`; the store writes one only when none with this text exists.
    package static func alert(for year: Int, at now: Date) -> StaffAlertRecord {
        StaffAlertRecord(
            id: nil, at: Milliseconds.from(now), kind: StaffAlert.Kind.calendarMissing.rawValue, endpointId: nil, stationId: nil,
            message: "工作日历缺少 \(year) 年的放假安排，期限暂按周一至周五计算；请按国务院办公厅通知补充 Catalog/calendar/\(year).yaml 并导入 "
                + "(the working-day calendar has no \(year): deadlines are counted Monday to Friday until Catalog/calendar/\(year).yaml is added from the State Council's notice and imported)")
    }

    /// Logs a warning for each year not yet logged by this process.
    package static func warn(_ years: Set<Int>) {
        guard !years.isEmpty else { return }
        let fresh = logged.withLock { seen in
            let fresh = years.subtracting(seen)
            seen.formUnion(fresh)
            return fresh
        }
        for year in fresh.sorted() {
            logger.warning("working-day calendar has no notice for this year: counting Monday to Friday", metadata: ["year": "\(year)"])
        }
    }
}
