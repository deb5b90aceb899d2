import Foundation
import OnestopDomain

/// An email notice as RFC 5322 text: a UTF-8 subject in RFC 2047 encoded words, a plain-text UTF-8 body in base64,
/// onestop's message id as its `Message-ID`, and a `List-Unsubscribe` link that stops notices.
enum SMTPMessage {
    static func build(from: String, fromName: String, to: String, subject: String, body: String, messageID: String, domain: String,
                      stopLink: String, at date: Date) -> [UInt8] {
        let headers = [
            "From: \(encodedWords(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(encodedWords(subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(messageID)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "List-Unsubscribe: <\(stopLink)>",
            "Auto-Submitted: auto-generated",
        ]
        let encoded = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n").utf8)
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words, each at most 75 characters and never splitting a character; ASCII text without
    /// specials stays as it is.
    static func encodedWords(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F && !"=?\"<>()@,;:\\[]".unicodeScalars.contains($0) }
        if plain && !text.isEmpty { return text }
        // 45 bytes of UTF-8 make 60 characters of base64, within the 75 of a word with its 12 of framing.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// What the mail server's answer means: the last SMTP reply code libcurl saw, or the transfer's failure.
    static func verdict(_ response: OutboundResponse) -> NoticeVerdict {
        let code = response.status
        let text = [code.map { "SMTP \($0)" }, response.error].compactMap { $0 }.joined(separator: ": ")
        if let code, (200..<300).contains(code), response.error == nil { return .sent(providerID: nil) }
        switch code {
        case 550, 551, 553: return .unreachable(code: code.map(String.init), error: text)
        case let code? where (400..<500).contains(code): return .transient(code: String(code), error: text, atLeast: 0)
        case let code? where (500..<600).contains(code): return .permanent(code: String(code), error: text)
        default:
            // No reply at all: the server could not be reached, or the connection broke.
            return .transient(code: nil, error: text.isEmpty ? "no answer" : text, atLeast: 0)
        }
    }
}
