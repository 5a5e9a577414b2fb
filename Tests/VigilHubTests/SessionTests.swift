import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VigilHub

/// People sign in with a password: the session cookie's flags, CSRF on changes, the lock after
/// five failures, signing out, and a new password ending old sessions.
@Suite struct SessionTests {
    /// scrypt at N = 2^10: the same code as the interactive cost, fast enough for tests.
    static let cheap = PasswordHash.Cost(log2N: 10, r: 8, p: 1)

    static func app(_ hub: HubFixture) throws -> some ApplicationProtocol {
        try hub.server(passwordCost: cheap).application(logger: Logger(label: "test"))
    }

    static func signIn(_ client: some TestClientProtocol, _ name: String, _ password: String) async throws -> (
        status: HTTPResponse.Status, cookie: String?, setCookie: String?, csrf: String?
    ) {
        try await client.execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"name":"\#(name)","password":"\#(password)"}"#)
        ) { response in
            let setCookie = response.headers[.setCookie]
            let cookie = setCookie?.split(separator: ";").first.map(String.init)
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return (response.status, cookie, setCookie, object?["csrf"] as? String)
        }
    }

    @Test func aSignedInPersonReadsAndChangesWithTheCSRFToken() async throws {
        let hub = try HubFixture()
        #expect(
            try await hub.database.addUser(
                name: "ana", role: .analyst, password: try PasswordHash.make("correct horse battery", cost: Self.cheap)))
        try await Self.app(hub).test(.router) { client in
            #expect(try await Self.signIn(client, "ana", "wrong").status == .unauthorized)
            #expect(try await Self.signIn(client, "nobody", "wrong").status == .unauthorized)
            let session = try await Self.signIn(client, "ana", "correct horse battery")
            #expect(session.status == .created)
            let flags = session.setCookie ?? ""
            #expect(flags.contains("HttpOnly") && flags.contains("Secure") && flags.contains("SameSite=Strict") && flags.contains("Path=/"))
            let cookie = try #require(session.cookie)
            let csrf = try #require(session.csrf)

            #expect(try await client.execute(uri: "/api/v1/alerts", method: .get, headers: [.cookie: cookie]) { $0.status } == .ok)
            // A change with the cookie alone, as a forged cross-site request would be: refused.
            let forged = try await client.execute(
                uri: "/api/v1/alerts/1", method: .patch, headers: [.cookie: cookie], body: ByteBuffer(string: #"{"state":"acknowledged"}"#)
            ) { $0.status }
            #expect(forged == .forbidden)
            let wrongToken = try await client.execute(
                uri: "/api/v1/alerts/1", method: .patch, headers: [.cookie: cookie, SessionRoutes.csrfHeader: String(csrf.reversed())],
                body: ByteBuffer(string: #"{"state":"acknowledged"}"#)
            ) { $0.status }
            #expect(wrongToken == .forbidden)
            let real = try await client.execute(
                uri: "/api/v1/alerts/1", method: .patch, headers: [.cookie: cookie, SessionRoutes.csrfHeader: csrf],
                body: ByteBuffer(string: #"{"state":"acknowledged"}"#)
            ) { $0.status }
            #expect(real == .notFound)  // through every check; there is just no alert 1
            // An analyst's session cannot do an admin's work.
            let admin = try await client.execute(
                uri: "/api/v1/enroll-tokens", method: .post, headers: [.cookie: cookie, SessionRoutes.csrfHeader: csrf]
            ) { $0.status }
            #expect(admin == .forbidden)

            #expect(
                try await client.execute(
                    uri: "/api/v1/session", method: .delete, headers: [.cookie: cookie, SessionRoutes.csrfHeader: csrf]
                ) {
                    $0.status
                } == .noContent)
            #expect(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: [.cookie: cookie]) { $0.status } == .unauthorized)
        }
        #expect(try await hub.database.auditEntries().map(\.action) == ["sign-in"])
    }

    @Test func fiveFailuresLockTheNameAndANewPasswordEndsSessions() async throws {
        let hub = try HubFixture()
        #expect(
            try await hub.database.addUser(name: "vic", role: .viewer, password: try PasswordHash.make("first password!", cost: Self.cheap))
        )
        try await Self.app(hub).test(.router) { client in
            let session = try await Self.signIn(client, "vic", "first password!")
            let cookie = try #require(session.cookie)
            for _ in 0..<5 { #expect(try await Self.signIn(client, "vic", "guess").status == .unauthorized) }
            // Locked: even the right password waits, and the answer says how long.
            try await client.execute(
                uri: "/api/v1/session", method: .post, body: ByteBuffer(string: #"{"name":"vic","password":"first password!"}"#)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "900")
            }
            // Another name is not locked by vic's failures.
            #expect(try await Self.signIn(client, "eve", "x").status == .unauthorized)

            #expect(try await hub.database.setPassword(name: "vic", password: try PasswordHash.make("second password", cost: Self.cheap)))
            #expect(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: [.cookie: cookie]) { $0.status } == .unauthorized)
        }
    }

    @Test func passwordsAreStoredAsScryptAndChecked() throws {
        let hash = try PasswordHash.make("s3cret enough", cost: Self.cheap)
        #expect(hash.text.hasPrefix("scrypt$10$8$1$"))
        #expect(!hash.text.contains("s3cret"))
        let read = try #require(PasswordHash(text: hash.text))
        #expect(read.matches("s3cret enough"))
        #expect(!read.matches("s3cret enougH"))
        #expect(PasswordHash(text: "scrypt$40$8$1$AA==$AA==") == nil)
        // RFC 7914 §12's second test vector: "password", salt "NaCl", N = 1024, r = 8, p = 16.
        let vector = try PasswordHash.derive("password", salt: Array("NaCl".utf8), cost: .init(log2N: 10, r: 8, p: 16))
        #expect(
            Data(vector).map { String(format: "%02x", $0) }.joined() == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")
    }
}
