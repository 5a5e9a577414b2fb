import Crypto
import VigilCore
import VigilEvents

/// What ssl.log and x509.log take from certificates, worked out once per pipeline for each distinct
/// certificate (keyed by its DER bytes).
///
/// A server presents the same chain on every connection, and decoding the leaf and hashing
/// the chain cost ~500,000 instructions a connection in bench/run.sh's profile. Zeek caches its X.509 results for the same reason
/// (`X509::caching_required_encounters`). Looking a certificate up hashes its bytes, a few
/// thousand instructions.
public final class TLSCertificateCache {
    /// Bounds on what the cache holds before it starts over: far more certificates than a
    /// city's OT networks present, and a cap on the memory hostile traffic can make it hold
    /// (a handshake message may be up to 1 MiB). Larger certificates are worked out each time.
    static let capacity = 4096
    static let maxHeldBytes = 4 << 20
    static let maxCachedCertificateBytes = 16 << 10

    /// What is known of one certificate; each part is filled on first use.
    private struct Entry {
        var fingerprint: String?
        /// .some(nil) for bytes that are not a certificate.
        var certificate: X509Certificate??
    }

    /// A certificate's DER bytes as a dictionary key, hashed in one call: `[UInt8]`'s own
    /// hash feeds the hasher a byte at a time, ~35,000 instructions for a 1.5 KB certificate.
    private struct DER: Hashable {
        let bytes: [UInt8]
        func hash(into h: inout Hasher) { bytes.withUnsafeBytes { h.combine(bytes: $0) } }
    }

    private var entries: [DER: Entry] = [:]
    /// Bytes of the certificates held as keys.
    private var heldBytes = 0

    public init() {}

    /// Certificates held (tests check the bounds).
    var count: Int { entries.count }

    /// The certificate's SHA-256 as lowercase hex (Zeek's `cert_chain_fps`).
    func fingerprint(_ der: [UInt8]) -> String {
        if let known = entries[DER(bytes: der)]?.fingerprint { return known }
        let fp = Hex.string(SHA256.hash(data: der))
        remember(der) { $0.fingerprint = fp }
        return fp
    }

    /// The certificate decoded, or nil when the bytes are not one.
    func certificate(_ der: [UInt8]) -> X509Certificate? {
        if let known = entries[DER(bytes: der)]?.certificate { return known }
        let decoded = try? X509Reader.read(der)
        remember(der) { $0.certificate = .some(decoded) }
        return decoded
    }

    private func remember(_ der: [UInt8], _ update: (inout Entry) -> Void) {
        guard der.count <= Self.maxCachedCertificateBytes else { return }
        let key = DER(bytes: der)
        if entries[key] == nil {
            if entries.count >= Self.capacity || heldBytes + der.count > Self.maxHeldBytes {
                entries.removeAll(keepingCapacity: true)
                heldBytes = 0
            }
            heldBytes += der.count
        }
        update(&entries[key, default: Entry()])
    }
}
