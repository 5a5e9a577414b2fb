import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// modbus_detailed.log on every Modbus capture of the corpus: the registers and coils it says
/// were read and written agree with tshark's dissection of the same packets, and its link ids
/// join the rows of one exchange across ICSNPP's logs.
@Suite struct ModbusDetailedAgreementTests {
    static func text(_ r: LogRecord, _ field: String) -> String { r.value(field).map { ZeekTSVEncoder.field($0) } ?? "-" }
    static func counts(_ r: LogRecord, _ field: String) -> [UInt64] {
        if case .counts(let v)? = r.value(field) { return v }
        return []
    }

    static let functionCodes: [String: Int] = [
        "READ_COILS": 1, "READ_DISCRETE_INPUTS": 2, "READ_HOLDING_REGISTERS": 3, "READ_INPUT_REGISTERS": 4,
        "WRITE_SINGLE_REGISTER": 6, "WRITE_MULTIPLE_REGISTERS": 16,
    ]

    /// "function address value" for every register or coil a matched read answered and every
    /// register a request wrote (FC 6 and 16): the address counted from the request's first.
    static func ours(_ rows: [LogRecord]) -> [String] {
        var out: [String] = []
        for r in rows {
            guard let fc = functionCodes[text(r, "func")], let first = UInt64(text(r, "address")) else { continue }
            // A read's values come with its answer; a write's are in the request, answered or not.
            let answered = text(r, "matched") == "T" && text(r, "exception_code") == "-"
            if fc <= 4 && !answered { continue }
            let values = fc <= 4 ? counts(r, "response_values") : counts(r, "request_values")
            out += values.enumerated().map { "\(fc) \(first + UInt64($0.offset)) \($0.element)" }
        }
        return out.sorted()
    }

    /// The same from tshark: a read's answer names each register or coil (regnum16/bitnum,
    /// counted from the request's reference number); an FC 16 request names the registers it
    /// writes; an FC 6 request carries its one value as data.
    static func theirs(_ path: String) throws -> [String] {
        let out = try Corpus.tshark([
            "-n", "-r", path, "-Y", "modbus", "-T", "fields", "-e", "modbus.func_code", "-e", "modbus.request_frame", "-e",
            "modbus.regnum16", "-e", "modbus.regval_uint16", "-e", "modbus.bitnum", "-e", "modbus.bitval", "-e",
            "modbus.reference_num", "-e", "modbus.data", "-E", "occurrence=a", "-E", "aggregator=,",
        ])
        var values: [String] = []
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.split(separator: ",").map(String.init) }
            // A segment can carry several PDUs: tshark then lists each field's values in order.
            guard c.count == 8, let fc = c[0].first.flatMap({ Int($0) }), Set(c[0]).count == 1 else {
                if !line.isEmpty { values.append("unread tshark line: \(line)") }
                continue
            }
            let answered = !c[1].isEmpty
            func pairs(_ numbers: [String], _ vals: [String]) -> [String] { zip(numbers, vals).map { "\(fc) \($0) \($1)" } }
            switch fc {
            case 1,
                2 where answered:
                values += pairs(c[4], c[5])
            case 3,
                4 where answered:
                values += pairs(c[2], c[3])
            case 16 where !answered: values += pairs(c[2], c[3])
            case 6 where !answered:
                values += zip(c[6], c[7]).map { "6 \($0) \(UInt16($1, radix: 16).map(String.init) ?? $1)" }
            default: break
            }
        }
        return values.sorted()
    }

    @Test func valuesReadAndWrittenAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        let captures = try Corpus.manifest().filter { $0.protocols.contains("modbus") }
        try #require(captures.count >= 5, "the corpus's Modbus captures are missing")
        var total = 0
        for capture in captures {
            let rows = Corpus.analyze(capture.file).0.rows("modbus_detailed")
            let ours = Self.ours(rows)
            let theirs = try Self.theirs(Corpus.root.appendingPathComponent(capture.file).path)
            total += ours.count
            let agree = ours == theirs
            #expect(
                agree,
                "\(capture.file): \(ours.count) values, tshark \(theirs.count); first differences: \(Array(Set(ours).symmetricDifference(theirs).sorted().prefix(4)))"
            )
            print("  modbus_detailed \(capture.file): \(rows.count) rows, \(ours.count) register and coil values (tshark \(theirs.count))")
        }
        #expect(total > 1_000)
    }

    @Test func linkIdsJoinTheRowsOfOneExchange() throws {
        try #require(Corpus.available)
        var linked = 0
        for capture in try Corpus.manifest().filter({ $0.protocols.contains("modbus") }) {
            let sink = Corpus.analyze(capture.file).0
            // Each link id names one detailed row; every other log's row with it is of the same
            // connection and transaction.
            var detailed: [String: LogRecord] = [:]
            for r in sink.rows("modbus_detailed") where Self.text(r, "modbus_detailed_link_id") != "-" {
                let link = Self.text(r, "modbus_detailed_link_id")
                #expect(detailed.updateValue(r, forKey: link) == nil, "\(capture.file): link \(link) on two detailed rows")
            }
            for log in ["modbus_mask_write_register", "modbus_read_write_multiple_registers", "modbus_read_device_identification"] {
                for r in sink.rows(log) {
                    let link = Self.text(r, "modbus_detailed_link_id")
                    let row = try #require(detailed[link], "\(capture.file) \(log): link \(link) has no detailed row")
                    #expect(Self.text(row, "uid") == Self.text(r, "uid") && Self.text(row, "tid") == Self.text(r, "tid"))
                    linked += 1
                }
            }
        }
        #expect(linked >= 11)  // modbus_example.pcap alone: 4 + 4 + 3 rows (ICSNPP's baselines)
    }
}
