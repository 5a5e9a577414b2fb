import Hummingbird

/// Refuses a request whose path is not written the one plain way: percent-encoded bytes,
/// doubled slashes, `.` or `..` segments, or a trailing slash. Routes match exact lowercase
/// paths, so every other spelling of a path would only find "not found"; refusing them before
/// routing means no spelling can ever be matched differently by one layer than by another (the
/// way a monitoring hub's authentication was bypassed in 2026).
struct CanonicalPathGuard<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let plain =
            path.hasPrefix("/") && !path.contains("%") && !path.contains("\\")
            && (path == "/" || !path.hasSuffix("/"))
            && !segments.contains(where: { $0.isEmpty && path != "/" || $0 == "." || $0 == ".." })
        guard plain else {
            throw HubProblem(.badRequest, "Path not in plain form", detail: "write the path without %-escapes, //, /./ or /../")
        }
        return try await next(request, context)
    }
}
