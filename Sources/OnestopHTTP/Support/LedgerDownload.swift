import Foundation
import HTTPTypes
import Hummingbird
import OnestopDomain
import OnestopStore

/// The work ledger as a CSV download, streamed a page of requests at a time so that a year of a city's
/// requests never sits in memory: the API, the console and `onestop ledger` all write it this way.
enum LedgerDownload {
    static let pageSize = 1000

    /// Writes the whole ledger of `query` to `write`, a buffer at a time.
    static func stream(_ query: LedgerQuery, store: some RequestStore, _ write: (ByteBuffer) async throws -> Void) async throws {
        try await write(ByteBuffer(bytes: LedgerCSV.head))
        var after: LedgerQuery.Cursor?
        while true {
            let page = try await store.ledgerPage(query, after: after, limit: pageSize)
            var buffer = ByteBuffer()
            for entry in page { buffer.writeString(LedgerCSV.line(entry)) }
            if buffer.readableBytes > 0 { try await write(buffer) }
            guard page.count == pageSize, let last = page.last else { return }
            after = LedgerQuery.Cursor(receivedAt: last.receivedAt, id: last.id)
        }
    }

    /// The download: `text/csv` with a file name that says the period (and the station).
    static func response(_ query: LedgerQuery, store: some RequestStore) -> Response {
        let calendar = WorkingCalendar.china
        let last = calendar.civilDay(of: query.to.addingTimeInterval(-0.001))
        let name = "ledger-\(query.station.map { "\($0)-" } ?? "")\(calendar.civilDay(of: query.from))-\(last).csv"
        let body = ResponseBody { writer in
            try await stream(query, store: store) { try await writer.write($0) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(name)\"",
            .cacheControl: "no-store",
        ], body: body)
    }

    /// The period from `from` to `to` (excluded); without them, from the start of this month (in China) to the start of the next.
    static func period(from: Date?, to: Date?, now: Date = Date()) throws -> (from: Date, to: Date) {
        let calendar = WorkingCalendar.china
        let today = calendar.civilDay(of: now).parts
        let monthStart = calendar.start(of: CivilDay(year: today.year, month: today.month, day: 1)!)
        let nextMonth = calendar.start(of: today.month == 12 ? CivilDay(year: today.year + 1, month: 1, day: 1)! : CivilDay(year: today.year, month: today.month + 1, day: 1)!)
        let period = (from: from ?? monthStart, to: to ?? nextMonth)
        guard period.from < period.to else {
            throw APIError.invalidParameter("to", zh: "结束日期应晚于开始日期", en: "to must be after from")
        }
        return period
    }
}

/// The work ledger written as `LedgerDownload` streams it, for `onestop ledger`.
public enum LedgerExport {
    public static func write(_ query: LedgerQuery, store: some RequestStore, _ write: ([UInt8]) async throws -> Void) async throws {
        try await LedgerDownload.stream(query, store: store) { try await write(Array($0.readableBytesView)) }
    }
}
