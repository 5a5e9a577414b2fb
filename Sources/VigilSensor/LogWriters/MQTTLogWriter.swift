import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes MQTT events as Zeek's MQTT logs (policy/protocols/mqtt/main.zeek): mqtt_connect.log,
/// mqtt_publish.log and mqtt_subscribe.log.
final class MQTTLogWriter {
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

    private var text = FlowTextCache()

    private func row(_ schema: LogSchema, _ ts: Timestamp, _ flow: FlowRef, _ values: [LogValue], to router: EventRouter) {
        let fields = text.fieldText(flow)
        router.log(schema) { row in
            row.connection(ts: ts, fields)
            row.add(contentsOf: values)
        }
    }

    func write(_ c: MQTTConnectEvent, to router: EventRouter) {
        row(
            Self.connect, c.ts, c.flow,
            [
                .string(c.protocolName), .string(MQTTNames.version(c.level)), .string(c.clientID),
                .optional(c.status.map(MQTTNames.connectStatus)), .optional(c.willTopic),
                .optional(c.willPayload.map { BytesText.text(Array($0.prefix(Self.maxPayloadLogged))) }),
            ], to: router)
    }

    func write(_ p: MQTTPublishEvent, to router: EventRouter) {
        row(
            Self.publish, p.ts, p.flow,
            [
                .bool(p.fromClient), .bool(p.retain), .count(p.qos), .string(p.completed ? "ok" : "incomplete_qos"), .string(p.topic),
                .string(BytesText.escaped(Array(p.payload.prefix(Self.maxPayloadLogged)))), .count(p.payload.count),
            ], to: router)
    }

    func write(_ s: MQTTSubscribeEvent, to router: EventRouter) {
        row(
            Self.subscribe, s.ts, s.flow,
            [
                .string(s.subscribe ? "MQTT::SUBSCRIBE" : "MQTT::UNSUBSCRIBE"), .strings(s.topics),
                s.subscribe ? .counts(s.requestedQoS.map { UInt64($0) }) : .unset, .optional(s.granted), .bool(s.acknowledged),
            ], to: router)
    }
}
