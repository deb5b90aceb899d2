/// An administrative area that stations belong to and firms are located in.
///
/// Codes are GB/T 2260 division codes (six digits). A unit without a division code of its own,
/// such as a development zone, takes its parent's six digits and a lowercase suffix: `341500-etdz`.
public struct Region: Codable, Sendable, Equatable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String?
    public var kind: Kind
    /// The enclosing region's code; nil for the top of the tree (a city).
    public var parent: String?

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case city, district, county, zone
    }

    public init(code: String, name: String, nameEn: String? = nil, kind: Kind, parent: String? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.parent = parent
    }

    enum CodingKeys: String, CodingKey {
        case code, name, nameEn = "name_en", kind, parent
    }

    /// Whether `code` has the shape of a region code: six digits, optionally `-suffix`.
    public static func isWellFormedCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let digits = parts.first, digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        guard parts.count == 2 else { return true }
        let suffix = parts[1]
        return !suffix.isEmpty && suffix.count <= 16
            && suffix.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }
}
