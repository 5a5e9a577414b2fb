import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes Modbus events as Zeek 7's modbus.log (base/protocols/modbus/main.zeek: one row per
/// PDU, requests and responses alike) and ICSNPP-modbus's logs (scripts/main.zeek):
/// modbus_detailed.log (a request and its response in one row, with addresses and values),
/// modbus_mask_write_register.log and modbus_read_write_multiple_registers.log (one row per
/// message of FC 22 and FC 23), and modbus_read_device_identification.log (FC 43/14: the
/// request, and one row per object of the response). Rows of one exchange share a
/// `modbus_detailed_link_id`: the connection's uid and the exchange's number in it.
final class ModbusLogWriter {
    static let schema = LogSchema(
        path: "modbus",
        fields: LogSchema.connectionFields + [
            LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"), LogField("pdu_type", "string"),
            LogField("exception", "string"),
        ])

    static let detailedSchema = LogSchema(
        path: "modbus_detailed",
        fields: LogSchema.connectionFields + [
            LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"), LogField("address", "count"),
            LogField("quantity", "count"), LogField("request_values", "vector[count]"),
            LogField("response_values", "vector[count]"), LogField("modbus_detailed_link_id", "string"),
            LogField("matched", "bool"), LogField("request_subfunction_code", "string"),
            LogField("response_subfunction_code", "string"), LogField("request_data", "string"),
            LogField("response_data", "string"), LogField("exception_code", "string"), LogField("mei_type", "string"),
        ])

    /// The fields after the direction block that every per-message ICSNPP log starts with.
    static let messageFields = [
        LogField("modbus_detailed_link_id", "string"), LogField("tid", "count"), LogField("unit", "count"),
        LogField("func", "string"), LogField("request_response", "string"),
    ]

    static let maskWriteSchema = LogSchema(
        path: "modbus_mask_write_register",
        fields: LogSchema.directionalFields + messageFields + [
            LogField("address", "count"), LogField("and_mask", "count"), LogField("or_mask", "count"),
        ])

    static let readWriteSchema = LogSchema(
        path: "modbus_read_write_multiple_registers",
        fields: LogSchema.directionalFields + messageFields + [
            LogField("write_start_address", "count"), LogField("write_registers", "vector[count]"),
            LogField("read_start_address", "count"), LogField("read_quantity", "count"),
            LogField("read_registers", "vector[count]"),
        ])

    static let deviceIdentificationSchema = LogSchema(
        path: "modbus_read_device_identification",
        fields: LogSchema.directionalFields + messageFields + [
            LogField("mei_type", "string"), LogField("conformity_level_code", "string"), LogField("conformity_level", "string"),
            LogField("device_id_code", "count"), LogField("object_id_code", "string"), LogField("object_id", "string"),
            LogField("object_value", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: ModbusPDUEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(.count(e.transactionID))
            row.add(.count(e.unitID))
            row.add(ModbusNames.functionFields.field(UInt32(e.functionCode)) { ModbusNames.function(e.functionCode) })
            row.add(.name(e.isOrig ? "REQ" : "RESP"))
            row.add(.optional(ModbusDetailedRow.exceptionName(e)))
        }
        switch e.functionCode {
        case 0x16: writeMaskWrite(e, flow, to: router)
        case 0x17: writeReadWrite(e, flow, to: router)
        case 0x2B: writeDeviceIdentificationRequest(e, flow, to: router)
        default: break
        }
    }

    func write(_ t: ModbusTransactionEvent, to router: EventRouter) {
        let flow = text.fieldText(t.first.flow)
        for r in ModbusDetailedRow.rows(t) {
            router.log(Self.detailedSchema) { row in
                row.connection(ts: r.ts, flow)
                row.add(.count(r.transactionID))
                row.add(.count(r.unitID))
                row.add(.string(r.function))
                row.add(optionalCount: r.address)
                row.add(optionalCount: r.quantity)
                row.add(r.requestValues.map(LogValue.counts) ?? .unset)
                row.add(r.responseValues.map(LogValue.counts) ?? .unset)
                row.add(Self.link(r.linkNumber, flow))
                row.add(r.matched.map(LogValue.bool) ?? .unset)
                for s in [r.requestSubfunction, r.responseSubfunction, r.requestData, r.responseData, r.exception, r.meiType] {
                    row.add(s.map(LogValue.string) ?? .unset)
                }
            }
        }
    }

    func write(_ e: ModbusDeviceIdentificationEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        for o in e.objects {
            router.log(Self.deviceIdentificationSchema) { row in
                message(&row, ts: e.ts, flow, isOrig: false, link: e.linkNumber, tid: e.transactionID, unit: e.unitID, function: 0x2B)
                row.add(.string("READ-DEVICE-IDENTIFICATION"))
                row.add(e.conformityLevel.map { .string(Hex.prefixed(UInt64($0), width: 2)) } ?? .unset)
                row.add(e.conformityLevel.map { .string(ModbusICSNPPNames.conformityLevel($0)) } ?? .unset)
                row.add(optionalCount: e.readCode)
                row.add(.string(Hex.prefixed(UInt64(o.id), width: 2)))
                row.add(.string(ModbusICSNPPNames.deviceObject(o.id)))
                row.add(.string(o.value))
            }
        }
    }

    /// FC 43/14 requests: the read code and the object asked for.
    private func writeDeviceIdentificationRequest(_ e: ModbusPDUEvent, _ flow: ConnectionFieldText, to router: EventRouter) {
        guard e.isOrig, case .encapsulated(0x0E, let readCode, let objectID)? = e.functionData else { return }
        router.log(Self.deviceIdentificationSchema) { row in
            message(&row, ts: e.ts, flow, isOrig: true, link: e.linkNumber, tid: e.transactionID, unit: e.unitID, function: 0x2B)
            row.add(.string("READ-DEVICE-IDENTIFICATION"))
            row.addUnset(count: 2)
            row.add(optionalCount: readCode)
            row.add(objectID.map { .string(Hex.prefixed(UInt64($0), width: 2)) } ?? .unset)
            row.add(objectID.map { .string(ModbusICSNPPNames.requestedObject($0)) } ?? .unset)
            row.add(.unset)
        }
    }

    /// FC 22: the register, and the AND and OR masks (a response echoes the request).
    private func writeMaskWrite(_ e: ModbusPDUEvent, _ flow: ConnectionFieldText, to router: EventRouter) {
        router.log(Self.maskWriteSchema) { row in
            message(&row, e, flow)
            row.add(optionalCount: e.address)
            row.add(optionalCount: e.registers.count == 2 ? e.registers[0] : nil)
            row.add(optionalCount: e.registers.count == 2 ? e.registers[1] : nil)
        }
    }

    /// FC 23: a request's write and read parts, a response's registers read.
    private func writeReadWrite(_ e: ModbusPDUEvent, _ flow: ConnectionFieldText, to router: EventRouter) {
        router.log(Self.readWriteSchema) { row in
            message(&row, e, flow)
            if e.isOrig {
                row.add(optionalCount: e.writeAddress)
                row.add(.counts(e.registers.map(UInt64.init)))
                row.add(optionalCount: e.address)
                row.add(optionalCount: e.quantity)
                row.add(.unset)
            } else {
                row.addUnset(count: 4)
                row.add(.counts(e.registers.map(UInt64.init)))
            }
        }
    }

    private func message(_ row: inout LogRow, _ e: ModbusPDUEvent, _ flow: ConnectionFieldText) {
        message(&row, ts: e.ts, flow, isOrig: e.isOrig, link: e.linkNumber, tid: e.transactionID, unit: e.unitID, function: e.functionCode)
    }

    /// The direction block and `messageFields`.
    private func message(
        _ row: inout LogRow, ts: Timestamp, _ flow: ConnectionFieldText, isOrig: Bool, link: Int?, tid: UInt16, unit: UInt8,
        function: UInt8
    ) {
        row.directional(ts: ts, flow, isOrig: isOrig)
        row.add(Self.link(link, flow))
        row.add(.count(tid))
        row.add(.count(unit))
        row.add(.string(ModbusNames.function(function)))
        row.add(.name(isOrig ? "REQUEST" : "RESPONSE"))
    }

    /// Unique within a run and the same in every run and with any number of workers (ICSNPP
    /// draws random ones): the connection's uid and the exchange's number in it.
    static func link(_ number: Int?, _ flow: ConnectionFieldText) -> LogValue {
        number.map { .string("\(flow.uid)-\($0)") } ?? .unset
    }
}
