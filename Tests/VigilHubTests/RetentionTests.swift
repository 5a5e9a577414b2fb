import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// Rows past their retention go, by their own time; alerts are kept longer than other rows, and
/// the audit log is never touched.
@Suite struct RetentionTests {
    @Test func oldRowsGoAndAlertsStayLonger() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let day = 86_400.0
        let now = 1_800_000_000.0
        let records = [
            ShippedRecord(log: "conn", row: #"{"ts":\#(now - 40 * day),"uid":"Cold"}"#),
            ShippedRecord(log: "conn", row: #"{"ts":\#(now - 2 * day),"uid":"Cnew"}"#),
            ShippedRecord(log: "notice", row: #"{"ts":\#(now - 40 * day),"note":"Sigma::Rule_Match","msg":"kept","level":"high"}"#),
            ShippedRecord(log: "notice", row: #"{"ts":\#(now - 400 * day),"note":"Sigma::Rule_Match","msg":"gone","level":"low"}"#),
        ]
        let batch = try HubFixture.batch("stop-1", sequence: 1, records: records, key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: batch.signature, body: batch.body)
                == .stored(records: 4, missing: 0))
        let old = try #require(try await hub.database.alerts().first { $0.message == "gone" })
        _ = try await hub.database.change(alert: old.id, AlertChange(comment: "seen"), by: "ana", key: hub.home.auditKey)
        let auditBefore = try await hub.database.auditEntries().count

        let pruned = try await hub.database.prune(Retention(eventDays: 30, alertDays: 365), now: now)
        #expect(pruned.events == 1 && pruned.alerts == 1)
        #expect(try await hub.database.eventCounts() == ["conn": 1, "notice": 1])
        #expect(try await hub.database.alerts().map(\.message) == ["kept"])
        #expect(try await hub.database.auditEntries().count == auditBefore)
        // Pruning again finds nothing more.
        #expect(try await hub.database.prune(Retention(eventDays: 30, alertDays: 365), now: now) == (0, 0))
    }
}
