import Foundation
import OnestopDomain
import OnestopStore
import Prometheus

/// The delivery figures `GET /metrics` shows, in Prometheus text.
public final class DeliveryMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let succeeded: Counter
    private let retrying: Counter
    private let failed: Counter
    private let gone: Counter
    private let disabled: Counter
    private let latency: DurationHistogram
    private let queueDepth: Gauge
    private let dueNow: Gauge
    private let oldestDue: Gauge
    private let disabledEndpoints: Gauge
    private let failedTotal: Gauge
    private let noticeAttempts: [String: Counter]
    private let noticeLatency: DurationHistogram
    private let noticeCounts: [FirmNotice.Status: Gauge]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let outcome = "onestop_webhook_deliveries_total"
        let help = "Attempts at webhook deliveries, by what followed from them."
        succeeded = registry.makeCounter(name: outcome, labels: [("outcome", "succeeded")], help: help)
        retrying = registry.makeCounter(name: outcome, labels: [("outcome", "retrying")], help: help)
        failed = registry.makeCounter(name: outcome, labels: [("outcome", "failed")], help: help)
        gone = registry.makeCounter(name: outcome, labels: [("outcome", "endpoint_gone")], help: help)
        disabled = registry.makeCounter(name: "onestop_webhook_endpoints_disabled_total",
                                        help: "Endpoints onestop disabled on its own (410 or days of failures).")
        latency = registry.makeDurationHistogram(
            name: "onestop_webhook_attempt_duration_seconds",
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                      .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(15)],
            help: "How long each delivery attempt took, answer or not.")
        queueDepth = registry.makeGauge(name: "onestop_webhook_queue_depth", help: "Deliveries waiting for an attempt, due or not.")
        dueNow = registry.makeGauge(name: "onestop_webhook_due", help: "Deliveries due now.")
        oldestDue = registry.makeGauge(name: "onestop_webhook_oldest_due_age_seconds", help: "How long the oldest due delivery has waited.")
        disabledEndpoints = registry.makeGauge(name: "onestop_webhook_disabled_endpoints", help: "Endpoints disabled now.")
        failedTotal = registry.makeGauge(name: "onestop_webhook_failed_deliveries", help: "Deliveries that failed for good, kept for redelivery.")
        var attempts: [String: Counter] = [:]
        for channel in NoticeChannel.allCases {
            for outcome in ["sent", "retrying", "failed", "unreachable"] {
                attempts["\(channel.rawValue) \(outcome)"] = registry.makeCounter(
                    name: "onestop_notice_attempts_total", labels: [("channel", channel.rawValue), ("outcome", outcome)],
                    help: "Attempts at sending notices to firms, by channel and what followed from them.")
            }
        }
        noticeAttempts = attempts
        noticeLatency = registry.makeDurationHistogram(
            name: "onestop_notice_attempt_duration_seconds",
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
                      .seconds(5), .seconds(15)],
            help: "How long each attempt at a notice took, answer or not.")
        noticeCounts = Dictionary(uniqueKeysWithValues: FirmNotice.Status.allCases.map { status in
            (status, registry.makeGauge(name: "onestop_notices", labels: [("status", status.rawValue)], help: "Notices to firms, by status."))
        })
    }

    func recordNotice(_ channel: NoticeChannel, _ next: NoticeResult.Next, duration: Duration) {
        let outcome: String
        switch next {
        case .sent: outcome = "sent"
        case .retry: outcome = "retrying"
        case .failed: outcome = "failed"
        case .unreachable: outcome = "unreachable"
        case .deferred: return
        }
        noticeLatency.record(duration)
        noticeAttempts["\(channel.rawValue) \(outcome)"]?.increment()
    }

    func recordAttempt(_ next: DeliveryResult.Next, duration: Duration) {
        latency.record(duration)
        switch next {
        case .succeeded: succeeded.increment()
        case .retry: retrying.increment()
        case .failed: failed.increment()
        case .endpointGone: gone.increment()
        }
    }

    func recordDisabledEndpoint() {
        disabled.increment()
    }

    /// Reads the outbox's state into the gauges and returns every metric as Prometheus text.
    public func exposition(gauges: DeliveryGauges, notices: [FirmNotice.Status: Int] = [:]) -> [UInt8] {
        for (status, gauge) in noticeCounts { gauge.set(Double(notices[status] ?? 0)) }
        queueDepth.set(Double(gauges.pending))
        dueNow.set(Double(gauges.due))
        oldestDue.set(gauges.oldestDueAge)
        disabledEndpoints.set(Double(gauges.disabledEndpoints))
        failedTotal.set(Double(gauges.failed))
        return registry.emitToBuffer()
    }
}
