import Foundation
import Testing

@testable import VigilDetect

/// The values of polled points and the periods of polls: learned from rows, then a value
/// outside its point's range and a poll at another pace named once each, and accepted.
@Suite struct BaselineValueTests {
    static func read(_ ts: Double, client: String = "10.0.0.2", at address: Int, values: [Int], function: String = "READ_HOLDING_REGISTERS")
        -> EventRecord
    {
        EventRecord(
            log: "modbus_detailed",
            fields: [
                ("ts", .number(String(ts))), ("id.orig_h", .text(client)), ("id.resp_h", .text("10.0.0.1")), ("id.resp_p", .number("502")),
                ("unit", .number("1")), ("func", .text(function)), ("address", .number(String(address))),
                ("quantity", .number(String(values.count))), ("response_values", .list(values.map { .number(String($0)) })),
            ])
    }

    static func request(_ ts: Double, client: String = "10.0.0.2") -> EventRecord {
        EventRecord(
            log: "modbus",
            fields: [
                ("ts", .number(String(ts))), ("id.orig_h", .text(client)), ("id.resp_h", .text("10.0.0.1")), ("id.resp_p", .number("502")),
                ("func", .text("READ_HOLDING_REGISTERS")), ("pdu_type", .text("REQ")),
            ])
    }

    static func bacnet(_ value: String) -> EventRecord {
        EventRecord(
            log: "bacnet_property",
            fields: [
                ("ts", .number("1")), ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.7")), ("id.resp_p", .number("47808")),
                ("is_orig", .bool(false)), ("source_h", .text("10.0.0.7")), ("pdu_service", .text("read-property-ack")),
                ("object_type", .text("analog-input")), ("instance_number", .number("3")), ("property", .text("present-value")),
                ("value", .text(value)),
            ])
    }

    static func iec104(_ type: String, _ values: [String]) -> EventRecord {
        EventRecord(
            log: "iec104",
            fields: [
                ("ts", .number("1")), ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.8")), ("id.resp_p", .number("2404")),
                ("is_orig", .bool(false)), ("asdu.info_obj_type", .text(type)), ("asdu.common_address", .number("10")),
                ("asdu.info_obj_addrs", .list(values.indices.map { .number(String(4001 + $0)) })),
                ("asdu.values", .list(values.map { .text($0) })),
            ])
    }

    /// Polled every two seconds for ten seconds; registers 40 and 41 read between 10 and 30.
    static let learned: Baseline = {
        var learner = BaselineLearner()
        for i in 0...5 {
            learner.learn(request(Double(i * 2)))
            learner.learn(read(Double(i * 2), at: 40, values: [10 + i * 4, 30 - i]))
        }
        learner.learn(bacnet("20.5"))
        learner.learn(bacnet("21.75"))
        learner.learn(bacnet("active"))
        learner.learn(iec104("M_ME_NC_1", ["1.5", "-2"]))
        learner.learn(iec104("M_IT_NA_1", ["1000"]))
        return learner.finished(from: ["normal"])
    }()

    @Test func learnsRangesAndPeriods() {
        #expect(
            (Self.learned.points ?? []).map { "\($0.server) \($0.point) \($0.rangeText)" } == [
                "10.0.0.1 modbus unit 1 holding_registers 40 10..30", "10.0.0.1 modbus unit 1 holding_registers 41 25..30",
                "10.0.0.7 bacnet analog-input 3 present-value 20.5..21.75", "10.0.0.8 iec104 common 10 ioa 4001 1.5..1.5",
                "10.0.0.8 iec104 common 10 ioa 4002 -2..-2",
            ], "a text value and a counter have no range")
        let pair = Self.learned.pairs.first { $0.server == "10.0.0.1" }
        #expect(pair?.periods == ["modbus": ["READ_HOLDING_REGISTERS": 2]])
    }

    @Test func tooFewRequestsGiveNoPeriod() {
        var learner = BaselineLearner()
        for i in 0..<(PollCount.minimum - 1) { learner.learn(Self.request(Double(i))) }
        #expect(learner.finished(from: []).pairs[0].periods == nil)
    }

    @Test func aValueOutsideItsRangeIsNamedOnce() {
        var checker = BaselineChecker(Self.learned)
        #expect(checker.check(Self.read(20, at: 40, values: [30, 25])).isEmpty)
        let out = checker.check(Self.read(21, at: 40, values: [55, 25]))
        #expect(out.map(\.message) == ["Value 55 of modbus unit 1 holding_registers 40 on 10.0.0.1 outside the learned 10..30"])
        #expect(out.first?.evidence == ["server=10.0.0.1", "point=modbus unit 1 holding_registers 40", "value=55", "learned=10..30"])
        #expect(checker.check(Self.read(22, at: 40, values: [5, 25])).isEmpty, "each point once")
        let extended = checker.withValueExtents(out)
        #expect(extended.first?.evidence.last == "seen=5..55", "the run's lowest and highest value outside the range")
        #expect(checker.check(Self.bacnet("35.25")).map(\.evidence.last) == ["learned=20.5..21.75"])
        #expect(
            checker.check(Self.read(24, client: "10.0.0.66", at: 40, values: [7, 7])).map(\.kind) == [.newAsset, .newPair],
            "a pair never learned is new; its values are not compared")
        #expect(checker.check(Self.read(23, at: 42, values: [999])).isEmpty, "a point never learned has no range")

        var acceptance = BaselineAcceptance(Self.learned)
        acceptance.accept(Self.notice(out[0], log: "modbus_detailed"))
        #expect(acceptance.baseline.points?.first?.rangeText == "10..55", "a live notice names one value")
        acceptance = BaselineAcceptance(Self.learned)
        acceptance.accept(Self.notice(extended[0], log: "modbus_detailed"))
        #expect(acceptance.baseline.points?.first?.rangeText == "5..55")
        var again = BaselineChecker(acceptance.baseline)
        #expect(
            again.check(Self.read(21, at: 40, values: [55, 25])).isEmpty && again.check(Self.read(22, at: 40, values: [5, 25])).isEmpty)
    }

    @Test func aPollAtAnotherPaceIsNamed() {
        var checker = BaselineChecker(Self.learned)
        for i in 0...5 { _ = checker.check(Self.request(100 + Double(i) * 2.5)) }
        #expect(checker.periodChanges().isEmpty, "2.5 s against 2 s is within the tolerance")

        var faster = BaselineChecker(Self.learned)
        for i in 0...20 { _ = faster.check(Self.request(100 + Double(i) * 0.5)) }
        let out = faster.periodChanges()
        #expect(out.map(\.message) == ["modbus READ_HOLDING_REGISTERS on 10.0.0.2 → 10.0.0.1:502 every 0.5 s, learned every 2.0 s"])
        #expect(out.first?.evidence == ["function=READ_HOLDING_REGISTERS", "period=0.5", "learned=2.0", "requests=21"])
        #expect(out.first?.record.text("ts") == "110.000000")
        #expect(faster.periodChanges().isEmpty, "named once")

        var acceptance = BaselineAcceptance(Self.learned)
        acceptance.accept(Self.notice(out[0], log: "modbus"))
        #expect(acceptance.baseline.pairs.first { $0.server == "10.0.0.1" }?.periods == ["modbus": ["READ_HOLDING_REGISTERS": 0.5]])
    }

    /// Counts from several workers add up to the counts of one.
    @Test func pollCountsAddUp() {
        var one = PollCount()
        var (a, b) = (PollCount(), PollCount())
        for i in 0..<10 {
            one.note(Double(i))
            if i % 2 == 0 { a.note(Double(i)) } else { b.note(Double(i)) }
        }
        a.add(b)
        #expect(a == one)
        #expect(one.period == 1)
        #expect(PollCount.changed(2.01, from: 1) && PollCount.changed(0.49, from: 1) && !PollCount.changed(1.9, from: 1))
    }

    /// An older file, without points or periods, reads and compares neither.
    @Test func aBaselineWithoutValues() throws {
        let json =
            #"{"version":1,"learned_from":[],"assets":{},"pairs":[{"client":"10.0.0.2","server":"10.0.0.1","port":502,"protos":[],"services":[],"functions":{}}]}"#
        let old = try JSONDecoder().decode(Baseline.self, from: Data(json.utf8))
        #expect(old.points == nil)
        var checker = BaselineChecker(old)
        #expect(checker.check(Self.read(1, at: 40, values: [65535])).isEmpty)
        for i in 0...9 { _ = checker.check(Self.request(Double(i))) }
        #expect(checker.periodChanges().isEmpty)
    }

    static func notice(_ d: BaselineChecker.Deviation, log: String) -> EventRecord {
        EventRecord(
            log: "notice",
            fields: [
                ("note", .text(d.kind.rawValue)), ("id.orig_h", .text(d.record.text("id.orig_h") ?? "")),
                ("id.resp_h", .text(d.record.text("id.resp_h") ?? "")), ("id.resp_p", .number(d.record.text("id.resp_p") ?? "")),
                ("log", .text(log)), ("evidence", .list(d.evidence.map { .text($0) })),
            ])
    }
}

/// Where DNP3 masters operate and BACnet clients write is learned by block or object type:
/// another point, or a kind of point the pair never wrote, is outside what it writes.
@Suite struct BaselineWriteTests {
    static func operate(_ index: Int, block: String = "Control Relay Output Block", function: String = "OPERATE", request: Bool = true)
        -> EventRecord
    {
        EventRecord(
            log: "dnp3_control",
            fields: [
                ("ts", .number("1")), ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.1")), ("id.resp_p", .number("20000")),
                ("is_orig", .bool(request)), ("block_type", .text(block)), ("function_code", .text(function)),
                ("index_number", .number(String(index))),
            ])
    }

    static func writeProperty(_ type: String, _ instance: Int) -> EventRecord {
        EventRecord(
            log: "bacnet_property",
            fields: [
                ("ts", .number("1")), ("id.orig_h", .text("10.0.0.3")), ("id.resp_h", .text("10.0.0.7")), ("id.resp_p", .number("47808")),
                ("is_orig", .bool(true)), ("pdu_service", .text("write-property")), ("object_type", .text(type)),
                ("instance_number", .number(String(instance))), ("property", .text("present-value")), ("value", .text("50.000000")),
            ])
    }

    static func setAttribute(_ instance: Int, service: String = "Set Attributes Single", direction: String = "request") -> EventRecord {
        EventRecord(
            log: "cip",
            fields: [
                ("ts", .number("1")), ("id.orig_h", .text("10.0.0.4")), ("id.resp_h", .text("10.0.0.8")), ("id.resp_p", .number("44818")),
                ("direction", .text(direction)), ("cip_service", .text(service)), ("class_id", .text("0x04")),
                ("class_name", .text("Assembly")), ("instance_id", .text("0x" + String(instance, radix: 16))),
            ])
    }

    static let learned: Baseline = {
        var learner = BaselineLearner()
        for r in [
            setAttribute(100), setAttribute(101, service: "Set Attribute List"), setAttribute(150, service: "Get Attribute List"),
            setAttribute(151, direction: "response"),
            operate(1, function: "SELECT"), operate(1), operate(3, function: "DIRECT_OPERATE"), operate(9, request: false),
            writeProperty("analog-output", 101), writeProperty("analog-output", 104),
        ] {
            learner.learn(r)
        }
        return learner.finished(from: ["normal"])
    }()

    @Test func learnsWhereEachPairWrites() {
        #expect(
            Self.learned.pairs.map { $0.writes ?? [:] } == [
                ["control_relay_output_block": [1, 3]], ["analog-output/present-value": [101, 104]], ["cip Assembly": [100, 101]],
            ], "a response, or a read, is not a write")
    }

    @Test func aCIPWriteToAnotherInstanceIsNamed() {
        var checker = BaselineChecker(Self.learned)
        #expect(checker.check(Self.setAttribute(100)).isEmpty)
        #expect(checker.check(Self.setAttribute(7, service: "Get Attribute List")).isEmpty, "a read")
        #expect(
            checker.check(Self.setAttribute(0x96)).map(\.message) == [
                "Write to cip Assembly 150 outside the learned 100-101 on 10.0.0.4 → 10.0.0.8:44818"
            ])
    }

    @Test func aWriteElsewhereIsNamed() {
        var checker = BaselineChecker(Self.learned)
        #expect(checker.check(Self.operate(2)).isEmpty)
        #expect(checker.check(Self.operate(7, request: false)).isEmpty, "the outstation's echo")
        #expect(
            checker.check(Self.operate(7)).map(\.message) == [
                "Write to control_relay_output_block 7 outside the learned 1-3 on 10.0.0.2 → 10.0.0.1:20000"
            ])
        let block = checker.check(Self.operate(0, block: "Pattern Control Block"))
        #expect(block.map(\.evidence) == [["pattern_control_block=0", "learned=none"]], "a block never operated")
        #expect(
            checker.check(Self.writeProperty("binary-value", 1)).map(\.message) == [
                "Write to binary-value/present-value 1 outside the learned none on 10.0.0.3 → 10.0.0.7:47808"
            ])
        #expect(checker.check(Self.writeProperty("analog-output", 102)).isEmpty)

        var acceptance = BaselineAcceptance(Self.learned)
        acceptance.accept(BaselineValueTests.notice(block[0], log: "dnp3_control"))
        #expect(acceptance.baseline.pairs[0].writes == ["control_relay_output_block": [1, 3], "pattern_control_block": [0, 0]])
        var again = BaselineChecker(acceptance.baseline)
        #expect(again.check(Self.operate(0, block: "Pattern Control Block")).isEmpty)
    }
}
