import VigilCore

/// ICSNPP-bacnet's logs with the direction block of its current version.
enum BACnetLog {
    static let header = LogSchema(
        path: "bacnet",
        fields: LogSchema.directionalFields + [
            LogField("bvlc_function", "string"), LogField("pdu_type", "string"), LogField("pdu_service", "string"),
            LogField("invoke_id", "count"), LogField("result_code", "string"),
        ])

    static let discovery = LogSchema(
        path: "bacnet_discovery",
        fields: LogSchema.directionalFields + [
            LogField("pdu_service", "string"), LogField("device_id_type", "string"), LogField("device_id_number", "count"),
            LogField("object_type", "string"), LogField("instance_number", "count"), LogField("vendor", "string"),
            LogField("range", "string"), LogField("object_name", "string"),
        ])

    static let property = LogSchema(
        path: "bacnet_property",
        fields: LogSchema.directionalFields + [
            LogField("invoke_id", "count"), LogField("pdu_service", "string"), LogField("object_type", "string"),
            LogField("instance_number", "count"), LogField("property", "string"), LogField("array_index", "count"),
            LogField("value", "string"),
        ])

    static let deviceControl = LogSchema(
        path: "bacnet_device_control",
        fields: LogSchema.directionalFields + [
            LogField("invoke_id", "count"), LogField("pdu_service", "string"), LogField("time_duration", "count"),
            LogField("device_state", "string"), LogField("password", "string"), LogField("result", "string"),
            LogField("result_code", "string"),
        ])
}
