import VigilCore

/// osdp.log and osdp_alert.log: Vigil's own schemas in Zeek's naming style (docs/LOGS.md),
/// built from the OSDP monitor's `packet` and `alert` events (docs/OSDP.md).
enum OSDPLog {
    /// One row per OSDP packet carried over TCP.
    static let packets = LogSchema(
        path: "osdp",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("address", "count"), LogField("direction", "string"),
            LogField("sequence", "count"), LogField("code", "string"), LogField("security", "string"),
            LogField("len", "count"), LogField("mac", "string"), LogField("retransmission", "bool"),
            LogField("details", "vector[string]"),
        ])

    /// One row per monitor alert (`osdp.downgrade`, `osdp.replay`, …).
    static let alerts = LogSchema(
        path: "osdp_alert",
        fields: LogSchema.connectionFields + [
            LogField("address", "count"), LogField("alert", "string"), LogField("severity", "string"),
            LogField("packet", "count"), LogField("message", "string"), LogField("evidence", "vector[string]"),
        ])
}
