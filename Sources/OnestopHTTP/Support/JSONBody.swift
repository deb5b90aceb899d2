import Foundation
import Hummingbird

/// Reads a JSON request body strictly: JSON content type, at most `maxUploadSize`, an object whose
/// fields are all known, and decoding errors that name the field.
enum JSONBody {
    /// The body as `Body`, after checking that it holds no field `Body` does not take.
    static func read<Body: JSONRequestBody>(_ type: Body.Type, _ request: Request, context: AppRequestContext) async throws -> Body {
        try await readWithBytes(Body.self, request, context: context).body
    }

    /// The body as `Body`, and its bytes as they came (for a digest of what was sent).
    static func readWithBytes<Body: JSONRequestBody>(_ type: Body.Type, _ request: Request, context: AppRequestContext) async throws
        -> (body: Body, data: Data)
    {
        let parsed = try parse(request, Data(buffer: try await collect(request, context: context)), as: Body.self)
        return (try decode(Body.self, from: parsed.data), parsed.data)
    }

    /// The body as `Body`, or nil when the request has no body at all.
    static func readIfPresent<Body: JSONRequestBody>(_ type: Body.Type, _ request: Request, context: AppRequestContext) async throws -> Body? {
        let buffer = try await collect(request, context: context)
        guard buffer.readableBytes > 0 else { return nil }
        return try decode(Body.self, from: try parse(request, Data(buffer: buffer), as: Body.self).data)
    }

    /// The body's fields as sent, for a merge patch laid over an entity's JSON (`Body`'s fields only).
    static func mergePatch<Body: JSONRequestBody>(for type: Body.Type, _ request: Request, context: AppRequestContext) async throws -> [String: Any] {
        try parse(request, Data(buffer: try await collect(request, context: context)), as: Body.self).fields
    }

    static func collect(_ request: Request, context: AppRequestContext) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge
        }
    }

    /// The body's JSON object, refused unless it is JSON, an object, free of NUL, and holds only `Body`'s fields.
    static func parse<Body: JSONRequestBody>(_ request: Request, _ data: Data, as type: Body.Type) throws -> (data: Data, fields: [String: Any]) {
        let (allowed, nested) = (Body.fieldNames, Body.nestedFieldNames)
        if let contentType = request.headers[.contentType],
            !contentType.lowercased().hasPrefix("application/json")
        {
            throw APIError.unsupportedMediaType
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw APIError.malformedJSON("请求体不是有效的 JSON (the body is not valid JSON)")
        }
        guard let fields = object as? [String: Any] else {
            throw APIError.malformedJSON("请求体应为 JSON 对象 (the body must be a JSON object)")
        }
        if let field = Self.fieldWithNUL(in: fields) {
            throw APIError.validationFailed([APIError.FieldError(field: field, message: "不能含有空字符 \\u0000", messageEn: "must not contain the NUL character \\u0000")])
        }
        var unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        for (field, names) in nested.sorted(by: { $0.key < $1.key }) {
            if let object = fields[field] as? [String: Any] {
                unknown += object.keys.filter { !names.contains($0) }.sorted().map { "\(field).\($0)" }
            } else if let list = fields[field] as? [Any] {
                for case let (index, object as [String: Any]) in list.enumerated() {
                    unknown += object.keys.filter { !names.contains($0) }.sorted().map { "\(field)[\(index)].\($0)" }
                }
            }
        }
        if !unknown.isEmpty {
            throw APIError.validationFailed(unknown.map {
                APIError.FieldError(field: $0, message: "未知字段", messageEn: "unknown field")
            })
        }
        return (data, fields)
    }

    /// The path of the first string (or key) holding U+0000, which no field needs and the databases' text cannot hold.
    static func fieldWithNUL(in value: Any, path: String = "") -> String? {
        switch value {
        case let text as String:
            return text.utf8.contains(0) ? path : nil
        case let object as [String: Any]:
            for (key, member) in object {
                let memberPath = path.isEmpty ? key : "\(path).\(key)"
                if key.utf8.contains(0) { return memberPath }
                if let found = fieldWithNUL(in: member, path: memberPath) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, member) in array.enumerated() {
                if let found = fieldWithNUL(in: member, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.validationFailed([fieldError(error)])
        }
    }

    static func fieldError(_ error: DecodingError) -> APIError.FieldError {
        func path(_ keys: [any CodingKey]) -> String {
            var result = ""
            for key in keys {
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += (result.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return result.isEmpty ? "(body)" : result
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), message: "缺少必填字段", messageEn: "is required")
        case .valueNotFound(_, let context):
            return .init(field: path(context.codingPath), message: "不能为 null", messageEn: "must not be null")
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath), message: "类型不正确，应为 \(name(of: type))", messageEn: "wrong type, expected \(name(of: type))")
        case .dataCorrupted(let context):
            return .init(field: path(context.codingPath), message: "取值无效：\(context.debugDescription)", messageEn: "invalid value: \(context.debugDescription)")
        @unknown default:
            return .init(field: "(body)", message: "无法解析", messageEn: "cannot be read")
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Double.Type: "number"
        case is Bool.Type: "true/false"
        case is [Any].Type: "list"
        default: "object"
        }
    }
}
