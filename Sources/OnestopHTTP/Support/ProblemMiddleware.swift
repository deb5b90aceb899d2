import Foundation
import HTTPTypes
import Hummingbird
import OnestopStore
import Logging
import NIOHTTP1

/// The one place errors become responses: every error leaves as `application/problem+json`, or as a
/// plain HTML page when a browser asked for a page outside the API; and every request is logged once
/// with its id, status and duration (never its headers or query).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable
    let renderer: PageRenderer
    /// Told of every write the database refused for want of space.
    var storage = StorageHealth()

    /// `%00` anywhere in the path or query: no id, code or filter holds one, and the databases' text cannot.
    static func hasNULCharacter(_ uri: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in uri.utf8 {
            if previous.0 == UInt8(ascii: "%"), previous.1 == UInt8(ascii: "0"), byte == UInt8(ascii: "0") { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            if Self.hasNULCharacter(request.uri.description) {
                throw APIError.invalidParameter("uri", zh: "地址中不能含有空字符 %00", en: "the address must not contain %00")
            }
            try QueryString.screen(request)
            response = try await next(request, context)
        } catch {
            let problem = problem(for: error, path: request.uri.path, context: context)
            response = Self.wantsPage(request) ? page(for: problem, request: request, context: context) : problem.response(path: request.uri.path, requestID: context.requestID)
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            PageRenderer.secure(&response.headers)
        }
        response.headers[.init("X-Request-Id")!] = context.requestID
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.log(
            level: response.status.code >= 500 ? .error : .info,
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(request.uri.path)",
                "status": "\(response.status.code)",
                "duration_ms": "\(String(format: "%.2f", milliseconds))",
            ]
        )
        return response
    }

    /// A browser's navigation or form post to a page, not a call to the API.
    static func wantsPage(_ request: Request) -> Bool {
        !request.uri.path.hasPrefix("/api/") && request.headers[.accept]?.contains("text/html") == true
    }

    func page(for problem: APIError, request: Request, context: Context) -> Response {
        let language = PageLanguage(QueryString(request)["lang"])
        var response = renderer.page(
            ErrorPage(language: language, title: problem.title, detail: problem.detail, requestID: context.requestID), status: problem.status)
        for field in problem.headers { response.headers[field.name] = field.value }
        return response
    }

    func problem(for error: any Error, path: String, context: Context) -> APIError {
        let apiError: APIError
        switch error {
        case let error as APIError:
            apiError = error
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                let allowed = routes.methods(for: path)
                apiError = allowed.isEmpty ? .routeNotFound : .methodNotAllowed(allowed)
            case .contentTooLarge: apiError = .bodyTooLarge
            case .unsupportedMediaType: apiError = .unsupportedMediaType
            case .badRequest: apiError = .malformedJSON(error.body ?? "bad request")
            default:
                context.logger.error("unexpected HTTP error", metadata: ["status": "\(error.status.code)"])
                apiError = .internalError
            }
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            apiError = .bodyTooLarge
        case is HTTPParserError:
            apiError = .malformedRequest
        case is CancellationError:
            apiError = .unavailable
        case let error as any StorageFullSignal where error.isStorageFull:
            context.logger.critical("the database refused a write for want of space", metadata: ["error": "\(error)"])
            storage.markFull()
            apiError = .storageFull
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            apiError = .internalError
        }
        return apiError
    }
}
