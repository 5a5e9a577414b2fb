import VigilCore
import VigilEvents
import VigilOSDP

/// OSDP carried over TCP (serial-over-IP bridges, controllers with Ethernet readers): each
/// direction's stream is cut into frames by its own assembler, and the frames go, in arrival
/// order, to one `OSDPMonitor` per flow, the same decoder and attack rules as
/// `vigil osdp monitor`. Its packet and alert events are reported as `OSDPFlowEvent`s (written
/// to osdp.log and osdp_alert.log). Content-detected (SOM, a plausible length and a matching CRC or checksum), so any
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

    private func record(_ events: [OSDPEvent], isOrig: Bool, context: FlowContext) {
        for event in events where event.name == "packet" || event.name == "alert" {
            context.sink.emit(.osdp(OSDPFlowEvent(ts: context.ts, flow: context.flow, isOrig: isOrig, message: event)))
        }
    }
}
