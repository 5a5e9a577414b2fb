import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's CreateMonitoredItems logs (create-monitored-items-types.zeek): a row
/// per message, and a row per item asked for or created. Vigil writes each result's status
/// code in its item row, where ICSNPP links to its status-code log.
extension OPCUALog {
    static let createMonitoredItems = LogSchema(
        path: "opcua_binary_create_monitored_items",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("subscription_id", "count"), LogField("timestamps_to_return", "count"),
            LogField("timestamps_to_return_str", "string"), LogField("create_item_link_id", "string"),
        ])

    static let createMonitoredItemsItem = LogSchema(
        path: "opcua_binary_create_monitored_items_create_item",
        fields: LogSchema.directionalFields + [LogField("create_item_link_id", "string")]
            + nodeFields("item_to_monitor_node_id", encodingType: "string") + [
                LogField("item_to_monitor_attribute_id", "string"), LogField("item_to_monitor_index_range", "string"),
                LogField("item_to_monitor_namespace_idx", "count"), LogField("item_to_monitor_name", "string"),
                LogField("monitoring_mode", "string"), LogField("monitoring_parameters_client_handle", "count"),
                LogField("monitoring_parameters_sampling_interval", "double"),
                LogField("monitoring_parameters_queue_size", "count"),
                LogField("monitoring_parameters_discard_oldest", "bool"),
            ] + nodeFields("monitoring_parameters_filter_info_type_id_node_id", encodingType: "string") + [
                LogField("monitoring_parameters_filter_info_type_id_string", "string"),
                LogField("monitoring_parameters_filter_info_type_id_encoding", "string"),
                LogField("monitoring_parameters_status_code", "string"), LogField("monitored_item_index_id", "count"),
                LogField("monitoring_parameters_revised_sampling_interval", "double"),
                LogField("monitoring_parameters_revised_queue_size", "count"),
            ])
}
