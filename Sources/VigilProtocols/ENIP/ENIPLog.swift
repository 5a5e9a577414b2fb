import VigilCore

/// ICSNPP-enip's logs with the direction block of its current version.
enum ENIPLog {
    static let enip = LogSchema(
        path: "enip",
        fields: LogSchema.directionalFields + [
            LogField("enip_command_code", "string"), LogField("enip_command", "string"), LogField("length", "count"),
            LogField("session_handle", "string"), LogField("enip_status", "string"), LogField("sender_context", "string"),
            LogField("options", "string"),
        ])

    static let cip = LogSchema(
        path: "cip",
        fields: LogSchema.directionalFields + [
            LogField("cip_sequence_count", "count"), LogField("direction", "string"), LogField("cip_service_code", "string"),
            LogField("cip_service", "string"), LogField("cip_status_code", "string"), LogField("cip_status", "string"),
            LogField("cip_extended_status_code", "string"), LogField("cip_extended_status", "string"), LogField("class_id", "string"),
            LogField("class_name", "string"), LogField("instance_id", "string"), LogField("attribute_id", "string"),
        ])

    static let io = LogSchema(
        path: "cip_io",
        fields: LogSchema.directionalFields + [
            LogField("connection_id", "string"), LogField("sequence_number", "count"), LogField("data_length", "count"),
            LogField("io_data", "string"),
        ])

    static let identity = LogSchema(
        path: "cip_identity",
        fields: LogSchema.directionalFields + [
            LogField("encapsulation_version", "count"), LogField("socket_address", "addr"), LogField("socket_port", "count"),
            LogField("vendor_id", "count"), LogField("vendor_name", "string"), LogField("device_type_id", "count"),
            LogField("device_type_name", "string"), LogField("product_code", "count"), LogField("revision", "string"),
            LogField("device_status", "string"), LogField("serial_number", "string"), LogField("product_name", "string"),
            LogField("device_state", "string"),
        ])
}
