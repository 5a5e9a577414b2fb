import Crypto
import X509

/// A PEM certificate request for `name` and `key`, as a sensor makes one.
enum CertificateSigningRequestText {
    static func make(name: String, key: P256.Signing.PrivateKey) throws -> String {
        try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName(name) }, privateKey: .init(key), attributes: .init(),
            signatureAlgorithm: .ecdsaWithSHA256
        ).serializeAsPEM().pemString
    }
}
