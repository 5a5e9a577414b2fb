import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VigilHub

/// Every API route with every role, in process: who is let in, who is turned away, and every
/// other spelling of a path refused before it can reach a route.
@Suite struct HubAPITests {
    /// Route, method, and the least role that may use it (nil: anyone).
    static let routes: [(path: String, method: HTTPRequest.Method, minimum: HubRole?)] = [
        ("/ca.pem", .get, nil),
        ("/api/v1/sensors", .get, .viewer),
        ("/api/v1/metrics", .get, .viewer),
        ("/api/v1/assets", .get, .viewer),
        ("/api/v1/events/conn", .get, .viewer),
        ("/api/v1/audit/entries", .get, .viewer),
        ("/api/v1/audit/head", .get, .viewer),
        ("/api/v1/alerts", .get, .viewer),
        ("/api/v1/alerts/999", .get, .viewer),
        ("/api/v1/alerts/999", .patch, .analyst),
        ("/api/v1/enroll-tokens", .post, .admin),
        ("/api/v1/sensors/nobody/revoke", .post, .admin),
    ]

    static func app(_ hub: HubFixture) throws -> some ApplicationProtocol {
        try hub.server().application(logger: Logger(label: "test"))
    }

    @Test func everyRouteChecksTheCallersRole() async throws {
        let hub = try HubFixture()
        var made: [HubRole: String] = [:]
        for role in HubRole.allCases { made[role] = try await hub.database.addAPIToken(name: role.rawValue, role: role) }
        let tokens = made
        let revoked = try await hub.database.addAPIToken(name: "former", role: .admin)
        #expect(try await hub.database.revokeAPIToken(name: "former"))
        try await hub.database.appendAudit(actor: "t", action: "a", subject: "s", detail: "d", key: hub.home.auditKey)

        try await Self.app(hub).test(.router) { client in
            for route in Self.routes {
                let callers: [(String, String?, HubRole?)] =
                    [("nobody", nil, nil), ("revoked", revoked, nil), ("garbage", "vgl_00", nil)]
                    + HubRole.allCases.map { ($0.rawValue, tokens[$0], $0) }
                for (who, token, role) in callers {
                    var headers = HTTPFields()
                    if let token { headers[.authorization] = "Bearer \(token)" }
                    let status = try await client.execute(uri: route.path, method: route.method, headers: headers) { $0.status }
                    // Refused: exactly 401 (no known token) or 403 (a role too low). Let in: anything
                    // else (a missing alert is 404, a PATCH without a body 400).
                    if let minimum = route.minimum {
                        if let role {
                            if role >= minimum {
                                #expect(
                                    ![.unauthorized, .forbidden].contains(status), "\(route.method) \(route.path) as \(who): \(status)")
                                #expect(status.code < 500, "\(route.method) \(route.path) as \(who): \(status)")
                            } else {
                                #expect(status == .forbidden, "\(route.method) \(route.path) as \(who): \(status)")
                            }
                        } else {
                            #expect(status == .unauthorized, "\(route.method) \(route.path) as \(who): \(status)")
                        }
                    } else {
                        #expect(status == .ok, "\(route.method) \(route.path) as \(who): \(status)")
                    }
                }
            }
        }
    }

    @Test func otherSpellingsOfAPathAreRefusedBeforeRouting() async throws {
        let hub = try HubFixture()
        try await Self.app(hub).test(.router) { client in
            for path in [
                "/api/v1/%61ssets", "/api/v1//assets", "/api/v1/./assets", "/api/v1/x/../assets", "/api/v1/assets/", "//api/v1/assets",
                "/api/v1/assets%2F", "/api/v1/events/conn%2f..%2f..%2fsensors", "/api/v1\\assets",
            ] {
                let status = try await client.execute(uri: path, method: .get) { $0.status }
                #expect(status == .badRequest, "\(path): \(status)")
            }
            // Another case is another path: not found, never served without a token.
            #expect(try await client.execute(uri: "/API/v1/assets", method: .get) { $0.status } == .notFound)
        }
    }

    @Test func aMethodARouteDoesNotTakeIsRefusedWithTheOnesItDoes() async throws {
        let hub = try HubFixture()
        try await Self.app(hub).test(.router) { client in
            try await client.execute(uri: "/api/v1/alerts/7", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, PATCH")
            }
            #expect(try await client.execute(uri: "/ca.pem", method: .post) { $0.status } == .methodNotAllowed)
            #expect(try await client.execute(uri: "/api/v1/nothing", method: .delete) { $0.status } == .notFound)
        }
    }

    /// Every operation the OpenAPI document lists is routed: with an admin token none answers
    /// 404 for a missing route or 405 (a documented method the server does not take).
    @Test func everyDocumentedOperationIsServed() async throws {
        let hub = try HubFixture()
        let admin = try await hub.database.addAPIToken(name: "root", role: .admin)
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.bytes) as? [String: Any]
        let paths = (document?["paths"] as? [String: [String: Any]] ?? [:]).mapValues { Array($0.keys) }
        #expect(paths.count == 24)
        try await Self.app(hub).test(.router) { client in
            for (path, operations) in paths {
                let concrete = path.replacingOccurrences(of: "{log}", with: "conn").replacingOccurrences(of: "{id}", with: "1")
                    .replacingOccurrences(of: "{name}", with: "nobody")
                for method in operations {
                    let status = try await client.execute(
                        uri: concrete, method: HTTPRequest.Method(method.uppercased())!, headers: [.authorization: "Bearer \(admin)"]
                    ) { response in (response.status, String(buffer: response.body)) }
                    #expect(status.0 != .methodNotAllowed, "\(method) \(path)")
                    // A 404 must be a handler's own problem document, not the router's.
                    #expect(status.0 != .notFound || status.1.contains(#""title""#), "\(method) \(path): \(status.1)")
                }
            }
        }
    }

    @Test func errorsAreProblemDocuments() async throws {
        let hub = try HubFixture()
        try await Self.app(hub).test(.router) { client in
            try await client.execute(uri: "/api/v1/assets", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(object?["status"] as? Int == 401)
                #expect((object?["detail"] as? String)?.contains("Bearer") == true)
            }
        }
    }

    @Test func anAdminMakesATokenThroughTheAPIAndItIsAudited() async throws {
        let hub = try HubFixture()
        let admin = try await hub.database.addAPIToken(name: "ops", role: .admin)
        try await Self.app(hub).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/enroll-tokens?lifetime=600", method: .post, headers: [.authorization: "Bearer \(admin)"]
            ) { response in
                #expect(response.status == .created)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(object?["token"]?.hasPrefix("vigil1:") == true)
            }
        }
        let entries = try await hub.database.auditEntries()
        #expect(entries.map(\.action) == ["enroll-token"])
        #expect(entries.first?.actor == "ops")
    }
}
