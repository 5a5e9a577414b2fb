import VigilCore
import VigilEvents

/// Per-flow DNP3 state, over TCP or UDP: frames the link layer (CRCs checked), reassembles
/// transport segments into application fragments, and reports each as a `DNP3Event`, with
/// request/response pairs as Zeek makes them and file-control objects (group 70) named; reads
/// device attributes (group 0) as identity.
public final class DNP3Analyzer: ProtocolAnalyzer {
    var messageCount = 0
    var buffers: [StreamBuffer]
    var transports = [DNP3Transport(), DNP3Transport()]
    var resynchronising = [false, false]
    /// Zeek keeps one pending dnp3.log row per connection: a request waits for its response.
    var pendingRequest: (ts: Timestamp, function: UInt8)?
    var unansweredRequests = 0
    var rolesSent = false
    var fileTracker: DNP3FileTracker
    let limits: Limits

    public static let tcpDescriptor = AnalyzerDescriptor(
        service: "dnp3_tcp", transports: [.tcp], serverPorts: [20000],
        confirms: { b, _, _ in DNP3LinkParser.looksLikeDNP3(b) },
        make: { DNP3Analyzer() })

    public static let udpDescriptor = AnalyzerDescriptor(
        service: "dnp3_udp", transports: [.udp], serverPorts: [20000],
        confirms: { b, _, _ in DNP3LinkParser.looksLikeDNP3(b) },
        make: { DNP3Analyzer() })

    init(limits: Limits = .default) {
        self.limits = limits
        fileTracker = DNP3FileTracker(limit: limits.maxPendingTransactions)
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        if context.id.proto == .udp {
            // A datagram holds whole frames; a partial frame at its end is lost.
            var o = 0
            while o < data.count, let used = frame(UnsafeRawBufferPointer(rebasing: data[o...]), side: side, context: context) {
                if used == 0 {
                    context.weird("dnp3_truncated_frame", "\(data.count - o) bytes", source: "dnp3")
                    break
                }
                o += used
            }
            return
        }
        let fits = buffers[side].feed(data) { frame($0, side: side, context: context) }
        if !fits { context.weird("dnp3_frame_too_long", source: "dnp3") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        buffers[side].reset()
        transports[side].reset()
        context.weird("dnp3_content_gap", "\(length) bytes", source: "dnp3")
    }

    public func finish(context: FlowContext) {
        if let p = pendingRequest {
            context.sink.emit(
                .dnp3(
                    DNP3Event(
                        ts: p.ts, flow: context.flow, isOrig: true, message: .exchange(request: p.function, response: nil, iin: nil))))
            pendingRequest = nil
        }
        context.reportMessages(service: "dnp3", count: &messageCount)
    }

    /// Parses one link frame at the start of `b`; returns bytes consumed (0: need more).
    func frame(_ b: UnsafeRawBufferPointer, side: Int, context: FlowContext) -> Int? {
        switch DNP3LinkParser.parse(b) {
        case .needMore: return 0
        case .invalid(let name):
            // Resynchronise on the next start bytes; one weird per lost stretch, not per byte.
            if !resynchronising[side] { context.weird(name, source: "dnp3") }
            resynchronising[side] = true
            transports[side].reset()
            var k = 1
            while k + 1 < b.count && !(b[k] == 0x05 && b[k + 1] == 0x64) { k += 1 }
            return k + 1 < b.count ? k : max(1, b.count - 1)
        case .corrupt(let name, let consumed):
            context.weird(name, source: "dnp3")
            transports[side].reset()
            return consumed
        case .frame(let f, let consumed):
            resynchronising[side] = false
            link(f, isOrig: side == 0, context: context)
            return consumed
        }
    }

    func link(_ f: DNP3LinkFrame, isOrig: Bool, context: FlowContext) {
        if !rolesSent && f.carriesUserData {
            rolesSent = true
            // The DIR bit, not the connection's direction, says who is the master (§9.2.4.1.3.1).
            let master = f.fromMaster == isOrig ? context.id.origHost : context.id.respHost
            let outstation = master == context.id.origHost ? context.id.respHost : context.id.origHost
            context.sink.emit(.role(host: master, role: "dnp3_master"))
            context.sink.emit(.role(host: outstation, role: "dnp3_outstation"))
        }
        guard f.carriesUserData else { return }
        switch transports[isOrig ? 0 : 1].add(f.userData, limit: limits.maxMessageBytes) {
        case .incomplete: return
        case .discarded(let name): context.weird(name, source: "dnp3")
        case .fragment(let bytes):
            messageCount += 1
            guard let fragment = bytes.withUnsafeBytes({ DNP3ApplicationParser.parse($0, limits: limits) }) else {
                context.weird("dnp3_truncated_application_header", source: "dnp3")
                return
            }
            application(fragment, isOrig: isOrig, context: context)
        }
    }

    func application(_ a: DNP3Fragment, isOrig: Bool, context: FlowContext) {
        if !DNP3Names.isDefined(a.function) {
            context.weird("dnp3_invalid_function_code", DNP3Names.function(a.function), source: "dnp3")
        }
        if let p = a.problem { context.weird(p.name, p.detail, source: "dnp3") }
        if a.isResponse {
            if a.function == 0x81 && pendingRequest == nil {
                context.weird("dnp3_unsolicited_response", "RESPONSE without a request", source: "dnp3")
            }
            let request = pendingRequest
            pendingRequest = nil
            unansweredRequests = 0
            emit(.exchange(request: request?.function, response: a.function, iin: a.iin), isOrig: isOrig, context: context)
        } else if a.function != 0x00 {  // CONFIRM is a link in the exchange, not a request
            if pendingRequest != nil {
                unansweredRequests += 1
                if unansweredRequests == limits.maxPendingTransactions {
                    context.weird("dnp3_request_flood", "\(unansweredRequests) requests without a response", source: "dnp3")
                }
            }
            pendingRequest = (context.ts, a.function)
        }
        logObjects(a, isOrig: isOrig, context: context)
    }

    func emit(_ message: consuming DNP3EventKind, isOrig: Bool, context: FlowContext) {
        context.sink.emit(.dnp3(DNP3Event(ts: context.ts, flow: context.flow, isOrig: isOrig, message: message)))
    }

    func logObjects(_ a: DNP3Fragment, isOrig: Bool, context: FlowContext) {
        emit(.fragment(a), isOrig: isOrig, context: context)
        for h in a.objects {
            for attribute in h.attributes { reportAttribute(attribute, isOrig: isOrig, context: context) }
            if !h.files.isEmpty { reportFiles(h.files, fragment: a, isOrig: isOrig, context: context) }
        }
    }

    /// Device attributes (§11.9.1, group 0) that name the outstation: 252 manufacturer,
    /// 250 product name and model, 242 software version, 248 serial number.
    func reportAttribute(_ a: DNP3DeviceAttribute, isOrig: Bool, context: FlowContext) {
        let field: IdentityField
        switch a.variation {
        case 252: field = .vendor
        case 250: field = .model
        case 242: field = .firmware
        case 248: field = .serial
        default: return
        }
        let text = BytesText.text(a.value, limit: context.limits.maxLogStringBytes)
        guard !text.isEmpty else { return }
        context.sink.emit(
            .identity(host: context.host(isOrig: isOrig), field: field, value: text, evidence: "dnp3 device attribute g0v\(a.variation)"))
    }
}
