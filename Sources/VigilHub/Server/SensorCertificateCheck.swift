import Foundation
import NIOSSL
import SwiftASN1
import X509

/// Admits a TLS client to the ingest listener only if its certificate is the very one this
/// hub's authority issued to an enrolled sensor that has not been revoked. Checked on every
/// handshake, so a revocation takes effect at the sensor's next connection.
struct SensorCertificateCheck: Sendable {
    let authority: HubAuthority
    let database: HubDatabase

    func verify(_ chain: [NIOSSLCertificate]) async -> NIOSSLVerificationResult {
        guard let leaf = chain.first, let der = try? leaf.toDERBytes(), let certificate = try? Certificate(derEncoded: der),
            authority.issued(certificate)
        else { return .failed }
        let names = certificate.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map {
            String(describing: $0.value)
        }
        guard names.count == 1, let sensor = try? await database.sensor(named: names[0]) else { return .failed }
        return sensor.revoked == nil && sensor.certificate == der ? .certificateVerified : .failed
    }
}
