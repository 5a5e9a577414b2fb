import Foundation
import SwiftASN1
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

    /// The system's bundle, read once; nil when there is none (validation_status stays unset).
    public static let system: TrustStore? = {
        let path = ProcessInfo.processInfo.environment["SSL_CERT_FILE"] ?? "/etc/ssl/certs/ca-certificates.crt"
        return try? TrustStore(bundle: path)
    }()

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
