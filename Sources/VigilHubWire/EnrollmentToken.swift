import Crypto
import Foundation
import SwiftASN1
import X509

/// A one-time token that lets one sensor join a hub: `vigil1:SECRET:CA-SHA256`.
///
/// The secret proves to the hub that an administrator allowed the enrolment; the hub keeps only
/// its SHA-256. The CA fingerprint lets the sensor check, before it trusts anything the hub
/// says, that the authority it downloads is the one the administrator's hub runs (the same
/// idea as kubeadm's discovery hash), so a first contact over an untrusted network is safe.
public struct EnrollmentToken: Sendable, Equatable, CustomStringConvertible {
    public var secret: [UInt8]
    /// SHA-256 of the hub's CA certificate (DER).
    public var authorityFingerprint: [UInt8]

    public static let prefix = "vigil1"

    public init(secret: [UInt8], authorityFingerprint: [UInt8]) {
        self.secret = secret
        self.authorityFingerprint = authorityFingerprint
    }

    /// A fresh token with 32 random bytes of secret.
    public static func generate(authorityFingerprint: [UInt8]) -> EnrollmentToken {
        var generator = SystemRandomNumberGenerator()
        return EnrollmentToken(secret: (0..<32).map { _ in generator.next() }, authorityFingerprint: authorityFingerprint)
    }

    public init(parsing text: String) throws(EnrollmentError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix,
            let secret = Hex.decode(parts[1]), secret.count == 32,
            let fingerprint = Hex.decode(parts[2]), fingerprint.count == 32
        else {
            throw .badToken("expected vigil1:<64 hex digits>:<64 hex digits>, as `vigil hub enroll-token` prints it")
        }
        self.secret = secret
        self.authorityFingerprint = fingerprint
    }

    public var description: String {
        "\(Self.prefix):\(Hex.encode(secret)):\(Hex.encode(authorityFingerprint))"
    }

    /// SHA-256 of a certificate's DER bytes: how a token names the hub's authority.
    public static func fingerprint(of certificate: Certificate) -> [UInt8] {
        var serializer = DER.Serializer()
        try? certificate.serialize(into: &serializer)
        return Array(SHA256.hash(data: serializer.serializedBytes))
    }

    /// What the hub stores in place of the secret.
    public var secretDigest: [UInt8] { Array(SHA256.hash(data: secret)) }
}
