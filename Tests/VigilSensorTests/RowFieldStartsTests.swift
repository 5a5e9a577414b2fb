import Foundation
import Testing
import VigilCore
import VigilDetect
import VigilLogs

@testable import VigilSensor

/// Detection reads each field of a row where the row's writer noted its value
/// (`RowFieldStarts`) instead of searching the text for its name. These check, on every field
/// of every row the analyzers write for real captures, that the noted place holds exactly the
/// value a full read of the written row finds, and that a field the row leaves out is noted
/// as unset.
@Suite struct RowFieldStartsTests {
    /// Reads every row of every log, and compares each field's noted place with the row.
    final class PlaceChecker: LogRowObserver {
        var rows = 0
        var checkedFields = 0
        var mismatches: [String] = []
        let parser = JSONRowParser()

        func reads(_ schema: LogSchema) -> Bool { true }
        func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {}

        func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws {
            guard let fieldStarts else { return }
            rows += 1
            let line = String(decoding: text, as: UTF8.self)
            guard let whole = try? parser.parse(text, log: schema.path) else {
                return mismatches.append("\(schema.path): row does not read: \(line)")
            }
            for (i, field) in schema.fields.enumerated() {
                let expected = whole.value(field.name)
                let found: FieldValue?
                switch fieldStarts.place(i) {
                case .unset: found = nil
                case .inBlock:
                    found = JSONRowParser.valueStart(keyPattern: Array("\"\(field.name)\":".utf8), in: text).flatMap {
                        try? parser.value(in: text, at: $0)
                    }
                case .at(let offset):
                    found = try? parser.value(in: text, at: offset)
                    // The in-place probe reads plain scalars without making a value.
                    if let scalar = JSONRowParser.plainScalar(in: text, at: offset),
                        String(decoding: scalar, as: UTF8.self) != expected?.text
                    {
                        mismatches.append(
                            "\(schema.path).\(field.name): plain scalar \(String(decoding: scalar, as: UTF8.self)) in \(line)")
                    }
                }
                checkedFields += 1
                if found != expected {
                    mismatches.append(
                        "\(schema.path).\(field.name): noted \(String(describing: found)), row has \(String(describing: expected))")
                }
            }
        }
    }

    @Test(
        .enabled(if: Corpus.available),
        arguments: [
            "icsnpp-bacnet/testing/traces/bacnet_example.pcap", "icsnpp-s7comm/tests/traces/snap7.pcap",
            "icsnpp-enip/tests/traces/multiple_service_packet_cip.pcapng",
            "icsnpp-opcua-binary/pcaps/open62541_client-server_mainloop.pcap",
            "icsnpp-dnp3/testing/traces/dnp3_example.pcap", "icsnpp-modbus/testing/traces/modbus_example.pcap",
            "ndpi/tests/cfgs/default/pcap/coap_mqtt.pcap",
            "suricata-verify/tests/cond-log-dns-dig/input.pcap",
        ])
    func notedPlacesHoldTheRowsValues(capture: String) throws {
        let path = Corpus.root.appendingPathComponent(capture).path
        try #require(FileManager.default.fileExists(atPath: path), "\(capture) is not in the corpus")
        let out = NSTemporaryDirectory() + "vigil-places-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let files = try LogFiles(directory: out, format: .json)
        let checker = PlaceChecker()
        let pipeline = ShardedPipeline(workers: 1, files: files, observer: { _ in checker })
        #expect(CaptureRunner().run(path: path, into: pipeline) { _, _ in } == nil)
        pipeline.finish()
        files.close(now: .zero)
        #expect(checker.rows > 0, "\(capture): no rows")
        #expect(checker.mismatches.isEmpty, "\(checker.mismatches.prefix(5))")
    }
}
