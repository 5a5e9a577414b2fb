import VigilCore
import VigilEvents

/// Syslog over UDP (RFC 3164, RFC 5424): network gear, controllers and gateways report to a
/// collector this way. Each datagram is one message starting with its priority, `<PRI>`
/// (RFC 5424 §6.2.1: one to three digits, at most 191); what follows is the message as Zeek's
/// syslog analyzer logs it.
public final class SyslogAnalyzer: ProtocolAnalyzer {
    var messageCount = 0

    public static let descriptor = AnalyzerDescriptor(
        service: "syslog", transports: [.udp], serverPorts: [514],
        confirms: { b, isOrig, _ in isOrig && priority(b) != nil }, make: { SyslogAnalyzer() })

    /// The priority and the offset just past its `>`, or nil when the datagram does not start
    /// with one.
    static func priority(_ b: UnsafeRawBufferPointer) -> (value: Int, end: Int)? {
        guard b.count >= 3, b[0] == UInt8(ascii: "<") else { return nil }
        var value = 0
        var i = 1
        while i < b.count, i <= 3, (0x30...0x39).contains(b[i]) {
            value = value * 10 + Int(b[i] - 0x30)
            i += 1
        }
        guard i > 1, i < b.count, b[i] == UInt8(ascii: ">"), value <= 191 else { return nil }
        return (value, i + 1)
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let (pri, end) = Self.priority(data) else {
            return context.weird("syslog_malformed", "\(data.count) bytes without a <priority>", source: "syslog")
        }
        messageCount += 1
        context.sink.emit(
            .syslog(
                SyslogMessageEvent(
                    ts: context.ts, flow: context.flow, facility: pri / 8, severity: pri % 8, message: Array(data[end...]))))
        context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "syslog_sender"))
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "syslog", count: &messageCount)
    }
}
