import Foundation
import OnestopDomain

/// Which notices a request's change writes, as rows, decided apart from any database: each store writes them in
/// the change's own transaction.
package enum NoticePlan {
    /// The rows for what `action` (nil: a submission) tells the firm; `change` gives a moved promise's reason.
    package static func notices(action: RequestAction?, change: RequestChange?, before: ServiceRequest?, after: ServiceRequest,
                                evaluation: Evaluation?, catalog: RoutingCatalog, at: Date) -> [NoticeRecord] {
        guard !after.notices.channels.isEmpty else { return [] }
        let publicNote = change.flatMap { $0.isInternal ? nil : $0.note }
        let planned = NoticeRules.notices(
            action: action, before: before, after: after, publicNote: publicNote, promiseReason: change?.promise?.reason, evaluation: evaluation,
            serviceName: (after.service ?? after.serviceCode).flatMap { catalog.servicesByCode[$0]?.name },
            stationName: after.station.flatMap { catalog.stationsByID[$0]?.name })
        let created = Milliseconds.from(at)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return planned.map { notice in
            NoticeRecord(
                messageId: "ntc_" + RandomText.base62(count: 24), requestId: after.id, event: notice.event.rawValue, channel: notice.channel.rawValue,
                facts: String(decoding: (try? encoder.encode(notice.facts)) ?? Data("{}".utf8), as: UTF8.self), status: FirmNotice.Status.pending.rawValue,
                nextAttemptAt: created, createdAt: created)
        }
    }
}
