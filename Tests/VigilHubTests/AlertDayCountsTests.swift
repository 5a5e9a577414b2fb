import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// Alerts are counted per UTC day by the hub itself; its days must be the database's own.
@Suite struct AlertDayCountsTests {
    /// The day of each time, as the hub names it and as the store's own date function does,
    /// across the whole range counted: leap days, the turns of centuries, times before 1970.
    @Test func daysAreTheDatabasesOwn() async throws {
        let hub = try HubFixture()
        var generator = SystemRandomNumberGenerator()
        let range = AlertDayCounts.countedTimes
        var times: [Double] = [
            0, -1, -0.5, 86_399.999, 86_400, 951_782_400, 951_868_799, 4_107_542_400, -2_203_891_200, range.lowerBound,
            range.upperBound - 0.001, 1_796_567_862.61,
        ]
        for _ in 0..<300 { times.append(Double.random(in: range, using: &generator).rounded(.down)) }
        let asked = times
        let theirs = try await hub.database.read { db in
            try asked.map { time in try String.fetchOne(db, sql: "SELECT \(db.dialect.day("?"))", arguments: [time]) }
        }
        for (time, day) in zip(times, theirs) {
            #expect(AlertDayCounts.text(ofDay: Int((time / 86_400).rounded(.down))) == day, "\(time)")
        }
    }

    /// A notice whose time no calendar of the store can hold is stored, and counted in no day.
    @Test func anAlertOutsideTheCalendarIsStoredAndNotCounted() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let records = [1e20, -1, 1_700_000_000].map { time in
            ShippedRecord(log: "notice", row: #"{"ts":\#(time),"note":"Sigma::Rule_Match","msg":"at \#(time)","level":"high"}"#)
        }
        let batch = try HubFixture.batch("stop-1", sequence: 1, records: records, key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: batch.signature, body: batch.body)
                == .stored(records: 3, missing: 0))
        #expect(try await hub.database.alerts(limit: 10).count == 3)
        let days = try await hub.database.read { db in
            try StoreRow.fetchAll(db, sql: "SELECT day, count FROM alert_day ORDER BY day").map { row -> [String] in
                [row["day"], "\(row["count"] as Int)"]
            }
        }
        #expect(days == [["1969-12-31", "1"], ["2023-11-14", "1"]])
    }
}
