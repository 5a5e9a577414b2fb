import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// Peer agreement with Zeek and ICSNPP baseline logs in the corpus: for every capture whose
/// baseline includes a log Vigil writes, Vigil's rows must equal the baseline's row for row
/// on every baseline field except ts and uid. Figures are printed; a mismatch fails unless
/// Tests/PeerAgreement/exceptions.tsv names the capture, log and field with a reason.
@Suite struct ZeekBaselineAgreementTests {
    /// The logs this sensor writes that have Zeek/ICSNPP baselines to compare against.
    static let comparedLogs = [
        "conn", "tunnel", "dns", "http", "ssl", "x509", "dhcp", "modbus", "modbus_detailed", "modbus_mask_write_register",
        "modbus_read_write_multiple_registers", "mqtt_connect", "mqtt_publish", "mqtt_subscribe", "dnp3", "dnp3_control",
        "dnp3_objects", "cotp", "s7comm", "s7comm_read_szl", "s7comm_upload_download", "s7comm_plus", "s7comm_known_devices",
        "enip", "cip", "cip_identity", "cip_io", "bacnet", "bacnet_discovery", "bacnet_property", "bacnet_device_control",
        "opcua_binary", "opcua_binary_opensecure_channel", "opcua_binary_create_session", "opcua_binary_create_session_endpoints",
        "opcua_binary_create_session_user_token", "opcua_binary_activate_session", "opcua_binary_close_session",
        "opcua_binary_get_endpoints", "opcua_binary_get_endpoints_description", "opcua_binary_get_endpoints_user_token",
        "opcua_binary_create_subscription", "opcua_binary_read", "opcua_binary_read_nodes_to_read", "opcua_binary_read_results",
        "opcua_binary_write", "opcua_binary_browse", "opcua_binary_browse_description", "opcua_binary_browse_result",
        "opcua_binary_browse_response_references", "opcua_binary_create_monitored_items",
        "opcua_binary_create_monitored_items_create_item", "opcua_binary_status_code_detail",
    ]

    /// Baselines produced with zeek-cut have no header; these are the columns those tests cut.
    static let headerless: [String: [String]] = [
        "modbus": ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "func", "exception"],
        // ICSNPP-enip's baselines are zeek-cut output: columns in its record order (main.zeek).
        "enip": directional + [
            "enip_command_code", "enip_command", "length", "session_handle", "enip_status", "sender_context", "options",
        ],
        "cip": directional + [
            "cip_sequence_count", "direction", "cip_service_code", "cip_service", "cip_status_code", "cip_status",
            "cip_extended_status_code", "cip_extended_status", "class_id", "class_name", "instance_id", "attribute_id",
        ],
        "cip_io": directional + ["connection_id", "sequence_number", "data_length", "io_data"],
        "cip_identity": directional + [
            "encapsulation_version", "socket_address", "socket_port", "vendor_id", "vendor_name", "device_type_id",
            "device_type_name", "product_code", "revision", "device_status", "serial_number", "product_name", "device_state",
        ],
    ].merging(opcua) { a, _ in a }.merging(opcuaServices) { a, _ in a }

    /// ICSNPP-opcua-binary's baselines are zeek-cut output with the link-id columns removed
    /// (tests/analyzer/*.zeek `zeek-cut -n ..._link_id`): each record's fields in its order.
    static let opcua: [String: [String]] = [
        "opcua_binary": ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"] + [
            "msg_type", "is_final", "msg_size", "error", "reason", "version", "rcv_buf_size", "snd_buf_size", "max_msg_size",
            "max_chunk_cnt", "endpoint_url", "sec_channel_id", "sec_policy_uri_len", "sec_policy_uri", "snd_cert_len", "snd_cert",
            "rcv_cert_len", "rcv_cert", "request_id", "req_msg_size", "req_seq_number", "req_encoding_mask", "req_namespace_idx",
            "req_identifier", "req_identifier_str", "req_hdr_node_id_type", "req_hdr_node_id_namespace_idx",
            "req_hdr_node_id_numeric", "req_hdr_node_id_string", "req_hdr_node_id_guid", "req_hdr_node_id_opaque",
            "req_hdr_timestamp", "req_hdr_request_handle", "req_hdr_return_diag", "req_hdr_audit_entry_id", "req_hdr_timeout_hint",
            "req_hdr_add_hdr_type_id", "req_hdr_add_hdr_enc_mask", "res_msg_size", "res_seq_number", "res_encoding_mask",
            "res_namespace_idx", "res_identifier", "res_identifier_str", "res_hdr_timestamp", "res_hdr_request_handle",
            "res_hdr_service_diag_encoding", "res_hdr_add_hdr_type_id", "res_hdr_add_hdr_enc_mask",
        ],
        "opcua_binary_opensecure_channel": directional + [
            "client_proto_ver", "sec_token_request_type", "message_security_mode", "client_nonce", "req_lifetime",
            "server_proto_ver", "sec_token_sec_channel_id", "sec_token_id", "sec_token_created_at", "sec_token_revised_time",
            "server_nonce",
        ],
        "opcua_binary_create_session": directional + [
            "application_uri", "product_uri", "encoding_mask", "locale", "text", "application_type", "gateway_server_uri",
            "discovery_profile_uri", "server_uri", "endpoint_url", "session_name", "client_nonce", "client_cert_size",
            "client_cert", "req_session_timeout", "max_res_msg_size", "session_id_encoding_mask", "session_id_namespace_idx",
            "session_id_numeric", "session_id_string", "session_id_guid", "session_id_opaque", "auth_token_encoding_mask",
            "auth_token_namespace_idx", "auth_token_numeric", "auth_token_string", "auth_token_guid", "auth_token_opaque",
            "revised_session_timeout", "server_nonce", "server_cert_size", "server_cert", "algorithm", "signature",
            "max_req_msg_size",
        ],
        "opcua_binary_create_session_endpoints": directional + [
            "endpoint_url", "application_uri", "product_uri", "encoding_mask", "locale", "text", "application_type",
            "gateway_server_uri", "discovery_profile_uri", "discovery_profile_link_id", "cert_size", "server_cert",
            "message_security_mode", "security_policy_uri", "transport_profile_uri", "security_level",
        ],
        "opcua_binary_create_session_user_token": directional + [
            "user_token_policy_id", "user_token_type", "user_token_issued_type", "user_token_endpoint_url",
            "user_token_sec_policy_uri",
        ],
        "opcua_binary_activate_session": directional + [
            "client_algorithm", "client_signature", "ext_obj_type_id_encoding_mask", "ext_obj_type_id_namespace_idx",
            "ext_obj_type_id_numeric", "ext_obj_type_id_string", "ext_obj_type_id_guid", "ext_obj_type_id_opaque",
            "ext_obj_type_id_str", "ext_obj_encoding", "ext_obj_policy_id", "ext_obj_user_name", "ext_obj_password",
            "ext_obj_encryption_algorithom", "ext_obj_certificate_data", "ext_obj_token_data", "user_token_algorithm",
            "user_token_signature", "server_nonce",
        ],
        "opcua_binary_close_session": directional + ["del_subscriptions"],
        "opcua_binary_get_endpoints": directional + ["endpoint_url"],
        "opcua_binary_get_endpoints_description": directional + [
            "endpoint_uri", "application_uri", "product_uri", "encoding_mask", "locale", "text", "application_type",
            "gateway_server_uri", "discovery_profile_uri", "discovery_profile_link_id", "cert_size", "server_cert",
            "message_security_mode", "security_policy_uri", "transport_profile_uri", "security_level",
        ],
        "opcua_binary_get_endpoints_user_token": directional + [
            "user_token_policy_id", "user_token_type", "user_token_issued_type", "user_token_endpoint_url",
            "user_token_sec_policy_uri",
        ],
        "opcua_binary_read": directional + ["max_age", "timestamps_to_return", "timestamps_to_return_str"],
        "opcua_binary_read_nodes_to_read": directional + [
            "node_id_encoding_mask", "node_id_namespace_idx", "node_id_numeric", "node_id_string", "node_id_guid",
            "node_id_opaque", "attribute_id", "attribute_id_str", "index_range", "data_encoding_name_idx", "data_encoding_name",
        ],
        "opcua_binary_read_results": directional + [
            "level", "data_value_encoding_mask", "source_timestamp", "source_pico_sec", "server_timestamp", "server_pico_sec",
        ],
        "opcua_binary_create_subscription": directional + [
            "requested_publishing_interval", "requested_lifetime_count", "requested_max_keep_alive_count",
            "max_notifications_per_publish", "publishing_enabled", "priority", "subscription_id", "revised_publishing_interval",
            "revised_lifetime_count", "revised_max_keep_alive_count",
        ],
    ]
    /// The services added in session 12, cut as tests/analyzer/basic.zeek cuts them.
    static let opcuaServices: [String: [String]] = [
        "opcua_binary_write": directional + node("node_id") + [
            "attribute_id", "attribute_id_str", "index_range", "data_value_encoding_mask", "source_timestamp", "source_pico_sec",
            "server_timestamp", "server_pico_sec",
        ],
        "opcua_binary_browse": directional + ["browse_service_type"] + node("browse_view_id") + [
            "browse_view_description_timestamp", "browse_view_description_view_version", "req_max_ref_nodes",
            "browse_next_release_continuation_point",
        ],
        "opcua_binary_browse_description": directional + node("browse_description") + ["browse_direction"]
            + node("browse_description_ref") + [
                "browse_description_include_subtypes", "browse_node_class_mask", "browse_result_mask",
            ],
        "opcua_binary_browse_result": directional + ["browse_result_continuation_point"],
        "opcua_binary_browse_response_references": directional + node("browse_response_ref") + ["browse_response_is_forward"]
            + expandedNode("browse_response_ref_type") + [
                "browse_response_ref_name_idx", "browse_response_ref_name", "browse_response_display_name_mask",
                "browse_response_display_name_locale", "browse_response_display_name_text", "browse_response_node_class",
            ] + expandedNode("browse_response_type_def"),
        "opcua_binary_create_monitored_items": directional + [
            "subscription_id", "timestamps_to_return", "timestamps_to_return_str",
        ],
        "opcua_binary_create_monitored_items_create_item": directional + node("item_to_monitor_node_id") + [
            "item_to_monitor_attribute_id", "item_to_monitor_index_range", "item_to_monitor_namespace_idx",
            "item_to_monitor_name", "monitoring_mode", "monitoring_parameters_client_handle",
            "monitoring_parameters_sampling_interval", "monitoring_parameters_queue_size",
            "monitoring_parameters_discard_oldest",
        ] + node("monitoring_parameters_filter_info_type_id_node_id") + [
            "monitoring_parameters_filter_info_type_id_string", "monitoring_parameters_filter_info_type_id_encoding",
            "monitored_item_index_id", "monitoring_parameters_revised_sampling_interval",
            "monitoring_parameters_revised_queue_size",
        ],
        "opcua_binary_status_code_detail": directional + [
            "source", "source_str", "source_level", "status_code", "severity", "severity_str", "sub_code", "sub_code_str",
            "structure_changed", "semantics_changed", "info_type", "info_type_str", "limit_bits", "limit_bits_str", "overflow",
            "historian_bits", "historian_bits_str", "historianPartial", "historianExtraData", "historianMultiValue",
        ],
    ]

    /// ICSNPP's flattened NodeId columns (flattenOpcUA_NodeId), and an ExpandedNodeId's.
    static func node(_ prefix: String) -> [String] {
        ["encoding_mask", "namespace_idx", "numeric", "string", "guid", "opaque"].map { "\(prefix)_\($0)" }
    }
    static func expandedNode(_ prefix: String) -> [String] {
        node(prefix) + ["\(prefix)_namespace_uri", "\(prefix)_server_idx"]
    }

    static let directional = [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "is_orig", "source_h", "source_p", "destination_h",
        "destination_p",
    ]

    static let timestampMask = "XXXXXXXXXX.XXXXXX"

    /// Fields compared by numeric value rather than by text. ICSNPP's current
    /// create-subscription-types.zeek types the publishing intervals as double (Part 4
    /// §5.13.2.2 Duration), which Zeek and Vigil write as "500.0"; the corpus baselines were
    /// made when they were counts ("500"). The number must still be the same.
    static let numericFields: [String: Set<String>] = [
        "opcua_binary_create_subscription": ["requested_publishing_interval", "revised_publishing_interval"]
    ]

    /// Fields that link rows across logs. ICSNPP-modbus draws them at random, so a baseline's
    /// values cannot be compared: whether the field is set is. That the ids link the right rows
    /// is checked on Vigil's own logs (ModbusDetailedLogTests).
    static let linkFields: Set<String> = ["modbus_detailed_link_id"]

    /// File ids: Zeek draws them at random, Vigil computes them (`ConnectionUIDGenerator.fileUID`),
    /// so each compares as a placeholder, keeping how many a list holds and where.
    static let fileIDFields: Set<String> = ["fuid", "parent_fuid", "orig_fuids", "resp_fuids"]

    /// `text` as a canonical number when `field` is compared numerically.
    static func canonical(_ text: String, log: String, field: String) -> String {
        if linkFields.contains(field) { return text == "-" ? text : "<link>" }
        if fileIDFields.contains(field), text != "-", text != "(empty)" {
            return text.split(separator: ",", omittingEmptySubsequences: false).map { $0.hasPrefix("F") ? "<fuid>" : String($0) }
                .joined(separator: ",")
        }
        guard numericFields[log]?.contains(field) == true, let d = Double(text) else { return text }
        return String(d)
    }

    /// Zeek's btest canonifier diff-remove-timestamps: sed 's/(0\.000000)|([0-9]{9,10}\.[0-9]{2,8})/XXXXXXXXXX.XXXXXX/g'.
    static func maskTimestamps(_ s: String) -> String {
        s.replacing(/(0\.000000)|([0-9]{9,10}\.[0-9]{2,8})/, with: timestampMask)
    }

    struct Figure: CustomStringConvertible {
        var capture: String, log: String
        var matched: Int, baselineRows: Int, vigilRows: Int
        var excusedFields: [String]
        var description: String {
            "\(log).log \(capture): \(matched)/\(baselineRows) baseline rows matched (vigil wrote \(vigilRows))"
                + (excusedFields.isEmpty ? "" : " [excused fields: \(excusedFields.joined(separator: ","))]")
        }
    }

    @Test func baselinesAgree() throws {
        try #require(Corpus.available, "the shared corpus must be present at ../shared/corpus")
        let exceptions = try AgreementExceptions.load()
        let known = try KnownGaps()
        var knownGaps = 0
        var figures: [Figure] = []
        var failures: [String] = []
        for entry in try Corpus.manifest() {
            let dirs = entry.expected.filter { $0.contains("aseline") && $0.hasSuffix("/") }
            guard !dirs.isEmpty else { continue }
            var result: (MemoryLogSink, SensorPipeline)?
            for dir in dirs {
                for log in Self.comparedLogs {
                    let url = Corpus.root.appendingPathComponent(dir).appendingPathComponent("\(log).log")
                    guard FileManager.default.fileExists(atPath: url.path) else { continue }
                    if result == nil { result = Corpus.analyze(entry.file) }
                    let baseline = try ZeekTSVLog.load(url, headerlessFields: Self.headerless[log])
                    // A column list that does not fit the baseline would compare the wrong columns.
                    #expect(
                        baseline.rows.allSatisfy { $0.count == baseline.fields.count },
                        "\(dir)\(log).log: rows are not \(baseline.fields.count) columns wide")
                    let excused = exceptions.excused(capture: entry.file, log: log)
                    var vigilRows = result!.0.rows(log)
                    if log == "modbus" && Self.headerless["modbus"] == baseline.fields {
                        // That baseline predates Zeek 6.1, which logged only responses; compare
                        // with Vigil's response rows (Zeek 7 logs requests too, as Vigil does).
                        vigilRows = vigilRows.filter {
                            if case .string("RESP")? = $0.value("pdu_type") { return true }
                            return false
                        }
                    }
                    let compareFields = baseline.fields.filter { $0 != "ts" && $0 != "uid" && !excused.contains($0) }
                    // Baselines made with btest's diff-remove-timestamps canonifier have every
                    // "0.000000" and ten-digit decimal masked, in data columns too (ICSNPP-bacnet's
                    // property values): mask Vigil's values in those columns the same way.
                    let masked = Set(
                        compareFields.filter { f in
                            let i = baseline.fields.firstIndex(of: f)!
                            return baseline.rows.contains { i < $0.count && $0[i].contains(Self.timestampMask) }
                        })
                    var ours = vigilRows.map { r in
                        compareFields.map { f in
                            let text = Self.canonical(r.value(f).map { ZeekTSVEncoder.field($0) } ?? "<absent>", log: log, field: f)
                            return masked.contains(f) ? Self.maskTimestamps(text) : text
                        }
                    }
                    var matched = 0
                    var unmatched: [String] = []
                    for row in baseline.rows {
                        let projected = compareFields.map { f in
                            Self.canonical(
                                baseline.fields.firstIndex(of: f).map { $0 < row.count ? row[$0] : "" } ?? "", log: log, field: f)
                        }
                        if let i = ours.firstIndex(of: projected) {
                            ours.remove(at: i)
                            matched += 1
                        } else {
                            unmatched.append(projected.joined(separator: " "))
                        }
                    }
                    let fig = Figure(
                        capture: entry.file, log: log, matched: matched, baselineRows: baseline.rows.count,
                        vigilRows: vigilRows.count, excusedFields: excused.sorted())
                    figures.append(fig)
                    // "*": row counts may differ either way; "+": Vigil may write rows the baseline
                    // lacks, but every baseline row must still be matched.
                    let countExcused = excused.contains("*")
                    let extraExcused = excused.contains("+")
                    let agrees = countExcused || (matched == baseline.rows.count && (ours.isEmpty || extraExcused))
                    let gap = known.check(
                        capture: entry.file, log: log, figure: "\(matched)/\(baseline.rows.count)/\(vigilRows.count)", agrees: agrees)
                    if let gap, !gap.isEmpty {
                        failures.append(gap)
                    } else if gap == nil && !agrees {
                        knownGaps += 1
                    } else if gap != nil {
                        failures.append(
                            "\(fig)\n    baseline rows without a match: \(unmatched.prefix(3).joined(separator: " | "))\n    vigil rows without a match: \(ours.prefix(3).map { $0.joined(separator: " ") }.joined(separator: " | "))"
                        )
                    }
                }
            }
        }
        print("== Zeek/ICSNPP baseline agreement ==")
        for f in figures { print("  " + f.description) }
        let total = figures.reduce((0, 0)) { ($0.0 + $1.matched, $0.1 + $1.baselineRows) }
        print("  total: \(total.0)/\(total.1) baseline rows matched across \(figures.count) logs")
        print("  \(knownGaps) logs differ as Tests/PeerAgreement/known-gaps.tsv records")
        let unreached = known.unreached { !$0.hasPrefix("messages:") && !$0.hasPrefix("objects:") }
        #expect(unreached.isEmpty, "known gaps no baseline reached (remove them): \(unreached)")
        #expect(!figures.isEmpty, "no baseline was compared: the corpus layout changed?")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) logs disagree:\n" + failures.joined(separator: "\n")))
    }
}
