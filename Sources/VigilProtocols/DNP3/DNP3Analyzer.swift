import VigilCore
import VigilEvents

/// Per-flow DNP3 state, over TCP or UDP: frames the link layer (CRCs checked), reassembles
/// transport segments into application fragments, logs request/response pairs as Zeek does,
/// control blocks and object headers as ICSNPP does, file-control objects (group 70) in
/// dnp3_file.log, and reads device attributes (group 0) as identity.
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
            context.log(DNP3Log.schema, at: p.ts) { row in
                row.add(DNP3Names.functionField(p.function))
                row.addUnset(count: 2)
            }
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
            // Built field by field: one row per exchange, and the array of values was ~2,000
            // instructions of each.
            context.log(DNP3Log.schema) { row in
                if let request { row.add(DNP3Names.functionField(request.function)) } else { row.addUnset() }
                row.add(DNP3Names.functionField(a.function))
                row.add(optionalCount: a.iin)
            }
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

    func logObjects(_ a: DNP3Fragment, isOrig: Bool, context: FlowContext) {
        // READ requests and RESPONSEs list their objects in dnp3_objects.log (ICSNPP).
        let listsObjects = (a.function == 0x01 && !a.isResponse) || a.function == 0x81
        let function = DNP3Names.functionField(a.function)
        for h in a.objects {
            if listsObjects, let type = DNP3Names.objectFields.logName(UInt32(h.objectType)) {
                context.log(DNP3Log.objectsSchema, isOrig: isOrig) { row in
                    row.add(function)
                    row.add(name: type)
                    row.add(a.isResponse ? .count(h.count) : .unset)
                    row.add(a.isResponse ? .count(h.rangeLow) : .unset)
                    row.add(a.isResponse ? .count(h.rangeHigh) : .unset)
                }
            }
            for c in h.controls {
                context.log(DNP3Log.controlSchema, isOrig: isOrig) { row in
                    row.add(.name(h.variation == 1 ? "Control Relay Output Block" : "Pattern Control Block"))
                    row.add(function)
                    row.add(.count(c.index))
                    row.add(.string(DNP3Names.tripCode(c.controlCode)))
                    row.add(.string(DNP3Names.operationType(c.controlCode)))
                    row.add(.bool(c.controlCode & 0x20 != 0))
                    row.add(.count(c.count))
                    row.add(.count(c.onTime))
                    row.add(.count(c.offTime))
                    row.add(a.isResponse ? .string(DNP3Names.status(c.status)) : .unset)
                }
            }
            for attribute in h.attributes { reportAttribute(attribute, isOrig: isOrig, context: context) }
            if !h.files.isEmpty {
                logFiles(h.files, fragment: a, function: DNP3Names.function(a.function), isOrig: isOrig, context: context)
            }
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
