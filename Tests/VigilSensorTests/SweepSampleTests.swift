import Foundation
import Testing
import VigilDetect

/// The sweep sample (scripts/make-sweep-sample.sh): nmap's SYN scan of a plant's two /24s for
/// Modbus and S7, checked against the bundled sample's baseline. The intruder's first pairs
/// are named one by one; every other address and port it reached is counted into one
/// `Baseline::Sweep`, and what is named and counted adds up to what tshark sees nmap probe.
@Suite struct SweepSampleTests {
    static let capture = Corpus.packageRoot.appendingPathComponent("samples/ot-sweep.pcap").path
    static let intruder = "10.81.0.66"

    /// The baseline's notices of a run, as JSON objects.
    static func differences(_ folder: String) throws -> [[String: Any]] {
        try ScanSampleTests.rows(folder, "notice").filter { $0["rule_id"] as? String == "baseline" }
    }

    /// Without a baseline, the rules see the probes: conn.log rows to OT ports that carried no
    /// message complete the port sweep correlation, from the intruder, once; the probe rule
    /// alone raises nothing (it alerts only through the correlation).
    @Test func theProbesCompleteThePortSweepCorrelation() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let out = CommandLineTests.scratch("sweep-rules")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try CommandLineTests.run(["analyze", Self.capture, "--out", out])
        #expect(run.stdout.contains("Alerts: 1 notice(s)"), "\(run.stdout)")
        let notices = try ScanSampleTests.rows(out, "notice")
        #expect(notices.count == 1)
        #expect(notices.first?["msg"] as? String == "OT service port sweep")
        #expect(notices.first?["note"] as? String == NoticeLog.correlationNote)
        #expect(notices.first?["src"] as? String == Self.intruder)
        // Every connection of the sweep is a probe: refused (S7's port) or SYN, SYN-ACK, reset.
        let probes = try ScanSampleTests.rows(out, "conn").filter { $0["id.orig_h"] as? String == Self.intruder }
        #expect(probes.count == 1024)
        #expect(Set(probes.map { "\($0["conn_state"] ?? "") \($0["history"] ?? "")" }) == ["REJ Sr", "RSTO ShR"])
    }

    @Test func aSweepIsOneNoticeCountingWhatTsharkSees() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let normal = CommandLineTests.scratch("sweep-normal")
        defer { try? FileManager.default.removeItem(atPath: normal) }
        #expect(try CommandLineTests.run(["analyze", "-q", CommandLineTests.sample, "--out", normal]).status == 0)
        let baseline = normal + "/baseline.json"
        #expect(try CommandLineTests.run(["baseline", "learn", normal, "--out", baseline]).status == 0)

        // What nmap probed, as tshark reads it: each address and port it sent a SYN to.
        let probes = String(
            decoding: try Corpus.tshark([
                "-r", Self.capture, "-Y", "ip.src == \(Self.intruder) && tcp.flags.syn == 1 && tcp.flags.ack == 0", "-T", "fields",
                "-e", "ip.dst", "-e", "tcp.dstport",
            ]), as: UTF8.self
        ).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let pairs = Set(probes.map { $0.joined(separator: ":") })
        let addresses = Set(probes.map { $0[0] })
        #expect(pairs.count == 1024 && addresses.count == 512, "nmap probed 512 addresses on 2 ports")

        var byWorkers: [[String]] = []
        for workers in [1, 2] {
            let out = CommandLineTests.scratch("sweep-w\(workers)")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let run = try CommandLineTests.run(["analyze", Self.capture, "--out", out, "--workers", "\(workers)", "--baseline", baseline])
            #expect(run.status == 0)
            #expect(run.stdout.contains("Baseline: 34 difference(s)\n  \(Self.intruder) reached 1008 more peer(s)"), "\(run.stdout)")
            let notices = try Self.differences(out)
            #expect(notices.allSatisfy { $0["src"] as? String == Self.intruder }, "every difference is the intruder's")
            let named = notices.filter { $0["note"] as? String == "Baseline::New_Pair" }
            let namedServers = Set(named.compactMap { $0["dst"] as? String })
            #expect(named.count == BaselineChecker.pairsNamedPerClient)
            let devices = notices.filter { $0["note"] as? String == "Baseline::New_Asset" }
            #expect(devices.count == 1 + namedServers.count, "the intruder and the servers of its named pairs")
            let sweeps = notices.filter { $0["note"] as? String == "Baseline::Sweep" }
            #expect(sweeps.count == 1)
            let sweep = try #require(sweeps.first)
            #expect(sweep["n"] as? Int == pairs.count - named.count, "named and counted pairs are every pair nmap probed")
            let evidence = sweep["evidence"] as? [String] ?? []
            #expect(evidence.contains("devices=\(addresses.count - namedServers.count)"))
            #expect(evidence.contains("ports=102,502"))
            #expect(notices.count == named.count + devices.count + 1, "nothing else")
            if workers == 1 {
                // Over the written logs, `vigil baseline check` names and counts the same.
                let checked = try CommandLineTests.run(["baseline", "check", out, "--baseline", baseline, "--out", out + "/check"])
                #expect(checked.stdout.contains("1 Baseline::Sweep"), "\(checked.stdout)")
                let again = try Self.differences(out + "/check").filter { $0["note"] as? String == "Baseline::Sweep" }
                #expect(again.map { $0["n"] as? Int } == [sweep["n"] as? Int])
            }
            byWorkers.append(notices.map { "\($0["note"] ?? "") \($0["msg"] ?? "") \($0["n"] ?? "")" })
        }
        #expect(byWorkers[0] == byWorkers[1], "one worker and two name and count the same")
    }
}
