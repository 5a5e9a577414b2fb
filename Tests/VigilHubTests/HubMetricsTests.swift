import Foundation
import Testing

@testable import VigilHub

/// The metrics a Prometheus server scrapes count what ingest did: batches by outcome, rows per
/// sensor, missing batches, the sensor's lag and the database's time.
@Suite struct HubMetricsTests {
    @Test func ingestIsCounted() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let metrics = HubMetrics()
        let ingest = BatchIngest(database: hub.database, metrics: metrics)
        let one = try HubFixture.batch("stop-1", sequence: 1, records: HubFixture.connRows(4), key: key)
        let three = try HubFixture.batch("stop-1", sequence: 3, records: HubFixture.connRows(2, from: 4), key: key)
        _ = try await ingest.accept(sensor: "stop-1", signature: one.signature, body: one.body)
        _ = try await ingest.accept(sensor: "stop-1", signature: one.signature, body: one.body)
        _ = try await ingest.accept(sensor: "stop-1", signature: three.signature, body: three.body)
        _ = try await ingest.accept(sensor: "intruder", signature: one.signature, body: one.body)
        let text = metrics.text
        #expect(text.contains(#"vigil_hub_batches_total{outcome="stored"} 2"#))
        #expect(text.contains(#"vigil_hub_batches_total{outcome="duplicate"} 1"#))
        #expect(text.contains(#"vigil_hub_batches_total{outcome="refused"} 1"#))
        #expect(text.contains(#"vigil_hub_events_ingested_total{sensor="stop-1"} 6"#))
        #expect(text.contains(#"vigil_hub_sensor_missing_batches{sensor="stop-1"} 1"#))
        // Three trips to the store: two batches stored and the resend it recognised.
        #expect(text.contains(#"vigil_hub_database_seconds_count{operation="store_batch"} 3"#))
        // Sent one after another, each went to the store as a group of its own.
        #expect(text.contains(#"vigil_hub_database_seconds_count{operation="store_group"} 3"#))
        let busy = text.split(separator: "\n").first { $0.hasPrefix(#"vigil_hub_database_seconds_sum{operation="store_group"}"#) }
        #expect((busy?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 0)
        // The batches were made at time 1, so the lag is about now.
        let lag = text.split(separator: "\n").first { $0.hasPrefix(#"vigil_hub_sensor_lag_seconds{sensor="stop-1"}"#) }
        #expect((lag?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 1_700_000_000)
        // A refused request's claimed name never becomes a label.
        #expect(!text.contains("intruder"))
    }
}
