import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopStore

/// How long what serves only for a while is kept, for `serve` and `prune`.
struct RetentionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long a delivery that succeeded is kept, with its attempts, after its last attempt: 90d, 12h, 30m. (env: ONESTOP_RETAIN_DELIVERIES; default: 90d)", valueName: "age"))
    var retainDeliveries: String?

    @Option(help: ArgumentHelp("How long a delivery that failed is kept, with its attempts, unless redelivered. (env: ONESTOP_RETAIN_FAILED; default: 365d)", valueName: "age"))
    var retainFailed: String?

    func policy() throws -> RetentionPolicy {
        var policy = RetentionPolicy.standard
        policy.succeededDeliveries = try Self.age(Setting("retain-deliveries", env: "ONESTOP_RETAIN_DELIVERIES"), retainDeliveries, default: policy.succeededDeliveries)
        policy.failedDeliveries = try Self.age(Setting("retain-failed", env: "ONESTOP_RETAIN_FAILED"), retainFailed, default: policy.failedDeliveries)
        return policy
    }

    /// An age as a whole number and a unit (`s`, `m`, `h`, `d`), from one second to ten years.
    static func age(_ setting: Setting, _ given: String?, default fallback: TimeInterval) throws -> TimeInterval {
        guard let text = setting.text(given)?.trimmingCharacters(in: .whitespaces) else { return fallback }
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last.flatMap({ units[$0] }), let number = Int(text.dropLast()), number > 0 else {
            throw setting.refusal("must be an age like 90d, 12h, 30m or 45s, not \(text)")
        }
        let seconds = TimeInterval(number) * unit
        guard seconds <= 3650 * 86_400 else { throw setting.refusal("must be at most 3650d, not \(text)") }
        return seconds
    }
}

/// `onestop prune`: one retention pass now, as the server runs one every hour.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove now what has served its purpose, as the server does every hour, and say what went.",
        discussion: """
            Deliveries that succeeded (after --retain-deliveries) or failed (after --retain-failed) with their attempts, \
            idempotency keys after a day, expired console sessions, settled rate reservations, and alerts after a year. \
            Requests, their timelines and routing records, and the audit trail, are never removed.
            """)

    @OptionGroup var retention: RetentionOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let policy = try retention.policy()
        let store = try await database.open()
        let started = ContinuousClock.now
        let outcome = try await store.removeExpired(policy, now: Date())
        let milliseconds = started.duration(to: .now).seconds * 1000
        print("""
            已清理 (removed): \(outcome.deliveries) deliveries with \(outcome.attempts) attempts, \(outcome.notices) notices with \(outcome.noticeAttempts) attempts, \(outcome.idempotencyKeys) idempotency keys, \
            \(outcome.sessions) sessions, \(outcome.rateReservations) rate reservations, \(outcome.alerts) alerts, in \(String(format: "%.0f", milliseconds)) ms
            """)
    }
}
