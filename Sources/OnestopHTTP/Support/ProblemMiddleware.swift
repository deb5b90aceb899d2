import Foundation
import Hummingbird
import Logging

/// The one place errors become responses: every error leaves as `application/problem+json`, and
/// every request is logged once with its id, status and duration (never its headers or query).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = problem(for: error, path: request.uri.path, context: context)
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

    func problem(for error: any Error, path: String, context: Context) -> Response {
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
        case is CancellationError:
            apiError = .unavailable
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            apiError = .internalError
        }
        return apiError.response(path: path, requestID: context.requestID)
    }
}
