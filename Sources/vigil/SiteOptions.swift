import ArgumentParser
import VigilCore
import VigilProtocols

/// What a site sets for `analyze` and `sensor`: which networks are its own (conn.log's
/// local_orig and local_resp, Zeek's Site::local_nets) and which certificate authorities it
/// trusts (ssl.log's validation_status).
struct SiteOptions: ParsableArguments {
    @Option(
        name: .customLong("local-nets"),
        help: ArgumentHelp(
            "Networks that are local, comma-separated (10.20.0.0/16,192.0.2.7), added to the private address space.",
            valueName: "networks"))
    var localNets = ""

    @Flag(
        help:
            "Count only --local-nets as local, not also private address space (RFC 1918, loopback, link local, ...), which Zeek 7 counts by default."
    )
    var noPrivateLocal = false

    @Option(
        name: .customLong("ca-bundle"),
        help: ArgumentHelp(
            "PEM file of the certificate authorities ssl.log's validation_status trusts (default: $SSL_CERT_FILE, else /etc/ssl/certs/ca-certificates.crt).",
            valueName: "file"))
    var caBundle: String?

    /// A bad entry or bundle is refused before any capture is read; a good bundle is the one
    /// the run's pipelines validate against.
    func validate() throws {
        _ = try localNetworks()
        if let caBundle {
            do { try TrustStore.use(bundle: caBundle) } catch let e as VigilError { throw ValidationError(e.message) }
        }
    }

    func localNetworks() throws -> LocalNetworks {
        do {
            return try LocalNetworks.parse(localNets, privateIsLocal: !noPrivateLocal)
        } catch let e as VigilError {
            throw ValidationError(e.message)
        }
    }
}
