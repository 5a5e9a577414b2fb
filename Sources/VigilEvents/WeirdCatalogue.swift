import VigilCore

/// Every weird name Vigil raises, with when it is raised: the one list from which
/// docs/LOGS.md's weird.log table is written (a test compares them), and which `Weird`
/// checks in debug builds, so a weird cannot be raised (by a test or a fuzz target) without
/// being documented. A name ending in `_N` stands for a family (`mqtt_malformed_3`).
public enum WeirdCatalogue {
    public struct Entry: Sendable {
        public let names: [String]
        public let raisedWhen: String
    }

    public static let entries: [Entry] = [
        Entry(
            names: [
                "truncated_link_header", "truncated_IP", "truncated_IP_header", "bogus_IP_header_lengths", "unknown_IP_version",
                "truncated_header", "bad_TCP_header_len", "truncated_IPv6_extension_header", "truncated_ARP",
            ],
            raisedWhen:
                "a header is shorter than its fixed part or claims impossible lengths"),
        Entry(
            names: [
                "truncated_GRE", "unknown_gre_version", "unknown_gre_flags", "gre_routing", "egre_protocol_type",
                "non_ip_packet_in_encap",
            ],
            raisedWhen:
                "a GRE header is cut short, has a version other than 0 or 1, sets reserved or routing flags, or carries in enhanced GRE something other than PPP with IPv4 or IPv6 (Zeek's names); the packet inside is not read"
        ),
        Entry(
            names: ["exceeded_tunnel_max_depth"],
            raisedWhen: "a packet is inside more than two tunnels (Zeek's Tunnel::max_depth); the innermost is not read"),
        Entry(
            names: ["rtsp_malformed"],
            raisedWhen: "an RTSP server's first answer does not start with RTSP/1.0, or its head does not end within 8 KiB"),
        Entry(
            names: ["starttls_unfollowed"],
            raisedWhen:
                "an IMAP or POP3 line before STARTTLS passes 8 KiB, or a client sends more than 64 KiB before the server answers its STARTTLS; that side is no longer read"
        ),
        Entry(
            names: ["smtp_unfollowed"],
            raisedWhen:
                "an SMTP command or reply line passes 8 KiB, or a client sends more than 64 KiB before the server answers its STARTTLS; that side is no longer read"
        ),
        Entry(
            names: ["ssh_malformed", "SSH_max_packet_length_exceeded"],
            raisedWhen:
                "an SSH identification line passes 8 KiB or a packet's padding leaves no payload (ssh_malformed), or a packet in the clear claims more than 256 KiB (Zeek's name); that side is no longer read"
        ),
        Entry(
            names: ["FTP_line_too_long", "FTP_too_many_pending_commands"],
            raisedWhen:
                "an FTP command or reply line passes 8 KiB (that side is no longer read), or a client sends more than 20 commands before the server answers (Zeek's name; the rest are not logged)"
        ),
        Entry(names: ["ntp_malformed"], raisedWhen: "an NTP message of mode 1 to 5 is shorter than its 48-byte header"),
        Entry(names: ["syslog_malformed"], raisedWhen: "a datagram of a syslog flow does not start with a <priority> of at most 191"),
        Entry(names: ["ssdp_malformed"], raisedWhen: "a datagram of an SSDP flow does not start with an SSDP start line"),
        Entry(names: ["snmp_malformed"], raisedWhen: "an SNMP datagram is not a well-formed BER message of version 1, 2c or 3"),
        Entry(
            names: ["lldp_malformed", "cdp_malformed"],
            raisedWhen:
                "an LLDP frame lacks its Chassis ID, Port ID and TTL, or an LLDP or CDP TLV runs past the frame (addl: the fault and the TLV's offset); what was read before it is kept"
        ),
        Entry(
            names: ["dcp_malformed"],
            raisedWhen:
                "a PROFINET DCP answer or Hello is shorter than its 12-byte header, or a block runs past the DCP data (addl: the fault and the block's offset from the FrameID); what was read before it is kept"
        ),
        Entry(
            names: ["fragment_size_inconsistency", "fragment_inconsistency", "fragment_overlap", "fragment_sets_limit_reached"],
            raisedWhen:
                "IP fragments exceed 64 KiB, disagree on the total, overlap with different bytes, or too many sets are in flight"),
        Entry(
            names: [
                "modbus_invalid_protocol_id", "modbus_invalid_length", "modbus_message_too_big", "modbus_content_gap",
                "modbus_unsolicited_response", "modbus_request_flood",
            ],
            raisedWhen:
                "MBAP framing broken, TCP gap, a response without request, too many unanswered requests"),
        Entry(
            names: [
                "mqtt_invalid_remaining_length", "mqtt_unassigned_msg_type", "mqtt_packet_too_large", "mqtt_malformed_N",
                "mqtt_too_many_transactions", "mqtt_content_gap",
            ],
            raisedWhen:
                "MQTT framing or decoding fails (N is the packet type), too many QoS exchanges are open, or a TCP gap hits the stream"),
        Entry(
            names: [
                "DNS_truncated_len_lt_hdr_len", "DNS_truncated_quest_too_short", "DNS_truncated_ans_too_short",
                "DNS_truncated_RR_rdlength_lt_len", "DNS_label_len_gt_pkt", "DNS_label_forward_compress_offset",
                "DNS_label_bad_compress_type", "DNS_label_len_gt_name_len", "dns_unmatched_reply", "dns_unmatched_msg_quantity",
            ],
            raisedWhen:
                "Zeek's DNS weird names for the same faults"),
        Entry(
            names: ["bad_HTTP_request", "http_header_too_large", "bad_HTTP_chunk_size", "content_gap", "http_too_many_pending_requests"],
            raisedWhen:
                "HTTP framing fails or a gap hits a header"),
        Entry(
            names: ["HTTP_obsolete_line_folding"],
            raisedWhen:
                "an HTTP header goes on over an obsolete folded line (RFC 9112 §5.2; Zeek's name): the value is unfolded before the head is read; `addl` names the header"
        ),
        Entry(
            names: ["http_conflicting_content_length"],
            raisedWhen:
                "an HTTP message carries Content-Length headers with different values (RFC 9112 §6.3: the framing is invalid; request smuggling hides a request this way): the body is framed by the first, as common servers read it; `addl` lists the values (Vigil's own weird)"
        ),
        Entry(
            names: ["exceeded_mime_max_depth"],
            raisedWhen:
                "a multipart or message body nests entities deeper than 100 (addl: the limit); deeper entities are not read as files"),
        Entry(
            names: ["SSL_invalid_record", "SSL_truncated_hello", "SSL_truncated_extension"],
            raisedWhen:
                "TLS record or hello malformed"),
        Entry(
            names: ["dhcp_malformed"],
            raisedWhen:
                "a DHCP datagram does not decode"),
        Entry(
            names: [
                "dnp3_header_lacks_magic", "dnp3_corrupt_header_crc", "dnp3_invalid_length", "dnp3_corrupt_data_block_crc",
                "dnp3_truncated_frame", "dnp3_frame_too_long",
            ],
            raisedWhen:
                "DNP3 link framing fails or a CRC does not match (one weird per lost stretch while resynchronising on the next 0x05 0x64)"),
        Entry(
            names: [
                "dnp3_transport_fragment_restarted", "dnp3_transport_segment_without_first", "dnp3_transport_sequence_error",
                "dnp3_fragment_too_long", "dnp3_content_gap",
            ],
            raisedWhen:
                "transport segments out of order or a fragment past `Limits.maxMessageBytes`"),
        Entry(
            names: [
                "dnp3_invalid_function_code", "dnp3_unsolicited_response", "dnp3_request_flood", "dnp3_truncated_application_header",
                "dnp3_truncated_iin", "dnp3_truncated_object_header", "dnp3_truncated_object", "dnp3_invalid_range",
                "dnp3_invalid_qualifier", "dnp3_unknown_object", "dnp3_too_many_object_headers",
            ],
            raisedWhen:
                "undefined function code, a RESPONSE with no request, `Limits.maxPendingTransactions` requests unanswered, or object headers that do not decode (decoding stops; headers before it are logged)"
        ),
        Entry(
            names: ["dnp3_invalid_file_object"],
            raisedWhen:
                "a file-control object (group 70) is shorter than its variation's fixed fields, places its name outside itself, or has an obsolete variation (g70v1); decoding stops, earlier headers are logged"
        ),
        Entry(
            names: ["dnp3_cleartext_password"],
            raisedWhen:
                "an AUTHENTICATE_FILE object (g70v2) carries a password in clear; the detail names the user"),
        Entry(
            names: [
                "tpkt_invalid_version", "tpkt_invalid_length", "cotp_invalid_length_indicator", "cotp_unknown_payload", "s7comm_malformed",
                "s7comm_missing_function", "s7comm_invalid_function", "s7comm_plus_truncated", "s7comm_message_too_big",
                "s7comm_content_gap",
            ],
            raisedWhen:
                "ISO-on-TCP framing fails, a PDU's lengths run past its end, or a function code is not defined"),
        Entry(
            names: [
                "enip_invalid_command", "enip_truncated_item", "enip_truncated_identity", "enip_message_too_big", "enip_content_gap",
                "cip_truncated_message", "cip_invalid_service", "cip_io_malformed",
            ],
            raisedWhen:
                "EtherNet/IP encapsulation, item or CIP message malformed, or an undefined service code"),
        Entry(
            names: [
                "bacnet_malformed_bvlc", "bacnet_invalid_bvlc_function", "bacnet_length_mismatch", "bacnet_malformed_npdu",
                "bacnet_malformed_apdu", "bacnet_invalid_apdu_type", "bacnet_invalid_service", "bacnet_malformed_tag",
                "bacnet_malformed_service", "bacnet_request_flood",
            ],
            raisedWhen:
                "BACnet/IP framing fails, the BVLC length differs from the datagram's (the datagram is still decoded), an undefined APDU type or service choice, tags that run past the APDU, or `Limits.maxPendingTransactions` confirmed requests in a row with no SimpleACK, ComplexACK, SegmentACK, Error, Reject or Abort in the flow (once per run)"
        ),
        Entry(
            names: [
                "iec104_invalid_start", "iec104_invalid_length", "iec104_malformed_apdu", "iec104_message_too_big", "iec104_content_gap",
                "iec104_invalid_u_function", "iec104_length_mismatch", "iec104_invalid_type_id", "iec104_invalid_cause",
                "iec104_truncated_asdu", "iec104_sequence_gap", "iec104_window_exceeded",
            ],
            raisedWhen:
                "APCI framing fails (the direction stops at a bad start octet), an S/U frame is not 4 octets, an undefined type or cause, objects that do not fit the frame, an I-frame send sequence number that skips (frames lost or injected), or a station with more than k = 12 I-frames unacknowledged by the other side's N(R) (IEC 60870-5-104 §5.5 default; once per side and flow; a link configured with a larger k will see it past 12)"
        ),
        Entry(
            names: [
                "coap_truncated_header", "coap_invalid_version", "coap_invalid_token_length", "coap_malformed_options", "coap_invalid_code",
                "coap_empty_message_not_empty", "coap_request_flood",
            ],
            raisedWhen:
                "`Limits.maxPendingTransactions` requests in a row with no response, ACK or RST in the flow (once per run); a CoAP header shorter than 4 octets or its token, version other than 1, token length 9–15, an option running past the datagram or using the reserved nibble 15, a payload marker with no payload, a reserved code class (1, 6, 7), or an Empty (0.00) message carrying a token, options or payload (RFC 7252 §3, §4.1)"
        ),
        Entry(
            names: [
                "opcua_invalid_message_type", "opcua_invalid_chunk_type", "opcua_invalid_message_size", "opcua_length_mismatch",
                "opcua_message_too_big", "opcua_content_gap", "opcua_malformed_message", "opcua_unknown_service",
                "opcua_unexpected_service", "opcua_unsolicited_response", "opcua_too_many_pending_requests", "opcua_error_message",
            ],
            raisedWhen:
                "a message type outside Part 6 Table 50 (the direction stops), a chunk type other than F/C/A, a size below the header or above `Limits.maxMessageBytes`, a size too small for the type's fields, a service body that does not decode once the channel is known to be clear (quiet when the capture began after OpenSecureChannel, since the body may be encrypted), a service id not in the table or a non-OpenSecureChannel service in OPN, a response with no request, more than `Limits.maxPendingTransactions` unanswered requests (the oldest is logged alone), or an ERR message (addl: status code and reason)"
        ),
        Entry(
            names: [
                "opcua_security_policy_none", "opcua_anonymous_session", "opcua_cleartext_password", "opcua_session_activation_failed",
            ],
            raisedWhen:
                "OpenSecureChannel with SecurityPolicy#None (no signing or encryption; once per connection, addl the mode), ActivateSession with an AnonymousIdentityToken (once per connection), a UserNameIdentityToken whose password names no encryption algorithm (addl the user name, never the password), or an ActivateSession answered with a Bad status"
        ),
        Entry(
            names: ["bacnet_segment_out_of_order", "bacnet_segmented_message_too_big", "bacnet_too_many_segmented_messages"],
            raisedWhen:
                "a segment out of sequence, a reassembled message past `Limits.maxMessageBytes`, or more than 16 segmented messages open in a flow"
        ),
        Entry(
            names: ["SSL_invalid_v2_hello"],
            raisedWhen:
                "a record that starts like an SSLv2 ClientHello is not one"),
        Entry(
            names: ["osdp_bad_frame", "osdp_content_gap"],
            raisedWhen:
                "an OSDP frame is refused (bad length, check character or address; the detail says which, and it counts toward `osdp.error_burst`), or a TCP gap hits the stream"
        ),
    ]

    static let exact: Set<String> = Set(entries.flatMap(\.names).filter { !$0.hasSuffix("_N") })
    static let families: [String] = entries.flatMap(\.names).filter { $0.hasSuffix("_N") }.map { String($0.dropLast()) }

    /// Whether `name` is in the catalogue (a family member counts: `mqtt_malformed_3`).
    public static func contains(_ name: String) -> Bool {
        if exact.contains(name) { return true }
        return families.contains { name.hasPrefix($0) && name.dropFirst($0.count).allSatisfy(\.isNumber) && name.count > $0.count }
    }

    /// The catalogue as docs/LOGS.md's Markdown table.
    public static var markdownTable: String {
        var lines = ["| name | raised when |", "|---|---|"]
        for e in entries { lines.append("| \(e.names.joined(separator: ", ")) | \(e.raisedWhen) |") }
        return lines.joined(separator: "\n")
    }
}
