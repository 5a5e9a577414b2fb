import Foundation
import NIOHTTP1
import NIOSSL
import VigilCore
import VigilHubWire

/// Sends a spool's batches to the hub's ingest listener over mutual TLS, oldest first, each
/// signed with the sensor's key. A batch leaves the spool only when the hub has acknowledged
/// it (stored now or before); one the hub refuses is set aside with the hub's reason. The first
/// failure to reach the hub stops the round: the rest wait for the next one, in order.
public struct BatchSender {
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var duplicates = 0
        public var refused: [String] = []
        public var waiting = 0
        /// Why the hub could not be reached, if it could not.
        public var unreachable: String?
    }

    public let identity: SensorIdentity
    public let spool: BatchSpool

    public init(identity: SensorIdentity, spool: BatchSpool) {
        self.identity = identity
        self.spool = spool
    }

    public func sendPending() async throws -> Report {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(identity.authorityPEM.utf8), format: .pem)])
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem))
        let client = HubClient(tls: tls)
        defer { Task { await client.shutdown() } }
        let key = identity.key
        var report = Report()
        let pending = spool.pending()
        for (index, batch) in pending.enumerated() {
            guard let body = BatchSpool.read(batch.url)?.body else { continue }
            let answer: (status: Int, body: [UInt8])
            do {
                answer = try await client.send(
                    .POST, identity.settings.ingest + "/ingest/v1/batches",
                    headers: [
                        (HubHeader.sensor, identity.name), (HubHeader.signature, try BatchSignature.sign(body, with: key)),
                        ("Content-Type", "application/x-ndjson"),
                    ], body: body)
            } catch {
                report.unreachable = "\(error)"
                report.waiting = pending.count - index
                return report
            }
            switch answer.status {
            case 200:
                let text = String(decoding: answer.body, as: UTF8.self)
                if text.contains("\"duplicate\"") { report.duplicates += 1 } else { report.sent += 1 }
                spool.acknowledged(batch.sequence)
            case 403, 400, 413:
                let reason = HubClient.reason(answer.body)
                report.refused.append("batch \(batch.sequence): \(reason)")
                spool.refused(batch.sequence, reason: reason)
            default:
                // The hub is there but not well (its database unreachable, say): try later.
                report.unreachable = "the hub answered \(answer.status): \(HubClient.reason(answer.body))"
                report.waiting = pending.count - index
                return report
            }
        }
        return report
    }
}
