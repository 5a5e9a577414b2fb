import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes TLS handshakes as Zeek 7's ssl.log (base/protocols/ssl/main.zeek), plus the ja3/ja3s
/// fields of the widely used ja3 package, ja4 of the FoxIO package, and the certificate
/// subject and issuer that pre-4.0 Zeek logged here (kept because analysts ask for them beside the SNI),
/// and validation_status of Zeek's validate-certs policy.
final class TLSLogWriter {
    static let schema = LogSchema(
        path: "ssl",
        fields: LogSchema.connectionFields + [
            LogField("version", "string"), LogField("cipher", "string"), LogField("curve", "string"),
            LogField("server_name", "string"), LogField("resumed", "bool"), LogField("last_alert", "string"),
            LogField("next_protocol", "string"), LogField("established", "bool"), LogField("ssl_history", "string"),
            LogField("cert_chain_fps", "vector[string]"), LogField("client_cert_chain_fps", "vector[string]"),
            LogField("subject", "string"), LogField("issuer", "string"), LogField("sni_matches_cert", "bool"),
            LogField("validation_status", "string"),
            LogField("ja3", "string"), LogField("ja3s", "string"), LogField("ja4", "string"),
        ])

    func write(_ e: TLSHandshakeEvent, to router: EventRouter) {
        // Zeek starts both chains when the first certificate of either side is seen (its
        // files.zeek), so once there is one, a side that sent none has an empty chain, not an
        // unset one.
        let anyCertificate = !e.serverChainSHA256.isEmpty || !e.clientChainSHA256.isEmpty
        func fingerprints(_ list: [String]) -> LogValue { anyCertificate ? .strings(list) : .unset }
        let flow = ConnectionFieldText(uid: e.flow.uid, id: e.flow.id)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: [
                .optional(e.version.map(TLSNames.version)), .optional(e.cipher.map(TLSNames.cipher)),
                .optional(e.curve.map(TLSNames.curve)),
                .optional(e.serverName), .bool(e.resumed), .optional(e.lastAlert), .optional(e.alpn), .bool(e.established),
                .string(e.history), fingerprints(e.serverChainSHA256), fingerprints(e.clientChainSHA256), .optional(e.subject),
                .optional(e.issuer), e.sniMatchesCertificate.map { .bool($0) } ?? .unset, .optional(e.validationStatus), .optional(e.ja3),
                .optional(e.ja3s),
                .optional(e.ja4),
            ])
        }
    }
}
