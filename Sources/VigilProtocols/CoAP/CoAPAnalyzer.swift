import VigilCore
import VigilEvents

/// CoAP over UDP (RFC 7252): one coap.log row per message. Recognised on 5683/5684, or on any
/// port when a request's header, token and options all parse and name a URI.
public final class CoAPAnalyzer: ProtocolAnalyzer {
    var messageCount = 0
    /// Requests since the last response, ACK or RST in this flow.
    var unansweredRequests = 0
    /// Whether the responder, and the originator, were already reported as CoAP servers.
    var responderIsServer = false
    var originatorIsServer = false
    let limits: Limits

    public static let descriptor = AnalyzerDescriptor(
        service: "coap", transports: [.udp], serverPorts: [5683],
        confirms: { b, _, id in looksLikeCoAP(b, id: id) }, make: { CoAPAnalyzer() })

    init(limits: Limits = .default) { self.limits = limits }

    public static func looksLikeCoAP(_ b: UnsafeRawBufferPointer, id: ConnectionID) -> Bool {
        guard case .success(let m) = CoAPMessage.parse(b, maxText: 64), m.codeClass != 1, m.codeClass < 6 else { return false }
        if [5683, 5684].contains(id.respPort) || [5683, 5684].contains(id.origPort) { return true }
        return m.isRequest && CoAPMessage.method(m.codeDetail) != nil && !m.uriPath.isEmpty
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let m: CoAPMessage
        switch CoAPMessage.parse(data, maxText: limits.maxLogStringBytes) {
        case .success(let parsed): m = parsed
        case .failure(.truncatedHeader): return context.weird("coap_truncated_header", source: "coap")
        case .failure(.invalidVersion(let v)): return context.weird("coap_invalid_version", "\(v)", source: "coap")
        case .failure(.invalidTokenLength(let n)): return context.weird("coap_invalid_token_length", "\(n)", source: "coap")
        case .failure(.malformedOptions(let at)): return context.weird("coap_malformed_options", "at byte \(at)", source: "coap")
        }
        messageCount += 1
        // Classes 1, 6 and 7 are reserved (§12.1); an Empty message (0.00) carries nothing (§4.1).
        if m.codeClass == 1 || m.codeClass >= 6 { context.weird("coap_invalid_code", m.code, source: "coap") }
        if m.codeClass == 0 && m.codeDetail == 0 && (m.token.count > 0 || m.optionCount > 0 || m.payloadLength > 0) {
            context.weird("coap_empty_message_not_empty", source: "coap")
        }
        countExchange(m, context: context)
        context.sink.emit(
            .coap(
                CoAPMessageEvent(
                    ts: context.ts, flow: context.flow, isOrig: isOrig, type: m.type, codeClass: m.codeClass, codeDetail: m.codeDetail,
                    messageID: m.messageID, token: Array(m.token), uriHost: m.uriHost, uriPort: m.uriPort, uriPath: m.uriPath,
                    uriQuery: m.uriQuery, contentFormat: m.contentFormat, observe: m.observe, block1: m.block1, block2: m.block2,
                    payloadLength: m.payloadLength)))
        // The role once per flow and side: the inventory's role set already has it after that.
        if m.isRequest && !(isOrig ? responderIsServer : originatorIsServer) {
            if isOrig { responderIsServer = true } else { originatorIsServer = true }
            context.sink.emit(.role(host: context.host(isOrig: !isOrig), role: "coap_server"))
        }
    }

    /// A request is answered by a response (class 2-5), or an ACK or RST for its message id
    /// (RFC 7252 §4.2, §4.3, §5.2). `Limits.maxPendingTransactions` requests in a row with no
    /// answer at all is a flood, or a client talking to nothing: `coap_request_flood`, once
    /// per run of requests.
    func countExchange(_ m: CoAPMessage, context: FlowContext) {
        if m.isRequest {
            unansweredRequests += 1
            if unansweredRequests == limits.maxPendingTransactions {
                context.weird("coap_request_flood", "\(unansweredRequests) requests without a response", source: "coap")
            }
        } else if m.codeClass >= 2 || m.type >= 2 {
            unansweredRequests = 0
        }
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "coap", count: &messageCount)
    }
}
