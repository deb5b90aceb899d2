import Foundation
import OnestopDomain
import OnestopStore

extension DeliveryStore {
    /// Waits until no delivery is pending any more (or `timeout` passed), then returns the first 100 deliveries, newest first.
    public func settledDeliveries(timeout: Duration = .seconds(20)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await deliveries(DeliveryQuery(status: .pending)).total == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await deliveries(DeliveryQuery(page: PageRequest(page: 1, perPage: 100))).items
    }
}
