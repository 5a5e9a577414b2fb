import VigilCore
import VigilEvents

/// DNS over UDP (one message per datagram) and TCP (2-byte length prefix, RFC 1035 §4.2.2).
public final class DNSAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    struct PendingQuery {
        var ts: Timestamp
        var message: DNSMessage
    }

    var pending: [UInt16: PendingQuery] = [:]
    var tcpBuffers = [StreamBuffer(limit: 65_537), StreamBuffer(limit: 65_537)]

    public static let descriptor = AnalyzerDescriptor(
        service: "dns", transports: [.udp, .tcp], serverPorts: [53, 5353, 5355],
        confirms: { b, _, id in
            if id.proto == .udp { return DNSParser.looksLikeDNS(b) }
            // DNS over TCP: a 2-byte length, then a message (RFC 1035 §4.2.2).
            guard b.count >= 14 else { return false }
            return DNSParser.looksLikeDNS(UnsafeRawBufferPointer(rebasing: b[2..<min(b.count, Int(ByteReader.u16(b, 0)) + 2)]))
        },
        make: { DNSAnalyzer() })

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if context.id.proto == .udp {
            message(data, isOrig: isOrig, context: context)
            return
        }
        let side = isOrig ? 0 : 1
        guard tcpBuffers[side].append(data) else { return }
        while tcpBuffers[side].bytes.count >= 2 {
            let len = Int(tcpBuffers[side].bytes[0]) << 8 | Int(tcpBuffers[side].bytes[1])
            guard tcpBuffers[side].bytes.count >= 2 + len else { return }
            tcpBuffers[side].bytes.withUnsafeBytes {
                message(UnsafeRawBufferPointer(rebasing: $0[2..<(2 + len)]), isOrig: isOrig, context: context)
            }
            tcpBuffers[side].consume(2 + len)
        }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) { tcpBuffers[isOrig ? 0 : 1].reset() }

    func message(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let msg: DNSMessage
        do {
            msg = try DNSParser.parse(b, additionals: isMulticastDNS(context))
        } catch {
            switch error {
            case .truncated(let n), .malformed(let n): context.weird(n, source: "dns")
            }
            return
        }
        messageCount += 1
        if !msg.isResponse {
            if pending.count >= context.limits.maxPendingTransactions {
                context.weird("dns_unmatched_msg_quantity", "\(pending.count) queries unanswered", source: "dns")
                flushPending(context)
            }
            if let old = pending[msg.id] { log(query: old, response: nil, context: context) }
            pending[msg.id] = PendingQuery(ts: context.ts, message: msg)
            return
        }
        if isMulticastDNS(context) {
            MulticastDNSIdentity.report(msg, from: context.host(isOrig: isOrig), context: context)
        } else {
            context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "dns_server"))
        }
        let query = pending.removeValue(forKey: msg.id)
        if query == nil { context.weird("dns_unmatched_reply", source: "dns") }
        log(query: query, response: msg, context: context)
        let asked = msg.questions.first?.name ?? ""
        for a in msg.answers where a.address != nil && !asked.isEmpty && !isMulticastDNS(context) {
            context.sink.emit(.hostname(host: a.address!, name: a.name.isEmpty ? asked : a.name, evidence: "dns answer"))
        }
    }

    /// Multicast DNS (RFC 6762) runs on port 5353 at both ends: each responder speaks for
    /// itself, not as a name server.
    func isMulticastDNS(_ context: FlowContext) -> Bool { context.id.respPort == 5353 && context.id.origPort == 5353 }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "dns", count: &messageCount)
        flushPending(context)
    }

    func flushPending(_ context: FlowContext) {
        for q in pending.values.sorted(by: { $0.ts < $1.ts }) { log(query: q, response: nil, context: context) }
        pending.removeAll()
    }

    func log(query: PendingQuery?, response: DNSMessage?, context: FlowContext) {
        context.sink.emit(
            .dns(
                DNSTransactionEvent(
                    ts: query?.ts ?? context.ts, flow: context.flow, query: query?.message, response: response,
                    responseTime: context.ts)))
    }
}
