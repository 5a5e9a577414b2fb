import Foundation
import Testing
import VigilCore
import VigilLogs
import VigilProtocols

@testable import VigilSensor

/// s7comm_variables.log against tshark's s7comm dissector on the corpus's S7 captures: every
/// item of every Read Var and Write Var job, in order, with its syntax, area, data block,
/// byte and bit address (or timer and counter number), transport size, count and the bytes a
/// write carries.
@Suite struct S7VariablesAgreementTests {
    static let captures = [
        "icsnpp-s7comm/tests/traces/snap7.pcap", "icsnpp-s7comm/tests/traces/s7ident.pcap",
        "icsnpp-s7comm/tests/traces/s7comm_plus.pcap",
    ]

    /// The items tshark shows in each Read Var and Write Var job, as the log would write them.
    static func tsharkItems(_ path: String) throws -> [[String: String]] {
        let data = try Corpus.tshark([
            "-n", "-r", path, "-Y", "s7comm.header.rosctr == 1 && (s7comm.param.func == 0x04 || s7comm.param.func == 0x05)", "-T",
            "json", "--no-duplicate-keys", "-J", "s7comm",
        ])
        let frames = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        // One element, or a list of them (tshark's JSON for repeated subtrees).
        func list(_ value: Any?) -> [[String: Any]] {
            if let one = value as? [String: Any] { return [one] }
            return value as? [[String: Any]] ?? []
        }
        var out: [[String: String]] = []
        for frame in frames {
            let s7 = ((frame["_source"] as? [String: Any])?["layers"] as? [String: Any])?["s7comm"] as? [String: Any] ?? [:]
            let parameters = s7["s7comm.param"] as? [String: Any] ?? [:]
            let isWrite = parameters["s7comm.param.func"] as? String == "0x05"
            let items = list(parameters["s7comm.param.item"])
            let data = list((s7["s7comm.data"] as? [String: Any])?["s7comm.data.item"])
            for (i, item) in items.enumerated() {
                func number(_ key: String) -> UInt32? {
                    (item[key] as? String).flatMap {
                        UInt32($0.replacingOccurrences(of: "0x", with: ""), radix: $0.hasPrefix("0x") ? 16 : 10)
                    }
                }
                var row = ["function_name": isWrite ? "Write Variable" : "Read Variable", "item": String(i + 1)]
                row["syntax_id"] = number("s7comm.param.item.syntaxid").map { S7Names.syntaxID(UInt8($0)) }
                if let area = number("s7comm.param.item.area") {
                    row["area"] = S7Names.area(UInt8(area))
                    if area == 0x84 || area == 0x85 { row["db_number"] = number("s7comm.param.item.db").map(String.init) }
                }
                let address = item["s7comm.param.item.address_tree"] as? [String: Any] ?? [:]
                row["address"] = (address["s7comm.param.item.address.byte"] ?? address["s7comm.param.item.address.number"]) as? String
                row["bit"] = address["s7comm.param.item.address.bit"] as? String
                row["transport_size"] = number("s7comm.param.item.transp_size").map { S7Names.transportSize(UInt8($0)) }
                row["count"] = number("s7comm.param.item.length").map(String.init)
                if isWrite, i < data.count {
                    row["data"] = (data[i]["s7comm.resp.data"] as? String)?.replacingOccurrences(of: ":", with: "")
                }
                out.append(row)
            }
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
        let fields = ["function_name", "item", "syntax_id", "area", "db_number", "address", "bit", "transport_size", "count", "data"]
        for (n, (row, expected)) in zip(ours, theirs).enumerated() {
            for field in fields {
                #expect(EventSubscriberTests.text(row, field) == expected[field] ?? "-", "\(capture) item \(n + 1): \(field)")
            }
        }
        // s7ident.pcap only reads; the others write too, with the bytes written.
        if !capture.hasSuffix("s7ident.pcap") {
            #expect(
                ours.contains {
                    EventSubscriberTests.text($0, "function_name") == "Write Variable" && EventSubscriberTests.text($0, "data") != "-"
                })
        }
    }
}
