import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A routing decision as staff read it, each rank and exclusion with its reason.
struct RoutingRecordView: Encodable, Sendable {
    struct CandidateView: Encodable, Sendable {
        var station: String
        var service: String
        var rank: Int
        var tier: String
        var load: Double
        var reason: String
        var reasonEn: String

        enum CodingKeys: String, CodingKey {
            case station, service, rank, tier, load, reason, reasonEn = "reason_en"
        }
    }

    struct ExcludedView: Encodable, Sendable {
        var station: String
        var service: String
        var reason: String
        var code: String
        var reasonEn: String

        enum CodingKeys: String, CodingKey {
            case station, service, reason, code, reasonEn = "reason_en"
        }
    }

    var at: Date
    var station: String
    var service: String?
    var fallback: Bool
    var candidates: [CandidateView]
    var excluded: [ExcludedView]

    init(_ record: RoutingRecord) {
        at = record.at
        station = record.decision.station
        service = record.decision.service
        fallback = record.decision.fallback
        candidates = record.decision.candidates.enumerated().map { index, candidate in
            CandidateView(station: candidate.station, service: candidate.service, rank: index + 1, tier: "\(candidate.tier)",
                          load: candidate.load, reason: candidate.tier.reasonZh, reasonEn: candidate.tier.reasonEn)
        }
        excluded = record.decision.excluded.map {
            ExcludedView(station: $0.station, service: $0.service, reason: $0.reason.reasonZh, code: $0.reason.rawValue, reasonEn: $0.reason.reasonEn)
        }
    }
}
