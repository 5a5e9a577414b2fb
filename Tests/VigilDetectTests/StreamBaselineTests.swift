import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilDetect

/// The baseline checked on rows as they are written names what `BaselineChecker` names on the
/// written logs, from the same rows, whether one worker saw the rows or two shared them.
@Suite struct StreamBaselineTests {
    static let conn = LogSchema(
        path: "conn",
        fields: [
            LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
            LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"), LogField("proto", "enum"), LogField("service", "string"),
        ])
    static let modbus = LogSchema(
        path: "modbus",
        fields: [
            LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
            LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"), LogField("func", "string"), LogField("pdu_type", "string"),
        ])

    struct Row {
        let record: LogRecord
        var text: [UInt8] {
            var out: [UInt8] = []
            ZeekJSONEncoder.encode(record, into: &out)
            return out
        }
    }

    static func conn(_ ts: Int64, _ src: String, _ dst: String, _ port: UInt16, service: String) -> Row {
        Row(
            record: LogRecord(
                conn,
                [
                    .time(Timestamp(nanoseconds: ts * 1_000_000_000 + 250_000)), .string("C\(ts)"), .string(src), .port(40000),
                    .string(dst), .port(port), .string("tcp"), .string(service),
                ]))
    }

    static func modbus(_ ts: Int64, _ src: String, _ dst: String, _ function: String, request: Bool = true) -> Row {
        Row(
            record: LogRecord(
                modbus,
                [
                    .time(Timestamp(nanoseconds: ts * 1_000_000_000)), .string("C\(ts)"), .string(src), .port(40000), .string(dst),
                    .port(502), .string(function), .string(request ? "REQ" : "RESP"),
                ]))
    }

    /// Normal traffic, then an intruder, a new function on a learned pair, a response naming a
    /// function never asked for, a function with an escaped quote, and every row again.
    static let rows: [Row] = {
        var rows = [
            conn(1, "10.0.0.2", "10.0.0.1", 502, service: "modbus"), modbus(2, "10.0.0.2", "10.0.0.1", "READ_HOLDING_REGISTERS"),
            conn(3, "10.0.0.66", "10.0.0.1", 502, service: "modbus"), modbus(4, "10.0.0.66", "10.0.0.1", "WRITE_SINGLE_COIL"),
            modbus(5, "10.0.0.2", "10.0.0.1", "DIAGNOSTICS"), modbus(6, "10.0.0.2", "10.0.0.1", "REPORT_SERVER_ID", request: false),
            modbus(7, "10.0.0.2", "10.0.0.1", "odd \"quoted\" name"), conn(8, "10.0.0.2", "10.0.0.9", 53, service: "dns"),
            conn(9, "10.0.0.2", "10.0.0.1", 502, service: "modbus,http"),
        ]
        rows += rows.map { r in
            var values = r.record.values
            if case .time(let t) = values[0] { values[0] = .time(t.adding(seconds: 100)) }
            return Row(record: LogRecord(r.record.schema, values))
        }
        return rows
    }()

    static func read(_ row: Row) -> EventRecord {
        row.text.withUnsafeBytes { try! JSONRowParser().parse($0, log: row.record.schema.path) }
    }

    /// What `baseline check` names reading the written logs, file by file in name order.
    static func fromLogs(_ rows: [Row], identities: [String: BaselineAsset]) -> [String] {
        var checker = BaselineChecker(BaselineTests.learned)
        var latest: Double?
        var out: [BaselineChecker.Deviation] = []
        for log in ["conn", "modbus"] {
            for row in rows where row.record.schema.path == log {
                let record = read(row)
                latest = max(latest ?? 0, record.value("ts")?.number ?? 0)
                out += checker.check(record)
            }
        }
        out += checker.identityChanges(identities, at: latest)
        return out.map(describe)
    }

    static func describe(_ d: BaselineChecker.Deviation) -> String {
        "\(d.kind.rawValue) \(d.message) at \(d.record.text("ts") ?? "-") [\(d.evidence.joined(separator: ","))]"
    }

    static let identities = ["10.0.0.1": BaselineAsset(mac: "00:80:f4:00:00:01", vendor: "Schneider", model: "M340", firmware: "3.20")]

    @Test func namesWhatTheWrittenLogsShow() {
        let stream = StreamBaseline(BaselineTests.learned)
        for row in Self.rows { row.text.withUnsafeBytes { stream.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
        let streamed = StreamBaseline.deviations([stream], identities: Self.identities).map(Self.describe)
        let expected = Self.fromLogs(Self.rows, identities: Self.identities)
        #expect(streamed == expected)
        #expect(
            expected == [
                "Baseline::New_Asset New device 10.0.0.66 at 3.000250 [address=10.0.0.66]",
                "Baseline::New_Pair New communication 10.0.0.66 → 10.0.0.1:502 at 3.000250 [client=10.0.0.66,server=10.0.0.1,port=502,proto=tcp,service=modbus]",
                "Baseline::New_Protocol New protocol http on 10.0.0.2 → 10.0.0.1:502 at 9.000250 [service=http,learned=modbus]",
                "Baseline::New_Function New modbus function WRITE_SINGLE_COIL on 10.0.0.66 → 10.0.0.1:502 at 4.000000 [func=WRITE_SINGLE_COIL,learned=]",
                "Baseline::New_Function New modbus function DIAGNOSTICS on 10.0.0.2 → 10.0.0.1:502 at 5.000000 [func=DIAGNOSTICS,learned=READ_HOLDING_REGISTERS]",
                "Baseline::New_Function New modbus function odd \"quoted\" name on 10.0.0.2 → 10.0.0.1:502 at 7.000000 [func=odd \"quoted\" name,learned=READ_HOLDING_REGISTERS]",
                "Baseline::Identity_Change Identity of 10.0.0.1 changed: firmware: 3.10 → 3.20 at 109.000250 [firmware: 3.10 → 3.20]",
            ])
    }

    /// A repeated row is done with before it is read as a record: only the first row of each
    /// combination the baseline does not know is kept.
    @Test func keepsOneRowPerNewCombination() {
        let stream = StreamBaseline(BaselineTests.learned)
        for row in Self.rows { row.text.withUnsafeBytes { stream.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
        // The intruder's conn and modbus rows, DIAGNOSTICS, and the escaped name (read whole,
        // its value not being compared in place); the repeats add nothing.
        #expect(stream.kept.map { $0.text("ts") ?? "" } == ["3.000250", "4.000000", "5.000000", "7.000000", "9.000250"])
        #expect(stream.latestMicros == 109_000_250)
    }

    /// Rows shared between two workers, in another order, name the same differences from the
    /// same rows.
    @Test func twoWorkersNameTheSame() {
        let one = StreamBaseline(BaselineTests.learned)
        let (a, b) = (StreamBaseline(BaselineTests.learned), StreamBaseline(BaselineTests.learned))
        for row in Self.rows { row.text.withUnsafeBytes { one.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
        for (i, row) in Self.rows.reversed().enumerated() {
            row.text.withUnsafeBytes { (i % 2 == 0 ? a : b).observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
        }
        let together = StreamBaseline.deviations([one], identities: Self.identities).map(Self.describe)
        #expect(StreamBaseline.deviations([a, b], identities: Self.identities).map(Self.describe) == together)
        #expect(StreamBaseline.deviations([b, a], identities: Self.identities).map(Self.describe) == together)
    }

    /// Rows of one connection follow each other and are compared as the bytes of their
    /// connection fields: a port that only begins like the last row's is another pair.
    @Test func theLastConnectionIsComparedWhole() {
        func row(_ ts: Int64, port: UInt16) -> Row {
            Row(
                record: LogRecord(
                    Self.modbus,
                    [
                        .time(Timestamp(nanoseconds: ts * 1_000_000_000)), .string("CSame"), .string("10.0.0.2"), .port(40000),
                        .string("10.0.0.1"), .port(port), .string("READ_HOLDING_REGISTERS"), .string("REQ"),
                    ]))
        }
        let stream = StreamBaseline(BaselineTests.learned)
        for r in [row(1, port: 502), row(2, port: 502), row(3, port: 5020), row(4, port: 502), row(5, port: 5020)] {
            r.text.withUnsafeBytes { stream.observe(text: $0, fieldStarts: nil, schema: r.record.schema) }
        }
        #expect(
            StreamBaseline.deviations([stream], identities: [:]).map(\.message) == [
                "New communication 10.0.0.2 → 10.0.0.1:5020", "New modbus function READ_HOLDING_REGISTERS on 10.0.0.2 → 10.0.0.1:5020",
            ])
        #expect(stream.kept.map { $0.text("ts") ?? "" } == ["3.000000"])
    }

    /// Live, two workers sharing one check name each difference once, as its row arrives, and
    /// an identity change once however often the inventory is compared.
    @Test func liveWorkersNameEachDifferenceOnce() {
        let live = LiveBaselineCheck(BaselineTests.learned)
        let workers = [StreamBaseline(BaselineTests.learned, live: live), StreamBaseline(BaselineTests.learned, live: live)]
        var named: [String] = []
        for (i, row) in Self.rows.enumerated() {
            let worker = workers[i % 2]
            row.text.withUnsafeBytes { worker.observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
            named += worker.takeNamed().map(\.message)
        }
        let offline = StreamBaseline.deviations(
            [StreamBaseline(BaselineTests.learned)].map { w in
                for row in Self.rows { row.text.withUnsafeBytes { w.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
                return w
            }, identities: [:]
        ).map(\.message)
        #expect(named.sorted() == offline.sorted())
        #expect(workers.allSatisfy { $0.kept.isEmpty }, "nothing is kept for the end")
        #expect(live.identityChanges(Self.identities, at: 9).map(\.message) == ["Identity of 10.0.0.1 changed: firmware: 3.10 → 3.20"])
        #expect(live.identityChanges(Self.identities, at: 10).isEmpty)
    }

    /// With its table of seen combinations emptied whenever it fills (here at two), the check
    /// still names every difference once, from the same rows.
    @Test func aFullTableIsEmptiedWithoutNamingTwice() {
        let stream = StreamBaseline(BaselineTests.learned, maxSeen: 2)
        for row in Self.rows + Self.rows {
            row.text.withUnsafeBytes { stream.observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
        }
        #expect(
            StreamBaseline.deviations([stream], identities: Self.identities).map(Self.describe)
                == Self.fromLogs(Self.rows, identities: Self.identities))
    }

    /// A row written as values (a TSV log) is read as the JSON text it would have had.
    @Test func rowsWrittenAsValues() {
        let stream = StreamBaseline(BaselineTests.learned)
        for row in Self.rows { stream.observe(row.record) }
        #expect(
            StreamBaseline.deviations([stream], identities: Self.identities).map(Self.describe)
                == Self.fromLogs(Self.rows, identities: Self.identities))
    }

    @Test func timesInMicroseconds() {
        func micros(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBytes { StreamBaseline.micros($0) } }
        #expect(micros("1700000000.123456") == 1_700_000_000_123_456)
        #expect(micros("12.5") == 12_500_000)
        #expect(micros("7") == 7_000_000)
        #expect(micros("1.2.3") == nil)
        #expect(micros("-1.0") == nil)
    }
}
