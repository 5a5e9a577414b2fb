import Foundation
import SwiftASN1
import Synchronization
import VigilCore
import X509

/// The certificate authorities TLS chains are validated against: a PEM bundle, as OpenSSL
/// reads it (`$SSL_CERT_FILE`, else Debian's /etc/ssl/certs/ca-certificates.crt, which holds
/// Mozilla's list as Zeek's own bundle does).
public final class TrustStore: Sendable {
    /// Each authority's certificate, by its subject as x509.log writes names.
    let bySubject: [String: [Certificate]]
    /// The authorities' DER bytes: a chain certificate that is one of them is trusted as it is.
    let encoded: Set<[UInt8]>
    public let path: String

    /// The bundle chosen with `use(bundle:)`, else the system's, read once: `$SSL_CERT_FILE`,
    /// else Debian's. Nil when there is none (validation_status stays unset).
    public static var system: TrustStore? {
        chosen.withLock { chosen in
            if let known = chosen { return known }
            let path = ProcessInfo.processInfo.environment["SSL_CERT_FILE"] ?? "/etc/ssl/certs/ca-certificates.crt"
            let store = try? TrustStore(bundle: path)
            chosen = .some(store)
            return store
        }
    }

    private static let chosen = Mutex<TrustStore??>(nil)

    /// Makes `path` the bundle every later pipeline validates against (`--ca-bundle`). An
    /// error names the file: one that cannot be read, or holds no certificate.
    public static func use(bundle path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw VigilError(.invalidArgument, "\(path): no such file, or it cannot be read")
        }
        let store: TrustStore
        do {
            store = try TrustStore(bundle: path)
        } catch {
            throw VigilError(.invalidArgument, "\(path): not a PEM bundle of certificates")
        }
        guard store.count > 0 else { throw VigilError(.invalidArgument, "\(path): holds no certificate") }
        chosen.withLock { $0 = .some(store) }
    }

    /// The certificates of a PEM bundle; blocks that are not certificates are skipped.
    public init(bundle path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var bySubject: [String: [Certificate]] = [:]
        var encoded = Set<[UInt8]>()
        for document in try PEMDocument.parseMultiple(pemString: text) where document.discriminator == "CERTIFICATE" {
            guard let cert = try? Certificate(derEncoded: document.derBytes) else { continue }
            bySubject[DistinguishedNameText.render(cert.subject), default: []].append(cert)
            encoded.insert(document.derBytes)
        }
        self.bySubject = bySubject
        self.encoded = encoded
        self.path = path
    }

    /// Authorities in the bundle.
    public var count: Int { encoded.count }
}
