import Crypto
import Foundation
import VigilHubWire

/// Decides what becomes of a batch a sensor sent, before and apart from HTTP: the sensor must
/// be enrolled and not revoked, the signature must be its key's over exactly these bytes, the
/// body must be a well-formed batch that names the same sensor, and its sequence number must
/// fit (see `HubDatabase.store`). Every refusal is recorded with its reason.
public struct BatchIngest: Sendable {
    public let database: HubDatabase
    public let limits: BatchLimits

    public init(database: HubDatabase, limits: BatchLimits = .init()) {
        self.database = database
        self.limits = limits
    }

    public func accept(sensor name: String?, signature: String?, body: [UInt8]) async throws -> IngestOutcome {
        let outcome = try await judge(sensor: name, signature: signature, body: body)
        if case .refused(let reason) = outcome {
            try await database.recordRefusal(
                sensor: name, sequence: (try? SensorBatch(body: body, limits: limits))?.header.sequence, reason: reason)
        }
        return outcome
    }

    private func judge(sensor name: String?, signature: String?, body: [UInt8]) async throws -> IngestOutcome {
        guard let name else { return .refused("the request does not name its sensor (\(HubHeader.sensor) header)") }
        guard let signature else { return .refused("the batch is not signed (\(HubHeader.signature) header)") }
        guard let sensor = try await database.sensor(named: name) else { return .refused("unknown sensor \(name)") }
        if sensor.revoked != nil { return .refused("sensor \(name) is revoked") }
        guard let key = try? P256.Signing.PublicKey(x963Representation: sensor.publicKey) else {
            return .refused("sensor \(name) has no usable key on record")
        }
        guard BatchSignature.isValid(signature, for: body, by: key) else {
            return .refused("the signature is not sensor \(name)'s over this body")
        }
        let batch: SensorBatch
        let records: [ShippedRecord]
        do {
            batch = try SensorBatch(body: body, limits: limits)
            records = try batch.records()
        } catch {
            return .refused(error.description)
        }
        guard batch.header.sensor == name else {
            return .refused("the batch says it is from \(batch.header.sensor), the request from \(name)")
        }
        return try await database.store(batch: batch, digest: Array(SHA256.hash(data: body)), records: records)
    }
}
