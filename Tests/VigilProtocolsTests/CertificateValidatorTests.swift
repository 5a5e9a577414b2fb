import Crypto
import Foundation
import SwiftASN1
import Testing
import VigilCore
import X509

@testable import VigilProtocols

/// validation_status for chains made with swift-certificates, against a trust store of one
/// authority: each of OpenSSL's outcomes Zeek logs.
@Suite struct CertificateValidatorTests {
    struct Authority: Sendable {
        let name: DistinguishedName
        /// The private key's bytes: swift-crypto's key type is not Sendable.
        let secret = P256.Signing.PrivateKey().rawRepresentation
        var key: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(rawRepresentation: secret) }
    }

    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let root = Authority(name: try! DistinguishedName { CommonName("City Root CA") })
    static let intermediate = Authority(name: try! DistinguishedName { CommonName("City Issuing CA") })

    /// A certificate for `subject`'s key, named as issued by `issuer` and signed by `signer`
    /// (the issuer's own key unless a forgery is wanted).
    static func issue(
        _ subject: Authority, by issuer: Authority, signer: P256.Signing.PrivateKey? = nil, days: Double = 365, ca: Bool? = nil
    ) throws -> [UInt8] {
        let extensions = try Certificate.Extensions {
            if let ca {
                Critical(ca ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : BasicConstraints.notCertificateAuthority)
            }
        }
        let cert = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(subject.key.publicKey),
            notValidBefore: start, notValidAfter: start.addingTimeInterval(days * 86_400), issuer: issuer.name,
            subject: subject.name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(signer ?? issuer.key))
        var serializer = DER.Serializer()
        try serializer.serialize(cert)
        return serializer.serializedBytes
    }

    /// A validator trusting only `root`.
    static func validator() throws -> CertificateValidator {
        let der = try issue(root, by: root, days: 3650, ca: true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-roots-\(UUID().uuidString).pem").path
        try PEMDocument(type: "CERTIFICATE", derBytes: der).pemString.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try TrustStore(bundle: path)
        #expect(store.count == 1)
        return CertificateValidator(store: store)
    }

    static func status(_ chain: [[UInt8]], daysAfterStart: Double = 10) throws -> String? {
        let v = try validator()
        return v.status(
            chain: chain, fingerprints: chain.map { Hex.string($0) }, decoded: chain.map { try? X509Reader.read($0) },
            at: Timestamp(nanoseconds: Int64((start.timeIntervalSince1970 + daysAfterStart * 86_400) * 1e9)))
    }

    static let leaf = Authority(name: try! DistinguishedName { CommonName("scada.city.example") })

    @Test func aChainUpToTheTrustedRootIsOKWhileEveryCertificateIsValid() throws {
        let chain = [try Self.issue(Self.leaf, by: Self.intermediate), try Self.issue(Self.intermediate, by: Self.root, ca: true)]
        #expect(try Self.status(chain) == "ok")
        #expect(try Self.status(chain, daysAfterStart: 400) == "certificate has expired")
        #expect(try Self.status(chain, daysAfterStart: -1) == "certificate is not yet valid")
    }

    @Test func aMissingIntermediateLeavesTheIssuerUnknown() throws {
        #expect(try Self.status([try Self.issue(Self.leaf, by: Self.intermediate)]) == "unable to get local issuer certificate")
    }

    @Test func selfSignedCertificatesAreNamedAsOpenSSLNamesThem() throws {
        #expect(try Self.status([try Self.issue(Self.leaf, by: Self.leaf)]) == "self-signed certificate")
        let otherRoot = Authority(name: try DistinguishedName { CommonName("Someone Else's Root") })
        let chain = [
            try Self.issue(Self.leaf, by: Self.intermediate), try Self.issue(Self.intermediate, by: otherRoot, ca: true),
            try Self.issue(otherRoot, by: otherRoot, ca: true),
        ]
        #expect(try Self.status(chain) == "self-signed certificate in certificate chain")
    }

    @Test func aForgedSignatureFails() throws {
        let forger = P256.Signing.PrivateKey()
        let chain = [
            try Self.issue(Self.leaf, by: Self.intermediate, signer: forger), try Self.issue(Self.intermediate, by: Self.root, ca: true),
        ]
        #expect(try Self.status(chain) == "certificate signature failure")
    }

    @Test func aCertificateThatIsNoAuthorityCannotIssue() throws {
        let chain = [try Self.issue(Self.leaf, by: Self.intermediate), try Self.issue(Self.intermediate, by: Self.root, ca: false)]
        #expect(try Self.status(chain) == "invalid CA certificate")
    }
}
