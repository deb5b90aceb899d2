import Foundation

/// A catalog entry: one service offered by one station.
public struct Service: Codable, Sendable, Equatable {
    public var code: String
    /// The id of the station that offers it.
    public var station: String
    public var category: String
    public var name: String
    public var nameEn: String?
    public var description: String
    /// Words and synonyms a firm might search with.
    public var keywords: [String]
    public var fee: Fee
    /// Typical time to finish, in working days.
    public var turnaroundDays: Int?
    public var accreditations: [Accreditation]
    public var modes: [ServiceMode]
    public var eligibility: String?
    public var documents: [String]
    public var status: Status
    /// Set by the store whenever the entry changes; not part of the catalog files.
    public var lastModified: Date?

    public enum Status: String, Codable, Sendable, CaseIterable {
        case active, inactive, retired
    }

    public init(
        code: String, station: String, category: String, name: String, nameEn: String? = nil,
        description: String, keywords: [String] = [], fee: Fee, turnaroundDays: Int? = nil,
        accreditations: [Accreditation] = [], modes: [ServiceMode], eligibility: String? = nil,
        documents: [String] = [], status: Status = .active, lastModified: Date? = nil
    ) {
        self.code = code
        self.station = station
        self.category = category
        self.name = name
        self.nameEn = nameEn
        self.description = description
        self.keywords = keywords
        self.fee = fee
        self.turnaroundDays = turnaroundDays
        self.accreditations = accreditations
        self.modes = ServiceMode.normalized(modes)
        self.eligibility = eligibility
        self.documents = documents
        self.status = status
        self.lastModified = lastModified
    }

    enum CodingKeys: String, CodingKey {
        case code, station, category, name, nameEn = "name_en", description, keywords, fee,
            turnaroundDays = "turnaround_days", accreditations, modes, eligibility, documents, status,
            lastModified = "last_modified"
    }

    /// Uppercase letters, digits and single `-` between them; 3 to 40 characters (`JZ-TEA-001`).
    public static func isWellFormedCode(_ code: String) -> Bool {
        guard (3...40).contains(code.count), !code.hasPrefix("-"), !code.hasSuffix("-"), !code.contains("--") else {
            return false
        }
        return code.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
    }
}

extension Service {
    /// Lists and the status may be left out and default to empty and `active`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(String.self, forKey: .code),
            station: try container.decode(String.self, forKey: .station),
            category: try container.decode(String.self, forKey: .category),
            name: try container.decode(String.self, forKey: .name),
            nameEn: try container.decodeIfPresent(String.self, forKey: .nameEn),
            description: try container.decode(String.self, forKey: .description),
            keywords: try container.decodeIfPresent([String].self, forKey: .keywords) ?? [],
            fee: try container.decode(Fee.self, forKey: .fee),
            turnaroundDays: try container.decodeIfPresent(Int.self, forKey: .turnaroundDays),
            accreditations: try container.decodeIfPresent([Accreditation].self, forKey: .accreditations) ?? [],
            modes: try container.decode([ServiceMode].self, forKey: .modes),
            eligibility: try container.decodeIfPresent(String.self, forKey: .eligibility),
            documents: try container.decodeIfPresent([String].self, forKey: .documents) ?? [],
            status: try container.decodeIfPresent(Status.self, forKey: .status) ?? .active,
            lastModified: try container.decodeIfPresent(Date.self, forKey: .lastModified)
        )
    }

    /// The JSON field names of a service.
    public static let fieldNames: Set<String> = Set(
        [CodingKeys.code, .station, .category, .name, .nameEn, .description, .keywords, .fee, .turnaroundDays,
         .accreditations, .modes, .eligibility, .documents, .status, .lastModified].map(\.stringValue))
}
