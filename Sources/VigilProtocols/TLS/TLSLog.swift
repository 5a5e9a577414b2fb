import VigilCore

/// Zeek 7's ssl.log (base/protocols/ssl/main.zeek), plus the ja3/ja3s fields of the widely
/// used ja3 package, ja4 of the FoxIO package, and the certificate subject and issuer that
/// pre-4.0 Zeek logged here (kept because analysts ask for them beside the SNI).
enum TLSLog {
    static let schema = LogSchema(
        path: "ssl",
        fields: LogSchema.connectionFields + [
            LogField("version", "string"), LogField("cipher", "string"), LogField("curve", "string"),
            LogField("server_name", "string"), LogField("resumed", "bool"), LogField("last_alert", "string"),
            LogField("next_protocol", "string"), LogField("established", "bool"), LogField("ssl_history", "string"),
            LogField("cert_chain_fps", "vector[string]"), LogField("client_cert_chain_fps", "vector[string]"),
            LogField("subject", "string"), LogField("issuer", "string"), LogField("sni_matches_cert", "bool"),
            LogField("ja3", "string"), LogField("ja3s", "string"), LogField("ja4", "string"),
        ])
}
