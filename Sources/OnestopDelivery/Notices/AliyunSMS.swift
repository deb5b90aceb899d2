import Crypto
import Foundation
import OnestopDomain
import OnestopStore

/// Alibaba Cloud SMS: `SendSms` of dysmsapi 2017-05-25 as an RPC call, its parameters in a form body, signed as the
/// V3 request structure says (ACS3-HMAC-SHA256 over method, path, query, the sorted signed headers and the body's
/// SHA-256). onestop's message id travels as `OutId`, so that a receipt names the notice it belongs to.
enum AliyunSMS {
    static let version = "2017-05-25"

    static func request(_ provider: SMSProvider, template: SMSProvider.Template, to phone: String, values: [(name: String, value: String)],
                        outID: String, at date: Date, nonce: String = AccessToken.randomHex(bytes: 16)) -> OutboundRequest {
        var object: [String: String] = [:]
        for (name, value) in values { object[name] = value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let templateParam = String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
        let form = [("PhoneNumbers", phone), ("SignName", provider.signName), ("TemplateCode", template.code), ("TemplateParam", templateParam),
                    ("OutId", outID)]
        let body = Array(form.map { "\(percent($0.0))=\(percent($0.1))" }.joined(separator: "&").utf8)
        var headers: [(String, String)] = [
            ("host", hostHeader(provider.url)),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-acs-action", "SendSms"),
            ("x-acs-content-sha256", Hex.string(SHA256.hash(data: body))),
            ("x-acs-date", iso8601(date)),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-version", version),
        ]
        headers.sort { $0.0 < $1.0 }
        let signature = sign(method: "POST", path: path(provider.url), query: "", headers: headers, body: body, secret: provider.secret)
        let authorization = "ACS3-HMAC-SHA256 Credential=\(provider.keyID),SignedHeaders=\(headers.map(\.0).joined(separator: ";")),Signature=\(signature)"
        return OutboundRequest(url: provider.url, headers: headers + [("Authorization", authorization), ("Accept", "application/json")], body: body)
    }

    /// The ACS3 signature: hex HMAC-SHA256, under the AccessKey secret, of `ACS3-HMAC-SHA256\n` and the canonical request's hex SHA-256.
    /// `headers` are lowercase and sorted; every one is signed.
    static func sign(method: String, path: String, query: String, headers: [(String, String)], body: [UInt8], secret: String) -> String {
        let canonicalHeaders = headers.map { "\($0.0):\($0.1.trimmingCharacters(in: .whitespaces))\n" }.joined()
        let canonical = [method, path, query, canonicalHeaders, headers.map(\.0).joined(separator: ";"), Hex.string(SHA256.hash(data: body))]
            .joined(separator: "\n")
        let toSign = "ACS3-HMAC-SHA256\n" + Hex.string(SHA256.hash(data: Data(canonical.utf8)))
        return Hex.string(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// What Alibaba's answer means: `{"Code": "OK", "BizId": …}` or a code saying what went wrong.
    static func verdict(_ response: OutboundResponse) -> NoticeVerdict {
        guard let status = response.status else {
            return .transient(code: nil, error: response.error ?? "no answer", atLeast: 0)
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        let code = answer?.code
        let message = "\(code ?? "HTTP \(status)"): \(answer?.message ?? String(decoding: response.body.prefix(300), as: UTF8.self))"
        if status == 200, code == "OK" { return .sent(providerID: answer?.bizId) }
        switch code {
        case "isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling", "ServiceUnavailable", "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE":
            return .transient(code: code, error: message, atLeast: code == "isv.BUSINESS_LIMIT_CONTROL" ? 60 : 0)
        case "isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT":
            return .unreachable(code: code, error: message)
        case let code? where code.hasPrefix("isp."):
            return .transient(code: code, error: message, atLeast: 0)
        default:
            // No code at all is an answer that is not Alibaba's (a proxy's page): worth another try, unless it says the request was wrong.
            if code == nil && (status >= 500 || status == 429 || status == 200) { return .transient(code: nil, error: message, atLeast: 0) }
            return .permanent(code: code, error: message)
        }
    }

    private struct Answer: Decodable {
        var code: String?
        var message: String?
        var bizId: String?

        enum CodingKeys: String, CodingKey {
            case code = "Code", message = "Message", bizId = "BizId"
        }
    }

    /// RFC 3986 percent-encoding as ACS3 wants it: only `A-Z a-z 0-9 - _ . ~` stay.
    static func percent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + Hex.string([byte]).uppercased()
            }
        }
        return out
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The `Host` header libcurl sends for `url`: the host, and the port when it is not the scheme's own.
    static func hostHeader(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "" }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port = components.port, port != (components.scheme == "https" ? 443 : 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }

    static func path(_ url: String) -> String {
        let path = URLComponents(string: url)?.percentEncodedPath ?? ""
        return path.isEmpty ? "/" : path
    }
}

