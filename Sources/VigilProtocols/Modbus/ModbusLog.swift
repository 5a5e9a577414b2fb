import VigilCore

/// Zeek 7's modbus.log (base/protocols/modbus/main.zeek): one row per PDU, requests and
/// responses alike, with the exception on exception responses.
enum ModbusLog {
    static let schema = LogSchema(
        path: "modbus",
        fields: LogSchema.connectionFields + [
            LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"), LogField("pdu_type", "string"),
            LogField("exception", "string"),
        ])

    /// ICSNPP-modbus's modbus_read_device_identification.log: one row per identification object.
    static let deviceIdentificationSchema = LogSchema(
        path: "modbus_read_device_identification",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("tid", "count"), LogField("unit", "count"), LogField("func", "string"),
            LogField("mei_type", "string"), LogField("conformity_level_code", "string"), LogField("object_id_code", "string"),
            LogField("object_id", "string"), LogField("object_value", "string"),
        ])
}
