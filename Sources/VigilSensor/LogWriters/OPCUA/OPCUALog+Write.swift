import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's write log (write-types.zeek): one row per value a WriteRequest
/// writes, one row per WriteResponse. Where ICSNPP links to its status-code and variant logs,
/// Vigil writes the value written and the results in the row itself.
extension OPCUALog {
    /// A DataValue's Variant as Vigil writes it beside ICSNPP's fields (read results, writes).
    static let variantFields: [LogField] = [
        LogField("data_variant_encoding_mask", "string"), LogField("built_in_data_type", "count"),
        LogField("built_in_data_type_str", "string"), LogField("value", "vector[string]"),
    ]

    static let write = LogSchema(
        path: "opcua_binary_write",
        fields: LogSchema.directionalFields + [LogField("opcua_link_id", "string")]
            + nodeFields("node_id", encodingType: "string") + [
                LogField("attribute_id", "count"), LogField("attribute_id_str", "string"), LogField("index_range", "string"),
                LogField("data_value_encoding_mask", "string"), LogField("source_timestamp", "time"),
                LogField("source_pico_sec", "count"), LogField("server_timestamp", "time"), LogField("server_pico_sec", "count"),
                LogField("status_code", "string"),
            ] + variantFields + [LogField("results", "vector[string]")])
}
