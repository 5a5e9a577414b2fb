import Crypto
import Foundation
import Hummingbird

/// Finds who is asking and lets the request through only if their role is at least `minimum`.
/// Attached to route groups, never to paths by prefix, so that no spelling of a path reaches a
/// handler without it.
///
/// Two ways in: a program sends `Authorization: Bearer TOKEN`; a person signed in with a
/// password sends the session cookie. A cookie rides along with any request a browser makes,
/// including one another site provokes, so for requests that change something (anything but
/// GET and HEAD) a cookie alone is not enough: the request must also carry the session's CSRF
/// token in `X-CSRF-Token`, which another site cannot read.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = HubRequestContext
    let database: HubDatabase
    let minimum: HubRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let caller: APICaller
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let found = try await database.caller(token: String(header.dropFirst("Bearer ".count)))
            else {
                throw HubProblem.unauthenticated
            }
            caller = found
        } else if let cookie = request.cookies[SessionRoutes.cookieName]?.value {
            guard let session = try await database.session(digest: SessionRoutes.digest(cookie)) else { throw HubProblem.unauthenticated }
            if request.method != .get && request.method != .head {
                guard let sent = request.headers[SessionRoutes.csrfHeader], Self.equal(sent, session.csrf) else {
                    throw HubProblem(.forbidden, "Missing CSRF token", detail: "send the session's csrf value in X-CSRF-Token")
                }
            }
            caller = session.caller
        } else {
            throw HubProblem.unauthenticated
        }
        guard caller.role >= minimum else { throw HubProblem.forbidden(minimum) }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        return x.count == y.count && zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
