import Foundation
import OnestopDomain

/// Which notices the firm agreed to and whether they still go out.
struct NoticeConsentView: Encodable {
    var sms: Bool
    var email: Bool
    /// When the firm stopped them; nil while they go out.
    var stoppedAt: Date?
    /// A provider said the mobile number cannot receive messages.
    var smsUnreachable: Bool
    /// The mail server said the address does not exist.
    var emailUnreachable: Bool

    init(_ consent: NoticeConsent) {
        sms = consent.sms
        email = consent.email
        stoppedAt = consent.stoppedAt
        smsUnreachable = consent.smsUnreachableAt != nil
        emailUnreachable = consent.emailUnreachableAt != nil
    }

    enum CodingKeys: String, CodingKey {
        case sms, email, stoppedAt = "stopped_at", smsUnreachable = "sms_unreachable", emailUnreachable = "email_unreachable"
    }
}
