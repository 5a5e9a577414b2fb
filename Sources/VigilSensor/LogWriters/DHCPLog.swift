import VigilCore
import VigilEvents

/// Zeek's dhcp.log (base/protocols/dhcp/main.zeek): one row per exchange, with every
/// connection uid involved. Written once per exchange, so built from values.
enum DHCPLog {
    static let schema = LogSchema(
        path: "dhcp",
        fields: [
            LogField("ts", "time"), LogField("uids", "set[string]"), LogField("client_addr", "addr"),
            LogField("server_addr", "addr"), LogField("client_port", "port"), LogField("server_port", "port"),
            LogField("mac", "string"), LogField("host_name", "string"), LogField("client_fqdn", "string"),
            LogField("domain", "string"), LogField("requested_addr", "addr"), LogField("assigned_addr", "addr"),
            LogField("lease_time", "interval"), LogField("client_message", "string"), LogField("server_message", "string"),
            LogField("msg_types", "vector[string]"), LogField("duration", "interval"), LogField("client_software", "string"),
            LogField("requested_params", "vector[count]"),
        ])

    static func record(_ e: DHCPExchangeEvent) -> LogRecord {
        LogRecord(
            schema,
            [
                .time(e.ts), .strings(e.uids), e.clientAddr.map { .addr($0) } ?? .unset, e.serverAddr.map { .addr($0) } ?? .unset,
                e.clientPort.map { .port($0) } ?? .unset, e.serverPort.map { .port($0) } ?? .unset, .optional(e.mac?.description),
                .optional(e.hostName), .optional(e.clientFQDN), .optional(e.domain), e.requested.map { .addr($0) } ?? .unset,
                e.assigned.map { .addr($0) } ?? .unset, e.lease.map { .interval(Int64($0) * 1_000_000_000) } ?? .unset,
                .optional(e.clientMessage), .optional(e.serverMessage), .strings(e.types),
                .interval(e.last.nanoseconds - e.ts.nanoseconds), .optional(e.vendorClass),
                e.parameters.isEmpty ? .unset : .counts(e.parameters.map { UInt64($0) }),
            ])
    }
}
