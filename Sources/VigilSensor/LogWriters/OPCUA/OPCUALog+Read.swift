import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's Read logs (read-types.zeek): the request's parameters, one row per
/// node read, one row per result. Where ICSNPP links a result to its status-code and
/// variant logs, Vigil writes the status code, the node the result answers and the value in
/// the result row itself.
extension OPCUALog {
    static let read = LogSchema(
        path: "opcua_binary_read",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("max_age", "count"), LogField("timestamps_to_return", "count"),
            LogField("timestamps_to_return_str", "string"), LogField("nodes_to_read_link_id", "string"),
            LogField("read_results_link_id", "string"),
        ])

    static let readNodesToRead = LogSchema(
        path: "opcua_binary_read_nodes_to_read",
        fields: LogSchema.directionalFields + [LogField("nodes_to_read_link_id", "string")]
            + nodeFields("node_id", encodingType: "string") + [
                LogField("attribute_id", "count"), LogField("attribute_id_str", "string"), LogField("index_range", "string"),
                LogField("data_encoding_name_idx", "count"), LogField("data_encoding_name", "string"),
            ])

    static let readResults = LogSchema(
        path: "opcua_binary_read_results",
        fields: LogSchema.directionalFields + [
            LogField("results_link_id", "string"), LogField("level", "count"), LogField("data_value_encoding_mask", "string"),
            LogField("status_code", "string"), LogField("source_timestamp", "time"), LogField("source_pico_sec", "count"),
            LogField("server_timestamp", "time"), LogField("server_pico_sec", "count"), LogField("node_id", "string"),
            LogField("attribute_id_str", "string"),
        ] + variantFields)
}
