import Foundation
import OnestopDomain

/// What recording a batch of attempts writes, decided apart from any database from the batch's endpoint rows
/// (read under lock) and their recent signature alerts: every attempt, each delivery's new state (written only
/// where the lease still matches, so that a stale worker's result does not overwrite a newer claim's), each
/// endpoint's health, and what staff are told.
///
/// Health follows the attempts in the order they ended: a success clears `failing_since` (once per endpoint,
/// written at the end unless a later failure comes first), a failure of an enabled endpoint starts the count
/// when none runs, and an endpoint failing for `disableAfter`, or gone, is disabled with an alert. A refused
/// signature raises an alert at most once a day per endpoint.
package struct SettlePlan: Sendable {
    /// A delivery's state after its attempt.
    package struct Settlement: Codable, Sendable, Equatable {
        package var id: Int64
        package var lease: Int64
        package var status: String
        package var next: Int64?
        package var at: Int64
        package var code: Int?
        package var error: String?

        init(_ result: DeliveryResult, _ attempt: DeliveryAttemptRecord) {
            id = result.delivery
            lease = result.lease
            at = attempt.at
            code = attempt.statusCode
            error = attempt.error
            switch result.next {
            case .succeeded: status = Delivery.Status.succeeded.rawValue
            case .retry(let when):
                status = Delivery.Status.pending.rawValue
                next = Milliseconds.from(when)
            case .failed, .endpointGone: status = Delivery.Status.failed.rawValue
            }
        }
    }

    /// An endpoint whose only change is its latest success: `last_success_at` set, `failing_since` cleared.
    package struct Healthy: Codable, Sendable, Equatable {
        package var id: String
        package var at: Int64

        package init(id: String, at: Int64) {
            self.id = id
            self.at = at
        }
    }

    package private(set) var attempts: [DeliveryAttemptRecord] = []
    package private(set) var settlements: [Settlement] = []
    /// Written first: endpoints that only succeeded.
    package private(set) var healthy: [Healthy] = []
    /// Written after `healthy`: the endpoint rows that changed otherwise, as they end, by id.
    package private(set) var endpoints: [EndpointRecord] = []
    package private(set) var audits: [AuditRecord] = []
    /// In the order raised.
    package private(set) var alerts: [StaffAlertRecord] = []

    /// The endpoints the batch's signature alerts are checked against need alerts no older than this before the earliest attempt.
    package static func signatureAlertCutoff(_ results: [DeliveryResult]) -> Int64 {
        (results.map { Milliseconds.from($0.attempt.at) }.min() ?? 0) - DeliveryHealth.signatureAlertInterval
    }

    /// Whether the plan needs the batch's endpoint rows and signature alerts: not when every attempt succeeded
    /// without a pause, the common case, which then writes only `healthy`.
    package static func readsEndpoints(_ results: [DeliveryResult]) -> Bool {
        results.contains { $0.next != .succeeded || $0.signatureRefused || $0.pauseEndpointUntil != nil }
    }

    /// `endpoints`: the rows of the batch's endpoints, deleted ones included (none needed unless `readsEndpoints`);
    /// `signatureAlerts`: their signature alerts raised since `signatureAlertCutoff(results)`.
    package init(_ results: [DeliveryResult], endpoints stored: [String: EndpointRecord], signatureAlerts: [StaffAlertRecord]) {
        var rows = stored
        var changed = Set<String>()
        var lastAlert: [String: Int64] = [:]
        for alert in signatureAlerts {
            guard let endpoint = alert.endpointId else { continue }
            lastAlert[endpoint] = max(lastAlert[endpoint] ?? alert.at, alert.at)
        }
        var succeeded: [String: Int64] = [:]
        var healthyAt: [String: Int64] = [:]
        func markHealthy(_ id: String, at: Int64) {
            if var row = rows[id] {
                row.lastSuccessAt = at
                row.failingSince = nil
                rows[id] = row
            }
            // A row changed in other ways is written whole, this included; otherwise the narrow write says it.
            if !changed.contains(id) { healthyAt[id] = at }
        }
        for result in results {
            let attempt = DeliveryAttemptRecord(delivery: result.delivery, result.attempt)
            let at = attempt.at
            let id = result.endpoint
            attempts.append(attempt)
            settlements.append(Settlement(result, attempt))
            if result.signatureRefused, let row = rows[id], !row.isDeleted,
                lastAlert[id].map({ $0 <= at - DeliveryHealth.signatureAlertInterval }) ?? true
            {
                alerts.append(StaffAlertRecord(at: at, kind: .signatureRefused, endpoint: row,
                                               message: DeliveryHealth.signatureMessage(row.endpoint, error: result.attempt.error)))
                lastAlert[id] = at
            }
            if let until = result.pauseEndpointUntil, var row = rows[id] {
                row.pausedUntil = max(row.pausedUntil ?? 0, Milliseconds.from(until))
                rows[id] = row
                changed.insert(id)
            }
            if result.next == .succeeded {
                succeeded[id] = max(succeeded[id] ?? at, at)
                continue
            }
            if let success = succeeded.removeValue(forKey: id) { markHealthy(id, at: success) }
            guard var row = rows[id] else { continue }
            var failingSince: Int64?
            if row.enabled {
                row.failingSince = row.failingSince ?? at
                failingSince = row.failingSince
                rows[id] = row
                changed.insert(id)
            }
            if let reason = DeliveryHealth.disableReason(result, failingSince: failingSince, at: at),
                let disabled = EndpointPlan.disable(row, reason: reason, at: result.attempt.at)
            {
                rows[id] = disabled.write.record
                audits.append(disabled.write.audit)
                alerts.append(disabled.alert)
            }
        }
        for (id, at) in succeeded { markHealthy(id, at: at) }
        healthy = healthyAt.sorted { $0.key < $1.key }.map { Healthy(id: $0.key, at: $0.value) }
        endpoints = changed.sorted().compactMap { rows[$0] }
    }
}
