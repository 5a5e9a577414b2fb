import VigilCore
import VigilEvents

/// Per-flow DCE/RPC over TCP (ncacn_ip_tcp, the endpoint mapper on 135 and the ports it hands
/// out: DCOM, WMI, services, scheduled tasks, OPC Classic). Writes dce_rpc.log as Zeek's
/// base/protocols/dce-rpc/main.zeek does, whose rules `DCERPCCallState` keeps.
public final class DCERPCAnalyzer: ProtocolAnalyzer {
    var buffers: [StreamBuffer]
    var stopped = [false, false]
    var state = DCERPCCallState()
    /// A whole PDU was read: Zeek confirms the protocol then, and only then names the service.
    var confirmed = false
    var messageCount = 0
    /// The two ends' roles were reported (on the first response).
    var rolesReported = false

    public static let service = "dce_rpc"

    public static let descriptor = AnalyzerDescriptor(
        service: service, transports: [.tcp], serverPorts: [135],
        confirms: { b, _, _ in DCERPCParser.looksLikeDCERPC(b) },
        make: { DCERPCAnalyzer() })

    init() {
        // A PDU's length is a 16-bit field: no buffer grows past 64 KiB.
        buffers = [StreamBuffer(limit: 1 << 16), StreamBuffer(limit: 1 << 16)]
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !stopped[side] else { return }
        _ = buffers[side].feed(data) { b in
            switch DCERPCParser.parse(b) {
            case .needMore: return 0
            case .invalid:
                // Zeek ignores this analyzer's violations (DPD::ignore_violations): the flow
                // keeps its service; this side is simply not read further.
                stopped[side] = true
                return nil
            case .pdu(let pdu, let consumed):
                handle(pdu, from: isOrig, context: context)
                return consumed
            }
        }
    }

    func handle(_ pdu: DCERPCPDU, from isOrig: Bool, context: FlowContext) {
        confirmed = true
        messageCount += 1
        // The side that answers a call serves the interface; the other calls it.
        if case .response = pdu.kind, !rolesReported {
            rolesReported = true
            context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "dce_rpc_server"))
            context.sink.emit(.role(host: context.host(isOrig: !isOrig), role: "dce_rpc_client"))
        }
        if let call = state.apply(pdu, at: context.ts, flow: context.flow) { context.sink.emit(.dceRPC(call)) }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        // Framing cannot resynchronise inside a stream of PDUs that carry no marker.
        stopped[isOrig ? 0 : 1] = true
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: Self.service, count: &messageCount)
        if let call = state.finish(flow: context.flow) { context.sink.emit(.dceRPC(call)) }
    }

    public var violatedService: String? { confirmed ? nil : Self.service }
}
