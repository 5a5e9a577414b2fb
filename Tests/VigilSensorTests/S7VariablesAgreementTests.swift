import Foundation
import Testing
import VigilCore
import VigilLogs
import VigilProtocols

@testable import VigilSensor

/// s7comm_variables.log against tshark's s7comm dissector on the corpus's S7 captures: every
/// item of every Read Var and Write Var job and of its answer, in order, with its syntax, area,
/// data block, byte and bit address (or timer and counter number), transport size, count, the
/// bytes a write carries, and the answer's return code and bytes read.
@Suite struct S7VariablesAgreementTests {
    static let captures = [
        "icsnpp-s7comm/tests/traces/snap7.pcap", "icsnpp-s7comm/tests/traces/s7ident.pcap",
        "icsnpp-s7comm/tests/traces/s7comm_plus.pcap",
    ]

    /// The items tshark shows in each Read Var and Write Var job and in the CPU's answer to
    /// it, as the log would write them: an answer's items with the addresses of the job it
    /// answers (by PDU reference).
    static func tsharkItems(_ path: String) throws -> [[String: String]] {
        let data = try Corpus.tshark([
            "-n", "-r", path, "-Y",
            "(s7comm.header.rosctr == 1 || s7comm.header.rosctr == 3) && (s7comm.param.func == 0x04 || s7comm.param.func == 0x05)",
            "-T", "json", "--no-duplicate-keys", "-J", "s7comm",
        ])
        let frames = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        // One element, or a list of them (tshark's JSON for repeated subtrees).
        func list(_ value: Any?) -> [[String: Any]] {
            if let one = value as? [String: Any] { return [one] }
            return value as? [[String: Any]] ?? []
        }
        func number(_ value: Any?) -> UInt32? {
            (value as? String).flatMap { UInt32($0.replacingOccurrences(of: "0x", with: ""), radix: $0.hasPrefix("0x") ? 16 : 10) }
        }
        var out: [[String: String]] = []
        var jobs: [String: [[String: String]]] = [:]
        for frame in frames {
            let s7 = ((frame["_source"] as? [String: Any])?["layers"] as? [String: Any])?["s7comm"] as? [String: Any] ?? [:]
            let header = s7["s7comm.header"] as? [String: Any] ?? [:]
            let reference = header["s7comm.header.pduref"] as? String ?? ""
            let parameters = s7["s7comm.param"] as? [String: Any] ?? [:]
            let isWrite = parameters["s7comm.param.func"] as? String == "0x05"
            let data = list((s7["s7comm.data"] as? [String: Any])?["s7comm.data.item"])
            if header["s7comm.header.rosctr"] as? String == "3" {
                // An answer: each data item's return code, and the bytes a read returned.
                let job = jobs.removeValue(forKey: reference) ?? []
                for (i, item) in data.enumerated() {
                    var row =
                        i < job.count ? job[i] : ["function_name": isWrite ? "Write Variable" : "Read Variable", "item": String(i + 1)]
                    row["data"] = nil
                    row["return_code"] = number(item["s7comm.data.returncode"]).map { S7Names.itemReturnCode(UInt8($0)) }
                    if !isWrite { row["data"] = (item["s7comm.resp.data"] as? String)?.replacingOccurrences(of: ":", with: "") }
                    out.append(row)
                }
                continue
            }
            var rows: [[String: String]] = []
            for (i, item) in list(parameters["s7comm.param.item"]).enumerated() {
                var row = ["function_name": isWrite ? "Write Variable" : "Read Variable", "item": String(i + 1)]
                row["syntax_id"] = number(item["s7comm.param.item.syntaxid"]).map { S7Names.syntaxID(UInt8($0)) }
                if let area = number(item["s7comm.param.item.area"]) {
                    row["area"] = S7Names.area(UInt8(area))
                    if area == 0x84 || area == 0x85 { row["db_number"] = number(item["s7comm.param.item.db"]).map(String.init) }
                }
                let address = item["s7comm.param.item.address_tree"] as? [String: Any] ?? [:]
                row["address"] = (address["s7comm.param.item.address.byte"] ?? address["s7comm.param.item.address.number"]) as? String
                row["bit"] = address["s7comm.param.item.address.bit"] as? String
                row["transport_size"] = number(item["s7comm.param.item.transp_size"]).map { S7Names.transportSize(UInt8($0)) }
                row["count"] = number(item["s7comm.param.item.length"]).map(String.init)
                if isWrite, i < data.count {
                    row["data"] = (data[i]["s7comm.resp.data"] as? String)?.replacingOccurrences(of: ":", with: "")
                }
                rows.append(row)
            }
            jobs[reference] = rows
            out += rows
        }
        return out
    }

    @Test(arguments: captures)
    func itemsAgreeWithTshark(capture: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let path = Corpus.root.appendingPathComponent(capture).path
        let theirs = try Self.tsharkItems(path)
        let (sink, _) = TsharkAgreementTests.analyze(path)
        let ours = sink.rows("s7comm_variables")
        #expect(ours.count == theirs.count && !ours.isEmpty, "\(ours.count) rows, tshark \(theirs.count) items")
        let fields = [
            "function_name", "item", "syntax_id", "area", "db_number", "address", "bit", "transport_size", "count", "return_code", "data",
        ]
        for (n, (row, expected)) in zip(ours, theirs).enumerated() {
            for field in fields {
                #expect(EventSubscriberTests.text(row, field) == expected[field] ?? "-", "\(capture) item \(n + 1): \(field)")
            }
        }
        // Every job was answered, and its answer named; s7ident.pcap only reads, the others
        // write too.
        #expect(ours.filter { EventSubscriberTests.text($0, "return_code") != "-" }.count * 2 == ours.count)
        if !capture.hasSuffix("s7ident.pcap") {
            #expect(
                ours.contains {
                    EventSubscriberTests.text($0, "function_name") == "Write Variable" && EventSubscriberTests.text($0, "data") != "-"
                })
        }
    }
}
