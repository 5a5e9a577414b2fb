import VigilCore
import VigilEvents
import VigilOSDP

/// OSDP carried over TCP (serial-over-IP bridges, controllers with Ethernet readers): each
/// direction's stream is cut into frames by its own assembler, and the frames go, in arrival
/// order, to one `OSDPMonitor` per flow, the same decoder and attack rules as
/// `vigil osdp monitor`. Its packet events become osdp.log rows and its alerts osdp_alert.log
/// rows. Content-detected (SOM, a plausible length and a matching CRC or checksum), so any
/// port works.
public final class OSDPAnalyzer: ProtocolAnalyzer {
    private var assemblers = [OSDPFrameAssembler(), OSDPFrameAssembler()]
    private let monitor = OSDPMonitor()
    private var messageCount = 0

    public static let descriptor = AnalyzerDescriptor(
        service: "osdp", transports: [.tcp], serverPorts: [],
        confirms: { b, _, _ in looksLikeOSDP(b) }, make: { OSDPAnalyzer() })

    /// A whole, check-verified packet at the start of the first bytes (after an optional mark).
    public static func looksLikeOSDP(_ b: UnsafeRawBufferPointer) -> Bool {
        let start = b.first == OSDPPacket.mark ? 1 : 0
        guard b.count >= start + OSDPLimits.minPacketBytes, b[start] == OSDPPacket.startOfMessage else { return false }
        var assembler = OSDPFrameAssembler()
        assembler.append(b)
        if case .packet(_, _, let offset) = assembler.next() { return offset == start }
        return false
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        assemblers[side].append(data)
        while let output = assemblers[side].next() {
            switch output {
            case .packet(let packet, let raw, _):
                messageCount += 1
                record(monitor.ingest(packet: packet, raw: raw, at: context.ts), isOrig: isOrig, context: context)
            case .refused(let error, let offset):
                context.weird("osdp_bad_frame", error.description, source: "osdp")
                // Counted by the monitor too, so a burst of bad frames raises osdp.error_burst.
                record(monitor.refused(error, offset: offset, at: context.ts), isOrig: isOrig, context: context)
            }
        }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        assemblers[isOrig ? 0 : 1] = OSDPFrameAssembler()
        context.weird("osdp_content_gap", "\(length) bytes", source: "osdp")
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "osdp", count: &messageCount)
    }

    private static let packetKeys: Set<String> = [
        "ts", "packet", "direction", "sequence", "code", "bytes", "security", "mac", "retransmission",
    ]
    private static let alertKeys: Set<String> = ["type", "severity", "ts", "packet", "message"]

    private func record(_ events: [OSDPEvent], isOrig: Bool, context: FlowContext) {
        for event in events {
            switch event.name {
            case "packet":
                context.log(
                    OSDPLog.packets,
                    values: [
                        .bool(isOrig), .optional(event.address), text(event["direction"]), number(event["sequence"]),
                        text(event["code"]), text(event["security"]), number(event["bytes"]), text(event["mac"]),
                        .bool(event["retransmission"] == .bool(true)), details(event, skipping: Self.packetKeys),
                    ])
            case "alert":
                context.log(
                    OSDPLog.alerts,
                    values: [
                        .optional(event.address), text(event["type"]), text(event["severity"]), number(event["packet"]),
                        text(event["message"]), details(event, skipping: Self.alertKeys),
                    ])
            default:
                break
            }
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
