import Foundation
import Testing
import VigilCore

@testable import VigilSensor

/// OPC UA GUID node ids (session ids, authentication tokens) agree with tshark's opcua
/// dissection of the same captures. ICSNPP writes a GUID's 16 bytes in wire order; Vigil
/// writes the canonical form of Part 6 §5.2.2.6 (Data1-3 little-endian), as Wireshark does,
/// so these fields are checked against tshark instead of the ICSNPP baselines.
@Suite struct OPCUAAgreementTests {
    static let guidFields: [(log: String, field: String)] = [
        ("opcua_binary", "req_hdr_node_id_guid"), ("opcua_binary_create_session", "session_id_guid"),
        ("opcua_binary_create_session", "auth_token_guid"), ("opcua_binary_activate_session", "ext_obj_type_id_guid"),
    ]

    @Test func guidsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        let captures = try Corpus.manifest().filter { $0.protocols.contains("opcua") }
        try #require(!captures.isEmpty, "no OPC UA capture in the corpus manifest")
        var compared = 0
        var guids = 0
        for capture in captures {
            let path = Corpus.root.appendingPathComponent(capture.file).path
            let out = try Corpus.tshark(["-n", "-r", path, "-T", "fields", "-e", "opcua.nodeid.guid"])
            let theirs = Set(String(decoding: out, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "," }).map(String.init))
            let sink = Corpus.analyze(capture.file).0
            var ours = Set<String>()
            for (log, field) in Self.guidFields {
                for r in sink.rows(log) { if case .string(let g)? = r.value(field) { ours.insert(g) } }
            }
            guard !theirs.isEmpty || !ours.isEmpty else { continue }
            compared += 1
            guids += theirs.count
            #expect(ours == theirs, "\(capture.file): Vigil \(ours.sorted()) vs tshark \(theirs.sorted())")
        }
        print("== OPC UA GUID node ids vs tshark: \(compared) captures, \(guids) distinct GUIDs ==")
        #expect(compared > 0, "no capture carried a GUID node id")
    }

    /// The OPC UA captures: the corpus's, and the project's own BuildInfo sample.
    static func captures() throws -> [(name: String, path: String, sink: () -> MemoryLogSink)] {
        var out = try Corpus.manifest().filter { $0.protocols.contains("opcua") }.map { c in
            (c.file, Corpus.root.appendingPathComponent(c.file).path, { Corpus.analyze(c.file).0 })
        }
        let sample = Corpus.packageRoot.appendingPathComponent("samples/opcua-buildinfo.pcap").path
        out.append(("samples/opcua-buildinfo.pcap", sample, { TsharkAgreementTests.analyze(sample).0 }))
        return out
    }

    /// Every ReadResponse's results as tshark dissects them: the Variant encoding masks of its
    /// values in order, and the String values among them (scalars and array elements).
    /// Vigil's opcua_binary_read_results rows, grouped by response, must give the same.
    @Test func readResultsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        var responses = 0
        var values = 0
        for capture in try Self.captures() {
            let out = try Corpus.tshark([
                "-n", "-r", capture.path, "-Y", "opcua.servicenodeid.numeric == 634", "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=|", "-e", "opcua.variant.has_value", "-e", "opcua.String",
            ])
            let theirs = String(decoding: out, as: UTF8.self).split(separator: "\n").map { String($0) }.sorted()
            var groups: [String: (masks: [String], strings: [String])] = [:]
            var order: [String] = []
            for row in capture.sink().rows("opcua_binary_read_results") {
                guard case .string(let link)? = row.value("results_link_id") else { continue }
                if groups[link] == nil { order.append(link) }
                var g = groups[link] ?? ([], [])
                if case .string(let mask)? = row.value("data_variant_encoding_mask") {
                    g.masks.append(mask)
                    if case .string("String")? = row.value("built_in_data_type_str"), case .strings(let v)? = row.value("value") {
                        g.strings += v
                    }
                }
                groups[link] = g
            }
            let ours = order.map { l in groups[l]!.masks.joined(separator: "|") + "\t" + groups[l]!.strings.joined(separator: "|") }
            guard !theirs.isEmpty || !ours.isEmpty else { continue }
            responses += theirs.count
            values += groups.values.reduce(0) { $0 + $1.masks.count }
            #expect(ours.sorted() == theirs, "\(capture.name): Vigil \(ours.sorted()) vs tshark \(theirs)")
        }
        print("== OPC UA ReadResponse values vs tshark: \(responses) responses, \(values) values ==")
        #expect(responses > 0, "no ReadResponse compared")
    }
}
