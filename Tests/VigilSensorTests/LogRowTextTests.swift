import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// `LogRow` writes JSON and TSV text straight into a log file, with each flow's connection and
/// direction fields encoded once (`ConnectionFieldText`). Every other test (and every peer
/// comparison) reads rows as `LogRecord`s, so these check that the text a file gets is byte
/// for byte what the record encoders make of the same row.
@Suite struct LogRowTextTests {
    static let schema = LogSchema(
        path: "rowtext",
        fields: LogSchema.directionalFields + [
            LogField("name", "string"), LogField("n", "count"), LogField("missing", "count"), LogField("names", "vector[string]"),
        ])
    static let leadingUnset = LogSchema(path: "rowtext_unset", fields: [LogField("a", "count"), LogField("b", "string")])

    /// The same rows through a log file and through a record sink, as text lines per log.
    static func both(format: LogFormat, _ rows: (LogSink) throws -> Void) throws -> (file: [String: [String]], records: [String: [String]])
    {
        let dir = NSTemporaryDirectory() + "vigil-rowtext-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logs = try LogDirectory(directory: dir, format: format)
        try rows(logs)
        logs.close(now: .zero)
        let memory = MemoryLogSink()
        try rows(memory)
        var file: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            file[String(name.dropLast(4))] = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        }
        var records: [String: [String]] = [:]
        for r in memory.records {
            var bytes: [UInt8] = []
            if format == .json { ZeekJSONEncoder.encode(r, into: &bytes) } else { ZeekTSVEncoder.encode(r, into: &bytes) }
            let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
            records[r.schema.path, default: []].append(line)
        }
        return (file, records)
    }

    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func rowTextMatchesRecordEncoding(format: LogFormat) throws {
        let id = ConnectionID(
            origHost: IPAddress(parsing: "10.0.0.1")!, origPort: 47809, respHost: .v6(0xFE80_0000_0000_0000, 1), respPort: 47808,
            proto: .udp)
        let text = ConnectionFieldText(uid: "CtestUID", id: id)
        let ts = Timestamp(seconds: 1_700_000_000, nanos: 123_456_000)
        let (file, records) = try Self.both(format: format) { sink in
            for isOrig in [true, false] {
                try sink.write(Self.schema, now: ts) { row in
                    row.directional(ts: ts, text, isOrig: isOrig)
                    row.add(.string("quote \" tab \t and \u{1}"))
                    row.add(.count(42))
                    row.add(.unset)
                    row.add(.strings(["a,b", ""]))
                }
            }
            try sink.write(Self.leadingUnset, now: ts) { row in
                row.add(.unset)
                row.add(.string(""))
            }
        }
        #expect(file == records)
        #expect(file["rowtext"]?.count == 2)
        if format == .json {
            #expect(file["rowtext_unset"] == ["{\"b\":\"\"}"])
            #expect(file["rowtext"]?[1].contains("\"is_orig\":false,\"source_h\":\"fe80::1\",\"source_p\":47808") == true)
        } else {
            #expect(file["rowtext_unset"] == ["-\t(empty)"])
        }
    }

    /// A row writes through its own cursor past the file's pending text and hands it over at
    /// the end. A row bigger than the room left (the file keeps ~320 KiB) grows the text mid-
    /// row: the fields written before must move with it, and rows before and after it stay
    /// whole. Each row is checked against the record encoding of the same values.
    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func rowsLargerThanTheBufferGrowItMidRow(format: LogFormat) throws {
        let id = ConnectionID(
            origHost: IPAddress(parsing: "192.0.2.7")!, origPort: 502, respHost: IPAddress(parsing: "192.0.2.8")!, respPort: 40001,
            proto: .tcp)
        let text = ConnectionFieldText(uid: "CgrowUID", id: id)
        let big = String(repeating: "0123456789abcdef", count: 40_000)  // 640,000 bytes
        func rows(_ sink: LogSink) throws {
            for i in 0..<5 {
                let ts = Timestamp(seconds: 1_700_000_000 + Int64(i), nanos: 0)
                let name: String = i == 2 ? big : "row \(i)"
                let list: [String] = i == 3 ? [big] : ["x"]
                let build: (inout LogRow) -> Void = { row in
                    row.directional(ts: ts, text, isOrig: i % 2 == 0)
                    row.add(.string(name))
                    row.add(.count(i))
                    row.add(.unset)
                    row.add(.strings(list))
                }
                try sink.write(Self.schema, now: ts, build)
            }
        }
        let (file, records) = try Self.both(format: format, rows)
        // Compared as Bools: a failure would otherwise print the 640 KB rows.
        let lines = file["rowtext"] ?? []
        #expect(lines.count == 5)
        for (i, line) in lines.enumerated() {
            let same = line == records["rowtext"]?[i]
            #expect(same, "row \(i) of \(lines.count) differs from its record (\(line.utf8.count) bytes)")
        }
        let holdsBig = lines.count == 5 && lines[2].contains(big)
        #expect(holdsBig)
    }

    /// A table name (`LogName`) is copied without a scan; its text must be what the same
    /// String makes, and a record keeps it as a string.
    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func namesWriteAsTheirStrings(format: LogFormat) throws {
        let (file, records) = try Self.both(format: format) { sink in
            try sink.write(Self.leadingUnset, now: .zero) { row in
                row.add(.count(7))
                row.add(.name("read-property-ack"))
            }
        }
        #expect(file == records)
        #expect(file["rowtext_unset"] == [format == .json ? "{\"a\":7,\"b\":\"read-property-ack\"}" : "7\tread-property-ack"])
    }

    static let typedFields = LogSchema(
        path: "rowtext_typed",
        fields: [
            LogField("mac", "string"), LogField("no_mac", "string"), LogField("duration", "interval"),
            LogField("negative", "interval"), LogField("long", "interval"), LogField("history", "string"),
            LogField("no_history", "string"),
        ])

    /// conn.log's typed adders (`add(optionalMAC:)`, `add(interval:)`, `add(plainText:)`)
    /// write in place what the record encoders make of `.mac`, `.interval` and `.string`.
    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func typedAddersMatchTheirValues(format: LogFormat) throws {
        let history = Array("ShADadFf".utf8)
        let (file, records) = try Self.both(format: format) { sink in
            try sink.write(Self.typedFields, now: .zero) { row in
                row.add(optionalMAC: MACAddress(raw: 0x001B_1B22_C540))
                row.add(optionalMAC: nil)
                row.add(interval: 1_500_000_000)
                row.add(interval: -2_000_123_000)
                row.add(interval: 987_654_321_012_345_678)
                history.withUnsafeBytes { row.add(plainText: $0) }
                row.add(plainText: UnsafeRawBufferPointer(start: nil, count: 0))
            }
        }
        #expect(file == records)
        let expected =
            format == .json
            ? #"{"mac":"00:1b:1b:22:c5:40","duration":1.500000,"negative":-2.000123,"long":987654321.012345,"history":"ShADadFf","no_history":""}"#
            : "00:1b:1b:22:c5:40\t-\t1.500000\t-2.000123\t987654321.012345\tShADadFf\t(empty)"
        #expect(file["rowtext_typed"] == [expected])
    }

    static let hexFields = LogSchema(
        path: "rowtext_hex",
        fields: [
            LogField("zero", "string"), LogField("wide", "string"), LogField("max", "string"), LogField("none", "string"),
            LogField("bytes", "string"), LogField("prefixed", "string"), LogField("empty", "string"), LogField("unset", "string"),
        ])

    /// Codes and ids written as hex in place (`add(hex:)`, `add(hexDigitsOf:)`) read as the
    /// `Hex.zeek` and `Hex.string` text the record path keeps: Zeek's `fmt("0x%02x")` pads to
    /// the width and never truncates, an empty string is `""` in JSON and `(empty)` in TSV.
    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func hexFieldsMatchTheirStrings(format: LogFormat) throws {
        let data: [UInt8] = [0x00, 0x0A, 0xF0, 0xFF]
        let (file, records) = try Self.both(format: format) { sink in
            try sink.write(Self.hexFields, now: .zero) { row in
                row.add(hex: 0, minimumWidth: 2)
                row.add(hex: 0x1234, minimumWidth: 2)
                row.add(hex: .max, minimumWidth: 8)
                row.add(optionalHex: UInt16?.none, minimumWidth: 2)
                data.withUnsafeBytes { row.add(hexDigitsOf: $0) }
                data.withUnsafeBytes { row.add(hexDigitsOf: $0, prefix: true) }
                row.add(hexDigitsOf: UnsafeRawBufferPointer(start: nil, count: 0))
                row.add(hexDigitsOf: UnsafeRawBufferPointer(start: nil, count: 0), emptyIsUnset: true)
            }
        }
        #expect(file == records)
        let expected =
            format == .json
            ? #"{"zero":"0x00","wide":"0x1234","max":"0xffffffffffffffff","bytes":"000af0ff","prefixed":"0x000af0ff","empty":""}"#
            : "0x00\t0x1234\t0xffffffffffffffff\t-\t000af0ff\t0x000af0ff\t(empty)\t-"
        #expect(file["rowtext_hex"] == [expected])
    }

    /// Every OT and IT log the corpus's ICS captures produce, through both paths.
    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func corpusRowsMatchRecordEncoding(format: LogFormat) throws {
        try #require(Corpus.available, "the shared corpus is missing at \(Corpus.root.path)")
        let wanted = ["bacnet", "dnp3", "modbus", "enip", "s7comm", "opcua", "iec104", "coap", "mqtt", "dns", "tls"]
        let all = try Corpus.manifest().map(\.file).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        var captures: [String] = []
        for p in wanted { captures += all.filter { $0.lowercased().contains(p) && !captures.contains($0) }.prefix(3) }
        #expect(captures.count >= 10)
        var rows = 0
        for capture in captures {
            let path = Corpus.root.appendingPathComponent(capture).path
            let (file, records) = try Self.both(format: format) { sink in
                let pipeline = SensorPipeline(logs: sink)
                _ = CaptureRunner().run(path: path, into: pipeline)
                pipeline.finish()
            }
            for (log, lines) in records {
                #expect(file[log]?.sorted() == lines.sorted(), "\(capture): \(log).log differs from its records")
                rows += lines.count
            }
            #expect(Set(file.keys) == Set(records.keys), "\(capture): different logs written")
        }
        print("LogRow text: \(rows) rows in \(captures.count) captures identical to the record encoding (\(format))")
        #expect(rows > 1000)
    }
}
