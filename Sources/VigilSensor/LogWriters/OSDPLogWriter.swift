import VigilCore
import VigilEvents
import VigilLogs

/// Writes the OSDP monitor's `packet` and `alert` events as osdp.log and osdp_alert.log:
/// Vigil's own schemas in Zeek's naming style (docs/LOGS.md).
final class OSDPLogWriter {
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

    private static let packetKeys: Set<String> = [
        "ts", "packet", "direction", "sequence", "code", "bytes", "security", "mac", "retransmission",
    ]
    private static let alertKeys: Set<String> = ["type", "severity", "ts", "packet", "message"]

    private var text = FlowTextCache()

    func write(_ e: OSDPFlowEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        let event = e.message
        let values: [LogValue]
        let schema: LogSchema
        switch event.name {
        case "packet":
            schema = Self.packets
            values = [
                .bool(e.isOrig), .optional(event.address), text(event["direction"]), number(event["sequence"]),
                text(event["code"]), text(event["security"]), number(event["bytes"]), text(event["mac"]),
                .bool(event["retransmission"] == .bool(true)), details(event, skipping: Self.packetKeys),
            ]
        case "alert":
            schema = Self.alerts
            values = [
                .optional(event.address), text(event["type"]), text(event["severity"]), number(event["packet"]),
                text(event["message"]), details(event, skipping: Self.alertKeys),
            ]
        default:
            return
        }
        router.log(schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }

    private func text(_ value: OSDPEvent.Value?) -> LogValue {
        if case .string(let s) = value { return .string(s) }
        return .unset
    }

    private func number(_ value: OSDPEvent.Value?) -> LogValue {
        if case .int(let n) = value, n >= 0 { return .count(n) }
        return .unset
    }

    /// The event's remaining fields as `key=value` strings, in the event's order.
    private func details(_ event: OSDPEvent, skipping: Set<String>) -> LogValue {
        let items = event.fields.compactMap { key, value -> String? in
            guard !skipping.contains(key) else { return nil }
            switch value {
            case .string(let s): return "\(key)=\(s)"
            case .int(let n): return "\(key)=\(n)"
            case .bool(let b): return "\(key)=\(b ? "T" : "F")"
            case .ints(let list): return "\(key)=" + list.map(String.init).joined(separator: "/")
            case .time(let t): return "\(key)=\(t.zeekFormatted)"
            }
        }
        return items.isEmpty ? .unset : .strings(items)
    }
}
