import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// Write (IEC 62541-4 §5.10.4), Browse and BrowseNext (§5.8.2-3), CreateMonitoredItems
/// (§5.12.2) and the status_code_detail rows of their responses, built field by field.
@Suite struct OPCUAServiceLogTests {
    typealias P = OPCUAParserTests
    typealias D = OPCUADiscoveryTests

    static func double(_ d: Double) -> [UInt8] { P.i64(Int64(bitPattern: d.bitPattern)) }
    static let nullArray = P.u32(0xFFFF_FFFF)

    static func strings(_ r: LogRecord, _ f: String) -> [String]? {
        if case .strings(let v)? = r.value(f) { return v }
        return nil
    }

    static let writeRequest = D.msg(
        11,
        P.fourByte(673) + P.requestHeader
            + P.u32(1)  // NodesToWrite: one WriteValue
            + [0x03, 0x01, 0x00] + P.string("Tank.Setpoint")  // NodeId: String form, namespace 1
            + P.u32(13) + P.string(nil)  // AttributeId Value, IndexRange null
            + [0x01, 0x0B] + double(42.5))  // DataValue: mask Value; Variant Double

    /// A WriteResponse refused with BadNotWritable, its service diagnostics carrying an inner
    /// status code (DiagnosticInfo mask 0x20).
    static let writeResponse = D.msg(
        11,
        P.fourByte(676) + P.i64(132_223_104_000_000_000) + P.u32(7) + P.u32(0)  // Timestamp, handle, Good
            + [0x20] + P.u32(0x8034_0000)  // ServiceDiagnostics: InnerStatusCode BadNodeIdUnknown
            + nullArray + [0x00, 0x00, 0x00]  // StringTable, AdditionalHeader
            + P.u32(1) + P.u32(0x803B_0000)  // Results: BadNotWritable
            + nullArray)  // DiagnosticInfos

    @Test func writeLogsTheValueAndEveryStatusCode() throws {
        let sink = P.run([(P.openRequest, true), (P.openResponse, false), (Self.writeRequest, true), (Self.writeResponse, false)])
        let rows = sink.rows("opcua_binary_write")
        try #require(rows.count == 2)
        #expect(D.f(rows[0], "node_id_string") == "Tank.Setpoint" && D.f(rows[0], "node_id_namespace_idx") == "1")
        #expect(D.f(rows[0], "attribute_id_str") == "Value" && D.f(rows[0], "data_value_encoding_mask") == "0x01")
        #expect(D.f(rows[0], "built_in_data_type_str") == "Double" && Self.strings(rows[0], "value") == ["42.5"])
        #expect(D.f(rows[0], "is_orig") == "T" && D.f(rows[1], "is_orig") == "F")
        #expect(Self.strings(rows[1], "results") == ["0x803b0000"] && D.f(rows[1], "node_id_string") == "-")
        let codes = sink.rows("opcua_binary_status_code_detail").filter { D.f($0, "status_code_link_id") == D.f(rows[1], "opcua_link_id") }
        #expect(codes.map { D.f($0, "source_str") } == ["ResponseHeader", "ResponseHeader_DiagInfo", "Write"])
        #expect(codes.map { D.f($0, "sub_code_str") } == ["Good", "BadNodeIdUnknown", "BadNotWritable"])
        let bad = codes[2]
        #expect(D.f(bad, "severity") == "2" && D.f(bad, "severity_str") == "Severity_Bad" && D.f(bad, "sub_code") == "59")
        #expect(D.f(bad, "info_type_str") == "InfoType_NotUsed" && D.f(bad, "limit_bits") == "-" && D.f(bad, "overflow") == "-")
    }

    @Test func statusCodeBitFields() {
        // UncertainLastUsableValue (0x40900000) with DataValue info (0x0400), limit High
        // (0x0200), overflow (0x80), historian Interpolated (0x02) and MultiValue (0x10).
        let c = OPCUAStatusCode(raw: 0x4090_0000 | 0x0400 | 0x0200 | 0x80 | 0x12)
        #expect(c.severity == 1 && c.name == "UncertainLastUsableValue" && c.subCode == 0x090)
        #expect(c.infoType == 1 && c.limitBits == 2 && c.overflow && c.historianBits == 2 && c.historianMultiValue)
        #expect(!c.historianPartial && !c.structureChanged && OPCUAStatusCode.name(OPCUAStatusCode.severityNames, 3) == "Reserved")
        // A code not in StatusCode.csv has no name; its sub-code keeps all twelve bits.
        #expect(OPCUAStatusCode(raw: 0x8FFF_0000).name == nil && OPCUAStatusCode(raw: 0x8FFF_0000).subCode == 0xFFF)
    }

    static let browseRequest = D.msg(
        12,
        P.fourByte(527) + P.requestHeader
            + [0x00, 0x00] + P.i64(0) + P.u32(0)  // View: null id, timestamp 0, version 0
            + P.u32(0)  // RequestedMaxReferencesPerNode
            + P.u32(1)  // NodesToBrowse
            + [0x00, 85] + P.u32(0)  // Objects folder, Forward
            + [0x00, 33] + [0x01]  // ReferenceTypeId HierarchicalReferences, IncludeSubtypes
            + P.u32(0x03) + P.u32(0x3F))  // NodeClassMask Object|Variable, ResultMask All

    static let browseResponse = D.msg(
        12,
        P.fourByte(530) + P.responseHeader
            + P.u32(1)  // Results
            + P.u32(0) + P.string("\u{1}\u{2}\u{3}\u{4}")  // StatusCode Good, ContinuationPoint
            + P.u32(1)  // References
            + [0x00, 35] + [0x01]  // ReferenceTypeId Organizes, IsForward
            + [0x81, 0x01, 0x05, 0x00] + P.string("urn:city:pumps")  // target: four-byte ns=1;i=5 with NamespaceUri
            + [0x01, 0x00] + P.string("Pump")  // BrowseName 1:Pump
            + [0x02] + P.string("Pump 1")  // DisplayName: text only
            + P.u32(1)  // NodeClass Object
            + [0x00, 58]  // TypeDefinition BaseObjectType
            + nullArray)

    static let browseNextRequest = D.msg(
        13, P.fourByte(533) + P.requestHeader + [0x00] + P.u32(1) + P.string("\u{1}\u{2}\u{3}\u{4}"))

    @Test func browseLogsNodesResultsAndReferences() throws {
        let sink = P.run([
            (P.openRequest, true), (P.openResponse, false), (Self.browseRequest, true), (Self.browseResponse, false),
            (Self.browseNextRequest, true),
        ])
        let browse = sink.rows("opcua_binary_browse")
        #expect(browse.map { D.f($0, "browse_service_type") } == ["BrowseRequest", "BrowseResponse", "BrowseNextRequest"])
        if case .time(let t)? = browse[0].value("browse_view_description_timestamp") {
            #expect(t == Timestamp(nanoseconds: 0), "a null view timestamp is written as 0, not as 1601")
        } else {
            Issue.record("browse_view_description_timestamp is not a time")
        }
        #expect(D.f(browse[2], "browse_next_release_continuation_point") == "F")
        let d = try #require(sink.rows("opcua_binary_browse_description").first)
        #expect(D.f(d, "browse_direction") == "FWD" && D.f(d, "browse_description_numeric") == "85")
        #expect(D.f(d, "browse_node_class_mask") == "ObjectNodeClass|VariableNodeClass" && D.f(d, "browse_result_mask") == "0x0000003f")
        let result = try #require(sink.rows("opcua_binary_browse_result").first)
        #expect(D.f(result, "status_code") == "0x00000000" && D.f(result, "browse_result_continuation_point") == "0x01020304")
        let r = try #require(sink.rows("opcua_binary_browse_response_references").first)
        #expect(D.f(r, "browse_reference_link_id") == D.f(result, "browse_reference_link_id"))
        #expect(D.f(r, "browse_response_ref_numeric") == "35" && D.f(r, "browse_response_is_forward") == "T")
        #expect(D.f(r, "browse_response_ref_type_encoding_mask") == "0x81" && D.f(r, "browse_response_ref_type_numeric") == "5")
        #expect(D.f(r, "browse_response_ref_type_namespace_uri") == "urn:city:pumps")
        #expect(D.f(r, "browse_response_ref_name_idx") == "1" && D.f(r, "browse_response_ref_name") == "Pump")
        #expect(D.f(r, "browse_response_display_name_text") == "Pump 1" && D.f(r, "browse_response_display_name_locale") == "-")
        #expect(D.f(r, "browse_response_node_class") == "ObjectNodeClass" && D.f(r, "browse_response_type_def_numeric") == "58")
        let point = try #require(sink.rows("opcua_binary_browse_request_continuation_point").first)
        #expect(
            D.f(point, "continuation_point") == "0x01020304" && D.f(point, "browse_next_link_id") == D.f(browse[2], "browse_next_link_id"))
        let codes = sink.rows("opcua_binary_status_code_detail").filter {
            D.f($0, "status_code_link_id") == D.f(browse[1], "opcua_link_id")
        }
        #expect(codes.map { D.f($0, "source_str") }.sorted() == ["Browse", "ResponseHeader"])
    }

    static let createMonitoredItemsRequest = D.msg(
        14,
        P.fourByte(751) + P.requestHeader + P.u32(7) + P.u32(2)  // SubscriptionId, TimestampsToReturn Both
            + P.u32(1)  // ItemsToCreate
            + [0x03, 0x02, 0x00] + P.string("Valve.Open") + P.u32(13) + P.string(nil) + [0x00, 0x00] + P.string(nil)
            + P.u32(2) + P.u32(1) + double(250)  // Reporting, ClientHandle 1, SamplingInterval 250 ms
            + P.fourByte(724) + [0x01] + P.u32(16) + P.u32(1) + P.u32(0) + double(0)  // DataChangeFilter body
            + P.u32(10) + [0x01])  // QueueSize, DiscardOldest

    static let createMonitoredItemsResponse = D.msg(
        14,
        P.fourByte(754) + P.responseHeader
            + P.u32(1) + P.u32(0) + P.u32(42) + double(500) + P.u32(10) + [0x00, 0x00, 0x00]  // result, null filter
            + nullArray)

    @Test func createMonitoredItemsLogsItemsAndResults() throws {
        let sink = P.run([
            (P.openRequest, true), (P.openResponse, false), (Self.createMonitoredItemsRequest, true),
            (Self.createMonitoredItemsResponse, false),
        ])
        let top = sink.rows("opcua_binary_create_monitored_items")
        #expect(top.count == 2 && D.f(top[0], "subscription_id") == "7" && D.f(top[0], "timestamps_to_return_str") == "Both")
        let items = sink.rows("opcua_binary_create_monitored_items_create_item")
        try #require(items.count == 2)
        let asked = items[0]
        #expect(D.f(asked, "item_to_monitor_node_id_string") == "Valve.Open" && D.f(asked, "item_to_monitor_attribute_id") == "Value")
        #expect(D.f(asked, "monitoring_mode") == "Reporting" && D.f(asked, "monitoring_parameters_sampling_interval") == "250.0")
        #expect(D.f(asked, "monitoring_parameters_filter_info_type_id_string") == "DataChangeFilter")
        #expect(D.f(asked, "monitoring_parameters_filter_info_type_id_encoding") == "0x01")
        #expect(D.f(asked, "monitoring_parameters_discard_oldest") == "T" && D.f(asked, "monitored_item_index_id") == "-")
        let created = items[1]
        #expect(D.f(created, "monitoring_parameters_status_code") == "0x00000000" && D.f(created, "monitored_item_index_id") == "42")
        #expect(D.f(created, "monitoring_parameters_revised_sampling_interval") == "500.0" && D.f(created, "monitoring_mode") == "-")
        #expect(D.f(created, "monitoring_parameters_filter_info_type_id_string") == "-")
    }

    @Test func truncatedResponsesKeepWhatCameBefore() {
        // The WriteResponse cut inside its results: the header's status is logged, the write
        // rows of the request stay, and the message is named malformed.
        var cut = Array(Self.writeResponse.dropLast(6))
        cut.replaceSubrange(4..<8, with: P.u32(UInt32(cut.count)))
        let sink = P.run([(P.openRequest, true), (P.openResponse, false), (Self.writeRequest, true), (cut, false)])
        let write = sink.rows("opcua_binary_write")
        #expect(write.count == 1)
        let codes = sink.rows("opcua_binary_status_code_detail").filter { D.f($0, "status_code_link_id") == D.f(write[0], "opcua_link_id") }
        #expect(codes.map { D.f($0, "source_str") } == ["ResponseHeader", "ResponseHeader_DiagInfo"])
        #expect(sink.weirdNames.contains("opcua_malformed_message"))
    }
}
