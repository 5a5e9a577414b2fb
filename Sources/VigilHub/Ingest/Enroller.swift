import Crypto
import Foundation
import SwiftASN1
import VigilHubWire
import X509

/// Admits a sensor that holds a valid one-time token: checks the token names this hub's
/// authority, issues a certificate for the key in the sensor's request, records the sensor and
/// uses up the token (one transaction), and writes the enrolment to the audit log.
public struct Enroller: Sendable {
    public let home: HubHome
    public let database: HubDatabase

    public init(home: HubHome, database: HubDatabase) {
        self.home = home
        self.database = database
    }

    /// A new one-time token, valid for `lifetime` seconds.
    public func makeToken(lifetime: TimeInterval, actor: String) async throws -> EnrollmentToken {
        let token = EnrollmentToken.generate(authorityFingerprint: home.authority.fingerprint)
        try await database.addToken(digest: token.secretDigest, expires: Date().timeIntervalSince1970 + lifetime)
        try await database.appendAudit(
            actor: actor, action: "enroll-token", subject: Hex.encode(token.secretDigest.prefix(8)),
            detail: "valid for \(Int(lifetime)) s", key: home.auditKey)
        return token
    }

    public func enroll(_ request: EnrollmentRequest, ingestURL: String) async throws -> Result<EnrollmentResponse, EnrollmentError> {
        let token: EnrollmentToken
        do {
            token = try EnrollmentToken(parsing: request.token)
        } catch {
            return .failure(error)
        }
        guard token.authorityFingerprint == home.authority.fingerprint else {
            return .failure(.refused("the token was made by another hub"))
        }
        guard EnrollmentResponse.isValidName(request.name) else {
            return .failure(.refused("a sensor name is 1 to 64 letters, digits, '-', '_' or '.'"))
        }
        let certificate: Certificate
        do {
            let csr = try CertificateSigningRequest(pemEncoded: request.csr)
            certificate = try home.authority.issueSensorCertificate(csr: csr, name: request.name)
        } catch let error as EnrollmentError {
            return .failure(error)
        } catch {
            return .failure(.refused("the certificate request is not a PEM PKCS #10 request: \(error)"))
        }
        guard let key = P256.Signing.PublicKey(certificate.publicKey) else { return .failure(.refused("not a P-256 key")) }
        let check = try await database.enroll(
            tokenDigest: token.secretDigest, name: request.name, certificate: try certificate.derBytes(),
            publicKey: Array(key.x963Representation), kind: request.kind ?? .sensor)
        switch check {
        case .accepted: break
        case .unknownToken: return .failure(.refused("the token is not one this hub made"))
        case .usedToken: return .failure(.refused("the token was used already; ask for a new one"))
        case .expiredToken: return .failure(.refused("the token has expired; ask for a new one"))
        case .nameTaken: return .failure(.refused("a sensor named \(request.name) is enrolled already"))
        }
        try await database.appendAudit(
            actor: "\((request.kind ?? .sensor).rawValue):\(request.name)", action: "enroll", subject: request.name,
            detail: "\((request.kind ?? .sensor).rawValue), certificate serial \(certificate.serialNumber)", key: home.auditKey)
        return .success(
            EnrollmentResponse(
                sensor: request.name, certificate: try certificate.serializeAsPEM().pemString, authority: home.authority.pem,
                ingest: ingestURL))
    }
}

extension Certificate {
    func derBytes() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serialize(into: &serializer)
        return serializer.serializedBytes
    }
}
