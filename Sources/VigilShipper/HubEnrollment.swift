import Crypto
import Foundation
import NIOHTTP1
import NIOSSL
import SwiftASN1
import VigilCore
import VigilHubWire
import X509

/// Joins a hub: downloads its authority, checks it against the token's fingerprint, makes the
/// sensor's key here (it never leaves the sensor), sends a certificate request with the token,
/// and keeps what the hub answers in the identity folder.
public enum HubEnrollment {
    public static func enroll(
        hub: String, token text: String, name: String, directory: URL, kind: NodeKind = .sensor
    ) async throws -> SensorIdentity {
        let token = try EnrollmentToken(parsing: text)
        let base = hub.hasSuffix("/") ? String(hub.dropLast()) : hub

        // First contact: nothing is trusted yet, so the authority is checked by its fingerprint.
        var open = TLSConfiguration.makeClientConfiguration()
        open.certificateVerification = .none
        let first = HubClient(tls: open)
        let authorityPEM: String
        do {
            defer { Task { await first.shutdown() } }
            let answer = try await first.send(.GET, base + "/ca.pem")
            guard answer.status == 200 else { throw EnrollmentError.refused("GET /ca.pem answered \(answer.status)") }
            authorityPEM = String(decoding: answer.body, as: UTF8.self)
        }
        let authority = try Certificate(pemEncoded: authorityPEM)
        let fingerprint = EnrollmentToken.fingerprint(of: authority)
        guard fingerprint == token.authorityFingerprint else {
            throw EnrollmentError.authorityMismatch(expected: Hex.encode(token.authorityFingerprint), got: Hex.encode(fingerprint))
        }

        // From here on only that authority is trusted.
        var trusted = TLSConfiguration.makeClientConfiguration()
        trusted.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(authorityPEM.utf8), format: .pem)])
        let key = P256.Signing.PrivateKey()
        let csr = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName(name) }, privateKey: .init(key), attributes: .init(),
            signatureAlgorithm: .ecdsaWithSHA256)
        let request = EnrollmentRequest(
            token: text, name: name, csr: try csr.serializeAsPEM().pemString, kind: kind == .sensor ? nil : kind)
        let client = HubClient(tls: trusted)
        let answer = try await client.send(
            .POST, base + "/api/v1/enroll", headers: [("Content-Type", "application/json")], body: Array(try JSONEncoder().encode(request)))
        await client.shutdown()
        guard answer.status == 201, let response = try? JSONDecoder().decode(EnrollmentResponse.self, from: Data(answer.body)) else {
            throw EnrollmentError.refused(HubClient.reason(answer.body))
        }
        return try SensorIdentity.save(to: directory, key: key, response: response)
    }
}
