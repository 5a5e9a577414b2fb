import SwiftASN1
import VigilCore
import VigilEvents
import X509

/// Reads what x509.log reports from a certificate's DER bytes (RFC 5280 §4.1).
///
/// swift-certificates' `Certificate` refuses a certificate whose key it cannot use for
/// verification (RSA under 2,048 bits, DSA, curves other than the NIST P-curves), and such
/// certificates are common on OT devices. So the outer structure is walked here with SwiftASN1,
/// and swift-certificates decodes the parts it takes whatever the key: names and extensions.
public enum X509Reader {
    struct Malformed: Error {
        let field: String
    }

    public static func read(_ der: [UInt8]) throws -> X509Certificate {
        let root: ASN1Node
        do { root = try DER.parse(der) } catch { root = try BER.parse(der) }
        guard case .constructed(let outer) = root.content else { throw Malformed(field: "Certificate") }
        var parts = outer.makeIterator()
        guard let tbsNode = parts.next(), case .constructed(let tbs) = tbsNode.content else {
            throw Malformed(field: "tbsCertificate")
        }
        guard let signatureAlgorithm = parts.next().flatMap(algorithm) else { throw Malformed(field: "signatureAlgorithm") }
        var fields = tbs.makeIterator()
        var next = fields.next()
        var version = 1
        if let v = next, v.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            guard case .constructed(let inner) = v.content, let n = inner.first(where: { _ in true }) else {
                throw Malformed(field: "version")
            }
            version = try Int(derEncoded: n) + 1
            next = fields.next()
        }
        guard let serialNode = next, case .primitive(let serialBytes) = serialNode.content else { throw Malformed(field: "serialNumber") }
        _ = fields.next()  // the signature algorithm again, inside what is signed
        guard let issuerNode = fields.next(), let issuer = try? DistinguishedName(derEncoded: issuerNode) else {
            throw Malformed(field: "issuer")
        }
        guard let validityNode = fields.next(), case .constructed(let validity) = validityNode.content else {
            throw Malformed(field: "validity")
        }
        let times = validity.map(seconds)
        guard times.count == 2, let notBefore = times[0], let notAfter = times[1] else { throw Malformed(field: "validity") }
        guard let subjectNode = fields.next(), let subject = try? DistinguishedName(derEncoded: subjectNode) else {
            throw Malformed(field: "subject")
        }
        guard let keyNode = fields.next() else { throw Malformed(field: "subjectPublicKeyInfo") }
        var cert = X509Certificate(
            version: version, serial: serial(serialBytes), subject: DistinguishedNameText.render(subject),
            issuer: DistinguishedNameText.render(issuer),
            commonNames: subject.flatMap { $0 }.filter { $0.type.description == X509Names.commonName }.compactMap { String($0.value) },
            notValidBefore: notBefore, notValidAfter: notAfter, keyAlgorithm: "", signatureAlgorithm: signatureAlgorithm)
        try readKey(keyNode, into: &cert)
        // The unique identifiers ([1], [2]) are skipped; extensions are [3] (RFC 5280 §4.1).
        while let node = fields.next() {
            guard node.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific) else { continue }
            readExtensions(node, into: &cert)
        }
        return cert
    }

    /// An AlgorithmIdentifier's algorithm by OpenSSL's long name.
    static func algorithm(_ node: ASN1Node) -> String? {
        guard case .constructed(let parts) = node.content, let first = parts.first(where: { _ in true }),
            let oid = try? ASN1ObjectIdentifier(derEncoded: first)
        else { return nil }
        return X509Names.algorithms[oid.description] ?? oid.description
    }

    /// The INTEGER's octets as upper-case hex, without the zero octet DER puts before a high bit
    /// (OpenSSL's `i2a_ASN1_INTEGER` prints the magnitude).
    static func serial(_ bytes: ArraySlice<UInt8>) -> String {
        var b = bytes
        if b.count > 1, b.first == 0 { b = b.dropFirst() }
        return Hex.string(b).uppercased()
    }

    /// UTCTime or GeneralizedTime as seconds since 1970 (RFC 5280 §4.1.2.5.1: UTCTime years
    /// 50–99 are 19xx).
    static func seconds(_ node: ASN1Node) -> Double? {
        if let t = try? UTCTime(derEncoded: node) {
            return epoch(year: t.year, month: t.month, day: t.day, hours: t.hours, minutes: t.minutes, seconds: t.seconds)
        }
        if let t = try? GeneralizedTime(derEncoded: node) {
            return epoch(year: t.year, month: t.month, day: t.day, hours: t.hours, minutes: t.minutes, seconds: t.seconds)
                + t.fractionalSeconds
        }
        return nil
    }

    /// Days from civil date to 1970-01-01 (the proleptic Gregorian calendar), in seconds.
    static func epoch(year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int) -> Double {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + hours * 3_600 + minutes * 60 + seconds)
    }

    /// SubjectPublicKeyInfo: the algorithm, and for RSA, DSA and EC keys their type, size,
    /// exponent or curve, as Zeek's X509.cc reads them through OpenSSL.
    static func readKey(_ node: ASN1Node, into cert: inout X509Certificate) throws {
        guard case .constructed(let parts) = node.content else { throw Malformed(field: "subjectPublicKeyInfo") }
        var it = parts.makeIterator()
        guard let algNode = it.next(), case .constructed(let alg) = algNode.content,
            let oidNode = alg.first(where: { _ in true }), let oid = try? ASN1ObjectIdentifier(derEncoded: oidNode)
        else { throw Malformed(field: "subjectPublicKeyInfo.algorithm") }
        let id = oid.description
        cert.keyAlgorithm = X509Names.algorithms[id] ?? id
        let parameters = Array(alg.dropFirst())
        guard let keyBits = it.next().flatMap({ try? ASN1BitString(derEncoded: $0) }) else { return }
        switch id {
        case X509Names.rsaKey, X509Names.rsaPSSKey:
            cert.keyType = "rsa"
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
            guard let key = try? DER.parse(keyBits.bytes), case .constructed(let ints) = key.content else { return }
            let values = ints.compactMap { n -> ArraySlice<UInt8>? in
                if case .primitive(let b) = n.content { return b }
                return nil
            }
            guard values.count == 2 else { return }
            cert.keyLength = bitLength(values[0])
            cert.exponent = decimal(values[1])
        case X509Names.dsaKey:
            cert.keyType = "dsa"
            // Dss-Parms ::= SEQUENCE { p, q, g } (RFC 3279 §2.3.2): the key's size is p's.
            if let p = parameters.first, case .constructed(let pqg) = p.content, let first = pqg.first(where: { _ in true }),
                case .primitive(let b) = first.content
            {
                cert.keyLength = bitLength(b)
            }
        case X509Names.ecKey:
            cert.keyType = "ecdsa"
            if let p = parameters.first, let curve = try? ASN1ObjectIdentifier(derEncoded: p) {
                if let known = X509Names.curves[curve.description] {
                    cert.curve = known.name
                    cert.keyLength = known.bits
                } else {
                    cert.curve = curve.description
                }
            }
        default:
            break
        }
    }

    /// subjectAltName and basicConstraints, decoded by swift-certificates; an extension it
    /// cannot decode is left out, as OpenSSL leaves it out.
    static func readExtensions(_ node: ASN1Node, into cert: inout X509Certificate) {
        guard case .constructed(let wrapped) = node.content, let sequence = wrapped.first(where: { _ in true }),
            let list = try? DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: sequence)
        else { return }
        for ext in list {
            let one = try? Certificate.Extensions([ext])
            if let san = try? one?.subjectAlternativeNames {
                for name in san {
                    switch name {
                    case .dnsName(let d): cert.sanDNS.append(d)
                    case .uniformResourceIdentifier(let u): cert.sanURI.append(u)
                    case .rfc822Name(let e): cert.sanEmail.append(e)
                    case .ipAddress(let bytes):
                        let b = Array(bytes.bytes)
                        if b.count == 4 || b.count == 16 {
                            cert.sanIP.append(b.withUnsafeBytes { b.count == 4 ? .v4($0, at: 0) : .v6($0, at: 0) })
                        }
                    default: break
                    }
                }
            }
            if let constraints = try? one?.basicConstraints {
                switch constraints {
                case .isCertificateAuthority(let maxPathLength):
                    cert.isCA = true
                    cert.pathLength = maxPathLength
                case .notCertificateAuthority:
                    cert.isCA = false
                }
            }
        }
    }

    /// Bits of an unsigned INTEGER's magnitude.
    static func bitLength(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let i = bytes.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (bytes.endIndex - i - 1) * 8 + (8 - bytes[i].leadingZeroBitCount)
    }

    /// An unsigned INTEGER in decimal (RSA exponents: almost always 65537, at most a few octets).
    static func decimal(_ bytes: ArraySlice<UInt8>) -> String {
        var digits: [UInt8] = [0]  // little-endian base 10
        for byte in bytes {
            var carry = Int(byte)
            for i in digits.indices {
                let v = Int(digits[i]) * 256 + carry
                digits[i] = UInt8(v % 10)
                carry = v / 10
            }
            while carry > 0 {
                digits.append(UInt8(carry % 10))
                carry /= 10
            }
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return String(digits.reversed().map { Character(Unicode.Scalar($0 + 48)) })
    }
}
