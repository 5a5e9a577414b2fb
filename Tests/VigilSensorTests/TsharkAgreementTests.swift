import Foundation
import Testing

@testable import VigilSensor

/// Per-protocol message counts agree with tshark's on every corpus capture tshark decodes
/// as that protocol, and on the bundled sample. tshark is a required peer: CI installs it,
/// and this test fails rather than skips when it is missing.
@Suite struct TsharkAgreementTests {
    /// Vigil service → (tshark display filter, field whose values count messages, values that count).
    static let peers: [String: (filter: String, field: String, accept: Set<String>?)] = [
        "modbus": ("mbtcp", "mbtcp.trans_id", nil),
        "mqtt": ("mqtt", "mqtt.msgtype", nil),
        "dns": ("dns", "dns.id", nil),
        "http": ("http.request || http.response", "http.request.method", nil),
        "ssl": ("tls.handshake.type == 1 || tls.handshake.type == 2", "tls.handshake.type", ["1", "2"]),
        "dhcp": ("dhcp", "dhcp.option.dhcp", nil),
        "dnp3": ("dnp3.al.func", "dnp3.al.func", nil),
        "s7comm": ("s7comm", "s7comm.header.rosctr", nil),
        "enip": ("enip.command", "enip.command", nil),
        "bacnet": ("bvlc", "bvlc.function", nil),
        "iec104": ("iec60870_104", "iec60870_104.type", nil),
        "coap": ("coap", "coap.mid", nil),
        "opcua-binary": ("opcua", "opcua.transport.type", nil),
    ]
    /// tshark's protocol names in MANIFEST.tsv for each Vigil service.
    static let manifestNames: [String: String] = [
        "modbus": "modbus", "mqtt": "mqtt", "dns": "dns", "http": "http", "ssl": "tls", "dhcp": "dhcp", "dnp3": "dnp3", "s7comm": "s7comm",
        "enip": "enip", "bacnet": "bacnet", "iec104": "iec104", "coap": "coap",
        "opcua-binary": "opcua",
    ]

    static func tsharkCount(_ path: String, service: String) throws -> Int {
        let peer = peers[service]!
        var fields = ["-e", peer.field]
        if service == "http" { fields += ["-e", "http.response.code"] }
        let data = try Corpus.tshark(
            ["-n", "-r", path, "-Y", peer.filter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"] + fields)
        var n = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            for v in line.split(whereSeparator: { $0 == "," || $0 == "\t" }) where peer.accept?.contains(String(v)) ?? true { n += 1 }
        }
        return n
    }

    @Test func messageCountsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer (apt-get install tshark)")
        try #require(Corpus.available)
        let exceptions = try AgreementExceptions.load()
        let known = try KnownGaps()
        var rows: [(String, String, Int, Int)] = []
        var failures: [String] = []
        var captures = try Corpus.manifest().map { ($0.file, Corpus.root.appendingPathComponent($0.file).path, $0.protocols) }
        captures.append(
            (
                "samples/city-sample.pcap", Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path,
                "tshark=dns,modbus,mqtt,http,tls,dhcp"
            ))
        for (name, path, protocols) in captures {
            let wanted = Self.peers.keys.filter { s in
                protocols.split(whereSeparator: { ",;= ".contains($0) }).contains { $0 == Self.manifestNames[s]! }
            }
            guard !wanted.isEmpty, path.hasSuffix("pcap") || path.hasSuffix("pcapng") else { continue }
            let (_, pipeline) = name.hasPrefix("samples/") ? Self.analyze(path) : Corpus.analyze(name)
            for service in wanted.sorted() {
                let ours = pipeline.statistics.messages[service] ?? 0
                let theirs = try Self.tsharkCount(path, service: service)
                rows.append((name, service, ours, theirs))
                let excused = exceptions.excused(capture: name, log: "messages:" + service).contains("*")
                let gap = known.check(capture: name, log: "messages:" + service, figure: "\(ours)/\(theirs)", agrees: ours == theirs)
                if let gap, !gap.isEmpty {
                    failures.append(gap)
                } else if gap != nil && !excused {
                    failures.append("\(service) \(name): vigil \(ours), tshark \(theirs)")
                }
            }
        }
        let agreeing = rows.filter { $0.2 == $0.3 }.count
        print("== tshark message-count agreement: \(agreeing)/\(rows.count) capture×protocol pairs equal ==")
        for service in Self.peers.keys.sorted() {
            let r = rows.filter { $0.1 == service }
            print(
                "  \(service): \(r.filter { $0.2 == $0.3 }.count)/\(r.count) captures equal; messages vigil \(r.reduce(0) { $0 + $1.2 }), tshark \(r.reduce(0) { $0 + $1.3 })"
            )
        }
        for r in rows where r.2 != r.3 { print("  differs: \(r.1) \(r.0): vigil \(r.2), tshark \(r.3)") }
        #expect(rows.count > 20, "too few captures compared")
        let unreached = known.unreached { $0.hasPrefix("messages:") }
        #expect(unreached.isEmpty, "known gaps no comparison reached (remove them): \(unreached)")
        #expect(failures.isEmpty, Comment(rawValue: "undocumented disagreements:\n" + failures.joined(separator: "\n")))
    }

    static func analyze(_ path: String) -> (MemoryLogSink, SensorPipeline) {
        let sink = MemoryLogSink()
        let pipeline = SensorPipeline(logs: sink)
        _ = CaptureRunner().run(path: path, into: pipeline)
        pipeline.finish()
        return (sink, pipeline)
    }
}
