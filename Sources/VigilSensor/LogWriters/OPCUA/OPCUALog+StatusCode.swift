import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's status_code_detail log (statuscode-diagnostic-types.zeek): one row
/// per StatusCode a response carries, split into its bit fields. `status_code_link_id` is the
/// opcua_link_id of the request and response the code answers.
extension OPCUALog {
    static let statusCodeDetail = LogSchema(
        path: "opcua_binary_status_code_detail",
        fields: LogSchema.directionalFields + [
            LogField("status_code_link_id", "string"), LogField("source", "count"), LogField("source_str", "string"),
            LogField("source_level", "count"), LogField("status_code", "string"), LogField("severity", "count"),
            LogField("severity_str", "string"), LogField("sub_code", "count"), LogField("sub_code_str", "string"),
            LogField("structure_changed", "bool"), LogField("semantics_changed", "bool"), LogField("info_type", "count"),
            LogField("info_type_str", "string"), LogField("limit_bits", "count"), LogField("limit_bits_str", "string"),
            LogField("overflow", "bool"), LogField("historian_bits", "count"), LogField("historian_bits_str", "string"),
            LogField("historianPartial", "bool"), LogField("historianExtraData", "bool"),
            LogField("historianMultiValue", "bool"),
        ])
}
