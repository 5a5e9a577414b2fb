import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// The events API's pages of one log: in id order, past the cursor, read through the index of
/// each log's events in id order rather than by reading (or sorting) other logs' events.
@Suite struct EventsByLogTests {
    @Test func pagesOfOneLogAmongOthers() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let ingest = BatchIngest(database: hub.database)
        // Conns first and last, so that a page of weirds must skip them.
        var records = (0..<5).map { i in ShippedRecord(log: "conn", row: #"{"ts":\#(i).0,"uid":"C\#(i)"}"#) }
        records += (0..<3).map { i in ShippedRecord(log: "weird", row: #"{"ts":\#(9 - i).0,"name":"w\#(i)"}"#) }
        records += (5..<8).map { i in ShippedRecord(log: "conn", row: #"{"ts":\#(i).0,"uid":"C\#(i)"}"#) }
        let batch = try HubFixture.batch("plant-1", sequence: 1, records: records, key: key)
        #expect(
            try await ingest.accept(sensor: "plant-1", signature: batch.signature, body: batch.body)
                == .stored(records: records.count, missing: 0))

        let weirds = try await hub.database.events(log: "weird")
        #expect(weirds.map(\.id) == [6, 7, 8])
        // Id order, not time order: the weirds' times fall.
        #expect(weirds.map(\.row).map { $0.contains("\"w0\"") } == [true, false, false])
        #expect(try await hub.database.events(log: "weird", after: 6, limit: 1).map(\.id) == [7])
        #expect(try await hub.database.events(log: "conn", after: 5, limit: 2).map(\.id) == [9, 10])
        #expect(try await hub.database.events(log: "dns").isEmpty)

        let plan = try await AlertAddressIndexTests.plan(HubDatabase.eventsOfLog, arguments: ["weird", 0, 100], in: hub.database)
        #expect(plan.contains("event_by_log"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "\(plan)")
    }
}
