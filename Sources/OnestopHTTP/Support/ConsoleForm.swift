import Crypto
import Foundation
import OnestopDomain
import Hummingbird
import OnestopStore

/// A console form, read only when it carries the session's CSRF token.
enum ConsoleForm {
    static func read(_ request: Request, context: AppRequestContext) async throws -> FormBody {
        let form = try await FormBody.read(request, context: context)
        guard let expected = context.csrf, ConsoleAccess.matches(form["csrf"], expected) else { throw APIError.staleForm }
        return form
    }
}
