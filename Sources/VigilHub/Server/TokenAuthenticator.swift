import Hummingbird

/// Reads `Authorization: Bearer TOKEN`, finds who holds the token, and lets the request through
/// only if that role is at least `minimum`. Attached to route groups, never to paths by
/// prefix, so that no spelling of a path reaches a handler without it.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = HubRequestContext
    let database: HubDatabase
    let minimum: HubRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let caller = try await database.caller(token: String(header.dropFirst("Bearer ".count)))
        else { throw HubProblem.unauthenticated }
        guard caller.role >= minimum else { throw HubProblem.forbidden(minimum) }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }
}
