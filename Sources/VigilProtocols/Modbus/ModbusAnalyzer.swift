import VigilCore
import VigilEvents

/// Per-flow Modbus/TCP state: frames each direction, logs every PDU, pairs requests with
/// responses by transaction id, and reads device identity from FC 43/14.
public final class ModbusAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    var buffers: [StreamBuffer]
    /// Requests waiting for their response, by transaction id.
    var pending: [UInt16: ModbusPDUEvent] = [:]
    /// The last link number given (FC 22, 23 and 43 pairs).
    var links = 0
    var rolesSent = false

    public static let descriptor = AnalyzerDescriptor(
        service: "modbus", transports: [.tcp], serverPorts: [502],
        confirms: { b, _, _ in ModbusParser.looksLikeModbus(b) },
        make: { ModbusAnalyzer() })

    /// Functions whose request and response rows in ICSNPP's logs are linked.
    static let linkedFunctions: Set<UInt8> = [0x16, 0x17, 0x2B]

    init(limits: Limits = .default) {
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        if !rolesSent {
            rolesSent = true
            context.sink.emit(.role(host: context.id.origHost, role: "modbus_client"))
            context.sink.emit(.role(host: context.id.respHost, role: "modbus_server"))
        }
        let fits = buffers[side].feed(data) { b in
            switch ModbusParser.parse(b) {
            case .needMore: return 0
            case .invalid(let name):
                context.weird(name, source: "modbus")
                return nil
            case .frame(let f, let consumed):
                handle(f, isOrig: isOrig, context: context)
                return consumed
            }
        }
        if !fits { context.weird("modbus_message_too_big", source: "modbus") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        buffers[isOrig ? 0 : 1].reset()
        context.weird("modbus_content_gap", "\(length) bytes", source: "modbus")
    }

    public func finish(context: FlowContext) {
        flushPending(context: context)
        context.reportMessages(service: "modbus", count: &messageCount)
    }

    func handle(_ f: ModbusFrame, isOrig: Bool, context: FlowContext) {
        messageCount += 1
        var pdu = ModbusPDUEvent(
            ts: context.ts, flow: context.flow, isOrig: isOrig, transactionID: f.transactionID, unitID: f.unitID,
            functionCode: f.functionCode, exceptionCode: f.isException ? f.data.first : nil)
        ModbusPDUFields.decode(f.data, into: &pdu)
        if isOrig {
            if pending.count >= context.limits.maxPendingTransactions {
                context.weird("modbus_request_flood", "\(pending.count) unanswered requests", source: "modbus")
                flushPending(context: context)
            }
            if Self.linkedFunctions.contains(f.functionCode) { pdu.linkNumber = nextLink() }
            context.sink.emit(.modbus(pdu))
            // A transaction id reused before its answer came: the earlier request stays unanswered.
            if let earlier = pending.updateValue(pdu, forKey: f.transactionID) {
                context.sink.emit(.modbusTransaction(ModbusTransactionEvent(request: earlier, response: nil)))
            }
            return
        }
        let request = pending.removeValue(forKey: f.transactionID)
        if request == nil {
            context.weird("modbus_unsolicited_response", "tid \(f.transactionID)", source: "modbus")
        }
        if Self.linkedFunctions.contains(f.functionCode) { pdu.linkNumber = request?.linkNumber ?? nextLink() }
        context.sink.emit(.modbus(pdu))
        if f.functionCode == 0x2B, let objects = ModbusParser.deviceIdentification(f.data) {
            reportIdentity(objects, frame: f, linkNumber: pdu.linkNumber, context: context)
        }
        context.sink.emit(.modbusTransaction(ModbusTransactionEvent(request: request, response: pdu)))
    }

    func nextLink() -> Int {
        links += 1
        return links
    }

    /// Requests never answered, in the order they were sent.
    func flushPending(context: FlowContext) {
        let unanswered = pending.values.sorted { ($0.ts, $0.transactionID) < ($1.ts, $1.transactionID) }
        pending.removeAll()
        for request in unanswered { context.sink.emit(.modbusTransaction(ModbusTransactionEvent(request: request, response: nil))) }
    }

    func reportIdentity(_ objects: [ModbusDeviceObject], frame f: ModbusFrame, linkNumber: Int?, context: FlowContext) {
        let server = context.id.respHost
        let texts = objects.map {
            ModbusDeviceIdentificationEvent.Object(id: $0.id, value: BytesText.text($0.value, limit: context.limits.maxLogStringBytes))
        }
        context.sink.emit(
            .modbusDeviceIdentification(
                ModbusDeviceIdentificationEvent(
                    ts: context.ts, flow: context.flow, transactionID: f.transactionID, unitID: f.unitID, readCode: f.data[1],
                    conformityLevel: f.data[2], objects: texts, linkNumber: linkNumber)))
        for o in texts {
            var evidence = "modbus FC43 object \(Hex.prefixed(UInt64(o.id), width: 2))"
            let field: IdentityField?
            switch o.id {
            case 0x00: field = .vendor
            case 0x04: field = .product
            case 0x05: field = .model
            case 0x02: field = .firmware
            case 0x01:  // ProductCode names the model only until a ModelName (0x05) is seen
                field = .model
                evidence += " (fallback)"
            default: field = nil
            }
            if let field, !o.value.isEmpty { context.sink.emit(.identity(host: server, field: field, value: o.value, evidence: evidence)) }
        }
    }
}
