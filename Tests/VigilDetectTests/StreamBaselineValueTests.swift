import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilDetect

/// Values and polling periods checked on rows as they are written name what `BaselineChecker`
/// names over the written logs, with one worker or two.
@Suite struct StreamBaselineValueTests {
    typealias Row = StreamBaselineTests.Row

    static let detailed = LogSchema(
        path: "modbus_detailed",
        fields: [
            LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
            LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"), LogField("unit", "count"), LogField("func", "string"),
            LogField("address", "count"), LogField("quantity", "count"), LogField("response_values", "vector[count]"),
        ])

    static func read(_ ms: Int64, client: String = "10.0.0.2", values: [UInt64]) -> Row {
        var fields: [LogValue] = [.time(Timestamp(nanoseconds: ms * 1_000_000)), .string("C\(client)"), .string(client), .port(40000)]
        fields += [.string("10.0.0.1"), .port(502), .count(1), .string("READ_HOLDING_REGISTERS"), .count(40)]
        let quantity: UInt64 = UInt64(values.count)
        fields.append(LogValue.count(quantity))
        let read: LogValue = LogValue.counts(values)
        fields.append(read)
        return StreamBaselineTests.Row(record: LogRecord(Self.detailed, fields))
    }

    static func request(_ ms: Int64, client: String = "10.0.0.2") -> Row {
        Row(
            record: LogRecord(
                StreamBaselineTests.modbus,
                [
                    .time(Timestamp(nanoseconds: ms * 1_000_000)), .string("C\(client)"), .string(client), .port(40000),
                    .string("10.0.0.1"),
                    .port(502), .string("READ_HOLDING_REGISTERS"), .string("REQ"),
                ]))
    }

    /// The learned pair polling four times as fast, reading a value above its range twice and
    /// one below, with an intruder reading values no range holds.
    static let rows: [Row] = {
        var rows: [Row] = []
        for i in 0..<40 {
            let ms = 100_000 + Int64(i) * 500
            rows.append(request(ms))
            rows.append(read(ms, values: [i == 7 || i == 9 ? 99 : 20, i == 30 ? 1 : 27]))
            if i % 10 == 0 {
                // The intruder's requests in modbus.log, as every read has its row there.
                rows.append(request(ms + 1, client: "10.0.0.66"))
                rows.append(read(ms + 1, client: "10.0.0.66", values: [UInt64(1000 + i), 0]))
            }
        }
        return rows
    }()

    static func fromLogs(_ rows: [Row]) -> [String] {
        var checker = BaselineChecker(BaselineValueTests.learned)
        var out: [BaselineChecker.Deviation] = []
        for log in ["modbus", "modbus_detailed"] {
            for row in rows where row.record.schema.path == log { out += checker.check(StreamBaselineTests.read(row)) }
        }
        out = checker.withValueExtents(out) + checker.periodChanges()
        return out.map(StreamBaselineTests.describe)
    }

    @Test func namesWhatTheWrittenLogsShow() {
        let expected = Self.fromLogs(Self.rows)
        #expect(
            expected.filter { $0.hasPrefix("Baseline::Value") || $0.hasPrefix("Baseline::Polling") } == [
                "Baseline::Value_Out_Of_Range Value 99 of modbus unit 1 holding_registers 40 on 10.0.0.1 outside the learned 10..30 at 103.500000 [server=10.0.0.1,point=modbus unit 1 holding_registers 40,value=99,learned=10..30,seen=99..99]",
                "Baseline::Value_Out_Of_Range Value 1 of modbus unit 1 holding_registers 41 on 10.0.0.1 outside the learned 25..30 at 115.000000 [server=10.0.0.1,point=modbus unit 1 holding_registers 41,value=1,learned=25..30,seen=1..1]",
                "Baseline::Polling_Period_Change modbus READ_HOLDING_REGISTERS on 10.0.0.2 → 10.0.0.1:502 every 0.5 s, learned every 2.0 s at 119.500000 [function=READ_HOLDING_REGISTERS,period=0.5,learned=2.0,requests=40]",
            ])
        let one = StreamBaseline(BaselineValueTests.learned)
        for row in Self.rows { row.text.withUnsafeBytes { one.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
        #expect(StreamBaseline.deviations([one], identities: [:]).map(StreamBaselineTests.describe) == expected)

        let (a, b) = (StreamBaseline(BaselineValueTests.learned), StreamBaseline(BaselineValueTests.learned))
        for (i, row) in Self.rows.reversed().enumerated() {
            row.text.withUnsafeBytes { (i % 3 == 0 ? a : b).observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
        }
        #expect(StreamBaseline.deviations([a, b], identities: [:]).map(StreamBaselineTests.describe) == expected)
    }

    /// Live, workers hand their requests to the shared check every ten seconds of row time;
    /// the period over what they handed is named once.
    @Test func liveWorkersHandOverTheirPolls() {
        let live = LiveBaselineCheck(BaselineValueTests.learned)
        let workers = [StreamBaseline(BaselineValueTests.learned, live: live), StreamBaseline(BaselineValueTests.learned, live: live)]
        for (i, row) in Self.rows.enumerated() {
            row.text.withUnsafeBytes { workers[(i / 3) % 2].observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
        }
        let named = live.periodChanges()
        #expect(named.map(\.kind) == [.pollingPeriodChange])
        #expect(named.first?.evidence.contains("learned=2.0") == true, "\(named.map(\.evidence))")
        #expect(live.periodChanges().isEmpty, "named once")

    }

    /// Live, a function is judged over the requests since it was last judged: two minutes at
    /// the learned pace, then half a minute four times as fast, is named, where the mean since
    /// the start (1.5 s against 2 s) would not be.
    @Test func liveJudgesTheRequestsSinceLastJudged() {
        let live = LiveBaselineCheck(BaselineValueTests.learned)
        let worker = StreamBaseline(BaselineValueTests.learned, live: live)
        func poll(from ms: Int64, every step: Int64, count: Int) {
            for i in 0..<count {
                let row = Self.request(ms + Int64(i) * step)
                row.text.withUnsafeBytes { worker.observe(text: $0, fieldStarts: nil, schema: row.record.schema) }
            }
        }
        poll(from: 0, every: 2_000, count: 61)
        #expect(live.periodChanges().isEmpty, "the learned pace")
        poll(from: 122_000, every: 500, count: 61)
        #expect(live.periodChanges().map(\.kind) == [.pollingPeriodChange])
    }

    /// Only the values of learned pairs are part of a combination: the intruder's readings,
    /// each different, keep no row; its pair is named by its first modbus.log row.
    @Test func aNewPairsReadingsKeepNoRow() {
        let stream = StreamBaseline(BaselineValueTests.learned)
        for row in Self.rows { row.text.withUnsafeBytes { stream.observe(text: $0, fieldStarts: nil, schema: row.record.schema) } }
        let intruder = stream.kept.filter { $0.text("id.orig_h") == "10.0.0.66" }
        #expect(intruder.map(\.log) == ["modbus"])
    }

    @Test func listsAreReadInPlace() {
        func value(_ s: String) -> String? {
            Array(s.utf8).withUnsafeBytes { row in StreamBaseline.plainValue(in: row, at: 5).map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(value(#"{"v":[1,2,3],"w":1}"#) == "[1,2,3]")
        #expect(value(#"{"v":["0.5","a]b"]}"#) == #"["0.5","a]b"]"#)
        #expect(value(#"{"v":["a\"b"]}"#) == nil)
        #expect(value(#"{"v":[[1]]}"#) == nil)
        #expect(value(#"{"v":[1,2"#) == nil)
        #expect(value(#"{"v":12}"#) == "12")
    }
}
