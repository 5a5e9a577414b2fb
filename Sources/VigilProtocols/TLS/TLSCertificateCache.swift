import Crypto
import VigilCore
import X509

/// What ssl.log takes from certificates, worked out once per pipeline for each distinct
/// certificate (keyed by its DER bytes).
///
/// A server presents the same chain on every connection, and decoding the leaf with
/// swift-certificates and hashing the chain cost ~500,000 instructions a connection in
/// bench/run.sh's profile. Zeek caches its X.509 results for the same reason
/// (`X509::caching_required_encounters`). Looking a certificate up hashes its bytes, a few
/// thousand instructions.
public final class TLSCertificateCache {
    /// A leaf certificate's names: the subject and issuer as swift-certificates renders them,
    /// and the DNS names the certificate covers (subjectAltName dNSNames, then subject CNs).
    struct Leaf {
        var subject: String
        var issuer: String
        var names: [String]
    }

    /// Entries kept per kind before the cache starts over; far more certificates than a city's
    /// OT networks present, and a bound on what hostile traffic can make it hold.
    static let capacity = 4096

    private var fingerprints: [[UInt8]: String] = [:]
    /// nil for bytes swift-certificates cannot decode.
    private var leaves: [[UInt8]: Leaf?] = [:]

    public init() {}

    /// Certificates held, fingerprints and leaves together (tests check the bound).
    var count: Int { fingerprints.count + leaves.count }

    /// The certificate's SHA-256 as lowercase hex (Zeek's `cert_chain_fps`).
    func fingerprint(_ der: [UInt8]) -> String {
        if let known = fingerprints[der] { return known }
        let fp = Hex.string(SHA256.hash(data: der))
        if fingerprints.count >= Self.capacity { fingerprints.removeAll(keepingCapacity: true) }
        fingerprints[der] = fp
        return fp
    }

    /// The leaf's names, or nil when the bytes are not a certificate.
    func leaf(_ der: [UInt8]) -> Leaf? {
        if let known = leaves[der] { return known }
        var leaf: Leaf?
        if let cert = try? Certificate(derEncoded: der) {
            leaf = Leaf(subject: cert.subject.description, issuer: cert.issuer.description, names: Self.names(of: cert))
        }
        if leaves.count >= Self.capacity { leaves.removeAll(keepingCapacity: true) }
        leaves[der] = .some(leaf)
        return leaf
    }

    static func names(of cert: Certificate) -> [String] {
        var out: [String] = []
        if let san = try? cert.extensions.subjectAlternativeNames {
            for n in san { if case .dnsName(let d) = n { out.append(d) } }
        }
        for rdn in cert.subject { for a in rdn where a.type == .RDNAttributeType.commonName { out.append("\(a.value)") } }
        return out
    }
}
