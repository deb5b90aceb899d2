import Foundation
import OnestopDomain

/// Webhook endpoints and the outbox of deliveries to them.
///
/// Deliveries are written by the request store in the same transaction as the change that causes them;
/// this protocol is how staff manage endpoints and how the delivery worker claims and settles deliveries.
public protocol DeliveryStore: Sendable {
    /// Rung after this store wrote new deliveries, for a worker in the same process.
    var deliveryDoorbell: DeliveryDoorbell { get }

    /// Adds an endpoint for a station (`StoreError.unknownStation` when there is none).
    func createEndpoint(_ new: NewEndpoint) async throws -> WebhookEndpoint
    /// Live endpoints (not deleted), of one station or all, oldest first.
    func endpoints(station: String?) async throws -> [WebhookEndpoint]
    func endpoint(id: String) async throws -> WebhookEndpoint?
    /// An endpoint with the secrets that sign at `at`, for sending it a test message; nil when there is none.
    func endpointTarget(id: String, at: Date) async throws -> EndpointTarget?
    /// Changes what `update` gives, secret included, in one transaction with one audit entry; nil when there is no such endpoint.
    func updateEndpoint(id: String, _ update: EndpointUpdate, actor: String, at: Date) async throws -> WebhookEndpoint?
    /// Enables or disables an endpoint; disabling keeps its pending deliveries for when it is enabled again.
    func setEndpointEnabled(id: String, enabled: Bool, reason: String?, actor: String, at: Date) async throws -> WebhookEndpoint?
    /// Removes an endpoint; its pending deliveries fail, its delivery history stays.
    func deleteEndpoint(id: String, actor: String, at: Date) async throws -> Bool

    /// Takes due deliveries of enabled endpoints for attempting now, leasing each until `leaseUntil`:
    /// if the attempt's result is never recorded (a crash), the delivery is due again then.
    /// At most `limit` in all, and per endpoint at most `perEndpoint` less what `busy` says it has in flight.
    /// Robots get at most `perRobot`, oldest first; no endpoint is claimed from while paused.
    func claimDeliveries(now: Date, leaseUntil: Date, limit: Int, perEndpoint: Int, perRobot: Int, busy: [String: Int]) async throws
        -> [ClaimedDelivery]
    /// Reserves the earliest time at or after `now` that a send to `endpoint` keeps within `rate`, counting every
    /// process's sends and the endpoint's pause; nothing is reserved when that is later than `latest`.
    func reserveSend(endpoint: String, rate: EndpointRate, minute: Duration, now: Date, latest: Date) async throws -> SendReservation
    /// Hands back claimed deliveries that were never attempted: due at `at` instead of when their lease ends.
    func releaseDeliveries(_ claims: [(id: Int64, lease: Int64)], at: Date) async throws
    /// Records attempts and what follows from them, in one transaction; returns the alerts raised: an endpoint
    /// disabled, or a robot's signature refused (at most one such alert a day per endpoint).
    func settleDeliveries(_ results: [DeliveryResult]) async throws -> [StaffAlert]
    /// When the next pending delivery of an enabled endpoint, other than those `excluding`, falls due; nil when there is none.
    func nextDeliveryDue(excluding: Set<String>) async throws -> Date?

    func deliveries(_ query: DeliveryQuery) async throws -> Page<Delivery>
    func delivery(id: Int64) async throws -> DeliveryDetail?
    /// Sends a delivery again from the first attempt of a new round, with the same webhook-id.
    func redeliver(id: Int64, at: Date) async throws -> Delivery?
    /// Redelivers every failed delivery of an endpoint created at or after `since`; returns how many.
    func redeliverFailed(endpoint: String, since: Date, at: Date) async throws -> Int
    func alerts(page: PageRequest) async throws -> Page<StaffAlert>
    func deliveryGauges(now: Date) async throws -> DeliveryGauges
}

extension DeliveryStore {
    /// Makes `secret` the signing secret; the old one keeps signing beside it until `overlapUntil`.
    public func rotateEndpointSecret(id: String, secret: String, overlapUntil: Date, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await updateEndpoint(id: id, EndpointUpdate(secret: SecretChange(secret: secret, overlapUntil: overlapUntil)), actor: actor, at: at)
    }

    /// Claims with robots held to `perEndpoint` like any endpoint.
    public func claimDeliveries(now: Date, leaseUntil: Date, limit: Int, perEndpoint: Int, busy: [String: Int]) async throws -> [ClaimedDelivery] {
        try await claimDeliveries(now: now, leaseUntil: leaseUntil, limit: limit, perEndpoint: perEndpoint, perRobot: perEndpoint, busy: busy)
    }
}
