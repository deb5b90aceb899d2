import Foundation
import OnestopDomain

/// What recording a notice's attempt writes, decided apart from any database.
package struct NoticeSettlePlan {
    /// The notice's row after the result, for the claim that made it.
    package struct Change {
        package var id: Int64
        package var lease: Int64
        package var status: FirmNotice.Status
        /// Added to the attempts made.
        package var attempted: Int
        package var nextAttemptAt: Int64?
        package var lastAttemptAt: Int64?
        package var lastError: String?
        package var providerID: String?
    }

    /// An attempt's row.
    package struct Attempt {
        package var notice: Int64
        package var at: Int64
        package var durationMilliseconds: Int
        package var outcome: String
        package var providerCode: String?
        package var error: String?
    }

    package var changes: [Change] = []
    package var attempts: [Attempt] = []
    /// Requests whose channel proved unreachable, with when.
    package var unreachable: [(request: String, channel: NoticeChannel, at: Int64)] = []

    package init(_ results: [NoticeResult]) {
        for result in results {
            let at = result.attempt.map { Milliseconds.from($0.at) }
            let error = result.attempt?.error.map { StorableText.clean($0, limit: 1000) }
            var change = Change(id: result.notice, lease: result.lease, status: .pending, attempted: result.attempt == nil ? 0 : 1,
                                lastAttemptAt: at, lastError: error)
            let outcome: String
            switch result.next {
            case .sent(let provider):
                change.status = .sent
                change.providerID = provider.map { StorableText.clean($0, limit: 200) }
                outcome = "sent"
            case .retry(let time):
                change.nextAttemptAt = Milliseconds.from(time)
                outcome = "retry"
            case .failed:
                change.status = .failed
                outcome = "failed"
            case .unreachable:
                change.status = .unreachable
                outcome = "unreachable"
                unreachable.append((result.requestID, result.channel, at ?? 0))
            case .deferred(let until):
                change.nextAttemptAt = Milliseconds.from(until)
                outcome = "deferred"
            }
            changes.append(change)
            if let attempt = result.attempt, let at {
                attempts.append(Attempt(notice: result.notice, at: at, durationMilliseconds: attempt.durationMilliseconds, outcome: outcome,
                                        providerCode: attempt.providerCode.map { StorableText.clean($0, limit: 100) }, error: error))
            }
        }
    }

    /// The column of `service_request` that marks `channel` unreachable.
    package static func unreachableColumn(_ channel: NoticeChannel) -> String {
        switch channel {
        case .sms: "sms_unreachable_at"
        case .email: "email_unreachable_at"
        }
    }
}
