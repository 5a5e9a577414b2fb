import Hummingbird

/// Logs every request that fails with an error the hub did not mean to answer with (a store
/// failure, say), before Hummingbird turns it into a bare 500: the person at the browser sees
/// only the status, and whoever runs the hub must be able to find out why.
struct UnexpectedErrorLog<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(String(describing: error))")
            throw error
        }
    }
}
