import Crypto
import Foundation
import OnestopDomain

/// Tencent Cloud SMS: `SendSms` of version 2021-01-11, a JSON body signed with TC3-HMAC-SHA256 (the signing key
/// derived from the SecretKey, the UTC date and the service `sms`). onestop's message id travels as `SessionContext`.
enum TencentSMS {
    static let version = "2021-01-11"
    static let contentType = "application/json; charset=utf-8"

    static func request(_ provider: SMSProvider, template: SMSProvider.Template, to phone: String, values: [(name: String, value: String)],
                        sessionContext: String, at date: Date) -> OutboundRequest {
        let payload = Payload(PhoneNumberSet: ["+86" + phone], SmsSdkAppId: provider.appID ?? "", SignName: provider.signName, TemplateId: template.code,
                              TemplateParamSet: values.map(\.value), SessionContext: sessionContext)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = Array((try? encoder.encode(payload)) ?? Data())
        let host = AliyunSMS.hostHeader(provider.url)
        let timestamp = Int(date.timeIntervalSince1970)
        let authorization = authorization(secretID: provider.keyID, secretKey: provider.secret, host: host, body: body, timestamp: timestamp)
        return OutboundRequest(url: provider.url, headers: [
            ("Host", host),
            ("Content-Type", contentType),
            ("X-TC-Action", "SendSms"),
            ("X-TC-Version", version),
            ("X-TC-Timestamp", String(timestamp)),
            ("X-TC-Region", provider.region ?? "ap-guangzhou"),
            ("Authorization", authorization),
        ], body: body)
    }

    /// The `Authorization` header: `TC3-HMAC-SHA256 Credential=ID/DATE/sms/tc3_request, SignedHeaders=content-type;host, Signature=…`.
    static func authorization(secretID: String, secretKey: String, host: String, body: [UInt8], timestamp: Int, service: String = "sms") -> String {
        let signedHeaders = "content-type;host"
        let canonical = ["POST", "/", "", "content-type:\(contentType)\nhost:\(host.lowercased())\n", signedHeaders, Hex.string(SHA256.hash(data: body))]
            .joined(separator: "\n")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let date = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
        let scope = "\(date)/\(service)/tc3_request"
        let toSign = "TC3-HMAC-SHA256\n\(timestamp)\n\(scope)\n" + Hex.string(SHA256.hash(data: Data(canonical.utf8)))
        func mac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let signing = mac(mac(mac(SymmetricKey(data: Data(("TC3" + secretKey).utf8)), date), service), "tc3_request")
        let signature = Hex.string(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: signing))
        return "TC3-HMAC-SHA256 Credential=\(secretID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// What Tencent's answer means: an error for the whole call, or the one number's status.
    static func verdict(_ response: OutboundResponse) -> NoticeVerdict {
        guard let status = response.status else {
            return .transient(code: nil, error: response.error ?? "no answer", atLeast: 0)
        }
        guard status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            let text = "HTTP \(status): " + String(decoding: response.body.prefix(300), as: UTF8.self)
            return status >= 500 || status == 429 || status == 200 ? .transient(code: nil, error: text, atLeast: 0) : .permanent(code: nil, error: text)
        }
        if let error = answer.Response.Error {
            let message = "\(error.Code): \(error.Message ?? "")"
            if error.Code.hasPrefix("InternalError") || error.Code.hasPrefix("RequestLimitExceeded") || error.Code.hasPrefix("LimitExceeded")
                || error.Code == "FailedOperation.InsufficientBalanceInSmsPackage" || error.Code.hasPrefix("ResourceUnavailable")
            {
                return .transient(code: error.Code, error: message, atLeast: 0)
            }
            return .permanent(code: error.Code, error: message)
        }
        guard let entry = answer.Response.SendStatusSet?.first else {
            return .transient(code: nil, error: "no SendStatusSet in the answer", atLeast: 0)
        }
        let message = "\(entry.Code): \(entry.Message ?? "")"
        switch entry.Code {
        case "Ok": return .sent(providerID: entry.SerialNo)
        case "LimitExceeded.PhoneNumberThirtySecondLimit": return .transient(code: entry.Code, error: message, atLeast: 30)
        case "LimitExceeded.PhoneNumberOneHourLimit": return .transient(code: entry.Code, error: message, atLeast: 3600)
        case "LimitExceeded.PhoneNumberDailyLimit", "LimitExceeded.PhoneNumberSameContentDailyLimit":
            return .transient(code: entry.Code, error: message, atLeast: 4 * 3600)
        case "InvalidParameterValue.IncorrectPhoneNumber", "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber":
            return .unreachable(code: entry.Code, error: message)
        default:
            return entry.Code.hasPrefix("InternalError") ? .transient(code: entry.Code, error: message, atLeast: 0) : .permanent(code: entry.Code, error: message)
        }
    }

    // The API's own field names.
    private struct Payload: Encodable {
        var PhoneNumberSet: [String]
        var SmsSdkAppId: String
        var SignName: String
        var TemplateId: String
        var TemplateParamSet: [String]
        var SessionContext: String
    }

    private struct Answer: Decodable {
        struct Body: Decodable {
            struct Failure: Decodable {
                var Code: String
                var Message: String?
            }
            struct Status: Decodable {
                var Code: String
                var Message: String?
                var SerialNo: String?
            }
            var Error: Failure?
            var SendStatusSet: [Status]?
        }
        var Response: Body
    }
}
