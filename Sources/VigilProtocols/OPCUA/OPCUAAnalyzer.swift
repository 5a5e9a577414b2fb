import VigilCore
import VigilEvents

/// OPC UA binary over TCP (IEC 62541-6 §7, UA Connection Protocol and Secure Conversation):
/// Hello/Acknowledge/Error, OpenSecureChannel with its security policy and mode, and service
/// messages with their request and response headers. Requests are paired with responses by
/// request id into one exchange, as ICSNPP's opcua_binary row pairs them; the bodies of
/// OpenSecureChannel, CreateSession, ActivateSession, CloseSession, GetEndpoints,
/// CreateSubscription, Read, Write, Browse, BrowseNext and CreateMonitoredItems are read
/// and reported with their message (`OPCUAEvent`). Content-detected, so any port works.
public final class OPCUAAnalyzer: ProtocolAnalyzer {
    var messageCount = 0
    var buffers: [StreamBuffer]
    let limits: Limits
    var bodyState = OPCUABodyState.unknown
    /// Requests awaiting a response, by request id, and their arrival order.
    var pending: [UInt32: OPCUAMessage] = [:]
    var pendingOrder: [UInt32] = []
    /// Intermediate chunks' bodies per direction and request id, until the final chunk.
    var partialBodies: [UInt64: (size: UInt64, body: [UInt8])] = [:]
    var linkCounter = 0
    /// Events already reported for this flow: roles and the once-per-flow weirds.
    var reported: Reported = []

    struct Reported: OptionSet {
        let rawValue: UInt8
        static let clientIsOrig = Reported(rawValue: 1 << 0)
        static let clientIsResp = Reported(rawValue: 1 << 1)
        static let policyNone = Reported(rawValue: 1 << 2)
        static let anonymousSession = Reported(rawValue: 1 << 3)
        static let pendingOverflow = Reported(rawValue: 1 << 4)
        static let cleartextPassword = Reported(rawValue: 1 << 5)
    }

    public static let descriptor = AnalyzerDescriptor(
        service: "opcua-binary", transports: [.tcp], serverPorts: [4840],
        confirms: { b, _, _ in looksLikeOPCUA(b) }, make: { OPCUAAnalyzer() })

    init(limits: Limits = .default) {
        self.limits = limits
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    /// A known message type, a chunk type of F, C or A, and a size no smaller than the type's
    /// fixed fields (Hello 32 bytes with its URL length; secure messages 16 and up).
    public static func looksLikeOPCUA(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 8, let type = OPCUAChunk.messageType(b), OPCUAChunk.chunkTypes.contains(b[3]) else { return false }
        let size = ByteReader.u32le(b, 4)
        let minimum: UInt32 = type == "HEL" ? 32 : type == "ACK" ? 28 : 16
        return size >= minimum && size <= 1 << 24
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let fits = buffers[isOrig ? 0 : 1].feed(data) { frame($0, isOrig: isOrig, context: context) }
        if !fits { context.weird("opcua_message_too_big", source: "opcua") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        buffers[isOrig ? 0 : 1].reset()
        partialBodies = partialBodies.filter { ($0.key >> 32 == 1) != isOrig }
        context.weird("opcua_content_gap", "\(length) bytes", source: "opcua")
    }

    public func finish(context: FlowContext) {
        for id in pendingOrder {
            if let request = pending[id] { reportExchange(request: request, response: nil, context: context) }
        }
        pending.removeAll()
        pendingOrder.removeAll()
        context.reportMessages(service: "opcua-binary", count: &messageCount)
    }

    /// One chunk at the start of `b`: bytes consumed, 0 for more, nil to stop following.
    func frame(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) -> Int? {
        guard b.count >= OPCUAChunk.headerLength else { return 0 }
        guard OPCUAChunk.messageType(b) != nil else {
            context.weird("opcua_invalid_message_type", BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[0..<3])), source: "opcua")
            return nil
        }
        let size = Int(ByteReader.u32le(b, 4))
        guard size >= OPCUAChunk.headerLength, size <= limits.maxMessageBytes else {
            context.weird("opcua_invalid_message_size", "\(size)", source: "opcua")
            return nil
        }
        guard b.count >= size else { return 0 }
        let bytes = UnsafeRawBufferPointer(rebasing: b[0..<size])
        switch OPCUAChunk.parse(bytes, encrypted: bodyState == .encrypted) {
        case .failure(.invalidChunkType(let t)):
            context.weird("opcua_invalid_chunk_type", Hex.prefixed(UInt64(t), width: 2), source: "opcua")
            return nil
        case .failure(.invalidMessageType(let t)):
            context.weird("opcua_invalid_message_type", t, source: "opcua")
            return nil
        case .failure(.truncated(let what)):
            context.weird("opcua_length_mismatch", "message size \(size) too small for \(what)", source: "opcua")
        case .success(let chunk):
            messageCount += 1
            handle(chunk, bytes, isOrig: isOrig, context: context)
        }
        return size
    }

    func handle(_ chunk: OPCUAChunk, _ bytes: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        switch chunk.messageType {
        case "HEL", "ACK", "ERR", "RHE":
            if chunk.messageType == "HEL" { reportRoles(clientIsOrig: isOrig, context: context) }
            if let code = chunk.errorCode {
                context.weird(
                    "opcua_error_message", Hex.prefixed(UInt64(code), width: 8) + " " + (chunk.reason?.text ?? ""), source: "opcua")
            }
            reportExchange(
                request: message(chunk, isOrig: isOrig, size: UInt64(chunk.size), context: context), response: nil, context: context)
        default:
            secureMessage(chunk, bytes, isOrig: isOrig, context: context)
        }
    }

    func message(_ chunk: OPCUAChunk, isOrig: Bool, size: UInt64, context: FlowContext) -> OPCUAMessage {
        linkCounter += 1
        return OPCUAMessage(ts: context.ts, isOrig: isOrig, chunk: chunk, size: size, linkID: "\(context.uid)-\(linkCounter)")
    }

    /// OPN, MSG and CLO: gathers intermediate chunks, then reads the service header and pairs
    /// requests with responses.
    func secureMessage(_ chunk: OPCUAChunk, _ bytes: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let bodyOffset = chunk.bodyOffset, let requestID = chunk.requestID else {
            // Encrypted (or unreadable) body: the clear headers are all there is to log.
            return reportExchange(
                request: message(chunk, isOrig: isOrig, size: UInt64(chunk.size), context: context), response: nil, context: context)
        }
        let key = (isOrig ? 1 << 32 : 0) | UInt64(requestID)
        let body = UnsafeRawBufferPointer(rebasing: bytes[bodyOffset...])
        if !chunk.isFinal {
            var part = partialBodies.removeValue(forKey: key) ?? (0, [])
            if chunk.chunkType == UInt8(ascii: "A") { return }  // abort: the sender discards the message (§6.7.3)
            guard part.body.count + body.count <= limits.maxMessageBytes else {
                return context.weird("opcua_message_too_big", "request id \(requestID)", source: "opcua")
            }
            part.size += UInt64(chunk.size)
            part.body.append(contentsOf: body)
            partialBodies[key] = part
            return
        }
        if let part = partialBodies.removeValue(forKey: key) {
            let whole = part.body + Array(body)
            whole.withUnsafeBytes { service(chunk, $0, size: part.size + UInt64(chunk.size), isOrig: isOrig, context: context) }
        } else {
            service(chunk, body, size: UInt64(chunk.size), isOrig: isOrig, context: context)
        }
    }

    func service(_ chunk: OPCUAChunk, _ body: UnsafeRawBufferPointer, size: UInt64, isOrig: Bool, context: FlowContext) {
        var m = message(chunk, isOrig: isOrig, size: size, context: context)
        var r = OPCUAReader(body)
        m.service = OPCUAServiceHeader.read(&r, fromClient: isOrig)
        if m.service == nil {
            // Unknown state: the capture began after OpenSecureChannel and the body may be
            // encrypted, so a failed read is no evidence of a malformed message.
            if bodyState != .unknown {
                context.weird("opcua_malformed_message", "\(chunk.messageType) request id \(chunk.requestID ?? 0)", source: "opcua")
            }
            return reportExchange(request: isOrig ? m : nil, response: isOrig ? nil : m, context: context)
        }
        if let name = m.service?.typeName {
            if chunk.messageType == "OPN" && !name.hasPrefix("OpenSecureChannel") && name != "ServiceFault" {
                context.weird("opcua_unexpected_service", "\(name) in OPN", source: "opcua")
            }
        } else {
            context.weird("opcua_unknown_service", "\(m.service?.typeID.numeric ?? 0)", source: "opcua")
        }
        if m.isResponse {
            let request = pending.removeValue(forKey: chunk.requestID ?? 0)
            if let request {
                pendingOrder.removeAll { $0 == request.chunk.requestID }
                m.linkID = request.linkID
                m.readNodes = request.readNodes
            } else {
                context.weird("opcua_unsolicited_response", m.service?.typeName ?? "request id \(chunk.requestID ?? 0)", source: "opcua")
            }
            reportRoles(clientIsOrig: !isOrig, context: context)
            if let header = m.service?.response { emit(.headerStatuses(m, OPCUAFoundStatus.header(header)), of: m, context: context) }
            readService(&m, &r, context: context)
            reportExchange(request: request, response: m, context: context)
        } else {
            reportRoles(clientIsOrig: isOrig, context: context)
            readService(&m, &r, context: context)
            // CloseSecureChannel has no response (Part 4 §5.5.3): its row is complete now.
            if chunk.messageType == "CLO" { return reportExchange(request: m, response: nil, context: context) }
            remember(m, context: context)
        }
    }

    /// Holds a request for its response. Past `Limits.maxPendingTransactions` unanswered
    /// requests the oldest is logged alone: a client flooding requests cannot grow memory.
    func remember(_ m: OPCUAMessage, context: FlowContext) {
        let id = m.chunk.requestID ?? 0
        if let previous = pending[id] {
            pendingOrder.removeAll { $0 == id }
            reportExchange(request: previous, response: nil, context: context)
        }
        if pendingOrder.count >= limits.maxPendingTransactions, let oldest = pendingOrder.first {
            pendingOrder.removeFirst()
            if let o = pending.removeValue(forKey: oldest) { reportExchange(request: o, response: nil, context: context) }
            once(.pendingOverflow) { context.weird("opcua_too_many_pending_requests", "\(limits.maxPendingTransactions)", source: "opcua") }
        }
        pending[id] = m
        pendingOrder.append(id)
    }

    /// One request with its response, or a message that is not a request or response, as
    /// one exchange.
    func reportExchange(request: OPCUAMessage?, response: OPCUAMessage?, context: FlowContext) {
        guard let first = request ?? response else { return }
        context.sink.emit(
            .opcua(
                OPCUAEvent(ts: first.ts, flow: context.flow, isOrig: first.isOrig, message: .exchange(request: request, response: response))
            ))
    }

    /// Reports what was read of message `m`.
    func emit(_ kind: OPCUAEventKind, of m: OPCUAMessage, context: FlowContext) {
        context.sink.emit(.opcua(OPCUAEvent(ts: context.ts, flow: context.flow, isOrig: m.isOrig, message: kind)))
    }

    /// Runs `body` the first time `event` happens on this flow.
    func once(_ event: Reported, _ body: () -> Void) {
        guard !reported.contains(event) else { return }
        reported.insert(event)
        body()
    }

    func reportRoles(clientIsOrig: Bool, context: FlowContext) {
        once(clientIsOrig ? .clientIsOrig : .clientIsResp) {
            context.sink.emit(.role(host: context.host(isOrig: clientIsOrig), role: "opcua_client"))
            context.sink.emit(.role(host: context.host(isOrig: !clientIsOrig), role: "opcua_server"))
        }
    }
}
