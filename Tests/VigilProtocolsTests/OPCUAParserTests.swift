import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// OPC UA binary messages built field by field from IEC 62541-6 (§5.2 encodings, §6.7 secure
/// conversation, §7.1 connection protocol), each byte group annotated with its field.
@Suite struct OPCUAParserTests {
    static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    static func i64(_ v: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    /// String/ByteString: Int32 length then bytes; nil encodes the null value (-1).
    static func string(_ s: String?) -> [UInt8] { s.map { u32(UInt32($0.utf8.count)) + Array($0.utf8) } ?? u32(0xFFFF_FFFF) }
    /// Message header (§7.1.2.2): type, chunk type, size including the header.
    static func message(_ type: String, _ body: [UInt8], chunk: String = "F") -> [UInt8] {
        Array(type.utf8) + Array(chunk.utf8) + u32(UInt32(8 + body.count)) + body
    }
    /// Four-byte NodeId (§5.2.2.9): mask 0x01, namespace u8, identifier u16.
    static func fourByte(_ id: UInt16) -> [UInt8] { [0x01, 0x00, UInt8(id & 0xFF), UInt8(id >> 8)] }

    static let hello = message(
        "HEL",
        u32(0)  // ProtocolVersion
            + u32(65536) + u32(65536)  // ReceiveBufferSize, SendBufferSize
            + u32(0) + u32(0)  // MaxMessageSize, MaxChunkCount (0 = no limit)
            + string("opc.tcp://plc:4840"))

    static let requestHeader: [UInt8] =
        [0x00, 0x00]  // AuthenticationToken: two-byte NodeId 0
        + i64(132_223_104_000_000_000)  // Timestamp: 2020-01-01T00:00:00Z in 100 ns ticks since 1601
        + u32(7)  // RequestHandle
        + u32(0)  // ReturnDiagnostics
        + string(nil)  // AuditEntryId: null
        + u32(10000)  // TimeoutHint
        + [0x00, 0x00, 0x00]  // AdditionalHeader: ExtensionObject, type 0, no body

    static let responseHeader: [UInt8] =
        i64(132_223_104_000_000_000)  // Timestamp
        + u32(7)  // RequestHandle
        + u32(0)  // ServiceResult: Good
        + [0x00]  // ServiceDiagnostics: empty DiagnosticInfo
        + u32(0xFFFF_FFFF)  // StringTable: null array
        + [0x00, 0x00, 0x00]  // AdditionalHeader

    /// OPN request (§6.7.4): channel 0, policy None, null certificates, sequence 1, request 1,
    /// then OpenSecureChannelRequest (446): version 0, Issue, mode None, null nonce, 600000 ms.
    static let openRequest = message(
        "OPN",
        u32(0) + string("http://opcfoundation.org/UA/SecurityPolicy#None") + string(nil) + string(nil)  // security header
            + u32(1) + u32(1)  // SequenceNumber, RequestId
            + fourByte(446) + requestHeader + u32(0) + u32(0) + u32(1) + string(nil) + u32(600_000))

    /// OPN response: channel 5, token 9, revised lifetime 600000, empty server nonce.
    static let openResponse = message(
        "OPN",
        u32(5) + string("http://opcfoundation.org/UA/SecurityPolicy#None") + string(nil) + string(nil) + u32(1) + u32(1)
            + fourByte(449) + responseHeader + u32(0)  // ServerProtocolVersion
            + u32(5) + u32(9) + i64(132_223_104_000_000_000) + u32(600_000)  // SecurityToken
            + string(""))

    /// ActivateSession (467) with an AnonymousIdentityToken (encoding id 321, policy "anon").
    static let activateAnonymous = message(
        "MSG",
        u32(5) + u32(9) + u32(2) + u32(2)  // channel, token, sequence 2, request 2
            + fourByte(467) + requestHeader
            + string(nil) + string(nil)  // ClientSignature: algorithm, signature
            + u32(0xFFFF_FFFF)  // ClientSoftwareCertificates: null
            + u32(1) + string("en")  // LocaleIds
            + fourByte(321) + [0x01] + u32(8) + string("anon")  // UserIdentityToken ExtensionObject
            + string(nil) + string(nil))  // UserTokenSignature

    static func run(_ parts: [([UInt8], Bool)], limits: Limits = .default) -> CollectingSink {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink, limits: limits)
        let a = OPCUAAnalyzer(limits: limits)
        for (bytes, isOrig) in parts { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: ctx) } }
        a.finish(context: ctx)
        return sink
    }

    static func string(_ r: LogRecord, _ f: String) -> String? {
        if case .string(let s)? = r.value(f) { return s }
        return nil
    }

    static func count(_ r: LogRecord, _ f: String) -> UInt64? {
        if case .count(let c)? = r.value(f) { return c }
        return nil
    }

    @Test func guidUsesThePart6ByteOrder() {
        // Part 6 §5.2.2.6 example: {72962B91-FA75-4AE6-8D28-B404DC7DAF63} is encoded as these bytes.
        let wire: [UInt8] = [0x91, 0x2B, 0x96, 0x72, 0x75, 0xFA, 0xE6, 0x4A, 0x8D, 0x28, 0xB4, 0x04, 0xDC, 0x7D, 0xAF, 0x63]
        #expect(wire.withUnsafeBytes { OPCUANodeID.guidText($0) } == "72962b91-fa75-4ae6-8d28-b404dc7daf63")
    }

    @Test func nodeIDForms() {
        func node(_ b: [UInt8], expanded: Bool = false) -> OPCUANodeID? {
            b.withUnsafeBytes {
                var r = OPCUAReader($0)
                return r.nodeID(expanded: expanded)
            }
        }
        #expect(node([0x00, 0x48])?.numeric == 72 && node([0x00, 0x48])?.namespace == nil)
        #expect(node([0x01, 0x05, 0x01, 0x04]).map { ($0.namespace, $0.numeric) }! == (5, 1025))
        #expect(node([0x02, 0x01, 0x00] + Self.u32(0x0001_0000))?.numeric == 65536)
        #expect(node([0x03, 0x02, 0x00] + Self.string("Tank.Level"))?.string == "Tank.Level")
        #expect(node([0x05, 0x00, 0x00] + Self.string("ab"))?.opaque == "0x6162")
        // Expanded: 0x80 adds a namespace URI, 0x40 a server index.
        let expanded = node([0xC0, 0x07] + Self.string("urn:x") + Self.u32(3), expanded: true)
        #expect(expanded?.namespaceURI == "urn:x" && expanded?.serverIndex == 3)
        // Reserved encoding 0x06, and a string whose length runs past the end.
        #expect(node([0x06, 0x00]) == nil)
        #expect(node([0x03, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x61]) == nil)
    }

    @Test func helloParses() throws {
        let c = try Self.hello.withUnsafeBytes { try OPCUAChunk.parse($0, encrypted: false).get() }
        #expect(c.messageType == "HEL" && c.isFinal && c.size == UInt32(Self.hello.count))
        #expect(c.receiveBufferSize == 65536 && c.maxChunkCount == 0 && c.endpointURL?.text == "opc.tcp://plc:4840")
    }

    @Test func conversationPairsRequestsAndFlagsInsecureSessions() throws {
        let sink = Self.run([
            (Self.hello, true), (Self.openRequest, true), (Self.openResponse, false), (Self.activateAnonymous, true),
        ])
        let rows = sink.rows("opcua_binary")
        #expect(rows.count == 3, "HEL, the OPN pair, and the unanswered ActivateSession")
        let opn = try #require(rows.first { Self.string($0, "msg_type") == "OPN" })
        #expect(Self.count(opn, "msg_size") == UInt64(Self.openRequest.count + Self.openResponse.count))
        if case .counts(let channels)? = opn.value("sec_channel_id") {
            #expect(channels == [0, 5])
        } else {
            Issue.record("no channel ids")
        }
        #expect(Self.string(opn, "req_identifier_str") == "OpenSecureChannelRequest")
        #expect(Self.string(opn, "res_identifier_str") == "OpenSecureChannelResponse")
        #expect(Self.string(opn, "req_hdr_audit_entry_id") == "" && Self.count(opn, "req_hdr_request_handle") == 7)
        #expect(Self.string(opn, "res_hdr_service_result") == "0x00000000")
        if case .time(let t)? = opn.value("req_hdr_timestamp") { #expect(t.nanoseconds == 1_577_836_800_000_000_000) }
        let channel = sink.rows("opcua_binary_opensecure_channel")
        #expect(channel.count == 2 && Self.count(channel[1], "sec_token_id") == 9)
        let activate = try #require(sink.rows("opcua_binary_activate_session").first)
        #expect(Self.string(activate, "ext_obj_type_id_str") == "AnonymousIdentityToken")
        #expect(Self.string(activate, "ext_obj_policy_id") == "anon")
        #expect(sink.weirdNames == ["opcua_security_policy_none", "opcua_anonymous_session"])
        let roles = sink.events.compactMap { e -> String? in
            if case .role(_, let r) = e { return r }
            return nil
        }
        #expect(roles == ["opcua_client", "opcua_server"])
    }

    @Test func partialDeliveryAtEveryCutGivesTheSameRows() {
        let whole = Self.openRequest + Self.activateAnonymous
        let reference = Self.run([(whole, true)]).rows("opcua_binary").count
        for cut in 1..<whole.count {
            let sink = Self.run([(Array(whole[..<cut]), true), (Array(whole[cut...]), true)])
            #expect(sink.rows("opcua_binary").count == reference, "cut at \(cut)")
            #expect(sink.weirdNames == ["opcua_security_policy_none", "opcua_anonymous_session"], "cut at \(cut)")
        }
    }

    @Test func intermediateChunksAreJoinedAndBounded() {
        // The ActivateSession body split after its type id into a 'C' chunk and an 'F' chunk.
        let body = Array(Self.activateAnonymous[24...])
        let head = Self.u32(5) + Self.u32(9) + Self.u32(2) + Self.u32(2)
        let first = Self.message("MSG", head + body[..<4], chunk: "C")
        let last = Self.message("MSG", Self.u32(5) + Self.u32(9) + Self.u32(3) + Self.u32(2) + body[4...])
        let sink = Self.run([(Self.openRequest, true), (first, true), (last, true)])
        #expect(sink.rows("opcua_binary_activate_session").count == 1)
        #expect(Self.count(sink.rows("opcua_binary").last!, "req_msg_size") == UInt64(first.count + last.count))
        // A message size past Limits.maxMessageBytes is refused at the header.
        var small = Limits()
        small.maxMessageBytes = 64
        let refused = Self.run([(Self.openRequest, true)], limits: small)
        #expect(refused.weirdNames == ["opcua_invalid_message_size"] && refused.rows("opcua_binary").isEmpty)
    }

    @Test func malformedInputIsNamedAndEarlierRowsKept() {
        // A body cut short after OPN established a clear channel: malformed, header row kept.
        let cut = Self.message("MSG", Array(Self.activateAnonymous[8..<40]))
        let sink = Self.run([
            (Self.hello, true), (Self.openRequest, true), (cut, true), (Array("XYZF\u{10}\0\0\0".utf8) + [0, 0, 0, 0, 0, 0, 0, 0], true),
        ])
        #expect(sink.weirdNames == ["opcua_security_policy_none", "opcua_malformed_message", "opcua_invalid_message_type"])
        #expect(sink.rows("opcua_binary").count == 3)
        // A response nobody asked for.
        let stray = Self.run([(Self.openResponse, false)])
        #expect(stray.weirdNames == ["opcua_unsolicited_response"])
    }

    @Test func requestFloodIsBounded() {
        var limits = Limits()
        limits.maxPendingTransactions = 4
        var parts: [([UInt8], Bool)] = [(Self.openRequest, true)]
        for id in 2...7 as ClosedRange<UInt32> {
            var m = Self.activateAnonymous
            m.replaceSubrange(20..<24, with: Self.u32(id))  // RequestId
            parts.append((m, true))
        }
        let sink = Self.run(parts, limits: limits)
        #expect(sink.weirdNames.filter { $0 == "opcua_too_many_pending_requests" }.count == 1)
        #expect(sink.rows("opcua_binary").count == 7, "every request is still logged")
    }

    @Test func detection() {
        #expect(Self.hello.withUnsafeBytes { OPCUAAnalyzer.looksLikeOPCUA($0) })
        #expect(Self.activateAnonymous.withUnsafeBytes { OPCUAAnalyzer.looksLikeOPCUA($0) })
        #expect(!Array("GET / HTTP/1.1\r\n".utf8).withUnsafeBytes { OPCUAAnalyzer.looksLikeOPCUA($0) })
        #expect(!(Array("HELX".utf8) + Self.u32(56)).withUnsafeBytes { OPCUAAnalyzer.looksLikeOPCUA($0) })
    }
}
