import Foundation
import HTTPTypes
import Hummingbird
import VigilHubWire

/// The ingest listener's one route, behind mutual TLS:
///
///     POST /ingest/v1/batches    a signed batch (see `BatchIngest`)
///
/// Answers 200 `{"stored":N,"missing":M}` for a new batch, 200 `{"duplicate":true}` for one
/// stored before (so a resend is acknowledged and the sensor can drop it), and a problem
/// document with 4xx for a refusal, whose reason the hub also keeps.
struct IngestRoutes: Sendable {
    let ingest: BatchIngest

    func add(to router: Router<HubRequestContext>) {
        router.post("/ingest/v1/batches") { request, context in
            let body = try await request.body.collect(upTo: ingest.limits.maximumBytes)
            let sensor = request.headers[HTTPField.Name(HubHeader.sensor)!]
            let outcome: IngestOutcome
            do {
                outcome = try await ingest.accept(
                    sensor: sensor, signature: request.headers[HTTPField.Name(HubHeader.signature)!], body: Array(body.readableBytesView))
            } catch {
                // The store failed (PostgreSQL down, a full disk): nothing of the batch was kept,
                // and the sensor keeps it in its spool and sends it again.
                context.logger.error("batch from \(sensor ?? "?") not stored: \(String(describing: error))")
                throw HubProblem(
                    .serviceUnavailable, "Batch not stored", detail: "the hub's store failed; send the batch again later")
            }
            switch outcome {
            case .stored(let records, let missing): return try JSONBody.response(["stored": records, "missing": Int(missing)])
            case .duplicate: return try JSONBody.response(["duplicate": true])
            case .refused(let reason): throw HubProblem(.forbidden, "Batch refused", detail: reason)
            }
        }
    }
}
