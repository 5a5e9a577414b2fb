import Crypto
import Foundation
import SwiftASN1
import VigilCore
import VigilHubWire
import X509

/// The hub's certificate authority (P-256): it issues the hub's own server certificate and one
/// certificate per enrolled sensor, and nothing else. Sensors trust only this authority for the
/// hub, and the hub's ingest listener admits only certificates this authority issued.
public struct HubAuthority: Sendable {
    public let certificate: Certificate
    /// The key's bytes: Crypto's key types are not Sendable, their bytes are.
    let keyBytes: Data

    /// How long certificates live. Ten years for the authority, a year for the others: a sensor
    /// re-enrols with a new token once a year at the latest.
    static let authorityLifetime: TimeInterval = 10 * 365 * 86_400
    static let leafLifetime: TimeInterval = 365 * 86_400

    public init(certificate: Certificate, key: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.keyBytes = key.rawRepresentation
    }

    var key: P256.Signing.PrivateKey {
        // The bytes came from a valid key; they cannot fail to load.
        try! P256.Signing.PrivateKey(rawRepresentation: keyBytes)
    }

    /// A new authority named `Vigil hub authority (NAME)`.
    public static func create(hubName: String, now: Date = Date()) throws -> HubAuthority {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Vigil")
            CommonName("Vigil hub authority (\(hubName))")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(authorityLifetime),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(key.publicKey))
            },
            issuerPrivateKey: .init(key))
        return HubAuthority(certificate: certificate, key: key)
    }

    /// SHA-256 of the authority's certificate: what an enrolment token names.
    public var fingerprint: [UInt8] { EnrollmentToken.fingerprint(of: certificate) }

    public var pem: String { (try? certificate.serializeAsPEM().pemString) ?? "" }

    /// The hub's TLS server certificate, valid for `names` (host names and IP addresses).
    public func issueServerCertificate(names: [String], key serverKey: P256.Signing.PrivateKey, now: Date = Date()) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName("Vigil")
            CommonName(names.first ?? "vigil-hub")
        }
        let alternativeNames = names.map { name -> GeneralName in
            if let address = ipAddressBytes(name) { return .ipAddress(ASN1OctetString(contentBytes: address[...])) }
            return .dnsName(name)
        }
        return try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Self.leafLifetime),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: .init(key))
    }

    /// A sensor's certificate for the key in `csr`, whose subject must be the sensor's name.
    public func issueSensorCertificate(csr: CertificateSigningRequest, name: String, now: Date = Date()) throws(EnrollmentError)
        -> Certificate
    {
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw .refused("the certificate request's signature does not match its key")
        }
        guard P256.Signing.PublicKey(csr.publicKey) != nil else {
            throw .refused("the certificate request's key must be a P-256 key")
        }
        let commonNames = csr.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map { String(describing: $0.value) }
        guard commonNames == [name] else {
            throw .refused("the certificate request's subject must be CN=\(name)")
        }
        do {
            let subject = try DistinguishedName {
                OrganizationName("Vigil sensors")
                CommonName(name)
            }
            return try Certificate(
                version: .v3, serialNumber: .init(), publicKey: csr.publicKey,
                notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Self.leafLifetime),
                issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.clientAuth])
                },
                issuerPrivateKey: .init(key))
        } catch {
            throw .refused("cannot issue the certificate: \(error)")
        }
    }

    /// Whether this authority issued `certificate` and it is valid at `now`.
    public func issued(_ leaf: Certificate, now: Date = Date()) -> Bool {
        leaf.issuer == certificate.subject && certificate.publicKey.isValidSignature(leaf.signature, for: leaf)
            && leaf.notValidBefore <= now && now <= leaf.notValidAfter
    }
}

/// The bytes of an IPv4 or IPv6 address written as text, for a certificate's IP address name.
func ipAddressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
    return nil
}
