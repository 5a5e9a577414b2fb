import Foundation
import VigilHubWire

/// Checking a name and password and opening a session: what the API's `POST /api/v1/session`
/// and the dashboard's sign-in form both do, with the same lock after repeated failures.
struct PasswordSignIn: Sendable {
    static let lifetime: Double = 8 * 3600
    static let failureLimit = 5
    static let failureWindow: Double = 15 * 60

    enum Outcome {
        /// Too many failures for this name lately: refused whatever the password.
        case locked
        case wrong
        /// The cookie's value (the browser keeps it; the hub keeps only its digest) and the
        /// session's CSRF token.
        case signedIn(user: UserRecord, cookie: String, csrf: String)
    }

    let home: HubHome
    let database: HubDatabase
    /// What a missing user's password is checked against, so that a wrong name takes as long
    /// as a wrong password and does not reveal which names exist.
    let decoy: PasswordHash

    func attempt(name: String, password: String) async throws -> Outcome {
        if try await database.signInFailures(name: name, within: Self.failureWindow) >= Self.failureLimit { return .locked }
        let user = try await database.user(named: name)
        guard (user?.password ?? decoy).matches(password), let user else {
            try await database.recordSignInFailure(name: name)
            return .wrong
        }
        let cookie = Hex.random(bytes: 32)
        let csrf = Hex.random(bytes: 32)
        try await database.openSession(
            user: user.name, digest: SessionRoutes.digest(cookie), csrf: csrf, lifetime: Self.lifetime, key: home.auditKey)
        return .signedIn(user: user, cookie: cookie, csrf: csrf)
    }
}
