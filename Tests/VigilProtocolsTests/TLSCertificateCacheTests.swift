import Crypto
import Foundation
import SwiftASN1
import Testing
import VigilCore
import X509

@testable import VigilProtocols

@Suite struct TLSCertificateCacheTests {
    /// A self-signed P-256 leaf for plc.city.example, also valid for *.city.example.
    static func leafDER() throws -> ([UInt8], Certificate) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("plc.city.example")
            OrganizationName("Vigil Test")
        }
        let now = Date()
        let cert = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now, notValidAfter: now.addingTimeInterval(3600), issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { SubjectAlternativeNames([.dnsName("*.city.example")]) },
            issuerPrivateKey: .init(key))
        var serializer = DER.Serializer()
        try serializer.serialize(cert)
        return (serializer.serializedBytes, cert)
    }

    @Test func cachedAnswersEqualAFreshDecode() throws {
        let (der, cert) = try Self.leafDER()
        let cache = TLSCertificateCache()
        for _ in 0..<2 {  // the first call decodes, the second is answered from the cache
            let leaf = try #require(cache.certificate(der))
            // OpenSSL's RFC 2253 order: the last RDN first.
            #expect(leaf.subject == "O=Vigil Test,CN=plc.city.example")
            #expect(leaf.issuer == leaf.subject)
            #expect(leaf.serial == Hex.string(cert.serialNumber.bytes.drop { $0 == 0 }).uppercased())
            #expect(leaf.keyType == "ecdsa" && leaf.curve == "prime256v1" && leaf.keyLength == 256)
            #expect(leaf.signatureAlgorithm == "ecdsa-with-SHA256")
            #expect(leaf.notValidAfter - leaf.notValidBefore == 3600)
            // SAN dNSNames first, then the subject's CN (what the SNI is matched against).
            #expect(leaf.names == ["*.city.example", "plc.city.example"])
            #expect(cache.fingerprint(der) == Hex.string(SHA256.hash(data: der)))
        }
        #expect(cache.count == 1)
    }

    @Test func bytesThatAreNotACertificateAreNotDecodedButHaveAFingerprint() {
        let cache = TLSCertificateCache()
        let junk: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x01]
        #expect(cache.certificate(junk) == nil)
        #expect(cache.certificate(junk) == nil)
        // SHA-256 of these five bytes, computed with `printf '\x30\x03\x02\x01\x01' | sha256sum`.
        #expect(cache.fingerprint(junk) == "1b65f68a522c858715f5dd951cd0402dc16691778814bf0759822b7a257421d0")
    }

    @Test func theCacheStartsOverAtItsCountBound() {
        let cache = TLSCertificateCache()
        for i in 0...TLSCertificateCache.capacity {
            _ = cache.fingerprint(withUnsafeBytes(of: UInt32(i)) { Array($0) })
        }
        // capacity + 1 distinct entries: the last one found the cache full and emptied it.
        #expect(cache.count == 1)
    }

    @Test func theCacheStartsOverAtItsByteBoundAndSkipsLargeCertificates() {
        let cache = TLSCertificateCache()
        let size = TLSCertificateCache.maxCachedCertificateBytes
        let fit = TLSCertificateCache.maxHeldBytes / size
        for i in 0..<fit { _ = cache.fingerprint([UInt8](repeating: UInt8(i), count: size)) }  // fit ≤ 256 distinct fills
        #expect(cache.count == fit)
        _ = cache.fingerprint([UInt8](repeating: 1, count: size - 100))
        #expect(cache.count == 1)
        // Larger than a certificate worth keeping: answered, not held.
        let big = [UInt8](repeating: 7, count: size + 1)
        #expect(cache.fingerprint(big) == Hex.string(SHA256.hash(data: big)))
        #expect(cache.count == 1)
    }
}
