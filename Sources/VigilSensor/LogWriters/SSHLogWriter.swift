import VigilCore
import VigilEvents
import VigilLogs

/// Writes ssh.log as Zeek 7 does (base/protocols/ssh/main.zeek), with the fields of the HASSH
/// package (salesforce/hassh's zeek script, as Malcolm loads it) after Zeek's own.
final class SSHLogWriter {
    static let schema = LogSchema(
        path: "ssh",
        fields: LogSchema.connectionFields + [
            LogField("version", "count"), LogField("auth_success", "bool"), LogField("auth_attempts", "count"),
            LogField("direction", "enum"), LogField("client", "string"), LogField("server", "string"),
            LogField("cipher_alg", "string"), LogField("mac_alg", "string"), LogField("compression_alg", "string"),
            LogField("kex_alg", "string"), LogField("host_key_alg", "string"), LogField("host_key", "string"),
            LogField("hasshVersion", "string"), LogField("hassh", "string"), LogField("hasshServer", "string"),
            LogField("cshka", "string"), LogField("hasshAlgorithms", "string"), LogField("sshka", "string"),
            LogField("hasshServerAlgorithms", "string"),
        ])

    /// The site's networks: direction is OUTBOUND when only the client is in one, INBOUND when
    /// only the server is, and unset otherwise, as Zeek's set_session decides it.
    let localNetworks: LocalNetworks
    private var text = FlowTextCache()

    init(localNetworks: LocalNetworks) { self.localNetworks = localNetworks }

    func write(_ e: SSHSessionEvent, to router: EventRouter) {
        let origLocal = localNetworks.contains(e.flow.id.origHost)
        let direction: LogValue =
            origLocal == localNetworks.contains(e.flow.id.respHost) ? .unset : .name(origLocal ? "OUTBOUND" : "INBOUND")
        let values: [LogValue] = [
            e.version.map { .count($0) } ?? .unset, e.authSuccess.map { .bool($0) } ?? .unset, .count(e.authAttempts), direction,
            .optional(e.client), .optional(e.server), .optional(e.cipher), .optional(e.mac), .optional(e.compression),
            .optional(e.kex), .optional(e.hostKeyAlgorithm), .optional(e.hostKey),
            // The HASSH package's version of the method: 1.1.
            e.hassh == nil && e.hasshServer == nil ? .unset : .string("1.1"), .optional(e.hassh), .optional(e.hasshServer),
            .optional(e.clientHostKeyAlgorithms), .optional(e.hasshAlgorithms), .optional(e.serverHostKeyAlgorithms),
            .optional(e.hasshServerAlgorithms),
        ]
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }
}
