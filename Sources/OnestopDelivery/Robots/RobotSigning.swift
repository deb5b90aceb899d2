import Crypto
import Foundation

/// The signatures group robots created with 加签 (signing) check, made anew at each attempt: the
/// platforms refuse a timestamp more than an hour from their clock.
public enum RobotSigning {
    /// DingTalk: `&timestamp=MS&sign=S` added to the URL, where S is the URL-encoded base64 of
    /// HMAC-SHA256 keyed with the secret over "MS\nsecret", encoded exactly once.
    public static func dingTalkURL(_ url: String, secret: String, at date: Date) -> String {
        let timestamp = String(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        let sign = Data(mac).base64EncodedString()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = sign.addingPercentEncoding(withAllowedCharacters: allowed) ?? sign
        return url + (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(encoded)"
    }

    /// Feishu: `"timestamp"` (seconds) and `"sign"` put at the top of the body, where sign is the base64
    /// of HMAC-SHA256 keyed with "SECONDS\nsecret" over nothing.
    public static func feishuFields(secret: String, at date: Date) -> (timestamp: String, sign: String) {
        let timestamp = String(Int64(date.timeIntervalSince1970.rounded(.down)))
        let mac = HMAC<SHA256>.authenticationCode(for: [UInt8](), using: SymmetricKey(data: Array("\(timestamp)\n\(secret)".utf8)))
        return (timestamp, Data(mac).base64EncodedString())
    }

    /// The body with Feishu's signature fields added at its top level.
    public static func feishuBody(_ body: [UInt8], secret: String, at date: Date) -> [UInt8] {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return body }
        let fields = feishuFields(secret: secret, at: date)
        object["timestamp"] = fields.timestamp
        object["sign"] = fields.sign
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(body))
    }
}
