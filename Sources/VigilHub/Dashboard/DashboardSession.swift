import Foundation
import Hummingbird

/// Who is looking at a dashboard page: the session cookie a password sign-in set. A request
/// without a valid session is sent to the sign-in page; one whose role is below `minimum` gets
/// a "not allowed" page. A form post must carry the session's CSRF token in its `csrf` field:
/// another site can make a browser post a form with the cookie attached, but cannot read the
/// token from the hub's pages. Attached to route groups, like `TokenAuthenticator`.
struct DashboardSession: RouterMiddleware {
    typealias Context = HubRequestContext
    let database: HubDatabase
    let minimum: HubRole
    let pages: DashboardPages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let cookie = request.cookies[SessionRoutes.cookieName]?.value,
            let session = try await database.session(digest: SessionRoutes.digest(cookie))
        else {
            return DashboardPages.redirect(to: "/ui/sign-in")
        }
        var context = context
        context.caller = session.caller
        context.csrf = session.csrf
        guard session.caller.role >= minimum else {
            return pages.refusal(
                .forbidden, "Not allowed",
                detail: "This page needs the \(minimum.rawValue) role; you are signed in as \(session.caller.role.rawValue).",
                context: context)
        }
        if request.method == .post {
            let body = try await request.body.collect(upTo: 64 << 10)
            context.form = FormBody.parse(String(buffer: body))
            guard let sent = context.form["csrf"], TokenAuthenticator.equal(sent, session.csrf) else {
                return pages.refusal(
                    .forbidden, "Form refused", detail: "The form did not carry this session's token. Reload the page and try again.",
                    context: context)
            }
        }
        return try await next(request, context)
    }
}
