import Foundation

/// The firm behind a request, as it described itself.
public struct Enterprise: Codable, Sendable, Equatable {
    public var name: String
    /// The unified social credit code, upper case.
    public var uscc: String
    public var region: String
    public var industry: String?
    public var contactName: String
    /// Normalised: `13800001234` or `0564-5136080`.
    public var phone: String
    public var email: String?

    public init(name: String, uscc: String, region: String, industry: String? = nil, contactName: String, phone: String, email: String? = nil) {
        self.name = name
        self.uscc = uscc
        self.region = region
        self.industry = industry
        self.contactName = contactName
        self.phone = phone
        self.email = email
    }

    enum CodingKeys: String, CodingKey {
        case name, uscc, region, industry, contactName = "contact_name", phone, email
    }
}
