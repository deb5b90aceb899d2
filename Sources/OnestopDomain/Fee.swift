import Foundation

/// What a service costs: always a description, and a range in whole yuan when it is known.
public struct Fee: Codable, Sendable, Equatable {
    public var description: String
    public var minCNY: Int?
    public var maxCNY: Int?

    public init(description: String, minCNY: Int? = nil, maxCNY: Int? = nil) {
        self.description = description
        self.minCNY = minCNY
        self.maxCNY = maxCNY
    }

    enum CodingKeys: String, CodingKey {
        case description, minCNY = "min_cny", maxCNY = "max_cny"
    }
}
