import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes Modbus events as Zeek 7's modbus.log (base/protocols/modbus/main.zeek: one row per
/// PDU, requests and responses alike) and ICSNPP-modbus's modbus_read_device_identification.log
/// (one row per identification object).
final class ModbusLogWriter {
    static let schema = LogSchema(
        path: "modbus",
        fields: LogSchema.connectionFields + [
            LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"), LogField("pdu_type", "string"),
            LogField("exception", "string"),
        ])

    static let deviceIdentificationSchema = LogSchema(
        path: "modbus_read_device_identification",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"),
            LogField("mei_type", "string"), LogField("conformity_level_code", "string"), LogField("object_id_code", "string"),
            LogField("object_id", "string"), LogField("object_value", "string"),
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
            if e.isException {
                row.add(.string(e.exceptionCode.map(ModbusNames.exception) ?? "unknown-0"))
            } else {
                row.add(.unset)
            }
        }
    }

    func write(_ e: ModbusDeviceIdentificationEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        let conformity = e.conformityLevel.map { Hex.prefixed(UInt64($0), width: 2) } ?? "-"
        for o in e.objects {
            router.log(Self.deviceIdentificationSchema) { row in
                row.connection(ts: e.ts, flow)
                row.add(contentsOf: [
                    .bool(false), .count(e.transactionID), .count(e.unitID), .string("ENCAP_INTERFACE_TRANSPORT"),
                    .string("READ_DEVICE_IDENTIFICATION"), .string(conformity), .string(Hex.prefixed(UInt64(o.id), width: 2)),
                    .string(ModbusNames.deviceObjects[o.id] ?? "PrivateObject"), .string(o.value),
                ])
            }
        }
    }
}
