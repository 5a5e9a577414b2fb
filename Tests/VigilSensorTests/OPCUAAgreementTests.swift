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
}
