import VigilCore
import VigilEvents

/// Per-flow Modbus/TCP state: frames each direction, logs every PDU, pairs requests with
/// responses by transaction id, and reads device identity from FC 43/14.
public final class ModbusAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    var buffers: [StreamBuffer]
    var pending: [UInt16: UInt8] = [:]  // tid -> request function code
    var rolesSent = false

    public static let descriptor = AnalyzerDescriptor(
        service: "modbus", transports: [.tcp], serverPorts: [502],
        confirms: { b, _, _ in ModbusParser.looksLikeModbus(b) },
        make: { ModbusAnalyzer() })

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
        context.reportMessages(service: "modbus", count: &messageCount)
    }

    func handle(_ f: ModbusFrame, isOrig: Bool, context: FlowContext) {
        messageCount += 1
        if isOrig {
            if pending.count >= context.limits.maxPendingTransactions {
                context.weird("modbus_request_flood", "\(pending.count) unanswered requests", source: "modbus")
                pending.removeAll()
            }
            pending[f.transactionID] = f.functionCode
        } else {
            if pending.removeValue(forKey: f.transactionID) == nil {
                context.weird("modbus_unsolicited_response", "tid \(f.transactionID)", source: "modbus")
            }
        }
        var pdu = ModbusPDUEvent(
            ts: context.ts, flow: context.flow, isOrig: isOrig, transactionID: f.transactionID, unitID: f.unitID,
            functionCode: f.functionCode, exceptionCode: f.isException ? f.data.first : nil)
        if isOrig { ModbusRequestFields.decode(f.data, into: &pdu) }
        context.sink.emit(.modbus(pdu))
        if !isOrig && f.functionCode == 0x2B, let objects = ModbusParser.deviceIdentification(f.data) {
            reportIdentity(objects, frame: f, context: context)
        }
    }

    func reportIdentity(_ objects: [ModbusDeviceObject], frame f: ModbusFrame, context: FlowContext) {
        let server = context.id.respHost
        let texts = objects.map {
            ModbusDeviceIdentificationEvent.Object(id: $0.id, value: BytesText.text($0.value, limit: context.limits.maxLogStringBytes))
        }
        context.sink.emit(
            .modbusDeviceIdentification(
                ModbusDeviceIdentificationEvent(
                    ts: context.ts, flow: context.flow, transactionID: f.transactionID, unitID: f.unitID,
                    conformityLevel: f.data.count > 2 ? f.data[2] : nil, objects: texts)))
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
