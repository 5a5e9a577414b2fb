import Testing
import VigilCore
import VigilEvents
import VigilLogs

@testable import VigilProtocols
@testable import VigilSensor

/// How requests and responses pair into modbus_detailed.log rows, and what happens to those that
/// never pair: from MBAP frames written out by hand (spec V1.1b3 §6 layouts).
@Suite struct ModbusTransactionTests {
    /// An MBAP frame: transaction id, unit 1, function and data.
    static func frame(tid: UInt16, _ function: UInt8, _ data: [UInt8]) -> [UInt8] {
        let length = UInt16(2 + data.count)
        return [UInt8(tid >> 8), UInt8(tid & 0xFF), 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 1, function] + data
    }

    /// The analyzer fed `frames` (bytes, from the client?), then finished.
    static func run(_ frames: [([UInt8], Bool)]) -> CollectingSink {
        let sink = CollectingSink()
        let context = AnalyzerLimitTests.context(sink)
        let a = ModbusAnalyzer()
        for (bytes, isOrig) in frames { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        return sink
    }

    static func text(_ r: LogRecord, _ field: String) -> String { r.value(field).map { ZeekTSVEncoder.field($0) } ?? "<absent>" }

    /// Rows as "tid func matched" sorted, for comparing what was paired.
    static func summary(_ rows: [LogRecord]) -> [String] {
        rows.map { "\(text($0, "tid")) \(text($0, "func")) \(text($0, "matched"))" }.sorted()
    }

    @Test func aReadAndItsAnswerAreOneRowWithAddressesAndValues() {
        let sink = Self.run([
            (Self.frame(tid: 7, 0x03, [0x00, 0x6B, 0x00, 0x02]), true),  // read 2 holding registers from 107
            (Self.frame(tid: 7, 0x03, [0x04, 0x02, 0x2B, 0x00, 0x00]), false),  // 555, 0
        ])
        let rows = sink.rows("modbus_detailed")
        #expect(rows.count == 1)
        #expect(Self.text(rows[0], "address") == "107" && Self.text(rows[0], "quantity") == "2")
        #expect(Self.text(rows[0], "response_values") == "555,0" && Self.text(rows[0], "matched") == "T")
    }

    @Test func unansweredAndReusedRequestsAreUnmatchedRowsNotLost() {
        let sink = Self.run([
            (Self.frame(tid: 1, 0x06, [0x00, 0x01, 0x00, 0x03]), true),  // never answered: its id is reused
            (Self.frame(tid: 1, 0x06, [0x00, 0x01, 0x00, 0x04]), true),
            (Self.frame(tid: 1, 0x06, [0x00, 0x01, 0x00, 0x04]), false),
            (Self.frame(tid: 2, 0x05, [0x00, 0x02, 0xFF, 0x00]), true),  // never answered: the flow ends
        ])
        let rows = sink.rows("modbus_detailed")
        #expect(Self.summary(rows) == ["1 WRITE_SINGLE_REGISTER F", "1 WRITE_SINGLE_REGISTER T", "2 WRITE_SINGLE_COIL F"])
        let reused = rows.first { Self.text($0, "matched") == "F" && Self.text($0, "tid") == "1" }!
        #expect(Self.text(reused, "request_values") == "3" && Self.text(reused, "response_values") == "-")
    }

    @Test func aResponseWithoutItsRequestIsItsOwnRow() {
        let sink = Self.run([
            (Self.frame(tid: 9, 0x01, [0x01, 0b0000_0101]), false),  // 8 coils read, no request seen
            (Self.frame(tid: 10, 0x83, [0x02]), false),  // an exception without its request
        ])
        #expect(sink.weirdNames == ["modbus_unsolicited_response", "modbus_unsolicited_response"])
        let rows = sink.rows("modbus_detailed")
        #expect(Self.summary(rows) == ["10 READ_HOLDING_REGISTERS_EXCEPTION -", "9 READ_COILS F"])
        let coils = rows.first { Self.text($0, "tid") == "9" }!
        #expect(Self.text(coils, "quantity") == "8" && Self.text(coils, "response_values") == "1,0,1,0,0,0,0,0")
        #expect(Self.text(rows.first { Self.text($0, "tid") == "10" }!, "exception_code") == "ILLEGAL_DATA_ADDRESS")
    }

    @Test func functionsICSNPPDoesNotPairGetARowPerMessage() {
        let sink = Self.run([
            (Self.frame(tid: 3, 0x07, []), true),  // read exception status
            (Self.frame(tid: 3, 0x87, [0x01]), false),
        ])
        let rows = sink.rows("modbus_detailed")
        #expect(Self.summary(rows) == ["3 READ_EXCEPTION_STATUS -", "3 READ_EXCEPTION_STATUS_EXCEPTION -"])
    }

    @Test func anExceptionAnswersTheRequestsRow() {
        let sink = Self.run([
            (Self.frame(tid: 4, 0x10, [0x00, 0x0A, 0x00, 0x01, 0x02, 0x12, 0x34]), true),
            (Self.frame(tid: 4, 0x90, [0x04]), false),
        ])
        let rows = sink.rows("modbus_detailed")
        #expect(Self.summary(rows) == ["4 WRITE_MULTIPLE_REGISTERS T"])
        #expect(Self.text(rows[0], "request_values") == "4660" && Self.text(rows[0], "exception_code") == "SLAVE_DEVICE_FAILURE")
        #expect(Self.text(rows[0], "address") == "10")
    }

    @Test func maskWriteAndReadWriteRowsShareTheirExchangesLink() {
        let sink = Self.run([
            (Self.frame(tid: 5, 0x16, [0x00, 0x04, 0x00, 0xF2, 0x00, 0x25]), true),  // §6.16 example
            (Self.frame(tid: 5, 0x16, [0x00, 0x04, 0x00, 0xF2, 0x00, 0x25]), false),
            (Self.frame(tid: 6, 0x17, [0x00, 0x03, 0x00, 0x01, 0x00, 0x0E, 0x00, 0x01, 0x02, 0x00, 0xFF]), true),
            (Self.frame(tid: 6, 0x17, [0x02, 0x00, 0xFE]), false),
        ])
        let detailed = Dictionary(uniqueKeysWithValues: sink.rows("modbus_detailed").map { (Self.text($0, "tid"), $0) })
        let masks = sink.rows("modbus_mask_write_register")
        #expect(masks.map { Self.text($0, "request_response") } == ["REQUEST", "RESPONSE"])
        #expect(
            masks.map { "\(Self.text($0, "address")) \(Self.text($0, "and_mask")) \(Self.text($0, "or_mask"))" } == [
                "4 242 37", "4 242 37",
            ])
        let both = sink.rows("modbus_read_write_multiple_registers")
        #expect(Self.text(both[0], "write_start_address") == "14" && Self.text(both[0], "write_registers") == "255")
        #expect(Self.text(both[0], "read_start_address") == "3" && Self.text(both[0], "read_quantity") == "1")
        #expect(Self.text(both[1], "read_registers") == "254")
        let link5 = Self.text(detailed["5"]!, "modbus_detailed_link_id")
        let link6 = Self.text(detailed["6"]!, "modbus_detailed_link_id")
        #expect(link5 != link6 && link5.hasPrefix("Ctest-"))
        #expect(masks.allSatisfy { Self.text($0, "modbus_detailed_link_id") == link5 })
        #expect(both.allSatisfy { Self.text($0, "modbus_detailed_link_id") == link6 })
    }

    @Test func diagnosticsAndFileRecordsAreNamedAsICSNPPNamesThem() {
        let sink = Self.run([
            (Self.frame(tid: 8, 0x08, [0x00, 0x04, 0x00, 0x00]), true),  // force listen only mode
            (Self.frame(tid: 11, 0x14, [0x07, 0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02]), true),  // §6.14: file 4, record 1, 2 registers
            (Self.frame(tid: 11, 0x14, [0x06, 0x05, 0x06, 0x0D, 0xFE, 0x00, 0x20]), false),
        ])
        let rows = Dictionary(uniqueKeysWithValues: sink.rows("modbus_detailed").map { (Self.text($0, "tid"), $0) })
        #expect(Self.text(rows["8"]!, "request_subfunction_code") == "Force Listen Only Mode")
        #expect(Self.text(rows["8"]!, "request_data") == "\\x00\\x00" && Self.text(rows["8"]!, "matched") == "F")
        #expect(Self.text(rows["11"]!, "quantity") == "1")
        #expect(Self.text(rows["11"]!, "response_data") == "[file_len=5, ref_type=6, record_data=\\x0d\\xfe\\x00 ]")
    }
}
