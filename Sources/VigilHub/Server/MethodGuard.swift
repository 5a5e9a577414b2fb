import Foundation
import Hummingbird

/// Answers 405 Method Not Allowed, with an `Allow` header, for a path the API has but a method
/// it does not take there (RFC 9110 §15.5.6), where the router alone would say 404. The routes
/// and their methods come from the committed OpenAPI document, so the document and the server
/// cannot drift apart without this guard or the API tests noticing.
struct MethodGuard<Context: RequestContext>: RouterMiddleware {
    /// Path templates split in segments (`{id}` matches any one segment), with their methods.
    let routes: [(segments: [Substring], methods: Set<String>)]

    init(document: Data) {
        let object = (try? JSONSerialization.jsonObject(with: document)) as? [String: Any]
        let paths = object?["paths"] as? [String: [String: Any]] ?? [:]
        routes = paths.map { path, operations in
            (path.split(separator: "/"), Set(operations.keys.map { $0.uppercased() }))
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let matching = routes.first { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
        }
        if let matching, !matching.methods.contains(request.method.rawValue) {
            var response = try HubProblem(
                .methodNotAllowed, "Method not allowed",
                detail: "\(request.uri.path) takes \(matching.methods.sorted().joined(separator: ", "))"
            ).response(from: request, context: context)
            response.headers[.allow] = matching.methods.sorted().joined(separator: ", ")
            return response
        }
        return try await next(request, context)
    }
}
