import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// Alerts found by address when they lie in different blocks of ids, and found through the
/// block-led indexes, not by reading every alert.
@Suite struct AlertAddressIndexTests {
    static func notice(_ i: Int, src: String, dst: String) -> ShippedRecord {
        ShippedRecord(
            log: "notice",
            row: #"{"ts":\#(100 + i).0,"note":"Sigma::Rule_Match","msg":"rule \#(i)","src":"\#(src)","dst":"\#(dst)","level":"high"}"#)
    }

    @Test func alertsOfAnAddressAreFoundInEveryBlock() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let ingest = BatchIngest(database: hub.database)
        let first = try HubFixture.batch(
            "plant-1", sequence: 1,
            records: [Self.notice(0, src: "10.0.0.9", dst: "10.0.0.1"), Self.notice(1, src: "10.0.0.8", dst: "10.0.0.9")], key: key)
        #expect(try await ingest.accept(sensor: "plant-1", signature: first.signature, body: first.body) == .stored(records: 2, missing: 0))
        // Ids are handed out after the highest stored, so one event far on puts the next
        // batch's alerts three blocks later, past two blocks that hold nothing.
        let far = 3 * AlertAddressIndex.blockSize + 10
        try await hub.database.write { db in
            try db.execute(
                sql: "INSERT INTO event (id, sensor, sequence, log, ts, uid, row) VALUES (?, 'plant-1', 1, 'weird', 1, NULL, '{}')",
                arguments: [far])
        }
        let second = try HubFixture.batch(
            "plant-1", sequence: 2,
            records: [Self.notice(2, src: "10.0.0.7", dst: "10.0.0.9"), Self.notice(3, src: "10.0.0.9", dst: "10.0.0.9")], key: key)
        #expect(
            try await ingest.accept(sensor: "plant-1", signature: second.signature, body: second.body) == .stored(records: 2, missing: 0))

        var filter = AlertFilter()
        filter.address = "10.0.0.9"
        let all = try await hub.database.alerts(filter)
        #expect(all.map(\.message) == ["rule 0", "rule 1", "rule 2", "rule 3"])
        #expect(all.map(\.id) == [1, 2, far + 1, far + 2])
        // The cursor past the first block's alerts.
        #expect(try await hub.database.alerts(filter, after: 2).map(\.message) == ["rule 2", "rule 3"])
        #expect(try await hub.database.alerts(filter, after: 0, limit: 3).map(\.message) == ["rule 0", "rule 1", "rule 2"])
        filter.address = "10.0.0.7"
        #expect(try await hub.database.alerts(filter).map(\.message) == ["rule 2"])
        filter.address = "10.0.0.6"
        #expect(try await hub.database.alerts(filter).isEmpty)

        let counts = try await hub.database.read { db in
            try HubDatabase.alertCounts(
                [["10.0.0.9"], ["10.0.0.1", "10.0.0.7"], [], ["10.0.0.8", "10.0.0.9"], ["10.0.0.6"]], blocks: AlertAddressIndex.blocks(db),
                db)
        }
        // An alert from and to a device's addresses is counted once for it; a device without
        // addresses has none.
        #expect(counts == [4, 2, 0, 4, 0])
    }

    @Test func noAlertsNoBlocks() async throws {
        let hub = try HubFixture()
        var filter = AlertFilter()
        filter.address = "10.0.0.9"
        #expect(try await hub.database.alerts(filter).isEmpty)
        #expect(try await hub.database.read { db in try AlertAddressIndex.blocks(db) } == nil)
    }

    /// The queries name the indexes' expression exactly, or the database would read every alert.
    /// PostgreSQL is told to avoid reading the whole table where it can, since on a table this
    /// small it would rather.
    @Test func addressQueriesUseTheBlockIndexes() async throws {
        let hub = try HubFixture()
        let plans = [
            try await Self.plan(AlertAddressIndex.involving(2, blocks: "(0,1)"), arguments: ["a", "b", "a", "b"], in: hub.database),
            try await Self.plan(AlertAddressIndex.span, arguments: [], in: hub.database),
        ]
        #expect(plans[0].contains("alert_by_source_block"), "\(plans[0])")
        #expect(plans[0].contains("alert_by_destination_block"), "\(plans[0])")
        for plan in plans { #expect(!plan.contains("SCAN alert") && !plan.contains("Seq Scan"), "\(plan)") }
    }

    /// A page's counts seek each of its devices' addresses in both indexes, in one query. The
    /// table holds enough alerts, and its statistics are taken, for PostgreSQL to plan as it
    /// would for a hub in use: on an empty table reading the blocks' every alert costs the same.
    @Test func pageCountsSeekEachAddress() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let records = (0..<2_000).map { Self.notice($0, src: "10.0.\($0 % 250).1", dst: "10.1.\($0 % 240).2") }
        let made = try HubFixture.batch("plant-1", sequence: 1, records: records, key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-1", signature: made.signature, body: made.body)
        try await hub.database.write { db in try db.execute(sql: "ANALYZE") }
        let counts = try await hub.database.read { db in
            try HubDatabase.alertCounts([["10.0.3.1"], ["10.1.3.2", "10.0.7.1"]], blocks: AlertAddressIndex.blocks(db), db)
        }
        // 10.1.3.2 is the destination of 9 alerts and 10.0.7.1 the source of 8 others.
        #expect(counts == [8, 17])
        let plan = try await Self.plan(
            AlertAddressIndex.countsByDevice(3, blocks: "(0)"),
            arguments: [
                "10.0.3.1", Int64(0), "10.1.3.2", Int64(1), "10.0.7.1", Int64(1), "10.0.3.1", Int64(0), "10.1.3.2", Int64(1), "10.0.7.1",
                Int64(1),
            ],
            in: hub.database)
        // SQLite's plan shows the index's terms as `source=?`, PostgreSQL's as an index condition
        // on the page's address.
        #expect(plan.contains("alert_by_source_block") && plan.contains("alert_by_destination_block"), "\(plan)")
        #expect(
            plan.contains("source=?") && plan.contains("destination=?")
                || plan.contains("(source = \"*VALUES*\".column1))") && plan.contains("(destination = \"*VALUES*_1\".column1))"), "\(plan)")
    }

    static func plan(_ query: String, arguments: StoreArguments, in database: HubDatabase) async throws -> String {
        try await database.write { db in
            let lines: [String?]
            switch db.dialect {
            case .sqlite:
                lines = try StoreRow.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: arguments).map { $0["detail"] }
            case .postgres:
                try db.execute(sql: "SET LOCAL enable_seqscan = off")
                try db.execute(sql: "SET LOCAL enable_bitmapscan = off")
                lines = try StoreRow.fetchAll(db, sql: "EXPLAIN " + query, arguments: arguments).map { $0["QUERY PLAN"] }
            }
            return lines.compactMap { $0 }.joined(separator: "\n")
        }
    }
}
