import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VigilHub

/// The API's users (admin) and communication map (viewer).
@Suite struct UserAndMapAPITests {
    @Test func anAdminAddsListsAndRemovesUsers() async throws {
        let hub = try await DashboardTests.hub()
        let admin = try await hub.database.addAPIToken(name: "root", role: .admin)
        let analyst = try await hub.database.addAPIToken(name: "ana", role: .analyst)
        try await hub.server(passwordCost: DashboardTests.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String) async throws
                -> (HTTPResponse.Status, String)
            {
                try await client.execute(
                    uri: uri, method: method, headers: [.authorization: "Bearer \(token)"], body: body.map { ByteBuffer(string: $0) }
                ) { ($0.status, String(buffer: $0.body)) }
            }
            let new = #"{"name":"operator-7","role":"analyst","password":"a long enough secret"}"#
            #expect(try await send(.post, "/api/v1/users", new, as: analyst).0 == .forbidden)
            let (added, body) = try await send(.post, "/api/v1/users", new, as: admin)
            #expect(added == .created && body.contains(#""role":"analyst""#))
            #expect(try await send(.post, "/api/v1/users", new, as: admin).0 == .conflict)
            #expect(try await send(.post, "/api/v1/users", #"{"name":"x","role":"viewer","password":"short"}"#, as: admin).0 == .badRequest)
            #expect(
                try await send(.post, "/api/v1/users", #"{"name":"x y","role":"viewer","password":"long enough secret"}"#, as: admin).0
                    == .badRequest)
            #expect(
                try await send(.post, "/api/v1/users", #"{"name":"x","role":"boss","password":"long enough secret"}"#, as: admin).0
                    == .badRequest)
            #expect(try await send(.get, "/api/v1/users", as: admin).1.contains(#"{"name":"operator-7","role":"analyst"}"#))
            // The new user signs in with the password given.
            #expect(try await hub.database.user(named: "operator-7")?.password.matches("a long enough secret") == true)
            #expect(try await send(.delete, "/api/v1/users/root", as: admin).0 == .conflict)
            #expect(try await send(.delete, "/api/v1/users/operator-7", as: admin).0 == .noContent)
            #expect(try await send(.delete, "/api/v1/users/operator-7", as: admin).0 == .notFound)
        }
        let audit = try await hub.database.auditEntries()
        #expect(audit.contains { $0.action == "user-add" && $0.subject == "operator-7" && $0.actor == "root" })
        #expect(audit.contains { $0.action == "user-remove" && $0.subject == "operator-7" })
    }

    @Test func theMapIsServedAsData() async throws {
        let hub = try await DashboardTests.hub()
        let viewer = try await hub.database.addAPIToken(name: "val", role: .viewer)
        try await hub.server(passwordCost: DashboardTests.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            func map(_ uri: String) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(viewer)"]) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
                }
            }
            let all = try await map("/api/v1/map")
            let nodes = all["nodes"] as? [[String: Any]] ?? []
            let plc = nodes.first { $0["key"] as? String == "00:80:f4:00:00:01" }
            #expect(plc?["band"] as? String == "control" && plc?["asset"] as? Bool == true)
            let links = all["links"] as? [[String: Any]] ?? []
            #expect(links.contains { $0["protocol"] as? String == "modbus" && $0["server"] as? String == "00:80:f4:00:00:01" })
            #expect((try await map("/api/v1/map?protocol=dns")["nodes"] as? [Any])?.isEmpty == true)
            let refused = try await client.execute(uri: "/api/v1/map?limit=0", method: .get, headers: [.authorization: "Bearer \(viewer)"])
            {
                $0.status
            }
            #expect(refused == .badRequest)
        }
    }
}
