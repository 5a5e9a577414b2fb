import Foundation
import Testing
import VigilHubWire
import VigilShipper

@testable import VigilHub

/// Zeek TSV logs shipped as the JSON rows Zeek's JSON writer would have written: checked on
/// Vigil's own runs (the same capture written as TSV and as JSON must give the same rows) and
/// on a log Zeek itself wrote (a btest baseline of the corpus).
extension HubProcessTests {
    @Suite struct TSVShippingTests {
        typealias CLI = HubCrashTests

        /// Every row of every log of `folder`, as the reader sends it, parsed back, by log.
        static func rows(_ folder: String) throws -> [String: [String]] {
            var ledger = ShipLedger()
            var rows: [String: [String]] = [:]
            let skipped = try LogFolderReader(directory: URL(fileURLWithPath: folder)).read(ledger: &ledger) { batch, _ in
                for record in batch where record.log != "asset" {
                    let object = try JSONSerialization.jsonObject(with: Data(record.row.utf8))
                    let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    rows[record.log, default: []].append(String(decoding: canonical, as: UTF8.self))
                }
            }
            #expect(skipped.isEmpty, "\(folder): \(skipped)")
            return rows.mapValues { $0.sorted() }
        }

        @Test func tsvLogsShipAsTheSameRowsAsJSONLogs() throws {
            try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tsv-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let samples = try FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("samples").path)
                .filter { $0.hasSuffix(".pcap") }.sorted()
            #expect(samples.count >= 9)
            var compared = 0
            for sample in samples {
                let path = CLI.root.appendingPathComponent("samples/\(sample)").path
                let json = "\(scratch)/\(sample)-json"
                let tsv = "\(scratch)/\(sample)-tsv"
                #expect(try CLI.run(["analyze", "-q", path, "--out", json]).status == 0)
                #expect(try CLI.run(["analyze", "-q", path, "--out", tsv, "--format", "tsv"]).status == 0)
                let fromJSON = try Self.rows(json)
                let fromTSV = try Self.rows(tsv)
                #expect(fromTSV.keys.sorted() == fromJSON.keys.sorted(), "\(sample)")
                for (log, rows) in fromJSON {
                    #expect(fromTSV[log] == rows, "\(sample) \(log).log")
                    compared += rows.count
                }
            }
            #expect(compared > 500)
        }

        @Test func aLogZeekWroteShipsTyped() throws {
            let baseline = CLI.root.appendingPathComponent("../shared/corpus/zeek/testing/btest/Baseline/scripts.base.protocols.dns.sshfp")
            var ledger = ShipLedger()
            var records: [ShippedRecord] = []
            _ = try LogFolderReader(directory: baseline).read(ledger: &ledger) { batch, _ in records += batch }
            var rows: [[String: Any]] = []
            for record in records where record.log == "dns" {
                rows.append(try JSONSerialization.jsonObject(with: Data(record.row.utf8)) as? [String: Any] ?? [:])
            }
            #expect(rows.count == 2)
            let first = try #require(rows.first)
            #expect(first["id.orig_p"] as? Int == 54109 && first["trans_id"] as? Int == 40916)
            #expect(first["AA"] as? Bool == true && first["TC"] as? Bool == false)
            #expect(first["rtt"] as? Double == 0.0002)
            #expect((first["answers"] as? [String])?.count == 9 && (first["TTLs"] as? [Double])?.count == 9)
            // btest masks times as XXXXXXXXXX.XXXXXX, which is no number: kept as text.
            #expect(first["ts"] as? String == "XXXXXXXXXX.XXXXXX")
            let second = rows[1]
            #expect(second["rtt"] == nil && second["answers"] == nil, "unset fields are left out")
            #expect(second["rcode_name"] as? String == "NXDOMAIN")
        }
    }
}
