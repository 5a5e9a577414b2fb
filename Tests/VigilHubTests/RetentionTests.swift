import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// Rows past their retention go, counted from when they arrived (not their own time: an old
/// capture sent today is today's); alerts are kept longer than other rows, and the audit log is
/// never touched.
@Suite struct RetentionTests {
    @Test func oldRowsGoAndAlertsStayLonger() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let day = 86_400.0
        let now = HubDatabase.now()
        // Rows whose own time is years ago, as in an old capture; only arrival counts.
        func batch(_ sequence: UInt64, _ records: [ShippedRecord]) async throws {
            let made = try HubFixture.batch("stop-1", sequence: sequence, records: records, key: key)
            let outcome = try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: made.signature, body: made.body)
            #expect(outcome == .stored(records: records.count, missing: 0))
        }
        try await batch(
            1,
            [
                ShippedRecord(log: "conn", row: #"{"ts":1000.0,"uid":"Cold"}"#),
                ShippedRecord(log: "notice", row: #"{"ts":1000.0,"note":"Sigma::Rule_Match","msg":"kept","level":"high"}"#),
            ])
        try await batch(2, [ShippedRecord(log: "notice", row: #"{"ts":1000.0,"note":"Sigma::Rule_Match","msg":"gone","level":"low"}"#)])
        try await batch(3, [ShippedRecord(log: "conn", row: #"{"ts":1000.0,"uid":"Cnew"}"#)])
        // Batch 1 arrived 40 days ago, batch 2 400 days ago, batch 3 now.
        try await AuditLogTests.tamper(hub, "UPDATE batch SET received = \(now - 40 * day) WHERE sequence = 1")
        try await AuditLogTests.tamper(hub, "UPDATE batch SET received = \(now - 400 * day) WHERE sequence = 2")
        let old = try #require(try await hub.database.alerts().first { $0.message == "gone" })
        _ = try await hub.database.change(alert: old.id, AlertChange(comment: "seen"), by: "ana", key: hub.home.auditKey)
        let auditBefore = try await hub.database.auditEntries().count

        let pruned = try await hub.database.prune(Retention(eventDays: 30, alertDays: 365), now: now)
        #expect(pruned.events == 1 && pruned.alerts == 1)
        #expect(try await hub.database.eventCounts() == ["conn": 1, "notice": 1])
        #expect(try await hub.database.events(log: "conn").map(\.row) == [#"{"ts":1000.0,"uid":"Cnew"}"#])
        #expect(try await hub.database.alerts().map(\.message) == ["kept"])
        #expect(try await hub.database.auditEntries().count == auditBefore)
        // Pruning again finds nothing more.
        #expect(try await hub.database.prune(Retention(eventDays: 30, alertDays: 365), now: now) == (0, 0))
    }
}
