import VigilCore
import VigilEvents

/// DHCP over UDP: each datagram is one message, handed to the pipeline-wide exchange table.
public final class DHCPAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    public static let descriptor = AnalyzerDescriptor(
        service: "dhcp", transports: [.udp], serverPorts: [67, 68],
        confirms: { b, _, _ in DHCPParser.looksLikeDHCP(b) },
        make: { DHCPAnalyzer() })

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let m = DHCPParser.parse(data) else {
            context.weird("dhcp_malformed", source: "dhcp")
            return
        }
        messageCount += 1
        let id = context.id
        context.shared.dhcp.add(
            m, context: context, srcHost: isOrig ? id.origHost : id.respHost, srcPort: isOrig ? id.origPort : id.respPort,
            dstHost: isOrig ? id.respHost : id.origHost, dstPort: isOrig ? id.respPort : id.origPort)
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "dhcp", count: &messageCount)
    }
}
