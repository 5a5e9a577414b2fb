import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// Read (IEC 62541-4 §5.10.2) with Variant and DataValue values (Part 6 §5.2.2.16-17), built
/// field by field, and the BuildInfo identity a server gives away when read.
@Suite struct OPCUAReadTests {
    typealias P = OPCUAParserTests
    typealias D = OPCUADiscoveryTests

    /// ReadValueId: a four-byte NodeId in namespace 0, attribute 13 (Value), null IndexRange,
    /// DataEncoding QualifiedName 0:null.
    static func readValue(_ node: UInt16) -> [UInt8] { P.fourByte(node) + P.u32(13) + P.string(nil) + [0x00, 0x00] + P.string(nil) }

    static let readRequest = D.msg(
        6,
        P.fourByte(631) + P.requestHeader + P.i64(0)  // MaxAge 0.0
            + P.u32(2)  // TimestampsToReturn: Both
            + P.u32(3) + readValue(2263) + readValue(2264) + readValue(2260))

    /// BuildInfo's binary body (Part 5 §12.4): five Strings and a DateTime.
    static let buildInfoBody =
        P.string("urn:acme:plc-os") + P.string("ACME Automation") + P.string("PLC 1200") + P.string("V4.5.2") + P.string("88")
        + P.i64(132_223_104_000_000_000)

    static let readResponse = D.msg(
        6,
        P.fourByte(634) + P.responseHeader
            + P.u32(3)  // Results: three DataValues
            + [0x01, 0x0C] + P.string("ACME Automation")  // mask Value; Variant String
            + [0x03, 0x0C] + P.string("V4.5.2") + P.u32(0)  // mask Value|Status; String; Good
            + [0x05, 0x16] + P.fourByte(340) + [0x01] + P.u32(UInt32(buildInfoBody.count)) + buildInfoBody  // Value|SourceTimestamp; ExtensionObject BuildInfo
            + P.i64(132_223_104_000_000_000)
            + P.u32(0xFFFF_FFFF))  // DiagnosticInfos: null

    static func values(_ r: LogRecord) -> [String] {
        if case .strings(let v)? = r.value("value") { return v }
        return []
    }

    @Test func resultsArePairedWithTheNodesRead() throws {
        let sink = P.run([(P.openRequest, true), (P.openResponse, false), (Self.readRequest, true), (Self.readResponse, false)])
        let read = sink.rows("opcua_binary_read")
        #expect(read.count == 2 && P.string(read[0], "timestamps_to_return_str") == "Both" && P.count(read[0], "max_age") == 0)
        let nodes = sink.rows("opcua_binary_read_nodes_to_read")
        #expect(nodes.map { P.count($0, "node_id_numeric") } == [2263, 2264, 2260])
        #expect(nodes.allSatisfy { P.string($0, "attribute_id_str") == "Value" && P.string($0, "node_id_encoding_mask") == "0x01" })
        let results = sink.rows("opcua_binary_read_results")
        #expect(results.map { P.string($0, "node_id") } == ["i=2263", "i=2264", "i=2260"])
        #expect(results.map { P.string($0, "data_value_encoding_mask") } == ["0x01", "0x03", "0x05"])
        #expect(results.map { P.string($0, "built_in_data_type_str") } == ["String", "String", "ExtensionObject"])
        #expect(Self.values(results[0]) == ["ACME Automation"] && P.string(results[1], "status_code") == "0x00000000")
        #expect(Self.values(results[2]) == ["ExtensionObject(i=340)"] && results[2].value("source_timestamp") != nil)
        let identity = sink.events.compactMap { e -> String? in
            if case .identity(_, let field, let value, let evidence) = e, evidence.contains("BuildInfo") { return "\(field)=\(value)" }
            return nil
        }
        // Field by field (2263 ManufacturerName, 2264 SoftwareVersion), then the whole BuildInfo.
        #expect(
            identity == [
                "vendor=ACME Automation", "firmware=V4.5.2", "vendor=ACME Automation", "model=PLC 1200",
                "firmware=V4.5.2", "product=urn:acme:plc-os",
            ])
    }

    static func variant(_ bytes: [UInt8]) -> OPCUAVariant? {
        bytes.withUnsafeBytes {
            var r = OPCUAReader($0)
            return OPCUAVariant.read(&r)
        }
    }

    @Test func variantForms() {
        // Array of Int16 (mask 0x80 | 4) with ArrayDimensions (0x40): values then an Int32 array.
        let array = Self.variant([0xC4] + P.u32(3) + [0xFF, 0xFF, 0x02, 0x00, 0x00, 0x80] + P.u32(1) + P.u32(3))
        #expect(array?.values.map(\.text) == ["-1", "2", "-32768"] && array?.isArray == true)
        #expect(Self.variant([0x0B] + P.i64(Int64(bitPattern: 0.5.bitPattern)))?.values.first?.text == "0.5")
        #expect(Self.variant([0x01, 0x01])?.values.first?.text == "T")
        #expect(Self.variant([0x00])?.values.isEmpty == true)
        #expect(Self.variant([0x14, 0x02, 0x00] + P.string("Level"))?.values.first?.text == "2:Level")
        // A Variant in a Variant in … past the depth bound, an unknown type, and a short value fail.
        #expect(Self.variant([UInt8](repeating: 0x18, count: 10) + [0x01, 0x01]) == nil)
        #expect(Self.variant([0x1F]) == nil)
        #expect(Self.variant([0x07, 0x01, 0x02]) == nil)
        // Only the first elements of a long array are kept; the rest are counted.
        let long = Self.variant([0x83] + P.u32(100) + [UInt8](repeating: 7, count: 100))
        #expect(long?.values.count == OPCUAVariant.maxLoggedElements && long?.dropped == 100 - OPCUAVariant.maxLoggedElements)
    }

    @Test func aTruncatedResponseIsNamedAndLogsNoResults() {
        var short = Array(Self.readResponse.dropLast(10))
        short.replaceSubrange(4..<8, with: P.u32(UInt32(short.count)))
        let sink = P.run([(P.openRequest, true), (P.openResponse, false), (Self.readRequest, true), (short, false)])
        #expect(sink.rows("opcua_binary_read_results").isEmpty)
        #expect(sink.weirdNames.contains("opcua_malformed_message"))
        #expect(sink.rows("opcua_binary_read_nodes_to_read").count == 3, "the request's rows stay")
    }
}
