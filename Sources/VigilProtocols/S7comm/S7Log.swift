import VigilCore

/// ICSNPP-s7comm's logs (cotp, s7comm, s7comm_read_szl, s7comm_upload_download,
/// s7comm_plus, s7comm_known_devices), with the direction block its current version writes.
/// s7comm_known_devices carries Vigil's extra identity fields after ICSNPP's four.
enum S7Log {
    static let cotp = LogSchema(
        path: "cotp", fields: LogSchema.directionalFields + [LogField("pdu_code", "string"), LogField("pdu_name", "string")])

    static let s7comm = LogSchema(
        path: "s7comm",
        fields: LogSchema.directionalFields + [
            LogField("rosctr_code", "count"), LogField("rosctr_name", "string"), LogField("pdu_reference", "count"),
            LogField("function_code", "string"), LogField("function_name", "string"), LogField("subfunction_code", "string"),
            LogField("subfunction_name", "string"), LogField("error_class", "string"), LogField("error_code", "string"),
        ])

    static let readSZL = LogSchema(
        path: "s7comm_read_szl",
        fields: LogSchema.directionalFields + [
            LogField("pdu_reference", "count"), LogField("method", "string"), LogField("szl_id", "string"),
            LogField("szl_id_name", "string"), LogField("szl_index", "string"), LogField("return_code", "string"),
            LogField("return_code_name", "string"),
        ])

    static let uploadDownload = LogSchema(
        path: "s7comm_upload_download",
        fields: LogSchema.directionalFields + [
            LogField("rosctr", "string"), LogField("pdu_reference", "count"), LogField("function_name", "string"),
            LogField("function_status", "string"), LogField("session_id", "count"), LogField("blocklength", "count"),
            LogField("filename", "string"), LogField("block_type", "string"), LogField("block_number", "string"),
            LogField("destination_filesystem", "string"),
        ])

    static let plus = LogSchema(
        path: "s7comm_plus",
        fields: LogSchema.directionalFields + [
            LogField("version", "count"), LogField("opcode", "string"), LogField("opcode_name", "string"),
            LogField("function_code", "string"), LogField("function_name", "string"),
        ])

    static let knownDevices = LogSchema(
        path: "s7comm_known_devices",
        fields: LogSchema.directionalFields + [
            LogField("automation_system_name", "string"), LogField("module_name", "string"), LogField("plant_name", "string"),
            LogField("module_serial", "string"), LogField("module_type_name", "string"), LogField("order_number", "string"),
            LogField("firmware_version", "string"), LogField("copyright", "string"),
        ])
}
