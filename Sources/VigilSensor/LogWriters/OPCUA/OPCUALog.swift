import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// The OPC UA logs, in ICSNPP-opcua-binary's field names and order (scripts/types.zeek and
/// the per-service *-types.zeek). A request and its response share one opcua_binary row;
/// the service logs have one row per direction. `opcua_link_id` ties a service row to its
/// opcua_binary row (Vigil's ids are "<uid>-<n>", deterministic, where ICSNPP's are random).
/// Every status code also gets a status_code_detail row; ICSNPP's diagnostic-info and variant
/// sub-logs are left out, and where ICSNPP links a row to a status code Vigil writes the code
/// in the row itself (res_hdr_service_result, status_code, results).
enum OPCUALog {
    static func nodeFields(_ prefix: String, encodingType: String) -> [LogField] {
        [
            LogField("\(prefix)_encoding_mask", encodingType), LogField("\(prefix)_namespace_idx", "count"),
            LogField("\(prefix)_numeric", "count"), LogField("\(prefix)_string", "string"), LogField("\(prefix)_guid", "string"),
            LogField("\(prefix)_opaque", "string"),
        ]
    }

    static let binary = LogSchema(
        path: "opcua_binary",
        fields: LogSchema.connectionFields + [
            LogField("opcua_link_id", "string"), LogField("msg_type", "string"), LogField("is_final", "string"),
            LogField("msg_size", "count"), LogField("error", "count"), LogField("reason", "string"), LogField("version", "count"),
            LogField("rcv_buf_size", "count"), LogField("snd_buf_size", "count"), LogField("max_msg_size", "count"),
            LogField("max_chunk_cnt", "count"), LogField("endpoint_url", "string"), LogField("sec_channel_id", "set[count]"),
            LogField("sec_policy_uri_len", "int"), LogField("sec_policy_uri", "string"), LogField("snd_cert_len", "int"),
            LogField("snd_cert", "string"), LogField("rcv_cert_len", "int"), LogField("rcv_cert", "string"),
            LogField("request_id", "count"), LogField("req_msg_size", "count"), LogField("req_seq_number", "count"),
            LogField("req_encoding_mask", "count"), LogField("req_namespace_idx", "count"), LogField("req_identifier", "count"),
            LogField("req_identifier_str", "string"), LogField("req_hdr_node_id_type", "string"),
            LogField("req_hdr_node_id_namespace_idx", "count"), LogField("req_hdr_node_id_numeric", "count"),
            LogField("req_hdr_node_id_string", "string"), LogField("req_hdr_node_id_guid", "string"),
            LogField("req_hdr_node_id_opaque", "string"), LogField("req_hdr_timestamp", "time"),
            LogField("req_hdr_request_handle", "count"), LogField("req_hdr_return_diag", "count"),
            LogField("req_hdr_audit_entry_id", "string"), LogField("req_hdr_timeout_hint", "count"),
            LogField("req_hdr_add_hdr_type_id", "count"), LogField("req_hdr_add_hdr_enc_mask", "count"),
            LogField("res_msg_size", "count"), LogField("res_seq_number", "count"), LogField("res_encoding_mask", "count"),
            LogField("res_namespace_idx", "count"), LogField("res_identifier", "count"), LogField("res_identifier_str", "string"),
            LogField("res_hdr_timestamp", "time"), LogField("res_hdr_request_handle", "count"),
            LogField("res_hdr_service_result", "string"), LogField("res_hdr_service_diag_encoding", "count"),
            LogField("res_hdr_add_hdr_type_id", "count"), LogField("res_hdr_add_hdr_enc_mask", "count"),
        ])

    static let openSecureChannel = LogSchema(
        path: "opcua_binary_opensecure_channel",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("client_proto_ver", "count"), LogField("sec_token_request_type", "count"),
            LogField("message_security_mode", "count"), LogField("client_nonce", "string"), LogField("req_lifetime", "count"),
            LogField("server_proto_ver", "count"), LogField("sec_token_sec_channel_id", "count"), LogField("sec_token_id", "count"),
            LogField("sec_token_created_at", "time"), LogField("sec_token_revised_time", "count"),
            LogField("server_nonce", "string"),
        ])

    /// ApplicationDescription fields shared by create_session (the client's) and
    /// create_session_endpoints (the server's).
    static let applicationFields: [LogField] = [
        LogField("application_uri", "string"), LogField("product_uri", "string"), LogField("encoding_mask", "count"),
        LogField("locale", "string"), LogField("text", "string"), LogField("application_type", "count"),
        LogField("gateway_server_uri", "string"), LogField("discovery_profile_uri", "string"),
        LogField("discovery_profile_link_id", "string"),
    ]

    static let createSession = LogSchema(
        path: "opcua_binary_create_session",
        fields: LogSchema.directionalFields + [LogField("opcua_link_id", "string")] + applicationFields + [
            LogField("server_uri", "string"), LogField("endpoint_url", "string"), LogField("session_name", "string"),
            LogField("client_nonce", "string"), LogField("client_cert_size", "count"), LogField("client_cert", "string"),
            LogField("req_session_timeout", "count"), LogField("max_res_msg_size", "count"),
        ] + nodeFields("session_id", encodingType: "string") + nodeFields("auth_token", encodingType: "string") + [
            LogField("revised_session_timeout", "count"), LogField("server_nonce", "string"),
            LogField("server_cert_size", "count"), LogField("server_cert", "string"), LogField("endpoint_link_id", "string"),
            LogField("algorithm", "string"), LogField("signature", "string"), LogField("max_req_msg_size", "count"),
        ])

    static let createSessionDiscovery = LogSchema(
        path: "opcua_binary_create_session_discovery",
        fields: LogSchema.directionalFields + [
            LogField("discovery_profile_link_id", "string"), LogField("discovery_profile_uri", "string"),
            LogField("discovery_profile_url", "string"),
        ])

    static let createSessionEndpoints = LogSchema(
        path: "opcua_binary_create_session_endpoints",
        fields: LogSchema.directionalFields + [LogField("endpoint_link_id", "string"), LogField("endpoint_url", "string")]
            + applicationFields + [
                LogField("cert_size", "count"), LogField("server_cert", "string"), LogField("message_security_mode", "count"),
                LogField("security_policy_uri", "string"), LogField("user_token_link_id", "string"),
                LogField("transport_profile_uri", "string"), LogField("security_level", "count"),
            ])

    static let createSessionUserToken = LogSchema(
        path: "opcua_binary_create_session_user_token",
        fields: LogSchema.directionalFields + [
            LogField("user_token_link_id", "string"), LogField("user_token_policy_id", "string"),
            LogField("user_token_type", "count"), LogField("user_token_issued_type", "string"),
            LogField("user_token_endpoint_url", "string"), LogField("user_token_sec_policy_uri", "string"),
        ])

    static let activateSession = LogSchema(
        path: "opcua_binary_activate_session",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("client_algorithm", "string"), LogField("client_signature", "string"),
            LogField("locale_ids", "vector[string]"),
        ] + nodeFields("ext_obj_type_id", encodingType: "string") + [
            LogField("ext_obj_type_id_str", "string"), LogField("ext_obj_encoding", "string"),
            LogField("ext_obj_policy_id", "string"), LogField("ext_obj_user_name", "string"),
            LogField("ext_obj_password", "string"), LogField("ext_obj_encryption_algorithom", "string"),
            LogField("ext_obj_certificate_data", "string"), LogField("ext_obj_token_data", "string"),
            LogField("user_token_algorithm", "string"), LogField("user_token_signature", "string"),
            LogField("server_nonce", "string"), LogField("results", "vector[string]"),
        ])

    static let closeSession = LogSchema(
        path: "opcua_binary_close_session",
        fields: LogSchema.directionalFields + [LogField("opcua_link_id", "string"), LogField("del_subscriptions", "bool")])
}
