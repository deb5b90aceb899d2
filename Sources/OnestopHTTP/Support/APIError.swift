import Foundation
import HTTPTypes
import Hummingbird
import OnestopDomain

/// An error the API answers with `application/problem+json` (RFC 9457): a stable `code`, a `title`,
/// and a `detail` a firm can act on, Chinese first with English beside it.
public struct APIError: Error, Sendable, Equatable {
    /// One field's problem, as listed in a validation error.
    public struct FieldError: Codable, Sendable, Equatable {
        public var field: String
        public var message: String
        public var messageEn: String

        public init(field: String, message: String, messageEn: String) {
            self.field = field
            self.message = message
            self.messageEn = messageEn
        }

        /// A text rule's refusal of `field`.
        init(field: String, _ problem: TextRule.Problem) {
            self.init(field: field, message: problem.zh, messageEn: problem.en)
        }

        /// A domain issue; a value outside a list says where the API lists the values.
        init(_ issue: ValidationIssue) {
            switch issue.choices {
            case .regions:
                self.init(field: issue.field, message: issue.messageZh + "，可选地区见 /api/v1/regions", messageEn: issue.messageEn + "; see /api/v1/regions")
            case .categories:
                self.init(field: issue.field, message: issue.messageZh + "，可选类别见 /api/v1/categories", messageEn: issue.messageEn + "; see /api/v1/categories")
            case nil:
                self.init(field: issue.field, message: issue.messageZh, messageEn: issue.messageEn)
            }
        }

        enum CodingKeys: String, CodingKey {
            case field, message, messageEn = "message_en"
        }
    }

    private enum Code: Sendable, Equatable {
        case invalidParameter(name: String, zh: String, en: String)
        case unknownParameter(String)
        case malformedJSON(String)
        case malformedRequest
        case uriTooLong
        case unsupportedMediaType
        case formExpected
        case staleForm
        case crossSiteForm
        case validationFailed([FieldError])
        case notFound(zh: String, en: String)
        case routeNotFound
        case methodNotAllowed([String])
        case conflict(zh: String, en: String)
        case unauthorized
        case forbidden
        case bodyTooLarge
        case formTooLarge
        case tooManyRequests(retryAfter: Int)
        case unavailable
        case storageFull
        case internalError
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// A query parameter or path value that is malformed or out of range.
    public static func invalidParameter(_ name: String, zh: String, en: String) -> APIError {
        APIError(.invalidParameter(name: name, zh: zh, en: en))
    }

    public static func unknownParameter(_ name: String) -> APIError { APIError(.unknownParameter(name)) }
    public static func malformedJSON(_ detail: String) -> APIError { APIError(.malformedJSON(detail)) }
    /// Bytes that are not HTTP (a broken chunked body, say), or a body cut off when its time ran out.
    static let malformedRequest = APIError(.malformedRequest)
    /// A query over `QueryString.maxEncodedLength`.
    static let uriTooLong = APIError(.uriTooLong)
    public static let unsupportedMediaType = APIError(.unsupportedMediaType)
    /// An HTML form's action posted as something other than a form.
    static let unsupportedForm = APIError(.formExpected)
    /// A console form without this session's CSRF token: from an old page, or from another site.
    static let staleForm = APIError(.staleForm)
    /// A form posted from another web site's page: refused whatever it carries.
    static let crossSiteForm = APIError(.crossSiteForm)
    public static func validationFailed(_ errors: [FieldError]) -> APIError { APIError(.validationFailed(errors)) }
    public static func validationFailed(_ issues: [ValidationIssue]) -> APIError {
        APIError(.validationFailed(issues.map(FieldError.init)))
    }
    /// A text field held to `rule`: its checked value (nil when empty), or a 400 that names the field and the rule.
    static func text(_ value: String?, field: String, rule: TextRule) throws -> String? {
        switch rule.check(value ?? "") {
        case .success(let text): return text.isEmpty ? nil : text
        case .failure(let problem): throw validationFailed([FieldError(field: field, problem)])
        }
    }
    public static func notFound(zh: String, en: String) -> APIError { APIError(.notFound(zh: zh, en: en)) }
    public static let routeNotFound = APIError(.routeNotFound)
    public static func methodNotAllowed(_ allowed: [String]) -> APIError { APIError(.methodNotAllowed(allowed)) }
    public static func conflict(zh: String, en: String) -> APIError { APIError(.conflict(zh: zh, en: en)) }
    public static let unauthorized = APIError(.unauthorized)
    public static let forbidden = APIError(.forbidden)
    public static let bodyTooLarge = APIError(.bodyTooLarge)
    /// A page's form over `FormBody.maxSize`.
    static let formTooLarge = APIError(.formTooLarge)
    public static func tooManyRequests(retryAfter seconds: Int) -> APIError { APIError(.tooManyRequests(retryAfter: seconds)) }
    public static let unavailable = APIError(.unavailable)
    /// The database refused a write for want of space; nothing of the request was kept.
    public static let storageFull = APIError(.storageFull)
    public static let internalError = APIError(.internalError)

    public var status: HTTPResponse.Status {
        switch code {
        case .invalidParameter, .unknownParameter, .malformedJSON, .malformedRequest, .validationFailed: .badRequest
        case .unsupportedMediaType, .formExpected: .unsupportedMediaType
        case .notFound, .routeNotFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .unauthorized: .unauthorized
        case .forbidden, .staleForm, .crossSiteForm: .forbidden
        case .bodyTooLarge, .formTooLarge: .contentTooLarge
        case .uriTooLong: .uriTooLong
        case .tooManyRequests: .tooManyRequests
        case .unavailable, .storageFull: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    /// The stable, machine-readable code clients can switch on.
    public var identifier: String {
        switch code {
        case .invalidParameter: "invalid_parameter"
        case .unknownParameter: "unknown_parameter"
        case .malformedJSON: "malformed_json"
        case .malformedRequest: "malformed_request"
        case .uriTooLong: "uri_too_long"
        case .unsupportedMediaType, .formExpected: "unsupported_media_type"
        case .validationFailed: "validation_failed"
        case .notFound, .routeNotFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .conflict: "conflict"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .staleForm: "stale_form"
        case .crossSiteForm: "cross_site_form"
        case .bodyTooLarge, .formTooLarge: "body_too_large"
        case .tooManyRequests: "too_many_requests"
        case .unavailable: "unavailable"
        case .storageFull: "storage_full"
        case .internalError: "internal_error"
        }
    }

    var title: String {
        switch code {
        case .invalidParameter, .unknownParameter: "请求参数有误 (Invalid parameter)"
        case .malformedJSON: "请求内容不是有效的 JSON (Malformed JSON)"
        case .malformedRequest: "请求格式有误 (Malformed request)"
        case .uriTooLong: "地址过长 (Address too long)"
        case .unsupportedMediaType, .formExpected: "不支持的内容类型 (Unsupported media type)"
        case .validationFailed: "提交的内容有误 (Validation failed)"
        case .notFound, .routeNotFound: "未找到 (Not found)"
        case .methodNotAllowed: "不支持此请求方法 (Method not allowed)"
        case .conflict: "与现有数据冲突 (Conflict)"
        case .unauthorized: "需要有效的访问密钥 (Authentication required)"
        case .forbidden: "无权访问 (Forbidden)"
        case .staleForm: "表单已失效 (The form has expired)"
        case .crossSiteForm: "不接受来自其他网站的提交 (Forms from other web sites are refused)"
        case .bodyTooLarge, .formTooLarge: "请求内容过大 (Request body too large)"
        case .tooManyRequests: "提交过于频繁 (Too many requests)"
        case .unavailable: "服务暂不可用 (Service unavailable)"
        case .storageFull: "服务器存储空间已满 (The server's storage is full)"
        case .internalError: "服务器内部错误 (Internal server error)"
        }
    }

    var detail: String {
        switch code {
        case .invalidParameter(let name, let zh, let en):
            "参数 \(name)：\(zh) (parameter \(name): \(en))"
        case .unknownParameter(let name):
            "不支持参数 \(name)，请检查拼写 (unknown parameter \(name); check its spelling)"
        case .malformedJSON(let detail):
            "请求内容无法解析：\(detail)"
        case .malformedRequest:
            "请求无法按 HTTP 读取，或未能按时发完，请重新提交 (the request could not be read as HTTP, or did not arrive in time; send it again)"
        case .uriTooLong:
            "地址中的参数不能超过 4 KB，请缩短搜索词或筛选条件 (the address's query is limited to 4 KB; shorten the search or the filters)"
        case .unsupportedMediaType:
            "请以 Content-Type: application/json 提交 JSON (send JSON with Content-Type: application/json)"
        case .formExpected:
            "请通过网页表单提交 (send the page's form, as application/x-www-form-urlencoded)"
        case .validationFailed(let errors):
            errors.map { "\($0.field)：\($0.message) (\($0.field): \($0.messageEn))" }.joined(separator: "；")
        case .notFound(let zh, let en):
            "\(zh) (\(en))"
        case .routeNotFound:
            "没有这个地址，接口说明见 /openapi.yaml (no such path; the API is described at /openapi.yaml)"
        case .methodNotAllowed(let allowed):
            "此地址只接受 \(allowed.joined(separator: "、")) 请求 (this path accepts \(allowed.joined(separator: ", ")) only)"
        case .conflict(let zh, let en):
            "\(zh) (\(en))"
        case .unauthorized:
            "请在 Authorization 头中提供有效的 Bearer 密钥 (send a valid key as Authorization: Bearer TOKEN)"
        case .forbidden:
            "此密钥无权进行该操作 (this key may not do that)"
        case .staleForm:
            "页面已过期或来自别处，请回到控制台刷新后重试 (the page has expired or came from elsewhere; go back to the console, reload and try again)"
        case .crossSiteForm:
            "这份表单是从另一个网站的页面提交的，为保护企业信息未予处理，也没有保存任何内容。请直接打开本平台的网页填写并提交 (this form was sent from another web site's page; to protect firms nothing was done or stored. Open this platform's own page and send the form from there)"
        case .formTooLarge:
            "表单内容不能超过 64 KB，请缩短说明后重试 (a form is limited to 64 KB; shorten the text and try again)"
        case .bodyTooLarge:
            "请求内容不能超过 1 MiB (request bodies are limited to 1 MiB)"
        case .tooManyRequests(let seconds):
            "提交过于频繁，请 \(seconds) 秒后再试 (too many submissions; try again in \(seconds) seconds)"
        case .unavailable:
            "服务暂不可用，请稍后重试 (the service is unavailable; try again shortly)"
        case .storageFull:
            "服务器存储空间已满，本次提交未保存任何内容，请稍后重试 (the server's storage is full; nothing of this request was kept; try again later)"
        case .internalError:
            "服务器出错，请稍后重试；如持续出现请联系平台 (something went wrong on our side; try again, and tell the platform if it persists)"
        }
    }

    var fieldErrors: [FieldError]? {
        if case .validationFailed(let errors) = code { return errors }
        return nil
    }

    /// The field a single-field error names, for clients that show it next to an input.
    var parameter: String? {
        switch code {
        case .invalidParameter(let name, _, _), .unknownParameter(let name): name
        default: nil
        }
    }

    struct Problem: Encodable {
        var type = "about:blank"
        var status: Int
        var code: String
        var title: String
        var detail: String
        var instance: String
        var requestID: String
        var parameter: String?
        var errors: [FieldError]?

        enum CodingKeys: String, CodingKey {
            case type, status, code, title, detail, instance, requestID = "request_id", parameter, errors
        }
    }

    /// The problem+json response for this error.
    func response(path: String, requestID: String) -> Response {
        let problem = Problem(
            status: status.code, code: identifier, title: title, detail: detail, instance: path,
            requestID: requestID, parameter: parameter, errors: fieldErrors
        )
        let data = (try? AppRequestContext.encoder.encode(problem)) ?? Data("{}".utf8)
        var headers = self.headers
        headers[.contentType] = "application/problem+json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The headers this error's status calls for, whatever the body: `WWW-Authenticate`, `Allow`, `Retry-After`.
    var headers: HTTPFields {
        var headers = HTTPFields()
        if case .unauthorized = code { headers[.wwwAuthenticate] = "Bearer" }
        if case .methodNotAllowed(let allowed) = code { headers[.allow] = allowed.joined(separator: ", ") }
        if case .tooManyRequests(let seconds) = code { headers[.retryAfter] = String(seconds) }
        if case .storageFull = code { headers[.retryAfter] = "60" }
        return headers
    }
}
