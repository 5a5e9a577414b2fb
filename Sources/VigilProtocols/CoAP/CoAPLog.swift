import VigilCore

/// coap.log: Vigil's own schema in Zeek's naming style (documented in docs/LOGS.md).
enum CoAPLog {
    static let schema = LogSchema(
        path: "coap",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("msg_type", "string"), LogField("code", "string"), LogField("method", "string"),
            LogField("status", "string"), LogField("message_id", "count"), LogField("token", "string"), LogField("uri_host", "string"),
            LogField("uri_port", "count"), LogField("uri_path", "string"), LogField("uri_query", "string"),
            LogField("content_format", "count"), LogField("observe", "count"), LogField("block1", "string"),
            LogField("block2", "string"), LogField("payload_len", "count"),
        ])
}
