import Crypto
import Foundation
import VigilHubWire
import VigilResponse

/// Decides what becomes of a batch a sensor sent, before and apart from HTTP: the sensor must
/// be enrolled and not revoked, the signature must be its key's over exactly these bytes, the
/// body must be a well-formed batch that names the same sensor, and its sequence number must
/// fit (see `HubDatabase.store`). Every refusal is recorded with its reason, and every outcome
/// counted in the hub's metrics.
public struct BatchIngest: Sendable {
    public let database: HubDatabase
    public let limits: BatchLimits
    public let metrics: HubMetrics
    /// Answers alerts with the playbooks' actions as they are stored.
    public let responder: PlaybookResponder?
    /// Batches that arrive while others are being stored wait and go in together.
    let commits: GroupCommit

    public init(
        database: HubDatabase, limits: BatchLimits = .init(), metrics: HubMetrics = HubMetrics(), responder: PlaybookResponder? = nil
    ) {
        self.database = database
        self.limits = limits
        self.metrics = metrics
        self.responder = responder
        commits = GroupCommit(database: database, responder: responder, metrics: metrics)
    }

    public func accept(sensor name: String?, signature: String?, body: [UInt8]) async throws -> IngestOutcome {
        let (outcome, header) = try await judge(sensor: name, signature: signature, body: body)
        switch outcome {
        case .refused(let reason):
            metrics.batch("refused")
            try await database.recordRefusal(sensor: name, sequence: header?.sequence, reason: reason)
        case .duplicate:
            metrics.batch("duplicate")
        case .stored(let records, _):
            metrics.batch("stored")
            if let header, let sensor = try await database.sensor(named: header.sensor) {
                metrics.stored(
                    sensor: header.sensor, records: records, created: header.created, missingTotal: sensor.missingBatches,
                    spoolBytes: header.spoolBytes)
            }
        }
        return outcome
    }

    /// The outcome, and the batch's header when the body could be read.
    private func judge(sensor name: String?, signature: String?, body: [UInt8]) async throws -> (IngestOutcome, BatchHeader?) {
        switch try await SignedRequestCheck(database: database).verify(name: name, signature: signature, body: body, kind: .sensor) {
        case .failure(let refusal): return (.refused(refusal.reason), nil)
        case .success: break
        }
        let batch: SensorBatch
        let records: [ShippedRecord]
        do {
            batch = try SensorBatch(body: body, limits: limits)
            records = try batch.records()
        } catch {
            return (.refused(error.description), nil)
        }
        guard batch.header.sensor == name else {
            return (.refused("the batch says it is from \(batch.header.sensor), the request from \(name)"), batch.header)
        }
        let started = ContinuousClock.now
        let outcome = try await commits.store(VerifiedBatch(batch: batch, digest: Array(SHA256.hash(data: body)), records: records))
        metrics.database("store_batch", took: ContinuousClock.now - started)
        return (outcome, batch.header)
    }
}
