import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// An analyst's day with the alert queue: notices a sensor sent are listed and filtered,
/// acknowledged, assigned and closed with a comment, and each change is in the audit log.
@Suite struct AlertTriageTests {
    static func notice(_ i: Int, level: String, src: String) -> ShippedRecord {
        ShippedRecord(
            log: "notice",
            row:
                #"{"ts":\#(100 + i).0,"note":"Sigma::Rule_Match","msg":"rule \#(i)","src":"\#(src)","dst":"10.0.0.1","rule_id":"r\#(i % 2)","level":"\#(level)","evidence":["func=WRITE"]}"#
        )
    }

    @Test func alertsAreListedFilteredChangedAndAudited() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let records = [
            Self.notice(0, level: "high", src: "10.0.0.9"), Self.notice(1, level: "low", src: "10.0.0.8"),
            Self.notice(2, level: "critical", src: "10.0.0.9"), ShippedRecord(log: "conn", row: #"{"ts":1.0,"uid":"C1"}"#),
        ]
        let batch = try HubFixture.batch("plant-1", sequence: 1, records: records, key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "plant-1", signature: batch.signature, body: batch.body)
                == .stored(records: 4, missing: 0))
        let analyst = try await hub.database.addAPIToken(name: "ana", role: .analyst)
        let viewer = try await hub.database.addAPIToken(name: "vic", role: .viewer)
        let app = try hub.server().application(logger: Logger(label: "test"))

        try await app.test(.router) { client in
            func get(_ uri: String, as token: String? = nil) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token ?? analyst)"]) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
                }
            }
            func patch(_ id: Any, _ body: String, as token: String? = nil) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: [.authorization: "Bearer \(token ?? analyst)"],
                    body: ByteBuffer(string: body)
                ) { $0.status }
            }
            let all = try await get("/api/v1/alerts")["items"] as? [[String: Any]] ?? []
            #expect(all.map { $0["message"] as? String } == ["rule 0", "rule 1", "rule 2"])
            #expect(all.allSatisfy { $0["state"] as? String == "open" })
            #expect((all.first?["row"] as? [String: Any])?["evidence"] as? [String] == ["func=WRITE"])
            let severe = try await get("/api/v1/alerts?level=high,critical&address=10.0.0.9")["items"] as? [[String: Any]] ?? []
            #expect(severe.map { $0["level"] as? String } == ["high", "critical"])
            let id = severe[0]["id"] ?? 0

            #expect(try await patch(id, #"{"state":"acknowledged","assignee":"ana"}"#, as: viewer) == .forbidden)
            #expect(try await patch(id, #"{"state":"acknowledged","assignee":"ana"}"#) == .ok)
            #expect(try await patch(id, #"{"state":"closed"}"#) == .badRequest)
            #expect(try await patch(id, #"{"state":"gone","comment":"x"}"#) == .badRequest)
            #expect(try await patch(id, #"{}"#) == .badRequest)
            #expect(try await patch(id, #"{"state":"closed","comment":"engineer's planned change, ticket 4411"}"#) == .ok)
            #expect(try await patch(424242, #"{"state":"closed","comment":"x"}"#) == .notFound)

            let detail = try await get("/api/v1/alerts/\(id)", as: viewer)
            #expect(detail["state"] as? String == "closed")
            #expect(detail["assignee"] as? String == "ana")
            #expect(detail["updated_by"] as? String == "ana")
            #expect((detail["comments"] as? [[String: Any]])?.map { $0["text"] as? String } == ["engineer's planned change, ticket 4411"])
            let open = try await get("/api/v1/alerts?state=open")["items"] as? [[String: Any]] ?? []
            #expect(open.count == 2)
            // Counted in the metrics? Not here: this batch went through a BatchIngest of its own,
            // not the server's. The server's metrics start empty and say so.
            let metrics = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: [.authorization: "Bearer \(viewer)"]) {
                String(buffer: $0.body)
            }
            #expect(!metrics.contains("vigil_hub_batches_total{outcome=\"stored\"}"))
        }
        let audit = try await hub.database.auditEntries().filter { $0.action == "alert-change" }
        #expect(
            audit.map(\.detail) == ["state acknowledged; assigned to ana", "state closed; comment: engineer's planned change, ticket 4411"])
        #expect(audit.allSatisfy { $0.actor == "ana" })
        let report = AuditVerifier.verify(
            entries: try await hub.database.auditEntries(), heads: try await hub.database.treeHeads(), key: hub.home.auditKey.publicKey)
        #expect(report.isIntact)
    }
}
