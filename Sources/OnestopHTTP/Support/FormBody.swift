import Foundation
import Hummingbird

/// The fields of an HTML form posted as `application/x-www-form-urlencoded`; a name given twice keeps
/// its first value.
struct FormBody: Sendable {
    private var fields: [String: String] = [:]

    /// Forms are small: a request's description is at most 4,000 characters.
    static let maxSize = 64 * 1024

    subscript(_ name: String) -> String? { fields[name] }

    /// The field trimmed, or nil when missing or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Parses `a=1&b=x+y`; nil when a name or value is not valid percent-encoded UTF-8 or holds NUL (`%00`).
    init?(encoded: String) {
        let form = QueryString(encoded: encoded)
        guard form.malformed == nil else { return nil }
        for (name, value) in form where fields[name] == nil { fields[name] = value }
    }

    /// The posted form: 415 for another content type, 413 over `maxSize`, 400 when not decodable.
    static func read(_ request: Request, context: some RequestContext) async throws -> FormBody {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else { throw APIError.unsupportedForm }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxSize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.formTooLarge
        }
        guard let form = FormBody(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self)) else {
            throw APIError.invalidParameter("body", zh: "表单内容无法解析", en: "the form could not be read")
        }
        return form
    }
}
