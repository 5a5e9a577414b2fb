import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VigilHubWire
import VigilMap

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

    /// The map is drawn from the asset table's columns; it must be the map the devices'
    /// documents give, with an analyst's level shown as the asset pages show it.
    @Test func theMapFromTheAssetColumnsIsTheMapOfTheDocuments() async throws {
        let hub = try await DashboardTests.hub()
        let key = try await hub.enroll("plant-2")
        let rows = [
            // Two addresses, a host name for a name, vulnerabilities, no type.
            #"{"key":"00:11:22:33:44:55","mac":"00:11:22:33:44:55","ips":["fd00::7","10.0.1.7"],"hostnames":[{"name":"tram-gw","evidence":"dns"}],"vulnerabilities":[{"cve":"CVE-2024-1","advisory":"A-1","confidence":"confirmed","kev":true},{"cve":"CVE-2024-2","advisory":"A-2","confidence":"likely","kev":false}]}"#,
            // Seen only by its MAC.
            #"{"key":"00:11:22:33:44:66","mac":"00:11:22:33:44:66","ips":[],"identity":{"vendor":{"value":"Acme","evidence":"x"},"model":{"value":"R1","evidence":"x"}},"type":{"value":"rtu","level":1,"evidence":"x"}}"#,
        ].map { ShippedRecord(log: "asset", row: $0) }
        let conn = ShippedRecord(
            log: "conn",
            row:
                #"{"ts":5.0,"uid":"C9","id.orig_h":"10.0.1.7","id.orig_p":40001,"id.resp_h":"10.0.9.9","id.resp_p":20000,"proto":"tcp","service":"dnp3","orig_ip_bytes":500,"resp_ip_bytes":70,"orig_pkts":3,"resp_pkts":2}"#
        )
        let batch = try HubFixture.batch("plant-2", sequence: 1, records: rows + [conn], key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-2", signature: batch.signature, body: batch.body)
        #expect(try await hub.database.setLevel(asset: "10.0.0.9", to: 3, by: "test", key: hub.home.auditKey))

        let fromColumns = try await hub.database.communicationMap(limit: 300)
        let (documents, edges) = try await hub.database.read { db in
            (
                try StoreRow.fetchAll(db, sql: "SELECT document, level_override, level_set_by FROM asset ORDER BY key").compactMap(
                    HubDatabase.document),
                try StoreRow.fetchAll(db, sql: "SELECT * FROM map_edge ORDER BY bytes DESC LIMIT 1200").map(HubDatabase.mapEdge)
            )
        }
        let fromDocuments = CommunicationMap(assets: documents, edges: edges)
        #expect(fromColumns.nodes.count == 5, "four devices and an address that is none")
        #expect(fromColumns.nodes == fromDocuments.nodes)
        #expect(fromColumns.links == fromDocuments.links)
        #expect(fromColumns.nodes.first { $0.key == "10.0.0.9" }?.band == PurdueBand(level: 3))
        #expect(fromColumns.nodes.first { $0.key == "00:11:22:33:44:55" }?.vulnerabilities == 2)
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
