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
        try await batch(1, [ShippedRecord(log: "notice", row: #"{"ts":1000.0,"note":"Sigma::Rule_Match","msg":"gone","level":"low"}"#)])
        try await batch(
            2,
            [
                ShippedRecord(log: "conn", row: #"{"ts":1000.0,"uid":"Cold"}"#),
                ShippedRecord(log: "notice", row: #"{"ts":1000.0,"note":"Sigma::Rule_Match","msg":"kept","level":"high"}"#),
            ])
        try await batch(3, [ShippedRecord(log: "conn", row: #"{"ts":1000.0,"uid":"Cnew"}"#)])
        // Batch 1 arrived 400 days ago, batch 2 40 days ago, batch 3 now.
        try await AuditLogTests.tamper(hub, "UPDATE batch SET received = \(now - 400 * day) WHERE sequence = 1")
        try await AuditLogTests.tamper(hub, "UPDATE batch SET received = \(now - 40 * day) WHERE sequence = 2")
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

    /// Each pruning goes on from where the last one stopped, and a batch that arrived after
    /// the cutoff keeps every batch stored after it, even one whose arrival time the hub's
    /// clock, set back, made older: that one waits, and goes once the batches before it do.
    @Test func pruningGoesOnFromWhereItStoppedAndNeverEarly() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let day = 86_400.0
        let now = HubDatabase.now()
        let retention = Retention(eventDays: 30, alertDays: 365)
        func batch(_ sequence: UInt64, received: Double) async throws {
            let records = (0..<3).map { ShippedRecord(log: "conn", row: #"{"ts":1.0,"uid":"C\#(sequence)-\#($0)"}"#) }
            let made = try HubFixture.batch("stop-1", sequence: sequence, records: records, key: key)
            _ = try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: made.signature, body: made.body)
            try await AuditLogTests.tamper(hub, "UPDATE batch SET received = \(received) WHERE sequence = \(sequence)")
        }
        // The batches whose connections are stored, one entry per connection.
        func stored() async throws -> [String] {
            try await hub.database.events(log: "conn").map { String($0.row.components(separatedBy: #""uid":"C"#).last?.prefix(1) ?? "") }
        }
        try await batch(1, received: now - 50 * day)
        try await batch(2, received: now - 10 * day)
        // Stored after batch 2 but, by a clock set back, older than the cutoff.
        try await batch(3, received: now - 60 * day)
        #expect(try await hub.database.prune(retention, now: now) == (3, 0))
        #expect(try await stored() == ["2", "2", "2", "3", "3", "3"])
        // Twenty days on, batch 2 is past the cutoff too: it goes, and batch 3 with it.
        try await batch(4, received: now)
        #expect(try await hub.database.prune(retention, now: now + 21 * day) == (6, 0))
        #expect(try await stored() == ["4", "4", "4"])
        // The last pruning stopped at batch 4's first event.
        let mark = try await hub.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT below FROM retention_mark WHERE kind = 'events'")
        }
        #expect(mark == 10)
    }

    /// A hub upgraded with batches already stored notes each batch's first event from the
    /// events it holds.
    @Test func storedBatchesLearnTheirFirstEvent() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        for sequence in UInt64(1)...3 {
            let records =
                sequence == 2
                ? [ShippedRecord(log: "asset", row: #"{"key":"mac:00:11:22:33:44:55"}"#)]
                : (0..<2).map { ShippedRecord(log: "conn", row: #"{"ts":1.0,"uid":"C\#(sequence)-\#($0)"}"#) }
            let made = try HubFixture.batch("stop-1", sequence: sequence, records: records, key: key)
            _ = try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: made.signature, body: made.body)
        }
        let noted = try await hub.database.write { db in
            let firsts = {
                try StoreRow.fetchAll(db, sql: "SELECT first_event FROM batch ORDER BY sequence").map { $0["first_event"] as Int64? }
            }
            let atIngest = try firsts()
            try db.execute(sql: "UPDATE batch SET first_event = NULL")
            try db.execute(sql: HubSchema.backfillFirstEvents)
            return (atIngest, try firsts())
        }
        // A batch of devices notes the id the next event takes; from the events alone, none.
        #expect(noted.0 == [1, 3, 3])
        #expect(noted.1 == [1, nil, 3])
    }

    /// On PostgreSQL, which several hubs may share while they are upgraded one by one, a batch
    /// stored by an older hub (its row without a first event) has it noted by the server. (A
    /// SQLite file has one hub.)
    @Test(.enabled(if: HubFixture.postgresServer != nil)) func batchesOfOlderHubsHaveTheirFirstEventNoted() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let made = try HubFixture.batch(
            "stop-1", sequence: 1, records: [ShippedRecord(log: "conn", row: #"{"ts":1.0,"uid":"C1"}"#)], key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: made.signature, body: made.body)
        let noted = try await hub.database.write { db in
            try db.execute(
                sql: "INSERT INTO batch (sensor, sequence, digest, created, received, records) VALUES ('stop-1', 2, ?, 0, 0, 1)",
                arguments: [Data([1])])
            return try Int64.fetchOne(db, sql: "SELECT first_event FROM batch WHERE sequence = 2")
        }
        #expect(noted == 2)
    }
}
