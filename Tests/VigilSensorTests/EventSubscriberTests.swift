import Foundation
import Testing
import VigilCore
import VigilEvents
import VigilLogs

@testable import VigilSensor

/// A consumer registered through the public API (`SensorPipeline.subscribe`) receives the
/// sensor's typed events, and what they say equals what the logs say: one Modbus event per
/// modbus.log row, one finished connection per conn.log row, one weird per weird.log row, and
/// the identity and roles that assets.json holds.
@Suite struct EventSubscriberTests {
    final class Collector: EventSubscriber {
        var events: [SensorEvent] = []
        var finished = false
        func receive(_ event: SensorEvent, at ts: Timestamp) { events.append(event) }
        func finish() { finished = true }
    }

    /// A corpus capture, with a collector subscribed.
    static func run(_ file: String) -> (MemoryLogSink, SensorPipeline, Collector) {
        runPath(Corpus.root.appendingPathComponent(file).path)
    }

    static func text(_ r: LogRecord, _ field: String) -> String { r.value(field).map { ZeekTSVEncoder.field($0) } ?? "-" }

    static let modbusCaptures = [
        "icsnpp-modbus/testing/traces/modbus_example.pcap", "iti-ics-security-tools/pcaps/ModbusTCP/Modbus/modbus_test.pcap",
        "suricata-verify/tests/modbus/modbus.pcap", "zeek/testing/btest/Traces/modbus/modbusSmall.pcap",
    ]

    @Test(arguments: modbusCaptures)
    func modbusEventsEqualModbusLogRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Self.run(capture)
        #expect(collector.finished)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .modbus(let m) = e else { return nil }
            return [
                m.flow.uid, "\(m.flow.id.origHost)", "\(m.flow.id.respPort)", "\(m.transactionID)", "\(m.unitID)",
                m.isOrig ? "REQ" : "RESP", m.isException ? "exception" : "-",
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("modbus").map { r in
            [
                Self.text(r, "uid"), Self.text(r, "id.orig_h"), Self.text(r, "id.resp_p"), Self.text(r, "tid"), Self.text(r, "unit"),
                Self.text(r, "pdu_type"), Self.text(r, "exception") == "-" ? "-" : "exception",
            ].joined(separator: " ")
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    /// Requests carry what they read and write, decoded from the PDU.
    @Test func modbusWritesCarryTheirValues() throws {
        try #require(Corpus.available)
        let (_, _, collector) = Self.run("iti-ics-security-tools/pcaps/ModbusTCP/Modbus/modbus_test.pcap")
        let pdus = collector.events.compactMap { e -> ModbusPDUEvent? in
            if case .modbus(let m) = e { return m }
            return nil
        }
        let reads = pdus.filter { $0.isOrig && (1...4).contains($0.functionCode) }
        #expect(!reads.isEmpty)
        #expect(reads.allSatisfy { $0.address != nil && $0.quantity != nil })
        let writes = pdus.filter { $0.isOrig && [5, 6, 15, 16].contains($0.functionCode) }
        #expect(!writes.isEmpty)
        #expect(writes.allSatisfy { !$0.registersWritten.isEmpty || !$0.coilsWritten.isEmpty })
    }

    @Test(arguments: modbusCaptures + ["zeek/testing/btest/Traces/tls/google-cert-repeat.pcap"])
    func finishedConnectionsAndWeirdsEqualTheirLogs(capture: String) throws {
        try #require(Corpus.available)
        let (sink, pipeline, collector) = Self.run(capture)
        let connections = collector.events.compactMap { e -> String? in
            guard case .connectionFinished(let c) = e else { return nil }
            return
                "\(c.uid) \(c.id.origHost) \(c.id.origPort) \(c.id.respHost) \(c.id.respPort) \(c.services.isEmpty ? "-" : c.services.joined(separator: ","))"
        }.sorted()
        let connRows = sink.rows("conn").map { r in
            ["uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "service"].map { Self.text(r, $0) }.joined(separator: " ")
        }.sorted()
        #expect(!connRows.isEmpty)
        #expect(connections == connRows)
        let weirds = collector.events.compactMap { e -> String? in
            guard case .weird(let w) = e else { return nil }
            return "\(w.uid ?? "-") \(w.name) \(w.addl ?? "-")"
        }.sorted()
        #expect(weirds == sink.rows("weird").map { "\(Self.text($0, "uid")) \(Self.text($0, "name")) \(Self.text($0, "addl"))" }.sorted())
        // Roles and identity reach the inventory only through events.
        let roles = Set(
            collector.events.compactMap { e -> String? in
                guard case .role(let host, let role) = e else { return nil }
                return "\(host) \(role)"
            })
        let assetRoles = Set(pipeline.inventory.assets.flatMap { a in a.roles.flatMap { r in a.ips.map { "\($0) \(r)" } } })
        #expect(roles.isSubset(of: assetRoles))
        #expect(roles.count > 0 || capture.hasPrefix("zeek/testing/btest/Traces/tls"))
    }

    @Test func modbusIdentityEventsNameTheDevice() throws {
        try #require(Corpus.available)
        let (sink, pipeline, collector) = Self.run("icsnpp-modbus/testing/traces/modbus_example.pcap")
        let objects = collector.events.flatMap { e -> [ModbusDeviceIdentificationEvent.Object] in
            guard case .modbusDeviceIdentification(let d) = e else { return [] }
            return d.objects
        }
        // The request's row names the object asked for; each object answered has a row.
        let rows = sink.rows("modbus_read_device_identification").filter { Self.text($0, "request_response") == "RESPONSE" }
        #expect(objects.count == rows.count)
        #expect(objects.map(\.value).sorted() == rows.map { Self.text($0, "object_value") }.sorted())
        let vendors = collector.events.compactMap { e -> String? in
            guard case .identity(_, .vendor, let value, _) = e else { return nil }
            return value
        }
        #expect(!vendors.isEmpty)
        #expect(Set(vendors).isSubset(of: Set(pipeline.inventory.assets.compactMap { $0.identity[.vendor]?.value })))
    }

    static let iec104Captures = [
        "iti-ics-security-tools/pcaps/IEC60870-5-104/090813_diverse.pcap",
        "iti-ics-security-tools/pcaps/IEC60870-5-104/JavaRMI_and_IEC_Misc.pcap", "parsitects-zeek-iec104/testing/Traces/first/iec104.pcap",
    ]

    /// IEC 104 events carry what iec104.log writes: format, sequence numbers, type, cause,
    /// common address and every object's address.
    @Test(arguments: iec104Captures)
    func iec104EventsEqualIEC104LogRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Self.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .iec104(let a) = e else { return nil }
            return Self.describe(a)
        }.sorted()
        let fromLog = sink.rows("iec104").map { r in
            [
                "uid", "is_orig", "apci_type", "apci_tx", "apci_rx", "asdu.info_obj_type", "asdu.cause_tx", "asdu.common_address",
                "asdu.info_obj_addrs",
            ]
            .map { Self.text(r, $0) }.joined(separator: " ")
        }.sorted()
        #expect(fromLog.count > 50)
        #expect(fromEvents == fromLog)
    }

    static func describe(_ a: IEC104APDUEvent) -> String {
        var parts: [String] = [a.flow.uid, a.isOrig ? "T" : "F", a.format]
        parts.append(a.sendSequence.map { String($0) } ?? "-")
        parts.append(a.receiveSequence.map { String($0) } ?? "-")
        if let unit = a.dataUnit {
            parts.append(unit.typeName)
            parts.append(unit.causeName)
            parts.append(String(unit.commonAddress))
            let addresses: [String] = unit.objects.map { String($0.address) }
            parts.append(addresses.isEmpty ? "(empty)" : addresses.joined(separator: ","))
        } else {
            parts += ["-", "-", "-", "-"]
        }
        return parts.joined(separator: " ")
    }

    /// CoAP events carry what coap.log writes: type, code, message id, token and URI path.
    @Test func coapEventsEqualCoAPLogRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Self.run("ndpi/tests/cfgs/default/pcap/coap_mqtt.pcap")
        let types = ["CON", "NON", "ACK", "RST"]
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .coap(let m) = e else { return nil }
            let code = "\(m.codeClass).\(m.codeDetail < 10 ? "0" : "")\(m.codeDetail)"
            let token = m.token.isEmpty ? "-" : m.token.map { String(format: "%02x", $0) }.joined()
            let path = m.uriPath.isEmpty ? "-" : "/" + m.uriPath.joined(separator: "/")
            return [m.flow.uid, m.isOrig ? "T" : "F", types[Int(m.type)], code, String(m.messageID), token, path].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("coap").map { r in
            ["uid", "is_orig", "msg_type", "code", "message_id", "token", "uri_path"].map { Self.text(r, $0) }.joined(separator: " ")
        }.sorted()
        #expect(fromLog.count > 100)
        #expect(fromEvents == fromLog)
    }

    /// DNS events carry what dns.log writes: transaction id, query, type, reply code, answers.
    @Test(arguments: ["samples/city-sample.pcap", "zeek/testing/btest/Traces/dns/dns-binds.pcap"])
    func dnsEventsEqualDNSLogRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) =
            capture.hasPrefix("samples/") ? Self.runPath(Corpus.packageRoot.appendingPathComponent(capture).path) : Self.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .dns(let t) = e, let base = t.response ?? t.query else { return nil }
            // The question is the query's (the reply's answers name it when no query was seen);
            // answers Zeek's scripts do not log have no text.
            let shown = t.response?.answers.filter { $0.text?.isEmpty == false }.map(DNSLogWriter.answerText) ?? []
            let name = (t.query?.questions.first?.name ?? t.response?.answers.first { $0.text != nil }?.name).map(DNSLogWriter.lowercased)
            return [
                t.flow.uid, String(base.id), name ?? "-", t.query?.questions.first.map { String($0.type) } ?? "-",
                t.response.map { String($0.rcode) } ?? "-", shown.isEmpty ? "-" : shown.joined(separator: ","),
            ]
            .joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("dns").map { r in
            ["uid", "trans_id", "query", "qtype", "rcode", "answers"].map { Self.text(r, $0) }.joined(separator: " ")
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    static func runPath(_ path: String) -> (MemoryLogSink, SensorPipeline, Collector) {
        let sink = MemoryLogSink()
        let pipeline = SensorPipeline(logs: sink)
        let collector = Collector()
        pipeline.subscribe(collector)
        _ = CaptureRunner().run(path: path, into: pipeline)
        pipeline.finish()
        return (sink, pipeline, collector)
    }

    /// MQTT events carry what the three MQTT logs write.
    @Test func mqttEventsEqualMQTTLogRows() throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Self.runPath(Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path)
        var connects: [String] = []
        var publishes: [String] = []
        var subscribes: [String] = []
        for e in collector.events {
            switch e {
            case .mqttConnect(let c): connects.append("\(c.flow.uid) \(c.clientID) \(c.status.map(String.init) ?? "-")")
            case .mqttPublish(let p): publishes.append("\(p.flow.uid) \(p.topic) \(p.qos) \(p.payload.count)")
            case .mqttSubscribe(let s): subscribes.append("\(s.flow.uid) \(s.topics.joined(separator: ","))")
            default: break
            }
        }
        func rows(_ log: String, _ fields: [String]) -> [String] {
            sink.rows(log).map { r in fields.map { Self.text(r, $0) }.joined(separator: " ") }.sorted()
        }
        #expect(!connects.isEmpty && !publishes.isEmpty && !subscribes.isEmpty)
        #expect(connects.count == rows("mqtt_connect", ["uid"]).count)
        #expect(publishes.sorted() == rows("mqtt_publish", ["uid", "topic", "qos", "payload_len"]))
        #expect(subscribes.sorted() == rows("mqtt_subscribe", ["uid", "topics"]))
        #expect(
            connects.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }.sorted()
                == rows("mqtt_connect", ["uid", "client_id"]))
    }

    /// HTTP events carry what http.log writes: depth, method, host, URI, status, body lengths.
    @Test(arguments: ["zeek/testing/btest/Traces/http/version-mismatch.pcap", "zeek/testing/btest/Traces/http/websocket.pcap"])
    func httpEventsEqualHTTPLogRows(capture: String) throws {
        try #require(Corpus.available)
        let (sink, _, collector) = Self.run(capture)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .http(let t) = e else { return nil }
            let req = t.request
            let status = t.response.flatMap { $0.startLine.count > 1 ? $0.startLine[1] : nil } ?? "-"
            return [
                t.flow.uid, String(t.depth), req?.startLine.first ?? "-", req?.header("Host") ?? "-",
                req.flatMap { $0.startLine.count > 1 ? $0.startLine[1] : nil } ?? "-", status, String(t.requestBodyLength),
                String(t.responseBodyLength),
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("http").map { r in
            ["uid", "trans_depth", "method", "host", "uri", "status_code", "request_body_len", "response_body_len"].map { Self.text(r, $0) }
                .joined(separator: " ")
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }

    /// DHCP exchanges carry what dhcp.log writes: the flows used, MAC, addresses, message types.
    @Test func dhcpEventsEqualDHCPLogRows() throws {
        let (sink, _, collector) = Self.runPath(Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path)
        let fromEvents = collector.events.compactMap { e -> String? in
            guard case .dhcp(let x) = e else { return nil }
            return [
                x.uids.joined(separator: ","), x.mac?.description ?? "-", x.assigned.map { "\($0)" } ?? "-", x.hostName ?? "-",
                x.types.joined(separator: ","),
            ].joined(separator: " ")
        }.sorted()
        let fromLog = sink.rows("dhcp").map { r in
            ["uids", "mac", "assigned_addr", "host_name", "msg_types"].map { Self.text(r, $0) }.joined(separator: " ")
        }.sorted()
        #expect(!fromLog.isEmpty)
        #expect(fromEvents == fromLog)
    }
}
