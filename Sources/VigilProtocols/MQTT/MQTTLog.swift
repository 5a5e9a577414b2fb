import VigilCore

/// Zeek's MQTT logs (policy/protocols/mqtt/main.zeek).
enum MQTTLog {
    static let connect = LogSchema(
        path: "mqtt_connect",
        fields: LogSchema.connectionFields + [
            LogField("proto_name", "string"), LogField("proto_version", "string"), LogField("client_id", "string"),
            LogField("connect_status", "string"), LogField("will_topic", "string"), LogField("will_payload", "string"),
        ])
    static let publish = LogSchema(
        path: "mqtt_publish",
        fields: LogSchema.connectionFields + [
            LogField("from_client", "bool"), LogField("retain", "bool"), LogField("qos", "count"), LogField("status", "string"),
            LogField("topic", "string"), LogField("payload", "string"), LogField("payload_len", "count"),
        ])
    static let subscribe = LogSchema(
        path: "mqtt_subscribe",
        fields: LogSchema.connectionFields + [
            LogField("action", "enum"), LogField("topics", "vector[string]"), LogField("qos_levels", "vector[count]"),
            LogField("granted_qos_level", "count"), LogField("ack", "bool"),
        ])

    /// Zeek's MQTT::max_payload_size: payloads are logged up to this many bytes.
    static let maxPayloadLogged = 100
}
