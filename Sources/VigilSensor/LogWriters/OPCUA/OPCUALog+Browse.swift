import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's Browse logs (browse-types.zeek): a row per Browse or BrowseNext
/// message, a row per node to browse and per continuation point asked for, a row per result
/// and a row per reference found. Where ICSNPP links a result to its status-code log, Vigil
/// writes the status code in the result row.
extension OPCUALog {
    /// An ExpandedNodeId's fields: the NodeId's six, then the namespace URI and server index.
    static func expandedNodeFields(_ prefix: String) -> [LogField] {
        nodeFields(prefix, encodingType: "string") + [
            LogField("\(prefix)_namespace_uri", "string"), LogField("\(prefix)_server_idx", "count"),
        ]
    }

    static let browse = LogSchema(
        path: "opcua_binary_browse",
        fields: LogSchema.directionalFields + [LogField("opcua_link_id", "string"), LogField("browse_service_type", "string")]
            + nodeFields("browse_view_id", encodingType: "string") + [
                LogField("browse_view_description_timestamp", "time"), LogField("browse_view_description_view_version", "count"),
                LogField("req_max_ref_nodes", "count"), LogField("browse_description_link_id", "string"),
                LogField("browse_next_release_continuation_point", "bool"), LogField("browse_next_link_id", "string"),
                LogField("browse_response_link_id", "string"),
            ])

    static let browseDescription = LogSchema(
        path: "opcua_binary_browse_description",
        fields: LogSchema.directionalFields + [LogField("browse_description_link_id", "string")]
            + nodeFields("browse_description", encodingType: "string") + [LogField("browse_direction", "string")]
            + nodeFields("browse_description_ref", encodingType: "string") + [
                LogField("browse_description_include_subtypes", "bool"), LogField("browse_node_class_mask", "string"),
                LogField("browse_result_mask", "string"),
            ])

    static let browseContinuationPoint = LogSchema(
        path: "opcua_binary_browse_request_continuation_point",
        fields: LogSchema.directionalFields + [
            LogField("browse_next_link_id", "string"), LogField("continuation_point", "string"),
        ])

    static let browseResult = LogSchema(
        path: "opcua_binary_browse_result",
        fields: LogSchema.directionalFields + [
            LogField("browse_response_link_id", "string"), LogField("status_code", "string"),
            LogField("browse_result_continuation_point", "string"), LogField("browse_reference_link_id", "string"),
        ])

    static let browseReferences = LogSchema(
        path: "opcua_binary_browse_response_references",
        fields: LogSchema.directionalFields + [LogField("browse_reference_link_id", "string")]
            + nodeFields("browse_response_ref", encodingType: "string") + [LogField("browse_response_is_forward", "bool")]
            + expandedNodeFields("browse_response_ref_type") + [
                LogField("browse_response_ref_name_idx", "count"), LogField("browse_response_ref_name", "string"),
                LogField("browse_response_display_name_mask", "string"),
                LogField("browse_response_display_name_locale", "string"),
                LogField("browse_response_display_name_text", "string"), LogField("browse_response_node_class", "string"),
            ] + expandedNodeFields("browse_response_type_def"))
}
