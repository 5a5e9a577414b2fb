import Foundation
import Testing

@testable import VigilSensor

/// A protocol is recognised on a flow's first bytes however they were segmented: the samples,
/// made by real clients and servers, with the first segment of every flow direction rewritten
/// as one-byte segments (`FirstSegmentSplitter`), write the same protocol logs, and conn.log
/// names the same services. Before the first bytes were kept across segments, such flows were
/// recognised as nothing.
@Suite struct FirstBytesInPiecesTests {
    @Test(arguments: [
        "samples/city-sample.pcap", "samples/ot-attacks.pcap", "samples/dnp3-attacks.pcap", "samples/opcua-buildinfo.pcap",
        "samples/ssh-sessions.pcap", "samples/smtp-mail.pcap", "samples/ftp-transfers.pcap", "samples/rtsp-camera.pcap",
        "samples/cip-identity.pcap",
    ])
    func splittingTheFirstSegmentsChangesNoProtocolLog(sample: String) throws {
        let (original, splitPath, split) = try Self.splitCopy(of: sample)
        defer { try? FileManager.default.removeItem(atPath: splitPath) }
        #expect(split > 0)

        let before = try WorkerEquivalenceTests.outputs(original, workers: 1, format: .json)
        let after = try WorkerEquivalenceTests.outputs(splitPath, workers: 1, format: .json)
        // conn.log counts packets and bytes on the wire, which the split changes; its services
        // must not change. assets.json and map.json count packets too.
        let logs = Set(before.keys).union(after.keys).filter { $0.hasSuffix(".log") && $0 != "conn.log" }
        for log in logs.sorted() {
            #expect(
                before[log] == after[log], "\(sample): \(log) (\(before[log]?.count ?? 0) rows before, \(after[log]?.count ?? 0) after)")
        }
        let services = try services(before["conn.log"])
        #expect(services.values.contains { $0 != "-" })
        #expect(try self.services(after["conn.log"]) == services)
    }

    /// The split captures are ones tshark reads as the same messages: the rewriting itself is
    /// checked by a peer, not only by Vigil agreeing with itself. (tshark's Modbus/TCP and
    /// EtherNet/IP dissectors do not take a message whose first segment holds one byte: on the
    /// split attack sample they count two messages fewer each, so they are not asked.)
    @Test(arguments: [
        ("samples/ot-attacks.pcap", "s7comm"), ("samples/ot-attacks.pcap", "iec104"), ("samples/dnp3-attacks.pcap", "dnp3"),
        ("samples/city-sample.pcap", "mqtt"), ("samples/city-sample.pcap", "http"), ("samples/opcua-buildinfo.pcap", "opcua-binary"),
    ])
    func tsharkDecodesTheSplitCaptureAsTheOriginal(_ sample: String, _ service: String) throws {
        let (original, splitPath, _) = try Self.splitCopy(of: sample)
        defer { try? FileManager.default.removeItem(atPath: splitPath) }
        let count = try TsharkAgreementTests.tsharkCount(original, service: service)
        #expect(count > 0)
        #expect(try TsharkAgreementTests.tsharkCount(splitPath, service: service) == count)
    }

    /// The sample's path, and a temporary copy with its first segments split (the caller
    /// removes it), with how many segments were split.
    static func splitCopy(of sample: String) throws -> (original: String, split: String, segments: Int) {
        let original = Corpus.packageRoot.appendingPathComponent(sample).path
        let (pcap, segments) = try FirstSegmentSplitter.split(Data(contentsOf: URL(fileURLWithPath: original)))
        let path = NSTemporaryDirectory() + "vigil-split-\(UUID().uuidString).pcap"
        try pcap.write(to: URL(fileURLWithPath: path))
        return (original, path, segments)
    }

    /// Each connection's uid and services, from conn.log's rows.
    func services(_ rows: [Substring]?) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in rows ?? [] {
            let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as! [String: Any]
            out[object["uid"] as! String] = object["service"] as? String ?? "-"
        }
        return out
    }
}
