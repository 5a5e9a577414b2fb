import VigilCore
import VigilEvents
import X509

/// Zeek's validation_status (policy/protocols/ssl/validate-certs.zeek): the server's chain
/// checked against a `TrustStore` at the connection's network time, with OpenSSL's words for
/// the outcome (`X509_verify_cert_error_string`), since that is what Zeek logs.
///
/// swift-certificates' `Verifier` does this work but only asynchronously, and a worker handles
/// a connection synchronously; so the chain is built here, as OpenSSL builds it, and each
/// signature is checked with swift-certificates. The chain's shape and signatures do not
/// depend on time and are kept per chain; the validity periods are checked for each connection.
public final class CertificateValidator {
    /// A chain's structure: the validity periods of the path from the leaf up to a trusted
    /// authority, or the reason there is no such path; nil when a signature on the way could
    /// not be checked (a key swift-certificates does not take).
    enum Verdict {
        case path([(notBefore: Double, notAfter: Double)])
        case failure(String)
        case undecided
    }

    let store: TrustStore
    private var verdicts: [[String]: Verdict] = [:]
    /// Chains kept before the cache starts over (a server presents one chain to every client).
    static let capacity = 4096
    /// OpenSSL's default chain depth limit (`X509_VERIFY_PARAM` depth 100) is far above any
    /// real chain; a short bound keeps a hostile chain's work small.
    static let maxDepth = 10

    public init(store: TrustStore) {
        self.store = store
    }

    /// The status Zeek would log for a server chain (`der`, leaf first) at `time`, or nil when
    /// it cannot be decided.
    func status(chain der: [[UInt8]], fingerprints: [String], decoded: [X509Certificate?], at time: Timestamp) -> String? {
        guard !der.isEmpty else { return nil }
        let verdict: Verdict
        if let known = verdicts[fingerprints] {
            verdict = known
        } else {
            verdict = build(der, decoded)
            if verdicts.count >= Self.capacity { verdicts.removeAll(keepingCapacity: true) }
            verdicts[fingerprints] = verdict
        }
        switch verdict {
        case .undecided: return nil
        case .failure(let reason): return reason
        case .path(let periods):
            // OpenSSL checks from the authority down (internal_verify); the first fault is told.
            let t = time.seconds
            for p in periods.reversed() {
                if t < p.notBefore { return "certificate is not yet valid" }
                if t > p.notAfter { return "certificate has expired" }
            }
            return "ok"
        }
    }

    /// Builds the path as OpenSSL's build_chain does: the trusted store first at each step,
    /// then the certificates the server sent.
    func build(_ der: [[UInt8]], _ decoded: [X509Certificate?]) -> Verdict {
        guard let leaf = decoded[0] else { return .undecided }
        let sent = zip(der, decoded).compactMap { d, c in c.map { (der: d, cert: $0) } }
        var path: [(der: [UInt8], cert: X509Certificate)] = [(der[0], leaf)]
        var periods = [(leaf.notValidBefore, leaf.notValidAfter)]
        while path.count <= Self.maxDepth {
            let current = path[path.count - 1]
            if store.encoded.contains(current.der) { return .path(periods) }
            // swift-certificates reads the certificate only when a signature is to be checked
            // (it refuses keys X509Reader reads), and once for both checks below.
            var parsed: Certificate?? = nil
            func currentCertificate() -> Certificate? {
                if parsed == nil { parsed = .some(try? Certificate(derEncoded: current.der)) }
                return parsed!
            }
            if let anchors = store.bySubject[current.cert.issuer] {
                guard let subject = currentCertificate() else { return .undecided }
                if let anchor = anchors.first(where: { $0.publicKey.isValidSignature(subject.signature, for: subject) }) {
                    periods.append((anchor.notValidBefore.timeIntervalSince1970, anchor.notValidAfter.timeIntervalSince1970))
                    return .path(periods)
                }
            }
            // Self-issued and not trusted (OpenSSL's check_issued: names alone decide).
            if current.cert.subject == current.cert.issuer {
                return .failure(path.count == 1 ? "self-signed certificate" : "self-signed certificate in certificate chain")
            }
            guard let next = sent.first(where: { c in c.cert.subject == current.cert.issuer && !path.contains { $0.der == c.der } })
            else { return .failure("unable to get local issuer certificate") }
            guard let subject = currentCertificate(), let issuer = try? Certificate(derEncoded: next.der) else {
                return .undecided
            }
            guard issuer.publicKey.isValidSignature(subject.signature, for: subject) else {
                return .failure("certificate signature failure")
            }
            // RFC 5280 §4.2.1.9: a certificate that says it is not an authority signs nothing.
            if next.cert.isCA == false { return .failure("invalid CA certificate") }
            path.append(next)
            periods.append((next.cert.notValidBefore, next.cert.notValidAfter))
        }
        return .failure("certificate chain too long")
    }
}
