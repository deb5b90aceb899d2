import Foundation

/// What a service costs: whether it is free, who charges when it is not (the institution that does the
/// work: a station itself never charges), a description, and a range in whole yuan when it is known.
public struct Fee: Codable, Sendable, Equatable {
    public var description: String
    public var minCNY: Int?
    public var maxCNY: Int?
    public var isFree: Bool
    /// The institution that charges, for a service that is not free.
    public var chargedBy: String?

    public init(description: String, minCNY: Int? = nil, maxCNY: Int? = nil, isFree: Bool = false, chargedBy: String? = nil) {
        self.description = description
        self.minCNY = minCNY
        self.maxCNY = maxCNY
        self.isFree = isFree
        self.chargedBy = chargedBy
    }

    /// A free service.
    public static func free(_ description: String = "免费") -> Fee {
        Fee(description: description, isFree: true)
    }

    enum CodingKeys: String, CodingKey {
        case description, minCNY = "min_cny", maxCNY = "max_cny", isFree = "free", chargedBy = "charged_by"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            description: try container.decode(String.self, forKey: .description),
            minCNY: try container.decodeIfPresent(Int.self, forKey: .minCNY),
            maxCNY: try container.decodeIfPresent(Int.self, forKey: .maxCNY),
            isFree: try container.decode(Bool.self, forKey: .isFree),
            chargedBy: try container.decodeIfPresent(String.self, forKey: .chargedBy))
    }

    /// Whether a search asks for free services or charged ones.
    public enum Filter: String, Sendable, CaseIterable {
        case free, charged
    }

    /// `免费`, or `收费，由 … 收取`: how pages name the fee's kind.
    public var kindZh: String {
        isFree ? "免费" : "收费" + (chargedBy.map { "，由\($0)收取" } ?? "")
    }
}
