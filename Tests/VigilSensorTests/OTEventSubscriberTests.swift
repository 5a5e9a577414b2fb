import Foundation
import Testing
import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

@testable import VigilSensor

/// The events of the OT and TLS analyzers, as a subscriber gets them, say what their logs say:
/// each S7comm PDU, CIP message, DNP3 exchange, BACnet property value, OPC UA exchange and
/// node read, and TLS handshake is one row of its log with the same values, and each finished connection one conn.log row
/// with the same state, history and counts.
@Suite struct OTEventSubscriberTests {
    typealias Base = EventSubscriberTests

    static func text(_ r: LogRecord, _ fields: [String]) -> String { fields.map { Base.text(r, $0) }.joined(separator: " ") }

    static func hex(_ v: some BinaryInteger, _ width: Int) -> String { Hex.zeek(UInt64(v), minimumWidth: width) }

    @Test(arguments: ["icsnpp-s7comm/tests/traces/s7ident.pcap", "icsnpp-s7comm/tests/traces/snap7.pcap"])
    func s7EventsEqualS7commRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .s7(let s) = e, case .s7comm(let rosctr, let reference, let function, _, _, _, let errorCode) = s.message
            else { return nil }
            return [
                s.flow.uid, s.isOrig ? "T" : "F", "\(rosctr)", "\(reference)", function.map { Self.hex($0, 2) } ?? "-",
                errorCode.map { Self.hex($0, 2) } ?? "-",
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("s7comm").map {
            Self.text($0, ["uid", "is_orig", "rosctr_code", "pdu_reference", "function_code", "error_code"])
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    @Test func cipEventsEqualCIPRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run("icsnpp-enip/tests/traces/multiple_service_packet_cip.pcapng")
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .enip(let x) = e, case .cip(_, let isResponse, let service, _, _, let classID, _, _) = x.message else { return nil }
            return [x.flow.uid, isResponse ? "response" : "request", Self.hex(service, 2), classID.map { Self.hex($0, 2) } ?? "-"]
                .joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("cip").map { Self.text($0, ["uid", "direction", "cip_service_code", "class_id"]) }.sorted()
        #expect(fromLog.count > 1)
        #expect(fromEvents == fromLog)
    }

    @Test func opcuaExchangesEqualBinaryRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run("icsnpp-opcua-binary/pcaps/open62541_client-server_mainloop.pcap")
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .opcua(let o) = e, case .exchange(let request, let response) = o.message, let first = request ?? response
            else { return nil }
            let size = (request?.size ?? 0) + (response?.size ?? 0)
            return [o.flow.uid, first.linkID, first.chunk.messageType, "\(size)", first.chunk.requestID.map { "\($0)" } ?? "-"]
                .joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("opcua_binary").map { Self.text($0, ["uid", "opcua_link_id", "msg_type", "msg_size", "request_id"]) }
            .sorted()
        #expect(fromLog.count > 10)
        #expect(fromEvents == fromLog)
    }

    @Test func opcuaReadBodiesEqualNodesToReadRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run("icsnpp-opcua-binary/pcaps/open62541_client-server_mainloop.pcap")
        let fromEvents = collector.events.flatMap { e -> [String] in
            guard case .opcua(let o) = e, case .service(let m, .read(let read)) = o.message else { return [] }
            return read.nodes.map { n in
                [o.flow.uid, m.isOrig ? "T" : "F", n.node.numeric.map { "\($0)" } ?? "-", "\(n.attribute)"].joined(separator: " ")
            }
        }.sorted()
        let fromLog = sink.rows("opcua_binary_read_nodes_to_read").map {
            Self.text($0, ["uid", "is_orig", "node_id_numeric", "attribute_id"])
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    @Test func dnp3ExchangesEqualDNP3Rows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run("icsnpp-dnp3/testing/traces/dnp3_example.pcap")
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .dnp3(let d) = e, case .exchange(let request, let response, let iin) = d.message else { return nil }
            return [
                d.flow.uid, request.map(DNP3Names.function) ?? "-", response.map(DNP3Names.function) ?? "-", iin.map { "\($0)" } ?? "-",
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("dnp3").map { Self.text($0, ["uid", "fc_request", "fc_reply", "iin"]) }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    @Test func bacnetPropertyEventsEqualPropertyRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run("icsnpp-bacnet/testing/traces/bacnet_example.pcap")
        let events = collector.events.compactMap { e -> (key: String, value: BACnetPropertyValue?)? in
            guard case .bacnet(let b) = e, case .property(let invoke, _, _, let object, _, let index, let value) = b.message else {
                return nil
            }
            return (
                [b.flow.uid, invoke.map { "\($0)" } ?? "-", "\(object.instance)", index.map { "\($0)" } ?? "-"].joined(separator: " "),
                value
            )
        }
        let rows = sink.rows("bacnet_property").filter { !Base.text($0, "pdu_service").hasPrefix("ERROR") }
        #expect(rows.count > 100)
        #expect(events.map(\.key).sorted() == rows.map { Self.text($0, ["uid", "invoke_id", "instance_number", "array_index"]) }.sorted())
        // Values given as text are the log's text; enumerated ones are named by the writer.
        let textValues = events.compactMap { e -> String? in
            guard case .text(let t)? = e.value else { return nil }
            return e.key + " " + t
        }
        let logged = Set(rows.map { Self.text($0, ["uid", "invoke_id", "instance_number", "array_index", "value"]) })
        #expect(!textValues.isEmpty)
        #expect(textValues.allSatisfy(logged.contains))
    }

    @Test(arguments: ["suricata-verify/tests/ja4-tls/input.pcap", "suricata-verify/tests/tls/tls-cert-issuer/tls.pcap"])
    func tlsHandshakesEqualSSLRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .tls(let t) = e else { return nil }
            return [
                t.flow.uid, t.serverName ?? "-", t.history, t.established ? "T" : "F", t.ja3 ?? "-", t.ja3s ?? "-", t.ja4 ?? "-",
                t.subject ?? "-", t.serverChainSHA256.isEmpty ? "-" : t.serverChainSHA256.joined(separator: ","),
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("ssl").map {
            Self.text($0, ["uid", "server_name", "ssl_history", "established", "ja3", "ja3s", "ja4", "subject", "cert_chain_fps"])
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    @Test(arguments: ["icsnpp-s7comm/tests/traces/snap7.pcap", "zeek/testing/btest/Traces/tls/google-cert-repeat.pcap"])
    func finishedConnectionsCarryEveryConnField(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Base.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .connectionFinished(let c) = e else { return nil }
            return [
                c.uid, c.state.string, c.history.text.isEmpty ? "-" : c.history.text, "\(c.orig.packets)", "\(c.orig.ipBytes)",
                "\(c.resp.packets)", "\(c.resp.ipBytes)", "\(c.missedBytes)",
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("conn").map {
            Self.text($0, ["uid", "conn_state", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "missed_bytes"])
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }
}
