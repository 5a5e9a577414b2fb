import CoreMetrics
import Foundation
import Prometheus

/// What the hub counts and times, through swift-metrics, kept in its own Prometheus registry
/// (not the process-wide one, so that several hubs, such as the tests', never share counts)
/// and served at `/metrics`.
///
///     vigil_hub_batches_total{outcome="stored|duplicate|refused"}
///     vigil_hub_events_ingested_total{sensor}      rows stored, per enrolled sensor
///     vigil_hub_sensor_lag_seconds{sensor}         receipt time minus the newest stored batch's creation
///     vigil_hub_sensor_missing_batches{sensor}     batches a sensor's spool dropped, seen as gaps
///     vigil_hub_sensor_spool_bytes{sensor}         what waited in its spool when it closed its newest batch
///     vigil_hub_database_seconds{operation}        how long the store took (a histogram): a batch
///                                                  from receipt to commit, and each group commit
///
/// Only enrolled sensors' names become labels: a refused request's claimed name never does,
/// so nobody can grow the metrics without a certificate.
public final class HubMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1),
            .seconds(5),
        ]
        self.factory = factory
    }

    func batch(_ outcome: String) {
        Counter(label: "vigil_hub_batches_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    func stored(sensor: String, records: Int, created: Double, missingTotal: UInt64, spoolBytes: Int?) {
        if let spoolBytes {
            Gauge(label: "vigil_hub_sensor_spool_bytes", dimensions: [("sensor", sensor)], factory: factory).record(Double(spoolBytes))
        }
        Counter(label: "vigil_hub_events_ingested_total", dimensions: [("sensor", sensor)], factory: factory).increment(by: records)
        Gauge(label: "vigil_hub_sensor_lag_seconds", dimensions: [("sensor", sensor)], factory: factory)
            .record(max(0, Date().timeIntervalSince1970 - created))
        Gauge(label: "vigil_hub_sensor_missing_batches", dimensions: [("sensor", sensor)], factory: factory).record(Double(missingTotal))
    }

    func database(_ operation: String, took: Duration) {
        Timer(label: "vigil_hub_database_seconds", dimensions: [("operation", operation)], factory: factory).record(duration: took)
    }

    /// The Prometheus text exposition of everything counted so far.
    public var text: String { registry.emitToString() }
}
