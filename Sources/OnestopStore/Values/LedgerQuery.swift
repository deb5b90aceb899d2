import Foundation

/// Which requests the work ledger lists: those received in [from, to), of one station or all, read a page at a
/// time after `after` so that a large period streams instead of being held in memory.
public struct LedgerQuery: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// The station responsible now; nil for every station.
    public var station: String?

    public init(from: Date, to: Date, station: String? = nil) {
        self.from = from
        self.to = to
        self.station = station
    }

    /// Where the previous page ended: its last request's receipt time and id.
    public struct Cursor: Sendable, Equatable {
        public var receivedAt: Date
        public var id: String

        public init(receivedAt: Date, id: String) {
            self.receivedAt = receivedAt
            self.id = id
        }
    }
}
