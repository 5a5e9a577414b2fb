import VigilCore

/// DNP3 log schemas: Zeek's dnp3.log, ICSNPP-dnp3's dnp3_control.log and dnp3_objects.log, and
/// Vigil's dnp3_file.log.
enum DNP3Log {
    /// base/protocols/dnp3/main.zeek: one row per request/response pair.
    static let schema = LogSchema(
        path: "dnp3",
        fields: LogSchema.connectionFields + [LogField("fc_request", "string"), LogField("fc_reply", "string"), LogField("iin", "count")])

    /// One row per control block (CROB or pattern control block) in a request or response.
    static let controlSchema = LogSchema(
        path: "dnp3_control",
        fields: LogSchema.directionalFields + [
            LogField("block_type", "string"), LogField("function_code", "string"), LogField("index_number", "count"),
            LogField("trip_control_code", "string"), LogField("operation_type", "string"), LogField("clear_bit", "bool"),
            LogField("execute_count", "count"), LogField("on_time", "count"), LogField("off_time", "count"),
            LogField("status_code", "string"),
        ])

    /// One row per object header of a READ request or a RESPONSE.
    static let objectsSchema = LogSchema(
        path: "dnp3_objects",
        fields: LogSchema.directionalFields + [
            LogField("function_code", "string"), LogField("object_type", "string"), LogField("object_count", "count"),
            LogField("range_low", "count"), LogField("range_high", "count"),
        ])

    /// One row per file-control object (group 70): Vigil's own schema, in the field style of
    /// the ICSNPP-dnp3 logs (direction block first). docs/LOGS.md documents every field.
    static let fileSchema = LogSchema(
        path: "dnp3_file",
        fields: LogSchema.directionalFields + [
            LogField("function_code", "string"), LogField("object", "string"), LogField("file_name", "string"),
            LogField("file_handle", "count"), LogField("request_id", "count"), LogField("mode", "string"),
            LogField("file_type", "string"), LogField("file_size", "count"), LogField("created", "time"),
            LogField("permissions", "string"), LogField("max_block_size", "count"), LogField("block_number", "count"),
            LogField("last_block", "bool"), LogField("data_bytes", "count"), LogField("file_sha256", "string"),
            LogField("status", "string"), LogField("text", "string"), LogField("user_name", "string"),
        ])
}
