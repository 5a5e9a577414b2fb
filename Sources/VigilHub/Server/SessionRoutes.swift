import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import VigilHubWire

/// Signing in with a password, for people (programs use API tokens):
///
///     POST   /api/v1/session    {"name", "password"} → 201 {name, role, csrf} and the session cookie
///     DELETE /api/v1/session    signs out (needs the cookie and X-CSRF-Token)
///
/// The cookie is HttpOnly (scripts cannot read it), Secure and SameSite=Strict; the session
/// lives 8 hours. After 5 failed attempts for one name within 15 minutes, that name is refused
/// with 429 for the rest of the window, whatever the password: guessing is slowed to a crawl,
/// and the legitimate user is told when to try again.
struct SessionRoutes: Sendable {
    static let cookieName = "vigil_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let lifetime = PasswordSignIn.lifetime

    let signIn: PasswordSignIn

    struct SignIn: Decodable {
        var name: String
        var password: String
    }

    struct SignedIn: Encodable {
        var name: String
        var role: HubRole
        var csrf: String
    }

    static func digest(_ cookie: String) -> [UInt8] { Array(SHA256.hash(data: Data(cookie.utf8))) }

    /// The session cookie for a value (an empty value, with no lifetime, signs the browser out):
    /// what the API's and the dashboard's sign-in and sign-out both set.
    static func cookie(_ value: String) -> Cookie {
        Cookie(
            name: cookieName, value: value, maxAge: value.isEmpty ? 0 : Int(lifetime), path: "/", secure: true, httpOnly: true,
            sameSite: .strict)
    }

    func add(to router: Router<HubRequestContext>) {
        router.post("/api/v1/session") { request, context in
            let body = try await request.body.collect(upTo: 16 << 10)
            guard let form = try? JSONDecoder().decode(SignIn.self, from: Data(buffer: body)), !form.name.isEmpty, form.name.count <= 64
            else {
                throw HubProblem(.badRequest, "Not a sign-in", detail: "send JSON with name and password")
            }
            let (user, cookie, csrf): (UserRecord, String, String)
            switch try await signIn.attempt(name: form.name, password: form.password) {
            case .locked:
                var response = try HubProblem(
                    .tooManyRequests, "Too many failed sign-ins",
                    detail: "try again in 15 minutes, or ask an administrator to reset the password"
                ).response(from: request, context: context)
                response.headers[.retryAfter] = String(Int(PasswordSignIn.failureWindow))
                return response
            case .wrong:
                throw HubProblem(.unauthorized, "Wrong name or password", detail: "check both and try again")
            case .signedIn(let who, let value, let token):
                (user, cookie, csrf) = (who, value, token)
            }
            var response = try JSONBody.response(SignedIn(name: user.name, role: user.role, csrf: csrf), status: .created)
            response.setCookie(Self.cookie(cookie))
            return response
        }
        let database = signIn.database
        let signedIn = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .viewer))
        signedIn.delete("session") { request, context in
            if let cookie = request.cookies[Self.cookieName]?.value { try await database.closeSession(digest: Self.digest(cookie)) }
            var response = Response(status: .noContent)
            response.setCookie(Self.cookie(""))
            return response
        }
    }
}
